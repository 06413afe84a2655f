import base64

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..core.labels import STEP_RESULT_VI
from ..core.localtime import to_local
from ..core.vntext import format_vn_date

# Printed forms are the official Vietnamese forms: their wording is fixed, not translated.
COUNTER = "Bộ phận tiếp nhận và trả kết quả"


def _lines(text):
    """The items of a list typed one per line, without their bullets."""
    return [line.strip("-• ").strip() for line in (text or "").splitlines() if line.strip()]


class Q1DossierFormValues(models.AbstractModel):
    """The texts of a dossier's printed forms that need computing, shared by the ``report.q1_dossier.*`` models
    (one per form) and the applicant's e-mails, so that a form and its e-mail always say the same."""

    _name = "q1.dossier.form.values"
    _description = "Printed Form Values"

    # ------------------------------------------------------------------ when a form means something

    # The printed forms of a dossier, each with its report action: a form prints only when the dossier's record says
    # what it states (``_can_print``), the one rule the dossier's print buttons (``q1.dossier.printable_forms``)
    # and the report models (``_report_values``) both follow.
    FORMS = {
        "receipt": "q1_dossier.action_report_q1_receipt",
        "completion_request": "q1_dossier.action_report_q1_completion_request",
        "refusal": "q1_dossier.action_report_q1_refusal",
        "supplement_request": "q1_dossier.action_report_q1_supplement_request",
        "apology": "q1_dossier.action_report_q1_apology",
        "stop_notice": "q1_dossier.action_report_q1_stop_notice",
        "control_slip": "q1_dossier.action_report_q1_control_slip",
    }

    @api.model
    def _can_print(self, form, dossier):
        """Whether form ``form`` (a key of ``FORMS``) of ``dossier`` means something: the receipt once received; the
        counter's completion request (Mẫu 02) once the counter asked for items; the refusal (Mẫu 03) of a refused
        dossier with its reason; the supplement request in appraisal once one was made with its items; the apology
        once an extension is requested or approved with its reason; the stop notice of a stopped dossier with its
        reason; the control slip once a step was opened."""
        dossier.ensure_one()

        def text(value):
            return bool((value or "").strip())

        if form == "receipt":
            return bool(dossier.code and dossier.received_at)
        if form == "completion_request":
            return bool(dossier.counter_outcome_at) and text(dossier.missing_items)
        if form == "refusal":
            reason = dossier.closing_reason if dossier.received_at else dossier.counter_reason
            return dossier.state == "refused" and text(reason)
        if form == "supplement_request":
            return any(p.kind == "supplement" and text(p.missing_items) for p in dossier.pause_ids)
        if form == "apology":
            return dossier.extension_state in ("requested", "approved") and text(dossier.extension_reason)
        if form == "stop_notice":
            return dossier.state == "stopped" and text(dossier.closing_reason)
        if form == "control_slip":
            return bool(dossier.step_ids)
        return False

    @api.model
    def _check_printable(self, form, docs):
        """Refuse to print form ``form`` for any of ``docs`` for which it means nothing (``_can_print``)."""
        messages = {
            "receipt": self.env._("Dossier %s has no receipt: it has not been received."),
            "completion_request": self.env._(
                "Dossier %s has no completion request: the counter has not asked for missing items."
            ),
            "refusal": self.env._("Dossier %s has no refusal slip: it is not refused with a written reason."),
            "supplement_request": self.env._(
                "Dossier %s has no supplement request: no supplement with its items was asked for."
            ),
            "apology": self.env._("Dossier %s has no apology letter: no extension was requested with a reason."),
            "stop_notice": self.env._("Dossier %s has no stop notice: it is not stopped with a written reason."),
            "control_slip": self.env._("Dossier %s has no control slip: no step of its process has started."),
        }
        for dossier in docs:
            if not self._can_print(form, dossier):
                raise UserError(messages[form] % dossier.display_name)

    @api.model
    def _report_values(self, docids, values_of, form=None):
        """What a ``report.q1_dossier.*`` model gives its template: the dossiers and, keyed by dossier id, the texts
        ``values_of(self, dossier)`` computes for its form; refused for a dossier the form ``form`` means nothing
        for (``_check_printable``)."""
        docs = self.env["q1.dossier"].browse(docids)
        if form:
            self._check_printable(form, docs)
        return {
            "doc_ids": docids,
            "doc_model": "q1.dossier",
            "docs": docs,
            "values": {doc.id: values_of(self, doc) for doc in docs},
        }

    @api.model
    def _datetime_text(self, utc_value):
        local = to_local(utc_value)
        return f"{local.hour:02d} giờ {local.minute:02d} phút, {format_vn_date(local.date())}"

    @api.model
    def _issue_date(self, dossier, utc_value):
        day = to_local(utc_value or fields.Datetime.now()).date()
        return format_vn_date(day, place=dossier.sudo().company_id.q1_place_name or None)

    @api.model
    def _return_place(self, dossier):
        company = dossier.company_id
        address = ", ".join(part for part in (company.street, company.street2, company.city) if part)
        return f"{company.name}, {address}" if address else company.name

    @api.model
    def _qr_code_data_uri(self, dossier):
        """QR code with the dossier code and the lookup address, embedded so that PDF rendering needs no URL fetch."""
        dossier.ensure_one()
        value = f"{dossier.code}\n{dossier.lookup_url()}"
        png = self.env["ir.actions.report"].barcode("QR", value, width=160, height=160)
        return "data:image/png;base64," + base64.b64encode(png).decode()

    @api.model
    def _receipt(self, dossier):
        """Texts of the receipt (Mẫu 01)."""
        dossier.ensure_one()
        if dossier.same_day:
            legal_time = "trong ngày làm việc"
        else:
            unit = "ngày làm việc" if dossier.time_unit == "day" else "giờ làm việc"
            legal_time = f"{dossier.time_limit:02d} {unit}"
        return {
            "issue_date": self._issue_date(dossier, dossier.received_at),
            "legal_time": legal_time,
            "received": self._datetime_text(dossier.received_at),
            "appointment": self._datetime_text(dossier.appointment_at),
            "fee": f"{dossier.fee_amount:,}".replace(",", ".") + " đồng" if dossier.fee_amount else "Không thu",
            "return_place": self._return_place(dossier),
        }

    @api.model
    def _counter_slip(self, dossier):
        """Texts of the completion request (Mẫu 02) and refusal (Mẫu 03) slips issued at the counter."""
        dossier.ensure_one()
        return {
            "issue_date": self._issue_date(dossier, dossier.counter_outcome_at),
            "missing_items": _lines(dossier.missing_items),
        }

    @api.model
    def _lifecycle(self, dossier):
        """Texts of the forms and e-mails after reception: supplement request (Mẫu 02 during appraisal),
        apology and new appointment, stop notice, refusal after appraisal, control slip."""
        dossier.ensure_one()

        def short(utc_value):
            return to_local(utc_value).strftime("%H:%M %d/%m/%Y") if utc_value else ""

        def day_text(value):
            return format_vn_date(value) if value else ""

        supplements = dossier.pause_ids.filtered(lambda p: p.kind == "supplement")
        pause = supplements.filtered(lambda p: not p.resumed_at)[:1] or supplements[-1:]
        refused_after_reception = dossier.state == "refused" and bool(dossier.received_at)
        new_date = dossier.extension_date or dossier.promised_date
        return {
            "today": self._issue_date(dossier, fields.Datetime.now()),
            "received": self._datetime_text(dossier.received_at) if dossier.received_at else "",
            "received_day": day_text(dossier.received_date),
            "received_short": short(dossier.received_at),
            "appointment": self._datetime_text(dossier.appointment_at) if dossier.appointment_at else "",
            "appointment_short": short(dossier.appointment_at),
            "original_date": day_text(dossier.original_due_date),
            "original_short": dossier.original_due_date.strftime("%d/%m/%Y") if dossier.original_due_date else "",
            "new_date": day_text(new_date),
            "new_short": new_date.strftime("%d/%m/%Y") if new_date else "",
            "supplement_issue_date": self._issue_date(dossier, pause.paused_at) if pause else "",
            "supplement_reason": pause.reason or "",
            "supplement_items": _lines(pause.missing_items),
            "supplement_officer": pause.requested_by_id.name or "",
            "finished": self._datetime_text(dossier.finished_at) if dossier.finished_at else "",
            "finished_issue_date": self._issue_date(dossier, dossier.finished_at),
            "refused_after_reception": refused_after_reception,
            "refusal_reason": dossier.closing_reason if refused_after_reception else dossier.counter_reason,
            "refusal_issue_date": self._issue_date(
                dossier, dossier.finished_at if refused_after_reception else dossier.counter_outcome_at
            ),
            "refusal_officer": (dossier.user_id if refused_after_reception else dossier.counter_officer_id).name or "",
        }

    @api.model
    def _control_slip_rows(self, dossier):
        """Rows of the control slip (Mẫu 06): one per hand-over, the last back to the counter once the result
        is ready. The result column is the receiver's verdict on the step the giver has just finished."""
        dossier.ensure_one()

        def who(user, department):
            if user and department:
                return f"{user.name} ({department.name})"
            return user.name if user else (department.name if department else "")

        def moment(utc_value):
            return to_local(utc_value).strftime("%H giờ %M phút, ngày %d/%m/%Y") if utc_value else ""

        rows, previous = [], None
        for step in dossier.step_ids.sorted(lambda s: (s.sequence, s.id)):
            giver_unit = previous.department_id if previous else False
            rows.append(
                {
                    "step": step.name,
                    "giver": who(step.handed_by_id, giver_unit)
                    if previous
                    else f"{COUNTER} - {who(step.handed_by_id, False)}",
                    "receiver": who(step.user_id, step.department_id),
                    "handed_at": moment(step.handed_at),
                    "taken_at": moment(step.taken_at),
                    "result": STEP_RESULT_VI.get(previous.result, "") if previous else "",
                    "note": (previous.note or "") if previous else "",
                }
            )
            previous = step
        if previous and previous.finished_at and dossier.state in ("done", "returned"):
            rows.append(
                {
                    "step": "Trả kết quả",
                    "giver": who(previous.user_id, previous.department_id),
                    "receiver": f"{COUNTER} - {dossier.received_by_id.name or ''}".rstrip(" -"),
                    "handed_at": moment(previous.finished_at),
                    "taken_at": moment(previous.finished_at),
                    "result": STEP_RESULT_VI.get(previous.result, ""),
                    "note": previous.note or "",
                }
            )
        return rows

import base64
import random
import re
from datetime import datetime, time, timedelta

import pytz

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..core.codes import dossier_code
from ..core.deadline import due_date, due_datetime_for_hours
from ..core.identity import normalize_phone, validate_citizen_id, validate_tax_code
from ..core.synthetic import SyntheticApplicants
from ..core.vntext import amount_in_words, format_vn_date
from .q1_procedure import CHANNELS

# Vietnam has a single time zone; the core computes in naive local time (DESIGN.md §3).
LOCAL_TZ = pytz.timezone("Asia/Ho_Chi_Minh")
OPEN_STATES = ("received", "processing", "supplement", "payment")


def to_local(utc_naive):
    return pytz.utc.localize(utc_naive).astimezone(LOCAL_TZ).replace(tzinfo=None)


def to_utc(local_naive):
    return LOCAL_TZ.localize(local_naive).astimezone(pytz.utc).replace(tzinfo=None)


class Q1Dossier(models.Model):
    _name = "q1.dossier"
    _description = "Administrative Dossier"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "received_at desc, id desc"
    _rec_names_search = ["code", "applicant_name", "applicant_id_number"]
    _check_company_auto = True

    code = fields.Char(string="Dossier Code", readonly=True, copy=False, index=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", string="Receiving Unit", required=True, index=True, default=lambda self: self.env.company)
    procedure_id = fields.Many2one(
        "q1.procedure", string="Procedure", required=True, index=True, tracking=True, ondelete="restrict")
    field_id = fields.Many2one(related="procedure_id.field_id", store=True, string="Field of Law")
    deciding_company_id = fields.Many2one(
        "res.company", string="Deciding Unit", compute="_compute_deciding_company_id", store=True, readonly=False,
        index=True, help="Unit competent to decide; a ward may receive dossiers another unit decides.")
    channel = fields.Selection(CHANNELS, required=True, default="direct", tracking=True)
    stage_id = fields.Many2one(
        "q1.dossier.stage", string="Stage", index=True, tracking=True, copy=False, ondelete="restrict",
        default=lambda self: self.env["q1.dossier.stage"]._for_status("draft"),
        group_expand="_read_group_stage_ids")
    state = fields.Selection(related="stage_id.status", store=True, string="Status")
    user_id = fields.Many2one("res.users", string="Holder", tracking=True, default=lambda self: self.env.user)
    color = fields.Integer()

    applicant_type = fields.Selection(
        [("person", "Individual"), ("organisation", "Organisation")], required=True, default="person")
    applicant_name = fields.Char(string="Applicant", required=True, tracking=True)
    applicant_id_number = fields.Char(
        string="Identity Number", tracking=True,
        help="Personal identification number (12 digits) for an individual, tax code for an organisation.")
    applicant_birth_date = fields.Date(string="Date of Birth")
    applicant_sex = fields.Selection([("male", "Male"), ("female", "Female")], string="Sex")
    applicant_phone = fields.Char(string="Phone")
    applicant_email = fields.Char(string="Email")
    applicant_address = fields.Char(string="Address")

    document_ids = fields.One2many(
        "q1.dossier.document", "dossier_id", string="Documents",
        compute="_compute_document_ids", store=True, readonly=False)
    attachment_ids = fields.Many2many("ir.attachment", string="Scanned Documents")

    received_at = fields.Datetime(string="Received At", readonly=True, copy=False, tracking=True)
    received_date = fields.Date(readonly=True, copy=False, index=True, help="Local date of reception.")
    received_by_id = fields.Many2one("res.users", string="Received By", readonly=True, copy=False)
    time_limit = fields.Integer(string="Legal Time Limit", readonly=True, copy=False)
    time_unit = fields.Selection(
        [("day", "Working days"), ("hour", "Working hours")], readonly=True, copy=False)
    same_day = fields.Boolean(string="Same-Day Result", readonly=True, copy=False)
    due_date = fields.Date(string="Legal Due Date", readonly=True, copy=False, index=True, tracking=True)
    appointment_at = fields.Datetime(string="Appointment", readonly=True, copy=False)

    fee_amount = fields.Integer(
        string="Fee (VND)", compute="_compute_fee_amount", store=True, readonly=False, tracking=True)
    fee_in_words = fields.Char(compute="_compute_fee_in_words")

    counter_reason = fields.Text(string="Reason", readonly=True, copy=False)
    missing_items = fields.Text(string="Items to Complete", readonly=True, copy=False)
    counter_outcome_at = fields.Datetime(string="Counter Outcome At", readonly=True, copy=False)
    counter_officer_id = fields.Many2one("res.users", string="Counter Officer", readonly=True, copy=False)
    note = fields.Html()

    _sql_constraints = [("code_uniq", "unique(code)", "A dossier code is issued only once.")]

    # ------------------------------------------------------------------ computes

    @api.depends("code", "applicant_name")
    def _compute_display_name(self):
        for dossier in self:
            dossier.display_name = (
                f"{dossier.code} - {dossier.applicant_name}" if dossier.code
                else self.env._("%s (not received)", dossier.applicant_name or ""))

    @api.depends("procedure_id", "company_id")
    def _compute_deciding_company_id(self):
        for dossier in self:
            dossier.deciding_company_id = dossier.procedure_id.deciding_company_id or dossier.company_id

    @api.depends("procedure_id")
    def _compute_fee_amount(self):
        for dossier in self:
            dossier.fee_amount = dossier.procedure_id.fee_amount

    @api.depends("fee_amount")
    def _compute_fee_in_words(self):
        for dossier in self:
            dossier.fee_in_words = amount_in_words(dossier.fee_amount) if dossier.fee_amount >= 0 else False

    @api.depends("procedure_id")
    def _compute_document_ids(self):
        for dossier in self.filtered(lambda d: not d.received_at):
            dossier.document_ids = [Command.clear()] + [
                Command.create({
                    "procedure_document_id": document.id,
                    "name": document.name,
                    "sequence": document.sequence,
                    "original_count": document.original_count,
                    "copy_count": document.copy_count,
                    "is_required": document.is_required,
                })
                for document in dossier.procedure_id.document_ids
            ]

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        return stages.search([], order=stages._order)

    # ------------------------------------------------------------------ applicant input

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._clean_applicant_vals(vals) for vals in vals_list])

    def write(self, vals):
        return super().write(self._clean_applicant_vals(vals))

    @api.model
    def _clean_applicant_vals(self, vals):
        """Store the phone and identity number in their canonical form; bad input is refused, not guessed."""
        vals = dict(vals)
        if vals.get("applicant_phone"):
            try:
                vals["applicant_phone"] = normalize_phone(vals["applicant_phone"])
            except ValueError as error:
                raise ValidationError(str(error)) from error
        if vals.get("applicant_id_number"):
            vals["applicant_id_number"] = re.sub(r"[\s.]", "", vals["applicant_id_number"])
        return vals

    @api.constrains("applicant_type", "applicant_id_number", "applicant_birth_date", "applicant_sex")
    def _check_applicant_identity(self):
        for dossier in self.filtered("applicant_id_number"):
            try:
                if dossier.applicant_type == "person":
                    validate_citizen_id(
                        dossier.applicant_id_number, dossier.applicant_birth_date or None, dossier.applicant_sex or None)
                else:
                    validate_tax_code(dossier.applicant_id_number)
            except ValueError as error:
                raise ValidationError(str(error)) from error

    @api.constrains("fee_amount")
    def _check_fee_amount(self):
        if any(dossier.fee_amount < 0 for dossier in self):
            raise ValidationError(self.env._("A fee cannot be negative."))

    # ------------------------------------------------------------------ reception

    def action_receive(self):
        """Tiếp nhận: check completeness, issue the dossier code and the legal appointment date."""
        for dossier in self:
            dossier._check_receivable()
            dossier._receive(fields.Datetime.now())
        return True

    def _check_receivable(self):
        self.ensure_one()
        if self.state not in ("draft", "incomplete"):
            raise UserError(self.env._("Dossier %s has already been received or closed.", self.display_name))
        company = self.company_id
        if not company.q1_unit_code or not company.q1_work_calendar_id:
            raise UserError(self.env._(
                "Receiving unit %s has no official unit code or working calendar; ask the administrator to set them.",
                company.name))
        procedure = self.procedure_id
        today = to_local(fields.Datetime.now()).date()
        if not procedure.active or not procedure.is_effective_on(today):
            raise UserError(self.env._("Procedure %s is not in effect today.", procedure.display_name))
        if self.channel not in procedure.allowed_channels():
            raise UserError(self.env._(
                "Procedure %(procedure)s cannot be filed through the %(channel)s channel.",
                procedure=procedure.display_name, channel=dict(CHANNELS)[self.channel]))
        missing = self.document_ids.filtered(lambda line: line.is_required and not line.is_received)
        if missing:
            raise UserError(self.env._(
                "The dossier is incomplete. Missing documents:\n%(items)s\n"
                "Use 'Request completion' to give the applicant the list of missing items.",
                items="\n".join(f"- {name}" for name in missing.mapped("name"))))

    def _receive(self, received_at):
        """Stamp the reception instant (UTC naive) and compute what follows from it."""
        self.ensure_one()
        company = self.company_id
        calendar = company.q1_work_calendar_id
        local_received = to_local(received_at)
        procedure = self.procedure_id
        due, appointment = self._legal_due(local_received, procedure, calendar)
        seq = self.env["q1.dossier.code.counter"].sudo().next_seq(company.id, local_received.date())
        self.write({
            "code": dossier_code(company.q1_unit_code, local_received.date(), seq, company.q1_code_pattern),
            "stage_id": self.env["q1.dossier.stage"]._for_status("received").id,
            "received_at": received_at,
            "received_date": local_received.date(),
            "received_by_id": self.env.user.id,
            "time_limit": procedure.time_limit,
            "time_unit": procedure.time_unit,
            "same_day": procedure.same_day,
            "due_date": due,
            "appointment_at": to_utc(appointment),
        })

    @api.model
    def _legal_due(self, local_received, procedure, calendar):
        """(legal due date, local appointment datetime) for a reception instant."""
        core_calendar = calendar.to_core()
        if procedure.time_unit == "hour":
            appointment = due_datetime_for_hours(local_received, procedure.time_limit, core_calendar)
            return appointment.date(), appointment
        days = 0 if procedure.same_day else procedure.time_limit
        due = due_date(local_received, days, core_calendar, cutoff=calendar.cutoff_time())
        appointment = datetime.combine(due, calendar.appointment_clock())
        if appointment <= local_received:
            # A same-day result promised for an hour already past: the end of the working day instead.
            appointment = datetime.combine(due, core_calendar.shifts[-1][1])
        return due, appointment

    # ------------------------------------------------------------------ counter outcomes and printing

    def action_open_counter_outcome(self):
        self.ensure_one()
        outcome = self.env.context.get("q1_outcome", "incomplete")
        return {
            "type": "ir.actions.act_window",
            "res_model": "q1.dossier.counter.outcome",
            "view_mode": "form",
            "target": "new",
            "context": {"default_dossier_id": self.id, "default_outcome": outcome},
        }

    def missing_document_names(self):
        self.ensure_one()
        return self.document_ids.filtered(lambda line: line.is_required and not line.is_received).mapped("name")

    def action_print_receipt(self):
        self.ensure_one()
        if not self.code:
            raise UserError(self.env._("Only a received dossier has a receipt."))
        return self.env.ref("q1_dossier.action_report_q1_receipt").report_action(self, config=False)

    def lookup_url(self):
        self.ensure_one()
        base = self.company_id.q1_lookup_url or (self.get_base_url() + "/q1/lookup")
        return f"{base}?code={self.code or ''}"

    def qr_code_data_uri(self):
        """QR code with the dossier code and the lookup address, embedded so that PDF rendering needs no URL fetch."""
        self.ensure_one()
        value = f"{self.code}\n{self.lookup_url()}"
        png = self.env["ir.actions.report"].barcode("QR", value, width=160, height=160)
        return "data:image/png;base64," + base64.b64encode(png).decode()

    # Printed forms are the official Vietnamese forms: their wording is fixed, not translated.

    def _vn_datetime_text(self, utc_value):
        local = to_local(utc_value)
        return f"{local.hour:02d} giờ {local.minute:02d} phút, {format_vn_date(local.date())}"

    def _vn_issue_date(self, utc_value):
        day = to_local(utc_value or fields.Datetime.now()).date()
        return format_vn_date(day, place=self.company_id.q1_place_name or None)

    def receipt_print_values(self):
        """Texts of the receipt (Mẫu 01) that need computing."""
        self.ensure_one()
        if self.same_day:
            legal_time = "trong ngày làm việc"
        else:
            unit = "ngày làm việc" if self.time_unit == "day" else "giờ làm việc"
            legal_time = f"{self.time_limit:02d} {unit}"
        company = self.company_id
        address = ", ".join(part for part in (company.street, company.street2, company.city) if part)
        return {
            "issue_date": self._vn_issue_date(self.received_at),
            "legal_time": legal_time,
            "received": self._vn_datetime_text(self.received_at),
            "appointment": self._vn_datetime_text(self.appointment_at),
            "fee": f"{self.fee_amount:,}".replace(",", ".") + " đồng" if self.fee_amount else "Không thu",
            "return_place": f"{company.name}, {address}" if address else company.name,
        }

    def counter_slip_print_values(self):
        """Texts of the completion request (Mẫu 02) and refusal (Mẫu 03) slips."""
        self.ensure_one()
        return {
            "issue_date": self._vn_issue_date(self.counter_outcome_at),
            "missing_items": [line.strip("-• ").strip() for line in (self.missing_items or "").splitlines() if line.strip()],
        }

    # ------------------------------------------------------------------ demo data

    # Relative volumes at a ward counter (certification dominates, then civil status) and the share of
    # organisations among applicants, by national procedure code.
    _DEMO_WEIGHTS = {"2.000815": 30, "2.000884": 14, "2.001035": 5, "2.001019": 2, "2.000908": 3, "1.001193": 10,
                     "1.000894": 5, "1.000656": 4, "2.000635": 8, "1.004873": 8, "1.004884": 2, "1.004222": 6,
                     "1.003677": 3, "1.001612": 5, "2.000575": 4, "1.013225": 3, "1.001776": 2, "1.001699": 2}
    _DEMO_ORGANISATION_SHARE = {"2.001035": 0.3, "2.000815": 0.08, "2.000884": 0.1, "2.000575": 0.6, "1.013225": 0.15}
    _DEMO_REFUSALS = [
        "Bản chính giấy tờ bị tẩy xóa, sửa chữa, không xác định được nội dung (Điều 22 Nghị định số 23/2015/NĐ-CP).",
        "Yêu cầu không thuộc thẩm quyền giải quyết của Ủy ban nhân dân phường; đã hướng dẫn người yêu cầu "
        "liên hệ cơ quan có thẩm quyền.",
        "Người nộp hồ sơ không phải là người có quyền yêu cầu và không có văn bản ủy quyền hợp lệ.",
        "Giấy tờ tùy thân xuất trình đã hết giá trị sử dụng.",
    ]

    @api.model
    def _q1_demo_generate(self, count=320, seed=2026, days=120):
        """Demo dossiers of the last ``days`` days for every receiving unit (deterministic for a given seed).

        They go through the real paths: created by the unit's reception officer, received with ``_receive`` in
        chronological order (so codes follow the daily sequence), counter outcomes through the wizard; the
        instants those paths stamp as "now" are then moved back to the demo instant.
        """
        rng = random.Random(seed)
        officers = self._q1_demo_officers()
        procedures = self.env["q1.procedure"].search([])
        if not officers or not procedures:
            return False
        now_local = to_local(fields.Datetime.now().replace(microsecond=0))
        applicants = SyntheticApplicants(rng, now_local.date())
        plans = sorted(
            (self._q1_demo_plan(rng, officers, procedures, now_local, days) for _i in range(count)),
            key=lambda plan: (plan["when"], plan["company"].id))
        dated = [(self._q1_demo_dossier(rng, plan, officers, applicants), to_utc(plan["when"])) for plan in plans]
        self.env.flush_all()
        for dossier, instant in dated:
            self.env.cr.execute(
                "UPDATE mail_message SET date = %s WHERE model = 'q1.dossier' AND res_id = %s", (instant, dossier.id))
            self.env.cr.execute("UPDATE q1_dossier SET create_date = %s WHERE id = %s", (instant, dossier.id))
        self.env.invalidate_all()
        return True

    def _q1_demo_officers(self):
        """{unit: its first reception officer} for the units that can receive (unit code and calendar set)."""
        reception = self.env.ref("q1_dossier.group_q1_reception")
        leader = self.env.ref("q1_dossier.group_q1_unit_leader")
        officers = {}
        for company in self.env["res.company"].search(
                [("q1_unit_code", "!=", False), ("q1_work_calendar_id", "!=", False)], order="q1_unit_code"):
            officer = self.env["res.users"].search([
                ("company_id", "=", company.id), ("groups_id", "in", reception.id),
                ("groups_id", "not in", leader.id), ("share", "=", False)], limit=1, order="id")
            if officer:
                officers[company] = officer
        return officers

    def _q1_demo_plan(self, rng, officers, procedures, now_local, days):
        """Unit, procedure, channel, outcome and local instant of one demo dossier."""
        company = rng.choice(list(officers))
        procedure = rng.choices(procedures, weights=[self._DEMO_WEIGHTS.get(p.code, 1) for p in procedures])[0]
        channels = procedure.allowed_channels()
        roll = rng.random()
        wanted = "direct" if roll < 0.52 else "online" if roll < 0.9 else "postal"
        channel = wanted if wanted in channels else ("direct" if "direct" in channels else channels[0])
        roll = rng.random()
        outcome = "received" if roll < 0.78 else "incomplete" if roll < 0.88 else "refused" if roll < 0.94 else "draft"
        calendar = company.q1_work_calendar_id.to_core()
        back = rng.randint(0, 4) if outcome == "draft" else rng.randint(0, days)
        day = now_local.date() - timedelta(days=back)
        if channel == "online" and outcome == "received" and rng.random() < 0.2:
            # Filed on the national portal at night or over a weekend: received when the system records it.
            when = datetime.combine(day, time(rng.randint(0, 23), rng.randint(0, 59)))
        else:
            day = day if calendar.is_workday(day) else calendar.add_workdays(day, 1)
            minute = rng.randint(7 * 60 + 30, 11 * 60 + 25) if rng.random() < 0.55 else rng.randint(13 * 60, 16 * 60 + 55)
            when = datetime.combine(day, time(minute // 60, minute % 60))
        if when >= now_local or not procedure.is_effective_on(when.date()):
            outcome, when = "draft", min(when, now_local)
        return {"company": company, "procedure": procedure, "channel": channel, "outcome": outcome, "when": when}

    def _q1_demo_dossier(self, rng, plan, officers, applicants):
        company, procedure = plan["company"], plan["procedure"]
        officer = officers[company]
        if rng.random() < self._DEMO_ORGANISATION_SHARE.get(procedure.code, 0.0):
            vals = applicants.organisation(household=procedure.code == "2.000575")
        else:
            vals = applicants.person(20 if procedure.code in ("1.001193", "1.000894") else 18,
                                     45 if procedure.code == "1.001193" else 85)
            if rng.random() < 0.3:
                vals["applicant_email"] = applicants.email(vals["applicant_name"])
        vals.update(company_id=company.id, procedure_id=procedure.id, channel=plan["channel"],
                    applicant_phone=applicants.phone(), applicant_address=applicants.address(company.q1_place_name))
        if procedure.code == "2.000815":    # certified copies: 2.000 đ a page for the first two, then 1.000 đ
            pages, copies = rng.choice([1, 1, 1, 2, 2, 3, 4, 6]), rng.choice([1, 1, 2, 3])
            vals["fee_amount"] = copies * (2000 * min(pages, 2) + 1000 * max(pages - 2, 0))
        others = [unit for unit in officers if unit != company]
        if others and procedure.field_id.code in ("HKD", "XD", "BTXH") and rng.random() < 0.15:
            vals["deciding_company_id"] = rng.choice(others).id    # boundary-free reception, Decree 118 Art. 14(2)
        dossier = self.with_user(officer).with_company(company).create(vals)
        self._q1_demo_outcome(rng, dossier, plan, officer)
        return dossier

    def _q1_demo_outcome(self, rng, dossier, plan, officer):
        lines = dossier.document_ids
        instant = to_utc(plan["when"])
        if plan["outcome"] == "draft":
            lines.filtered(lambda line: rng.random() < 0.5).write({"is_received": True})
        elif plan["outcome"] == "received":
            lines.write({"is_received": True})
            dossier.with_user(officer)._receive(instant)
        else:
            required = lines.filtered("is_required")
            (lines - (required.filtered(lambda line: rng.random() < 0.5) or required[-1:])).write({"is_received": True})
            incomplete = plan["outcome"] == "incomplete" and dossier.missing_document_names()
            reason = ("Hồ sơ chưa đủ thành phần theo quy định; đề nghị bổ sung đầy đủ các giấy tờ dưới đây."
                      if incomplete else rng.choice(self._DEMO_REFUSALS))
            self.env["q1.dossier.counter.outcome"].with_user(officer).with_company(dossier.company_id).create({
                "dossier_id": dossier.id, "outcome": "incomplete" if incomplete else "refused", "reason": reason,
            }).action_confirm()
            dossier.sudo().write({"counter_outcome_at": instant})

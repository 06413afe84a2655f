import base64
import io

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..core.tracking_book import TrackingRow, write_tracking_book_xlsx
from ..models.q1_dossier import to_local

# Ways the result was received, as written in the "Ký nhận" column of the book (an electronic register holds no
# signature: it says how the result was received and by whom).
RETURN_METHODS = {"counter": "Nhận trực tiếp", "postal": "Qua dịch vụ bưu chính", "electronic": "Nhận trực tuyến"}
CLOSED_NOTES = {"refused": "Từ chối", "stopped": "Dừng giải quyết", "withdrawn": "Rút hồ sơ"}

DOSSIER_FIELDS = [
    "code", "procedure_id", "applicant_name", "applicant_address", "applicant_phone", "deciding_company_id",
    "received_at", "appointment_at", "state", "finished_at", "returned_at", "return_method", "returned_to",
    "closing_reason", "extension_state", "extension_date", "supplement_count",
]


class Q1TrackingBook(models.TransientModel):
    """The dossier tracking book (Sổ theo dõi hồ sơ) of the receiving units for a period, as .xlsx or PDF."""

    _name = "q1.tracking.book"
    _description = "Dossier Tracking Book"

    date_from = fields.Date(string="From", required=True, default=lambda self: self._default_month()[0])
    date_to = fields.Date(string="To", required=True, default=lambda self: self._default_month()[1])
    field_id = fields.Many2one("q1.field", string="Field of Law", help="Leave empty for every field.")
    company_ids = fields.Many2many(
        "res.company", string="Receiving Units", required=True, default=lambda self: self.env.company,
        domain="[('id', 'in', allowed_company_ids)]")
    file_data = fields.Binary(string="File", readonly=True, attachment=False)
    file_name = fields.Char(readonly=True)

    @api.model
    def _default_month(self):
        today = fields.Date.context_today(self)
        first = today.replace(day=1)
        return first, first + relativedelta(months=1, days=-1)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        if any(book.date_from > book.date_to for book in self):
            raise ValidationError(self.env._("The start of the period must not be after its end."))

    # ------------------------------------------------------------------ rows

    def _dossier_domain(self):
        self.ensure_one()
        domain = [("received_date", ">=", self.date_from), ("received_date", "<=", self.date_to),
                  ("received_at", "!=", False), ("company_id", "in", self.company_ids.ids)]
        if self.field_id:
            domain.append(("field_id", "=", self.field_id.id))
        return domain

    def _tracking_rows(self):
        """TrackingRows of the dossiers received in the period, in order of reception.

        Three reads in all, none record by record: the dossiers' fields, the procedures' names (the book gives the
        name, not the "[code] name" display), and the first step of each dossier (when the deciding unit took
        the dossier: the transfer of Decree 118/2025 Art. 18)."""
        self.ensure_one()
        dossiers = self.env["q1.dossier"].search_read(
            self._dossier_domain(), DOSSIER_FIELDS, order="received_at, id")
        first_steps, procedure_names = {}, {}
        if dossiers:
            procedure_ids = {d["procedure_id"][0] for d in dossiers if d["procedure_id"]}
            procedure_names = {p["id"]: p["name"] for p in self.env["q1.procedure"].browse(procedure_ids).read(["name"])}
            steps = self.env["q1.dossier.step"].search_read(
                [("dossier_id", "in", [d["id"] for d in dossiers])], ["dossier_id", "handed_at", "taken_at"],
                order="dossier_id, sequence, id")
            for step in steps:
                first_steps.setdefault(step["dossier_id"][0], step)

        def local(value):
            return to_local(value) if value else None

        rows = []
        for index, dossier in enumerate(dossiers, start=1):
            step = first_steps.get(dossier["id"], {})
            state = dossier["state"]
            address_phone = " - ".join(p for p in (dossier["applicant_address"], dossier["applicant_phone"]) if p)
            result_back = local(dossier["finished_at"]) if state in ("done", "returned", "refused") else None
            method = RETURN_METHODS.get(dossier["return_method"] or "", "")
            if method and dossier["returned_to"]:
                method = f"{method}: {dossier['returned_to']}"
            notes = []
            if state in CLOSED_NOTES:
                reason = (dossier["closing_reason"] or "").strip()
                notes.append(f"{CLOSED_NOTES[state]}: {reason}" if reason else CLOSED_NOTES[state])
            if dossier["supplement_count"]:
                notes.append("Có yêu cầu bổ sung hồ sơ")
            if dossier["extension_state"] == "approved" and dossier["extension_date"]:
                notes.append(f"Hẹn lại ngày {dossier['extension_date'].strftime('%d/%m/%Y')}")
            rows.append(TrackingRow(
                index=index,
                code=dossier["code"] or "",
                procedure=procedure_names.get(dossier["procedure_id"][0], "") if dossier["procedure_id"] else "",
                applicant=dossier["applicant_name"] or "",
                address_phone=address_phone,
                deciding_unit=dossier["deciding_company_id"][1] if dossier["deciding_company_id"] else "",
                received_at=local(dossier["received_at"]),
                appointment=local(dossier["appointment_at"]),
                transferred_at=local(step.get("taken_at") or step.get("handed_at")),
                result_received_at=result_back,
                returned_at=local(dossier["returned_at"]),
                return_method=method,
                note="; ".join(notes),
            ))
        return rows

    def book_values(self):
        """Title, period, unit and rows, shared by the spreadsheet and the PDF."""
        self.ensure_one()
        period = f"Từ ngày {self.date_from.strftime('%d/%m/%Y')} đến ngày {self.date_to.strftime('%d/%m/%Y')}"
        if self.field_id:
            period = f"Lĩnh vực: {self.field_id.name} - {period}"
        return {
            "title": "SỔ THEO DÕI HỒ SƠ",
            "period_text": period,
            "unit_name": "; ".join(self.company_ids.mapped("name")).upper(),
            "rows": self._tracking_rows(),
        }

    def file_basename(self):
        self.ensure_one()
        return f"so-theo-doi-ho-so-{self.date_from.strftime('%Y%m%d')}-{self.date_to.strftime('%Y%m%d')}"

    # ------------------------------------------------------------------ buttons

    def action_export_xlsx(self):
        self.ensure_one()
        values = self.book_values()
        stream = io.BytesIO()
        write_tracking_book_xlsx(values["rows"], values["title"], values["period_text"], values["unit_name"], stream)
        self.write({"file_data": base64.b64encode(stream.getvalue()), "file_name": f"{self.file_basename()}.xlsx"})
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/file_data/{self.file_name}?download=true",
            "target": "self",
        }

    def action_print_pdf(self):
        self.ensure_one()
        return self.env.ref("q1_dossier.action_report_q1_tracking_book").report_action(self)

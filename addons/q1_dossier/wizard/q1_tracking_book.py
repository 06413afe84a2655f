import base64
import io

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL
from odoo.exceptions import ValidationError

from ..core.tracking_book import TrackingRow, write_tracking_book_xlsx

# Ways the result was received, as written in the "Ký nhận" column of the book (an electronic register holds no
# signature: it says how the result was received and by whom).
RETURN_METHODS = {"counter": "Nhận trực tiếp", "postal": "Qua dịch vụ bưu chính", "electronic": "Nhận trực tuyến"}
CLOSED_NOTES = {"refused": "Từ chối", "stopped": "Dừng giải quyết", "withdrawn": "Rút hồ sơ"}



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
        """TrackingRows of the dossiers received in the period, in order of reception, streamed from one query.

        The ORM applies the domain and the record rules (``_search``); PostgreSQL joins the names, picks each
        dossier's first step (when the deciding unit took it: the transfer of Decree 118/2025 Art. 18) and gives
        local times (Vietnam keeps UTC+7 all year). A server-side cursor hands the rows over in batches, so a
        month of 100,000 dossiers never sits in memory at once.
        """
        self.ensure_one()
        query = self.env["q1.dossier"]._search(self._dossier_domain())
        local = "(%s + interval '7 hours')"
        sql = SQL(
            f"""
            SELECT q1_dossier.code, procedure.name, q1_dossier.applicant_name, q1_dossier.applicant_address,
                   q1_dossier.applicant_phone, deciding.name,
                   {local % "q1_dossier.received_at"}, {local % "q1_dossier.appointment_at"},
                   {local % "first_step.moment"}, {local % "q1_dossier.finished_at"},
                   {local % "q1_dossier.returned_at"}, q1_dossier.state, q1_dossier.return_method,
                   q1_dossier.returned_to, q1_dossier.closing_reason, q1_dossier.supplement_count,
                   q1_dossier.extension_state, q1_dossier.extension_date
              FROM %s
         LEFT JOIN q1_procedure procedure ON procedure.id = q1_dossier.procedure_id
         LEFT JOIN res_company deciding ON deciding.id = q1_dossier.deciding_company_id
         LEFT JOIN LATERAL (SELECT COALESCE(step.taken_at, step.handed_at) AS moment FROM q1_dossier_step step
                             WHERE step.dossier_id = q1_dossier.id ORDER BY step.sequence, step.id LIMIT 1) first_step
                ON TRUE
             WHERE %s
          ORDER BY q1_dossier.received_at, q1_dossier.id
            """, query.from_clause, query.where_clause)
        self.env.flush_all()
        with self.env.cr._cnx.cursor(name=f"q1_tracking_book_{self.id}") as cursor:
            cursor.itersize = 5000
            cursor.execute(sql.code, sql.params)
            for index, values in enumerate(cursor, start=1):
                yield self._tracking_row(index, *values)

    @staticmethod
    def _tracking_row(index, code, procedure, applicant, address, phone, deciding_unit, received_at, appointment,
                      transferred_at, finished_at, returned_at, state, return_method, returned_to, closing_reason,
                      supplement_count, extension_state, extension_date):
        method = RETURN_METHODS.get(return_method or "", "")
        if method and returned_to:
            method = f"{method}: {returned_to}"
        notes = []
        if state in CLOSED_NOTES:
            reason = (closing_reason or "").strip()
            notes.append(f"{CLOSED_NOTES[state]}: {reason}" if reason else CLOSED_NOTES[state])
        if supplement_count:
            notes.append("Có yêu cầu bổ sung hồ sơ")
        if extension_state == "approved" and extension_date:
            notes.append(f"Hẹn lại ngày {extension_date.strftime('%d/%m/%Y')}")
        return TrackingRow(
            index=index, code=code or "", procedure=procedure or "", applicant=applicant or "",
            address_phone=" - ".join(part for part in (address, phone) if part), deciding_unit=deciding_unit or "",
            received_at=received_at, appointment=appointment, transferred_at=transferred_at,
            result_received_at=finished_at if state in ("done", "returned", "refused") else None,
            returned_at=returned_at, return_method=method, note="; ".join(notes))

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
            "rows": self._tracking_rows(),  # a generator: the PDF and the spreadsheet read it once
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

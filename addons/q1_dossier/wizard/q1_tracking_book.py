import io

import psycopg2
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL

from ..core.labels import CLOSED_VI, RETURN_METHOD_VI
from ..core.localtime import TZ_NAME
from ..core.tracking_book import TrackingRow, write_tracking_book_xlsx

# States in which the deciding unit has handed its result (or refusal) back to the counter.
RESULT_BACK_STATES = ("done", "returned", "refused")
BOOK_ORDER = "received_at, id"
# Rows fetched from the server-side cursor at a time: a few MB of Python objects.
ROW_BATCH = 5000


class Q1TrackingBook(models.TransientModel):
    """The dossier tracking book (Sổ theo dõi hồ sơ) of the receiving units for a period, as .xlsx or PDF."""

    _name = "q1.tracking.book"
    _inherit = ["q1.download.mixin"]
    _description = "Dossier Tracking Book"
    _q1_download_kinds = ("xlsx",)

    date_from = fields.Date(string="From", required=True, default=lambda self: self._default_month()[0])
    date_to = fields.Date(string="To", required=True, default=lambda self: self._default_month()[1])
    field_id = fields.Many2one("q1.field", string="Field of Law", help="Leave empty for every field.")
    company_ids = fields.Many2many(
        "res.company",
        string="Receiving Units",
        required=True,
        default=lambda self: self.env.company,
        domain="[('id', 'in', allowed_company_ids)]",
    )

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
        domain = [
            ("received_date", ">=", self.date_from),
            ("received_date", "<=", self.date_to),
            ("received_at", "!=", False),
            ("company_id", "in", self.company_ids.ids),
        ]
        if self.field_id:
            domain.append(("field_id", "=", self.field_id.id))
        return domain

    def _tracking_rows(self):
        """TrackingRows of the dossiers received in the period, in order of reception: a generator, read once.

        One query (``_book_query``) streamed through a server-side cursor in batches of ``ROW_BATCH``, as Odoo
        itself reads long results (``DECLARE … CURSOR`` / ``FETCH``): a month of 100,000 dossiers never sits in
        memory at once. The cursor is closed when the rows are exhausted or the generator is dropped.
        """
        self.ensure_one()
        # The book lists applicants' names, addresses and phones, read with SQL rather than fetched: logged as the
        # read of each of its dossiers, as a form's would be.
        self.env["q1.audit.log"]._log_personal_reads(lambda: self.env["q1.dossier"].search(self._dossier_domain()).ids)
        cursor = SQL.identifier(f"q1_tracking_book_{self.id}")
        # The per-dossier step subquery makes the plan look costly enough for PostgreSQL to compile it just in
        # time, which takes longer than running it (0.4 s of 1.4 s for 100,000 rows); as q1_reporting does.
        self.env.cr.execute("SET LOCAL jit = off")
        self.env.execute_query(SQL("DECLARE %s NO SCROLL CURSOR FOR %s", cursor, self._book_query()))
        failed = False
        try:
            index = 0
            while batch := self.env.execute_query(SQL("FETCH %s FROM %s", ROW_BATCH, cursor)):
                for values in batch:
                    index += 1
                    yield self._tracking_row(index, *values)
        except psycopg2.Error:
            failed = True  # the transaction is aborted, and the cursor with it
            raise
        finally:
            if not failed:
                self.env.cr.execute(SQL("CLOSE %s", cursor))

    def _book_query(self):
        """The SELECT of the book's columns, in ``_tracking_row``'s order.

        The ORM builds the dossiers' query (``_search``: the period, units and field, and the record rules of the
        user, as a search would); PostgreSQL then joins the procedure's name (the book gives the name, not the
        "[code] name" display) and the deciding unit's, picks each dossier's first control-slip step (when the
        deciding unit took the dossier: the transfer of Decree 118/2025 Art. 18), itself read under the steps'
        record rules, and converts the UTC instants to local time (``AT TIME ZONE``, exactly what ``to_local`` does).
        """
        Dossier = self.env["q1.dossier"]
        query = Dossier._search(self._dossier_domain(), order=BOOK_ORDER)
        dossier = query.table
        procedure = query.left_join(dossier, "procedure_id", "q1_procedure", "id", "procedure_id")
        deciding = query.left_join(dossier, "deciding_company_id", "res_company", "id", "deciding_company_id")

        def column(name):
            return Dossier._field_to_sql(dossier, name, query)

        def local(instant):
            return SQL("((%s AT TIME ZONE 'UTC') AT TIME ZONE %s)", instant, TZ_NAME)

        return query.select(
            column("code"),
            self.env["q1.procedure"]._field_to_sql(procedure, "name", query),
            column("applicant_name"),
            column("applicant_address"),
            column("applicant_phone"),
            self.env["res.company"]._field_to_sql(deciding, "name", query),
            local(column("received_at")),
            local(column("appointment_at")),
            local(self._first_step_moment(dossier)),
            local(column("finished_at")),
            local(column("returned_at")),
            column("state"),
            column("return_method"),
            column("returned_to"),
            column("closing_reason"),
            column("supplement_count"),
            column("extension_state"),
            column("extension_date"),
        )

    def _first_step_moment(self, dossier_alias):
        """Correlated subquery: when the dossier's first step was taken (or handed over, if not taken yet)."""
        Step = self.env["q1.dossier.step"]
        steps = Step._search([])  # the steps' record rules, as reading them through the ORM applies them
        step = steps.table
        steps.add_where(
            SQL("%s = %s", Step._field_to_sql(step, "dossier_id", steps), SQL.identifier(dossier_alias, "id"))
        )
        steps.order = SQL("%s, %s", Step._field_to_sql(step, "sequence", steps), SQL.identifier(step, "id"))
        steps.limit = 1
        return SQL(
            "(%s)",
            steps.select(
                SQL(
                    "COALESCE(%s, %s)",
                    Step._field_to_sql(step, "taken_at", steps),
                    Step._field_to_sql(step, "handed_at", steps),
                )
            ),
        )

    @staticmethod
    def _tracking_row(
        index,
        code,
        procedure,
        applicant,
        address,
        phone,
        deciding_unit,
        received_at,
        appointment,
        transferred_at,
        finished_at,
        returned_at,
        state,
        return_method,
        returned_to,
        closing_reason,
        supplement_count,
        extension_state,
        extension_date,
    ):
        """A TrackingRow from the columns of ``_book_query`` (datetimes already local)."""
        method = RETURN_METHOD_VI.get(return_method or "", "")
        if method and returned_to:
            method = f"{method}: {returned_to}"
        notes = []
        if state in CLOSED_VI:
            reason = (closing_reason or "").strip()
            notes.append(f"{CLOSED_VI[state]}: {reason}" if reason else CLOSED_VI[state])
        if supplement_count:
            notes.append("Có yêu cầu bổ sung hồ sơ")
        if extension_state == "approved" and extension_date:
            notes.append(f"Hẹn lại ngày {extension_date.strftime('%d/%m/%Y')}")
        return TrackingRow(
            index=index,
            code=code or "",
            procedure=procedure or "",
            applicant=applicant or "",
            address_phone=" - ".join(part for part in (address, phone) if part),
            deciding_unit=deciding_unit or "",
            received_at=received_at,
            appointment=appointment,
            transferred_at=transferred_at,
            result_received_at=finished_at if state in RESULT_BACK_STATES else None,
            returned_at=returned_at,
            return_method=method,
            note="; ".join(notes),
        )

    def _book_header(self):
        """Title, period and unit, shared by the spreadsheet and the PDF."""
        self.ensure_one()
        period = f"Từ ngày {self.date_from.strftime('%d/%m/%Y')} đến ngày {self.date_to.strftime('%d/%m/%Y')}"
        if self.field_id:
            period = f"Lĩnh vực: {self.field_id.name} - {period}"
        return {
            "title": "SỔ THEO DÕI HỒ SƠ",
            "period_text": period,
            "unit_name": "; ".join(self.company_ids.mapped("name")).upper(),
        }

    def _book_values(self):
        """Title, period, unit and the rows as a list, for the PDF (which also asks whether there is any row)."""
        return dict(self._book_header(), rows=list(self._tracking_rows()))

    def _file_basename(self):
        self.ensure_one()
        return f"so-theo-doi-ho-so-{self.date_from.strftime('%Y%m%d')}-{self.date_to.strftime('%Y%m%d')}"

    # ------------------------------------------------------------------ buttons

    def action_export_xlsx(self):
        self.check_access("read")
        return self._q1_download_action("xlsx")

    def _q1_download_file(self, kind):
        """The book as .xlsx (the only kind)."""
        self.ensure_one()
        header = self._book_header()
        stream = io.BytesIO()
        # The rows go from the database cursor to the file one by one, never all in memory.
        write_tracking_book_xlsx(
            self._tracking_rows(), header["title"], header["period_text"], header["unit_name"], stream
        )
        return f"{self._file_basename()}.xlsx", self._q1_xlsx_mimetype, stream.getvalue()

    def action_print_pdf(self):
        self.check_access("read")
        self.ensure_one()
        return self.env.ref("q1_dossier.action_report_q1_tracking_book").report_action(self)

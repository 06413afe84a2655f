import io

from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..core.handling_report import COUNT_FIELDS, LATE_OUTCOMES, HandlingRow, LateRow
from ..core.handling_xlsx import ReportMeta, write_handling_report_xlsx
from .q1_handling_report_issued import Q1HandlingReportIssued

PERIOD_KINDS = [
    ("month", "Month"),
    ("quarter", "Quarter"),
    ("half", "Half-year"),
    ("nine_months", "Nine months"),
    ("year", "Year"),
    ("custom", "Free dates"),
]


class Q1HandlingReportIssue(Q1HandlingReportIssued, models.Model):
    """A statutory handling report as a leader issued it: its window, units and grouping, its table, the Decision
    766 indices of each unit, and the dossiers of every cell, with who issued it and when.

    Issued from ``q1.handling.report.wizard`` (``action_issue``), as the system, and never changed afterwards
    (``Q1HandlingReportIssued``). From then on the issued version is what prints and exports, from this record
    and from the wizard over the same window, units and grouping; the wizard's table is recounted and its
    differences with this version are listed dossier by dossier. One report per window, units and grouping: the
    unique key refuses a second one, also when two leaders issue it at the same moment.
    """

    _name = "q1.handling.report.issue"
    _inherit = ["q1.download.mixin"]
    _description = "Issued Handling Report"
    _order = "date_from desc, id desc"
    _q1_download_kinds = ("xlsx",)

    name = fields.Char(required=True)
    company_ids = fields.Many2many(
        "res.company", "q1_handling_report_issue_company_rel", "issue_id", "company_id", string="Units", required=True
    )
    unit_key = fields.Char(string="Units Key", required=True, help="Ids of the units, sorted.")
    issue_key = fields.Char(
        help="Units, window and grouping of a report in force: one report in force each; cleared on withdrawal."
    )
    state = fields.Selection([("issued", "Issued"), ("withdrawn", "Withdrawn")], required=True, default="issued")
    withdrawn_by_id = fields.Many2one("res.users", ondelete="restrict")
    withdrawn_at = fields.Datetime()
    withdrawal_reason = fields.Text()
    period_kind = fields.Selection(PERIOD_KINDS, string="Period", required=True)
    convention = fields.Selection([("cutoff", "Cut-off (15th to 14th)"), ("calendar", "Calendar")])
    date_from = fields.Date(string="From", required=True)
    date_to = fields.Date(string="To", required=True)
    group_by = fields.Selection([("field", "Field of law"), ("unit", "Unit")], required=True)
    period_label = fields.Char(string="Period as Printed")
    authority = fields.Char(string="Authority as Printed")
    unit_title = fields.Char(string="Unit as Printed")
    group_label = fields.Char(string="Grouping as Printed")
    date_line = fields.Char(string="Place and Date as Printed")
    signer_title = fields.Char(string="Signed by (title)")
    signer_name = fields.Char(string="Signed by (name)")
    issued_by_id = fields.Many2one("res.users", required=True, ondelete="restrict")
    issued_at = fields.Datetime(required=True)
    row_ids = fields.One2many("q1.handling.report.issue.row", "issue_id", string="Handling Table")
    index_ids = fields.One2many("q1.handling.report.issue.index", "issue_id", string="Service Indices")
    cell_ids = fields.One2many("q1.handling.report.issue.cell", "issue_id", string="Dossiers by Cell")
    cell_count = fields.Integer(string="Dossiers Counted", compute="_compute_cell_count")

    _sql_constraints = [
        (
            "issue_uniq",
            "unique(issue_key)",
            "A report of these units over this period and grouping has already been issued.",
        )
    ]

    @api.model
    def _key(self, unit_key, date_from, date_to, group_by):
        """The unique key of the report in force over these units, window and grouping."""
        return f"{unit_key}|{date_from}|{date_to}|{group_by}"

    def _withdraw(self, reason):
        """Withdraw the report (as the system, from ``q1.handling.report.withdrawal``): kept, with who withdrew
        it, when and why, and no longer in force, so that the same report can be issued again."""
        self.ensure_one()
        self.sudo().write(
            {
                "state": "withdrawn",
                "issue_key": False,
                "withdrawn_by_id": self.env.user.id,
                "withdrawn_at": fields.Datetime.now(),
                "withdrawal_reason": reason,
            }
        )

    def _compute_cell_count(self):
        counts = {
            issue.id: count
            for issue, count in self.env["q1.handling.report.issue.cell"]._read_group(
                [("issue_id", "in", self.ids), ("column", "in", ("online", "direct_postal", "carried_over"))],
                ["issue_id"],
                ["__count"],
            )
        }
        for issue in self:
            issue.cell_count = counts.get(issue.id, 0)

    # ------------------------------------------------------------------ the issued values

    def _rows_and_labels(self):
        """The issued table as ``HandlingRow`` (data rows, then the total row) and ``{key: label}``."""
        self.ensure_one()
        rows, labels = [], {}
        for line in self.sudo().row_ids:
            key = None if line.is_total else (line.key_id or False)
            if not line.is_total:
                labels[key] = line.label
            rows.append(HandlingRow(key, *(line[name] for name in COUNT_FIELDS)))
        return rows, labels

    def _late_rows(self):
        """The companion list as issued: the late and overdue cells, in the printed order."""
        self.ensure_one()
        end = self.date_to
        rows = [
            LateRow(
                code=cell.dossier_code,
                procedure=cell.procedure_name or "",
                applicant=cell.applicant_name or "",
                unit=cell.unit_name or "",
                received_on=cell.received_date,
                due=cell.due_date,
                finished_on=cell.end_date if cell.end_date and cell.end_date <= end else None,
                days_late=cell.days_late,
                reason=cell.reason or "",
            )
            for cell in self.sudo().cell_ids
            if cell.column in LATE_OUTCOMES
        ]
        return sorted(rows, key=lambda row: (row.unit, row.received_on, row.code))

    def _report_values(self):
        """Everything the PDF and the spreadsheet print, from the stored values only (the wizard's keys)."""
        self.ensure_one()
        rows, labels = self._rows_and_labels()
        meta = ReportMeta(
            authority=self.authority or "",
            unit=self.unit_title or "",
            title=self.env["q1.handling.report.wizard"]._report_title(),
            period_label=self.period_label or "",
            start=self.date_from,
            end=self.date_to,
            group_label=self.group_label or "",
            date_line=self.date_line or "",
            signer_title=self.signer_title or "",
            signer_name=self.signer_name or "",
            key_labels=labels,
            created=self.issued_at,  # UTC, as the workbook's property is written
        )
        return {"meta": meta, "rows": rows, "labels": labels, "late_rows": self._late_rows()}

    def _q1_download_file(self, kind):
        """The issued report as .xlsx, the same bytes whenever it is downloaded."""
        self.ensure_one()
        values = self._report_values()
        stream = io.BytesIO()
        write_handling_report_xlsx(stream, values["rows"], values["meta"], values["late_rows"])
        name = f"bao-cao-giai-quyet-tthc-{self.date_from:%Y%m%d}-{self.date_to:%Y%m%d}-ban-hanh.xlsx"
        return name, self._q1_xlsx_mimetype, stream.getvalue()

    # ------------------------------------------------------------------ buttons

    def action_export_xlsx(self):
        """Download the issued report as .xlsx."""
        self.check_access("read")
        self.ensure_one()
        return self._q1_download_action("xlsx")

    def action_print_pdf(self):
        """Print the issued report."""
        self.check_access("read")
        self.ensure_one()
        return self.env.ref("q1_reporting.action_report_q1_handling_issue").report_action(self)

    def action_open_rerun(self):
        """Recount the same window, units and grouping now, with the dossiers whose cells changed since the issue."""
        self.check_access("read")
        self.ensure_one()
        if not self.env.user.has_group("q1_dossier.group_q1_unit_leader"):
            raise AccessError(self.env._("Only the leaders of the units compare a report with its issued version."))
        wizard = self.env["q1.handling.report.wizard"].create(
            {
                "company_ids": [fields.Command.set(self.company_ids.ids)],
                "period_kind": "custom",
                "date_from": self.date_from,
                "date_to": self.date_to,
                "group_by": self.group_by,
                "signer_title": self.signer_title,
                "signer_name": self.signer_name,
            }
        )
        return wizard.action_compute()

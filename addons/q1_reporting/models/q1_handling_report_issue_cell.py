from odoo import fields, models

from .q1_handling_report_issued import Q1HandlingReportIssued

# The columns of the statutory table a dossier is counted in (core.handling_report RECEIVED_COLUMNS and
# OUTCOME_COLUMNS), in the form's order.
CELL_COLUMNS = [
    ("online", "Online"),
    ("direct_postal", "Direct or by post"),
    ("carried_over", "Carried over"),
    ("early", "Early"),
    ("on_time", "On time"),
    ("late", "Late"),
    ("within", "Within time"),
    ("overdue", "Overdue"),
]


class Q1HandlingReportIssueCell(Q1HandlingReportIssued, models.Model):
    """A dossier counted in a cell of an issued report, as issued: every dossier is in two cells of its row (how it
    was received, how it ended or stands), so that every issued number names the dossiers behind it.

    The cells of the late and overdue columns also keep the line of the companion list of late dossiers as it was
    printed (procedure, applicant, unit, days late and reason), so that the issued list prints the same forever.
    The applicant's name copied here is personal data: a read outside the dossier's unit flow is logged, as on the
    dossier itself (``q1.personal.data.mixin``, keyed by each cell's dossier).
    """

    _name = "q1.handling.report.issue.cell"
    _description = "Dossier of an Issued Report Cell"
    _inherit = ["q1.personal.data.mixin"]
    _q1_personal_fields = ("applicant_name",)
    _order = "issue_id, sequence, dossier_code, column"

    issue_id = fields.Many2one(
        "q1.handling.report.issue", string="Issued Report", required=True, ondelete="cascade", index=True
    )
    dossier_id = fields.Many2one("q1.dossier", ondelete="restrict", index=True)
    dossier_code = fields.Char()
    sequence = fields.Integer(string="Row Number")
    key_id = fields.Integer(help="Id of the field of law or unit of the row.")
    row_label = fields.Char(string="Field or Unit")
    column = fields.Selection(CELL_COLUMNS, required=True)
    received_date = fields.Date()
    due_date = fields.Date(string="Statistical Due Date")
    end_date = fields.Date(string="Counted as Ended On")
    procedure_name = fields.Char(string="Procedure")
    applicant_name = fields.Char(string="Applicant")
    unit_name = fields.Char(string="Deciding Unit")
    days_late = fields.Integer()
    reason = fields.Char(string="Reason for the Delay")

    def _q1_audit_dossier_ids(self, records):
        return records.dossier_id.ids

    def onchange(self, values, field_names, fields_spec):
        self.env["q1.dossier"]._check_dossier_ref(values.get("dossier_id"))  # a new row names its dossier
        return super().onchange(values, field_names, fields_spec)

from odoo import fields, models

from .q1_handling_report_issued import Q1HandlingReportIssued


class Q1HandlingReportIssueRow(Q1HandlingReportIssued, models.Model):
    """One row of an issued handling table, as issued: the label of its field of law or unit and its 11 counts."""

    _name = "q1.handling.report.issue.row"
    _description = "Issued Handling Report Row"
    _order = "issue_id, sequence"

    issue_id = fields.Many2one(
        "q1.handling.report.issue", string="Issued Report", required=True, ondelete="cascade", index=True
    )
    sequence = fields.Integer()
    key_id = fields.Integer(help="Id of the field of law or unit of the row; 0 on the total row.")
    is_total = fields.Boolean()
    label = fields.Char(string="Field or Unit")
    received = fields.Integer()
    online = fields.Integer()
    direct_postal = fields.Integer(string="Direct or Postal")
    carried_over = fields.Integer()
    resolved = fields.Integer()
    early = fields.Integer()
    on_time = fields.Integer()
    late = fields.Integer()
    pending = fields.Integer()
    within = fields.Integer(string="Within Time")
    overdue = fields.Integer()

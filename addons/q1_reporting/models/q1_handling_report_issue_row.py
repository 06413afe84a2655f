from odoo import fields, models

from .q1_handling_report_issued import Q1HandlingReportIssued


class Q1HandlingReportIssueRow(Q1HandlingReportIssued, models.Model):
    """One row of an issued handling table, as issued: the label of its field of law or unit and its 11 counts."""

    _name = "q1.handling.report.issue.row"
    _inherit = ["q1.handling.table.row"]
    _description = "Issued Handling Report Row"
    _order = "issue_id, sequence"

    issue_id = fields.Many2one(
        "q1.handling.report.issue", string="Issued Report", required=True, ondelete="cascade", index=True
    )

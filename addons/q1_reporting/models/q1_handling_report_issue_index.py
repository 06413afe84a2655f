from odoo import fields, models

from .q1_handling_report_issued import Q1HandlingReportIssued


class Q1HandlingReportIssueIndex(Q1HandlingReportIssued, models.Model):
    """A Decision 766/QĐ-TTg sub-index of one unit, as issued with the report."""

    _name = "q1.handling.report.issue.index"
    _inherit = ["q1.service.index.values"]
    _description = "Issued Service Index"
    _order = "issue_id, company_id, sequence"

    issue_id = fields.Many2one(
        "q1.handling.report.issue", string="Issued Report", required=True, ondelete="cascade", index=True
    )

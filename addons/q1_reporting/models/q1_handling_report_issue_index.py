from odoo import fields, models

from .q1_handling_report_issued import Q1HandlingReportIssued


class Q1HandlingReportIssueIndex(Q1HandlingReportIssued, models.Model):
    """A Decision 766/QĐ-TTg sub-index of one unit, as issued with the report."""

    _name = "q1.handling.report.issue.index"
    _description = "Issued Service Index"
    _order = "issue_id, company_id, sequence"

    issue_id = fields.Many2one(
        "q1.handling.report.issue", string="Issued Report", required=True, ondelete="cascade", index=True
    )
    company_id = fields.Many2one("res.company", string="Unit", ondelete="restrict")
    sequence = fields.Integer()
    code = fields.Char(string="Index")
    name = fields.Char(string="Description")
    numerator = fields.Float(digits=(16, 1))
    denominator = fields.Float(digits=(16, 1))
    rate = fields.Float(
        string="Value", digits=(16, 1), help="A percentage, except for the average handling time, which is in days."
    )
    is_percentage = fields.Boolean()
    points = fields.Float(digits=(16, 2))
    max_points = fields.Float(string="Maximum", digits=(16, 2))

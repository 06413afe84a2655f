from odoo import api, fields, models

from ..core.indices import AVERAGE_CODE


class Q1ServiceIndexValues(models.AbstractModel):
    """A Decision 766/QĐ-TTg sub-index of one unit, as computed: shared by the wizard's lines
    (``q1.service.index.line``) and those of an issued report (``q1.handling.report.issue.index``)."""

    _name = "q1.service.index.values"
    _description = "Service Index Values"

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

    @api.model
    def _values_from_result(self, company_id, result, sequence=0):
        """The values of a ``core.indices.IndexResult``: rates as percentages, the average time in days."""
        is_percentage = result.code != AVERAGE_CODE
        rate = result.rate
        if rate is not None and is_percentage:
            rate *= 100
        return {
            "company_id": company_id,
            "sequence": sequence,
            "code": result.code,
            "name": result.name,
            "numerator": result.numerator,
            "denominator": result.denominator,
            "rate": rate or 0.0,
            "is_percentage": is_percentage,
            "points": result.points,
            "max_points": result.max_points,
        }

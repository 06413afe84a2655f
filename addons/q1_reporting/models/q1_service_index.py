from odoo import api, fields, models
from odoo.exceptions import ValidationError


class Q1ServiceIndex(models.Model):
    """A Decision 766/QĐ-TTg sub-index computed from the dossiers, with its weight.

    Maxima and thresholds are those reconciled with the national portal's charts in 2026 (legal-2025-regime.md
    §5); several are UNCONFIRMED, so they are data a manager can correct. Below the threshold the points are
    rate × maximum / threshold; without a threshold they are proportional to the rate.
    """

    _name = "q1.service.index"
    _description = "Service Quality Index"
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    code = fields.Char(required=True, readonly=True)
    name = fields.Char(required=True, translate=True)
    max_points = fields.Float(string="Maximum Points", digits=(16, 2), help="0: shown, not scored.")
    threshold = fields.Float(
        string="Full Marks at",
        digits=(16, 2),
        help="Rate (0 to 1) from which the index gets its maximum; 0 when the points are proportional to the rate.",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [("code_uniq", "unique(code)", "The code of an index must be unique.")]

    @api.constrains("max_points", "threshold")
    def _check_weights(self):
        for index in self:
            if index.max_points < 0 or not 0 <= index.threshold <= 1:
                raise ValidationError(
                    self.env._(
                        "Index %(code)s: points must not be negative and the threshold must lie between 0 and 1.",
                        code=index.code,
                    )
                )

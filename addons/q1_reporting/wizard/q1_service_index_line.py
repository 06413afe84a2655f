from odoo import fields, models


class Q1ServiceIndexLine(models.TransientModel):
    """A Decision 766/QĐ-TTg sub-index of one unit, computed on the report wizard."""

    _name = "q1.service.index.line"
    _inherit = ["q1.service.index.values"]
    _description = "Service Index Result"
    _order = "company_id, sequence"

    wizard_id = fields.Many2one("q1.handling.report.wizard", required=True, ondelete="cascade")

from odoo import fields, models


class Q1HandlingColumn(models.Model):
    """A column of the statutory handling table (or one of its three column groups).

    Dossiers are grouped by these records in pivots, so that the columns come in the order of the official form
    (a many2one groups in its comodel's order) and each cell opens exactly the dossiers it counts.
    """

    _name = "q1.handling.column"
    _description = "Column of the Handling Report"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, readonly=True)
    sequence = fields.Integer(default=10)
    section_id = fields.Many2one("q1.handling.column", string="Column Group", ondelete="restrict")

    _sql_constraints = [("code_uniq", "unique(code)", "The code of a report column must be unique.")]

from odoo import fields, models


class Q1HandlingColumn(models.Model):
    """A column of the statutory handling table (or one of its three column groups).

    Dossiers are grouped by these records in pivots, so that the columns come in the order of the official form
    (a many2one groups in its comodel's order) and each cell opens exactly the dossiers it counts. The records are
    created in the form's order and ordered by id: ordering by another column would make every grouped query
    join this table before aggregating a million rows.
    """

    _name = "q1.handling.column"
    _description = "Column of the Handling Report"
    _order = "id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, readonly=True)
    section_id = fields.Many2one("q1.handling.column", string="Column Group", ondelete="restrict")

    _sql_constraints = [("code_uniq", "unique(code)", "The code of a report column must be unique.")]

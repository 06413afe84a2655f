from odoo import api, fields, models


class Q1IsoClause(models.Model):
    """A clause of TCVN ISO 9001:2015 (4 context … 10.3 continual improvement) with the question an internal audit
    asks about it: the checklist by clause. Data shipped with the addon (data/q1_iso_clause_data.xml), translated."""

    _name = "q1.iso.clause"
    _description = "ISO 9001 Clause"
    _order = "sequence, id"
    _rec_names_search = ["code", "name"]

    code = fields.Char(required=True, index=True)
    name = fields.Char(string="Title", required=True, translate=True)
    question = fields.Text(string="Audit Question", required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _sql_constraints = [("q1_iso_clause_code_unique", "unique(code)", "Each clause of the standard is listed once.")]

    @api.depends("code", "name")
    def _compute_display_name(self):
        for clause in self:
            clause.display_name = f"{clause.code} {clause.name}" if clause.code else clause.name

from odoo import fields, models


class Q1Field(models.Model):
    """A field of law (lĩnh vực) as published in the national procedure catalogue."""

    _name = "q1.field"
    _description = "Field of Law"
    _order = "sequence, name"

    name = fields.Char(required=True)
    code = fields.Char()
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    procedure_ids = fields.One2many("q1.procedure", "field_id", string="Procedures")
    procedure_count = fields.Integer(compute="_compute_procedure_count")

    _sql_constraints = [("code_uniq", "unique(code)", "The code of a field of law must be unique.")]

    def _compute_procedure_count(self):
        counts = dict(self.env["q1.procedure"]._read_group([("field_id", "in", self.ids)], ["field_id"], ["__count"]))
        for field in self:
            field.procedure_count = counts.get(field, 0)

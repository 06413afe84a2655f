from odoo import fields, models

from ..core import validation


class Q1Field(models.Model):
    """A field of law (lĩnh vực) as published in the national procedure catalogue."""

    _name = "q1.field"
    _description = "Field of Law"
    _q1_text_limits = {"name": validation.NAME_MAX_LENGTH, "code": validation.CODE_MAX_LENGTH}
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

    def _q1_clean_vals(self, vals):
        vals = super()._q1_clean_vals(vals)
        vals = self._q1_apply(vals, "name", validation.clean_text, validation.NAME_MAX_LENGTH, True)
        return self._q1_apply(vals, "code", validation.clean_text, validation.CODE_MAX_LENGTH)

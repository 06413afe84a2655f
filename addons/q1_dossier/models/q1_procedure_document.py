from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..core import validation


class Q1ProcedureDocument(models.Model):
    """A component of the dossier a procedure requires (thành phần hồ sơ)."""

    _name = "q1.procedure.document"
    _description = "Required Document"
    _q1_text_limits = {"name": validation.TITLE_MAX_LENGTH}
    _order = "sequence, id"

    procedure_id = fields.Many2one("q1.procedure", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    original_count = fields.Integer(string="Originals", default=1)
    copy_count = fields.Integer(string="Copies", default=0)
    is_required = fields.Boolean(string="Required", default=True)
    note = fields.Char()

    @api.constrains("original_count", "copy_count")
    def _check_counts(self):
        for document in self:
            if (
                document.original_count < 0
                or document.copy_count < 0
                or not (document.original_count + document.copy_count)
            ):
                raise ValidationError(
                    self.env._("Document %s: give how many originals and/or copies are handed in.", document.name)
                )

    def _q1_clean_vals(self, vals):
        vals = super()._q1_clean_vals(vals)
        vals = self._q1_apply(vals, "name", validation.clean_text, validation.TITLE_MAX_LENGTH, True)
        for name in ("original_count", "copy_count"):
            vals = self._q1_apply(
                vals, name, lambda value: validation.check_integer(value or 0, 0, validation.MAX_DOCUMENT_COUNT)
            )
        return vals

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class Q1ProcedureDocument(models.Model):
    """A component of the dossier a procedure requires (thành phần hồ sơ)."""

    _name = "q1.procedure.document"
    _description = "Required Document"
    _inherit = "q1.document.line"
    _order = "sequence, id"

    procedure_id = fields.Many2one("q1.procedure", required=True, ondelete="cascade", index=True)

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

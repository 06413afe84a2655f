from odoo import fields, models

from ..core import validation


class Q1DocumentLine(models.AbstractModel):
    """A component of a dossier (thành phần hồ sơ): its name, how many originals and copies, whether it is required.

    A procedure lists the components it requires (``q1.procedure.document``); at the counter a dossier copies them
    into its checklist (``q1.dossier.document``), which keeps them as they were that day whatever the procedure
    later becomes. Both are this line, with the same rules for what is typed in.
    """

    _name = "q1.document.line"
    _description = "Dossier Component"
    _q1_text_limits = {"name": validation.TITLE_MAX_LENGTH}
    _order = "sequence, id"

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    original_count = fields.Integer(string="Originals", default=1)
    copy_count = fields.Integer(string="Copies", default=0)
    is_required = fields.Boolean(string="Required", default=True)
    note = fields.Char()

    def _q1_clean_vals(self, vals):
        vals = super()._q1_clean_vals(vals)
        vals = self._q1_apply(vals, "name", validation.clean_text, validation.TITLE_MAX_LENGTH, True)
        for name in ("original_count", "copy_count"):
            vals = self._q1_apply(
                vals, name, lambda value: validation.check_integer(value or 0, 0, validation.MAX_DOCUMENT_COUNT)
            )
        return vals

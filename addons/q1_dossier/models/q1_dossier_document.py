from odoo import fields, models

from ..core import validation


class Q1DossierDocument(models.Model):
    """One line of the reception checklist: a required document and whether it was handed in."""

    _name = "q1.dossier.document"
    _description = "Dossier Document"
    _q1_text_limits = {"name": validation.TITLE_MAX_LENGTH}
    _order = "sequence, id"

    dossier_id = fields.Many2one("q1.dossier", required=True, ondelete="cascade", index=True)
    procedure_document_id = fields.Many2one("q1.procedure.document", ondelete="set null")
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    original_count = fields.Integer(string="Originals", default=1)
    copy_count = fields.Integer(string="Copies", default=0)
    is_required = fields.Boolean(string="Required", default=True)
    is_received = fields.Boolean(string="Handed In")
    note = fields.Char()

    def onchange(self, values, field_names, fields_spec):
        self.env["q1.dossier"]._check_dossier_ref(values.get("dossier_id"))  # a new row names its dossier
        return super().onchange(values, field_names, fields_spec)

    def _q1_clean_vals(self, vals):
        vals = super()._q1_clean_vals(vals)
        vals = self._q1_apply(vals, "name", validation.clean_text, validation.TITLE_MAX_LENGTH, True)
        for name in ("original_count", "copy_count"):
            vals = self._q1_apply(
                vals, name, lambda value: validation.check_integer(value or 0, 0, validation.MAX_DOCUMENT_COUNT)
            )
        return vals

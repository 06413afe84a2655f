from odoo import fields, models


class Q1DossierDocument(models.Model):
    """One line of the reception checklist: a required document and whether it was handed in."""

    _name = "q1.dossier.document"
    _description = "Dossier Document"
    _inherit = "q1.document.line"
    _order = "sequence, id"

    dossier_id = fields.Many2one("q1.dossier", required=True, ondelete="cascade", index=True)
    procedure_document_id = fields.Many2one("q1.procedure.document", ondelete="set null")
    is_received = fields.Boolean(string="Handed In")

    def onchange(self, values, field_names, fields_spec):
        self.env["q1.dossier"]._check_dossier_ref(values.get("dossier_id"))  # a new row names its dossier
        return super().onchange(values, field_names, fields_spec)

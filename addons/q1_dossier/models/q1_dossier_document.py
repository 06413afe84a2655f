from odoo import fields, models


class Q1DossierDocument(models.Model):
    """One line of the reception checklist: a required document and whether it was handed in."""

    _name = "q1.dossier.document"
    _description = "Dossier Document"
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

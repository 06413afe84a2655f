from odoo import fields, models


class Q1ProcedureDocument(models.Model):
    """A procedure's required document names the kind of document it is, when it is one a ward may hold digitised
    in the citizen's record: the checklist of each dossier copies it, and reception then offers what is held."""

    _inherit = "q1.procedure.document"

    kind_id = fields.Many2one(
        "q1.document.kind",
        string="Kind of Document",
        ondelete="restrict",
        help="The kind of document this is, when a ward may keep it digitised in the citizen's record: reception "
        "then offers the applicant's valid document of this kind already held instead of asking for it again.",
    )

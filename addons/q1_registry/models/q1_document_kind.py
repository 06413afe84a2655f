from odoo import fields, models

from odoo.addons.q1_dossier.core import validation

from ..core.citizen_records import MAX_VALIDITY_MONTHS


class Q1DocumentKind(models.Model):
    """A kind of document a citizen hands in and a ward may keep digitised (căn cước, giấy khai sinh, hợp đồng
    thuê nhà...): the key that ties a procedure's required document to the documents already held in the citizen's
    record. A shared catalogue, as the procedures are: the same kinds in every ward."""

    _name = "q1.document.kind"
    _description = "Kind of Document"
    _order = "sequence, name, id"

    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    validity_months = fields.Integer(
        string="Usual Validity (months)",
        default=0,
        help="How long a document of this kind usually stays valid from its issue date, in months; 0: it does not "
        "expire (or the date is written on the document). Used when the document's own end of validity is not "
        "typed in.",
    )
    note = fields.Char(translate=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [("code_unique", "unique(code)", "Each kind of document has its own code.")]

    def _q1_clean_vals(self, vals):
        vals = super()._q1_clean_vals(vals)
        vals = self._q1_apply(vals, "name", validation.clean_text, validation.TITLE_MAX_LENGTH, True)
        vals = self._q1_apply(vals, "code", validation.clean_text, 32, True)
        return self._q1_apply(vals, "validity_months", validation.check_integer, 0, MAX_VALIDITY_MONTHS)

from odoo import api, fields, models
from odoo.exceptions import UserError

ANSWERS = [("satisfied", "Satisfied"), ("not_satisfied", "Not satisfied")]


class Q1DossierRatingAnswer(models.Model):
    """The citizen's answer to one rating item (``q1.rating.item``, Decree 118/2025 Art. 33(1)) for a returned
    dossier, given with the overall rating on the lookup page. One answer per dossier and item, written once by
    the system (``_q1_record``); read by the officers of the dossier's units, written by nobody."""

    _name = "q1.dossier.rating.answer"
    _description = "Rating Item Answer"
    _order = "dossier_id, sequence, id"

    dossier_id = fields.Many2one("q1.dossier", required=True, readonly=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="dossier_id.company_id", string="Unit", store=True, index=True)
    deciding_company_id = fields.Many2one(
        related="dossier_id.deciding_company_id", string="Deciding Unit", store=True, index=True
    )
    item_id = fields.Many2one("q1.rating.item", required=True, readonly=True, ondelete="restrict")
    sequence = fields.Integer(related="item_id.sequence", store=True)
    answer = fields.Selection(ANSWERS, required=True, readonly=True)
    answered_at = fields.Datetime(readonly=True)

    _sql_constraints = [("dossier_item_uniq", "unique(dossier_id, item_id)", "Each item is answered once per dossier.")]

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise UserError(self.env._("The citizen answers the rating items on the lookup page."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            raise UserError(self.env._("A citizen's answer to a rating item cannot be changed."))
        return super().write(vals)

    @api.model
    def _q1_record(self, dossier, answers, when):
        """Store ``answers`` ({item: 'satisfied'|'not_satisfied'}) of ``dossier``, only items it has not answered;
        unknown values are left out."""
        done = set(self.sudo().search([("dossier_id", "=", dossier.id)]).mapped("item_id").ids)
        vals = [
            {"dossier_id": dossier.id, "item_id": item.id, "answer": answer, "answered_at": when}
            for item, answer in answers.items()
            if item.id not in done and answer in dict(ANSWERS)
        ]
        return self.sudo().create(vals) if vals else self.browse()

from odoo import fields, models

from odoo.addons.q1_dossier.core import validation


class Q1RatingItem(models.Model):
    """An item the citizen rates when the result is returned (Decree 118/2025 Art. 33(1)(a)-(i): time against the
    law, agencies contacted, number of contacts, accuracy of published information, officer attitude, lawfulness
    and cost, answers to feedback, online service, other). Data, so that a later text changes no code; shared by
    every unit on purpose (one questionnaire for the province's statistics). The dossier's three-level rating stays
    the overall answer; each item is answered satisfied / not satisfied."""

    _name = "q1.rating.item"
    _description = "Rating Item"
    _order = "sequence, id"
    _q1_text_limits = {"name": validation.TITLE_MAX_LENGTH, "code": validation.CODE_MAX_LENGTH}

    sequence = fields.Integer(default=10)
    code = fields.Char(required=True, help="The point of Art. 33(1): a, b, ... i.")
    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [("code_uniq", "unique(code)", "The code of a rating item must be unique.")]

    def _q1_clean_vals(self, vals):
        vals = super()._q1_clean_vals(vals)
        vals = self._q1_apply(vals, "name", validation.clean_text, validation.TITLE_MAX_LENGTH, True)
        return self._q1_apply(vals, "code", validation.clean_text, validation.CODE_MAX_LENGTH, True)

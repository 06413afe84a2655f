from odoo import fields, models

from odoo.addons.q1_dossier.core import validation


class Q1FeedbackCategory(models.Model):
    """What a citizens' feedback is about (attitude, time, fees, procedure rules, other): data the unit's
    managers maintain. Shared by every unit on purpose: one classification for the statistics of all wards."""

    _name = "q1.feedback.category"
    _description = "Feedback Category"
    _order = "sequence, id"
    _q1_text_limits = {"name": validation.NAME_MAX_LENGTH, "code": validation.CODE_MAX_LENGTH}

    sequence = fields.Integer(default=10)
    code = fields.Char(required=True)
    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [("code_uniq", "unique(code)", "The code of a feedback category must be unique.")]

    def _q1_clean_vals(self, vals):
        vals = super()._q1_clean_vals(vals)
        vals = self._q1_apply(vals, "name", validation.clean_text, validation.NAME_MAX_LENGTH, True)
        return self._q1_apply(vals, "code", validation.clean_text, validation.CODE_MAX_LENGTH, True)

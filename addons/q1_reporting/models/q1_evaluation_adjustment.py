from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.q1_dossier.core import validation

from .q1_evaluation_sheet import TASK_MAX


class Q1EvaluationAdjustment(models.Model):
    """A documented change to the task points of a sheet, with its reason and author (posted on the sheet).

    Bounds: at most the task maximum (70 points) either way, so one adjustment can take the task points from
    anywhere to anywhere in 0..70 and no further; the sheet's task points stay clamped to 0..70 whatever the sum.
    The author is the user who adds it, whatever the request says.
    """

    _name = "q1.evaluation.adjustment"
    _description = "Evaluation Adjustment"
    _order = "create_date, id"

    sheet_id = fields.Many2one("q1.evaluation.sheet", required=True, ondelete="cascade", index=True)
    points = fields.Float(required=True, digits=(16, 2), help="Task points added (negative: removed).")
    reason = fields.Text(required=True)
    author_id = fields.Many2one("res.users", default=lambda self: self.env.user, readonly=True, required=True)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            vals_list = [dict(vals, author_id=self.env.user.id) for vals in vals_list]
        adjustments = super().create(vals_list)
        for adjustment in adjustments:
            sheet = adjustment.sheet_id
            if not self.env.su and not sheet._is_evaluator():
                raise AccessError(self.env._("Only the officer's manager, HR or the unit leader adjusts a sheet."))
            if sheet.state == "approved":
                raise UserError(self.env._("Sheet %s is approved and locked.", sheet.employee_id.name))
            if not (adjustment.reason or "").strip():
                raise UserError(self.env._("Give the reason of the adjustment."))
            sheet.message_post(
                body=Markup("%s <b>%+.2f</b>: %s")
                % (self.env._("Task points adjusted"), adjustment.points, adjustment.reason),
                subtype_xmlid="mail.mt_note",
            )
        return adjustments

    def write(self, vals):
        if self:
            raise UserError(self.env._("An adjustment is never changed; add another one with its reason."))
        return super().write(vals)

    def _q1_clean_vals(self, vals):
        vals = super()._q1_clean_vals(vals)
        vals = self._q1_apply(vals, "points", lambda value: validation.check_number(value or 0, -TASK_MAX, TASK_MAX))
        return self._q1_apply(vals, "reason", validation.clean_text, validation.TEXT_MAX_LENGTH, True, True)

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("An adjustment is never deleted; add another one with its reason."))

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError


class Q1EvaluationAdjustment(models.Model):
    """A documented change to the task points of a sheet, with its reason and author (posted on the sheet)."""

    _name = "q1.evaluation.adjustment"
    _description = "Evaluation Adjustment"
    _order = "create_date, id"

    sheet_id = fields.Many2one("q1.evaluation.sheet", required=True, ondelete="cascade", index=True)
    points = fields.Float(required=True, digits=(16, 2), help="Task points added (negative: removed).")
    reason = fields.Text(required=True)
    author_id = fields.Many2one("res.users", default=lambda self: self.env.user, readonly=True, required=True)

    @api.model_create_multi
    def create(self, vals_list):
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

    @api.ondelete(at_uninstall=False)
    def _unlink_never(self):
        raise UserError(self.env._("An adjustment is never deleted; add another one with its reason."))

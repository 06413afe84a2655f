from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .q1_quality_unit_caller import Q1QualityUnitCaller


class MgmtsystemReviewLine(Q1QualityUnitCaller, models.Model):
    """A decision of the management review (ISO 9001 clause 9.3.3): what was decided, who carries it out and by
    when, possibly tied to an action or a nonconformity (OCA's line). Part of the minutes: fixed once the review
    is closed."""

    _inherit = "mgmtsystem.review.line"

    type = fields.Selection(selection_add=[("decision", "Decision")], ondelete={"decision": "set null"})
    q1_owner_id = fields.Many2one("res.users", string="Responsible")
    q1_due_date = fields.Date(string="Due Date")

    @api.constrains("q1_owner_id", "review_id")
    def _check_q1_owner(self):
        for line in self.sudo():
            unit = line.review_id.company_id
            if line.q1_owner_id and unit and unit not in line.q1_owner_id.company_ids:
                raise ValidationError(
                    self.env._("%(user)s is not an officer of %(unit)s.", user=line.q1_owner_id.name, unit=unit.name)
                )

    def _q1_check_open(self, reviews):
        if self.env.su:
            return
        if any(review.state == "done" for review in reviews.sudo()):
            raise UserError(self.env._("A closed review is a record: its minutes and figures do not change."))

    @api.model_create_multi
    def create(self, vals_list):
        Review = self.env["mgmtsystem.review"]
        for vals in vals_list:
            self._q1_input_check(vals)
            review = Review.browse(vals.get("review_id"))
            if review:
                self._q1_check_open(review)
                vals["company_id"] = review.sudo().company_id.id
        return super().create(vals_list)

    def write(self, vals):
        self._q1_input_check(vals)
        self._q1_check_open(self.mapped("review_id"))
        if not self.env.su and ({"review_id", "company_id"} & set(vals)):
            raise UserError(self.env._("A decision stays in its review."))
        return super().write(vals)

    def unlink(self):
        self._q1_check_open(self.mapped("review_id"))
        return super().unlink()

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..core.objectives import worst
from .q1_quality_unit_caller import APPROVER, ISO_SECRETARY, Q1QualityUnitCaller

STATUS = [("met", "Met"), ("at_risk", "At risk"), ("missed", "Missed"), ("no_data", "No data")]


class MgmtsystemObjective(Q1QualityUnitCaller, models.Model):
    """A quality objective of a unit for a year (ISO 9001 6.2): OCA's objective with its unit, its year and the way
    its months are cut (calendar months, or the statutory 15th-14th windows of q1_reporting.core.periods). Its
    indicators are measured from the record (mgmtsystem_indicator.py)."""

    _inherit = "mgmtsystem.objective"
    _q1_facts = frozenset({"company_id", "q1_year", "q1_convention", "q1_status"})

    company_id = fields.Many2one(
        "res.company",
        string="Unit",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        domain="[('id', 'in', allowed_company_ids)]",
    )
    q1_year = fields.Integer(
        string="Year", required=True, default=lambda self: fields.Date.context_today(self).year, index=True
    )
    q1_convention = fields.Selection(
        [("calendar", "Calendar months"), ("cutoff", "Cut-off (15th to 14th)")],
        string="Months",
        required=True,
        default="calendar",
        help="Calendar: each month's value counts the calendar month. Cut-off: the statutory reporting windows "
        "of Decree 09/2019/NĐ-CP, from the 15th of the month before to the 14th.",
    )
    q1_status = fields.Selection(
        STATUS,
        string="Year Status",
        compute="_compute_q1_status",
        store=True,
        help="The worst year status of its measured indicators.",
    )

    @api.depends("indicator_ids.q1_year_status", "indicator_ids.q1_measure", "indicator_ids.state")
    def _compute_q1_status(self):
        for objective in self:
            measured = objective.indicator_ids.filtered(lambda i: i.q1_measure and i.state != "cancelled")
            objective.q1_status = worst(measured.mapped("q1_year_status"))

    @api.constrains("q1_year")
    def _check_q1_year(self):
        for objective in self:
            if not 2000 <= objective.q1_year <= 2100:
                raise ValidationError(self.env._("The year of an objective must lie between 2000 and 2100."))

    @api.constrains("company_id")
    def _check_q1_unit(self):
        for objective in self:
            objective._q1_check_user_unit(objective.company_id)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._q1_input_check(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._q1_check_facts(vals)
        self._q1_input_check(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _q1_unlink_except_closed(self):
        """An objective with a closed month is a record of the system: kept. Otherwise its indicators and their
        computed months go with it."""
        values = self.sudo().indicator_ids.value_ids
        if not self.env.su and values.filtered(lambda v: v.state == "posted"):
            raise UserError(
                self.env._("An objective with a closed month is a record of the quality system: it cannot be deleted.")
            )
        self.sudo().indicator_ids.unlink()

    def action_q1_recompute(self):
        """Recompute the open months of every measured indicator from the record (unit leaders and the ISO
        secretary of the objective's unit)."""
        self._q1_check_caller(APPROVER, ISO_SECRETARY)
        self.sudo().indicator_ids._q1_recompute()
        return True

    @api.model
    def _q1_cron_recompute(self):
        """The daily pass: the objectives of this year and of last year (whose December closes in January)
        recompute their open months and close those past the closing delay."""
        year = fields.Date.context_today(self).year
        objectives = self.sudo().search([("q1_year", "in", [year - 1, year])])
        objectives.indicator_ids._q1_recompute(close=True)

from datetime import date

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.q1_reporting.core.periods import report_window

from ..core.objectives import status as core_status
from .mgmtsystem_objective import STATUS
from .q1_quality_measure import MEASURES, PERCENT_MEASURES
from .q1_quality_unit_caller import APPROVER, ISO_SECRETARY, Q1QualityUnitCaller

# Calendar days after the end of a month's window after which the daily pass closes the month (a setting).
CLOSE_DAYS_PARAM = "q1_quality.objective_close_days"
CLOSE_DAYS_DEFAULT = 10
# What a measured indicator's target is made of: fixed once one of its months is closed.
TARGET_FIELDS = ("q1_measure", "q1_target", "q1_direction", "q1_margin", "objective_id")


class MgmtsystemIndicator(Q1QualityUnitCaller, models.Model):
    """An indicator of a quality objective measured from the record: a measure of the registry
    (``q1.quality.measure``), a target with its direction (at least / at most) and an "at risk" margin; its values
    are the twelve months of the objective's year (mgmtsystem_indicator_value.py), computed for the open months and
    kept once closed; its year value is the measure over the months counted so far."""

    _inherit = "mgmtsystem.indicator"
    _q1_facts = frozenset(
        {"q1_year_value", "q1_year_numerator", "q1_year_denominator", "q1_year_status", "q1_year_closed"}
    )

    company_id = fields.Many2one(related="objective_id.company_id", store=True, index=True, string="Unit")
    q1_year = fields.Integer(related="objective_id.q1_year", store=True, string="Year")
    q1_measure = fields.Selection(
        MEASURES,
        string="Measure",
        help="What the record computes for each month. Without a measure, the values are entered by hand.",
    )
    q1_target = fields.Float(string="Target", digits=(16, 2))
    q1_direction = fields.Selection(
        [("min", "At least"), ("max", "At most")], string="Direction", default="min", required=True
    )
    q1_margin = fields.Float(
        string="At-Risk Margin",
        digits=(16, 2),
        help="A value that reaches the target by less than this margin (in the measure's unit: percentage points "
        "or days) is 'at risk'.",
    )
    q1_is_percent = fields.Boolean(string="Percentage", compute="_compute_q1_is_percent")
    q1_year_value = fields.Float(string="Year Value", digits=(16, 2), readonly=True)
    q1_year_numerator = fields.Float(string="Year Numerator", digits=(16, 2), readonly=True)
    q1_year_denominator = fields.Float(string="Year Denominator", digits=(16, 2), readonly=True)
    q1_year_status = fields.Selection(STATUS, string="Year Status", readonly=True, default="no_data")
    q1_year_closed = fields.Boolean(
        string="Year Closed", readonly=True, help="All twelve months are closed: the year value no longer changes."
    )
    q1_month_value_id = fields.Many2one(
        "mgmtsystem.indicator.value", string="This Month", compute="_compute_q1_month_value"
    )
    q1_month_value = fields.Float(string="This Month's Value", compute="_compute_q1_month_value", digits=(16, 2))
    q1_month_status = fields.Selection(STATUS, string="This Month's Status", compute="_compute_q1_month_value")

    @api.depends("q1_measure")
    def _compute_q1_is_percent(self):
        for indicator in self:
            indicator.q1_is_percent = indicator.q1_measure in PERCENT_MEASURES

    @api.depends_context("date")
    @api.depends("value_ids.q1_month", "value_ids.value", "value_ids.q1_status")
    def _compute_q1_month_value(self):
        today = fields.Date.context_today(self)
        for indicator in self:
            values = indicator.value_ids.filtered(lambda v: v.q1_month and v.q1_date_from <= today)
            current = values.sorted("q1_month")[-1:] if values else values
            indicator.q1_month_value_id = current
            indicator.q1_month_value = current.value
            indicator.q1_month_status = current.q1_status or "no_data"

    @api.constrains("q1_target", "q1_measure", "q1_margin")
    def _check_q1_target(self):
        for indicator in self:
            if indicator.q1_target < 0 or (indicator.q1_measure in PERCENT_MEASURES and indicator.q1_target > 100):
                raise ValidationError(
                    self.env._("The target of a rate lies between 0 and 100 %; a number of days is not negative.")
                )
            if indicator.q1_measure == "average_days" and indicator.q1_target > 365:
                raise ValidationError(self.env._("An average handling time above 365 days is not a target."))
            if not 0 <= indicator.q1_margin <= 100:
                raise ValidationError(self.env._("The at-risk margin lies between 0 and 100."))

    @api.model
    def _q1_target_vals(self, vals):
        """OCA's minimum / maximum target, kept equal to ours so that OCA's "On Target?" agrees."""
        if "q1_target" in vals or "q1_direction" in vals:
            direction = vals.get("q1_direction") or "min"
            target = vals.get("q1_target") or 0.0
            vals.update(
                {
                    "has_min_target": direction == "min",
                    "min_target_value": target if direction == "min" else 0.0,
                    "has_max_target": direction == "max",
                    "max_target_value": target if direction == "max" else 0.0,
                }
            )
        return vals

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._q1_input_check(vals)
            self._q1_target_vals(vals)
            if vals.get("q1_measure"):
                vals.setdefault("frequency", "monthly")
        return super().create(vals_list)

    def write(self, vals):
        self._q1_check_facts(vals)
        self._q1_input_check(vals)
        if set(vals) & set(TARGET_FIELDS) and not self.env.su:
            closed = self.value_ids.filtered(lambda v: v.state == "posted" and v.q1_month)
            if closed:
                raise UserError(
                    self.env._(
                        "The measure and target of an indicator cannot change once one of its months is closed; "
                        "set a new indicator instead."
                    )
                )
        if "q1_target" in vals or "q1_direction" in vals:
            for indicator in self:
                own = {
                    "q1_target": vals.get("q1_target", indicator.q1_target),
                    "q1_direction": vals.get("q1_direction", indicator.q1_direction),
                }
                super(MgmtsystemIndicator, indicator).write(self._q1_target_vals(own))
        if "q1_measure" in vals:
            # the open months counted another measure: they go, the next count makes them again
            self.sudo().value_ids.filtered(lambda v: v.q1_month and v.state != "posted").unlink()
        result = super().write(vals)
        if {"q1_target", "q1_direction", "q1_margin"} & set(vals):
            self._q1_restate()
        return result

    def _q1_restate(self):
        """The statuses of the open months and of the year against a changed target (no month is closed: the
        target of an indicator with a closed month does not change)."""
        for indicator in self.sudo():
            for value in indicator.value_ids.filtered(lambda v: v.q1_month and v.state != "posted"):
                value.q1_status = indicator._q1_status(value.value if value.q1_has_data else None)
            if indicator.q1_measure and not indicator.q1_year_closed:
                has_year = bool(indicator.q1_year_denominator)
                indicator.q1_year_status = indicator._q1_status(indicator.q1_year_value if has_year else None)

    @api.ondelete(at_uninstall=False)
    def _q1_unlink_except_closed(self):
        """An indicator with a closed month is kept; its open computed months go with it."""
        values = self.sudo().value_ids
        if not self.env.su and values.filtered(lambda v: v.state == "posted"):
            raise UserError(
                self.env._("An indicator with a closed month is a record of the quality system: it cannot be deleted.")
            )
        values.unlink()

    def _q1_status(self, value):
        """Status of ``value`` (None: no data) against this indicator's target."""
        self.ensure_one()
        return core_status(value, self.q1_target, self.q1_direction, self.q1_margin)

    # ------------------------------------------------------------------ the values, from the record

    def action_q1_recompute(self):
        """Recompute the open months from the record (unit leaders and the ISO secretary of the unit)."""
        self._q1_check_caller(APPROVER, ISO_SECRETARY)
        self.sudo()._q1_recompute()
        return True

    def action_q1_open_values(self):
        """The indicator's months: list, trend graph and pivot."""
        self.ensure_one()
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id("q1_quality.q1_indicator_value_action")
        action["domain"] = [("indicator_id", "=", self.id)]
        action["context"] = {"default_indicator_id": self.id, "search_default_with_data": 1}
        return action

    @api.model
    def _q1_close_days(self):
        raw = self.env["ir.config_parameter"].sudo().get_param(CLOSE_DAYS_PARAM, CLOSE_DAYS_DEFAULT)
        try:
            return min(max(int(raw), 0), 366)
        except (TypeError, ValueError):
            return CLOSE_DAYS_DEFAULT

    def _q1_lock(self):
        """Row locks on the indicators being recomputed: two passes at once wait for each other (the second is
        retried by Odoo's serialisation-failure retry), so no month gets two values."""
        if self.ids:
            self.env.cr.execute("SELECT id FROM mgmtsystem_indicator WHERE id IN %s FOR UPDATE", [tuple(self.ids)])

    def _q1_recompute(self, today=None, close=False):
        """Compute each month of the year started by ``today`` (the context's date by default): an open month's
        value is (re)written; a closed month keeps its value and records the recount beside it (the difference
        is shown and logged, never applied silently). With ``close``, months whose window ended more than the
        closing delay ago are closed after their last count."""
        today = today or fields.Date.context_today(self)
        measured = self.filtered(lambda i: i.q1_measure and i.state != "cancelled")
        measured._q1_lock()
        Measure = self.env["q1.quality.measure"].with_context(q1_measure_cache={})
        Value = self.env["mgmtsystem.indicator.value"]
        close_days = self._q1_close_days()
        for indicator in measured:
            objective = indicator.objective_id
            year, convention = objective.q1_year, objective.q1_convention
            by_month = {value.q1_month: value for value in indicator.value_ids if value.q1_month}
            last_end = None
            for month in range(1, 13):
                start, end = report_window("month", year, month, convention)
                if start > today:
                    break
                last_end = min(end, today)
                result = Measure._q1_compute(indicator.q1_measure, objective.company_id, start, end)
                value = by_month.get(month)
                if value and value.state == "posted":
                    value._q1_recount(result)
                    continue
                vals = Value._q1_result_vals(indicator, result)
                if value:
                    value.write(vals)
                else:
                    value = Value.create(
                        {
                            **vals,
                            "indicator_id": indicator.id,
                            "q1_month": month,
                            "q1_date_from": start,
                            "q1_date_to": end,
                            "date": date(year, month, 1),
                        }
                    )
                if close and (today - end).days > close_days:
                    value._q1_close()
            indicator._q1_recompute_year(last_end)

    def _q1_recompute_year(self, last_end):
        """The year value: the measure from the first month's start to ``last_end`` (the last day counted)."""
        self.ensure_one()
        if self.q1_year_closed or last_end is None:
            return
        objective = self.objective_id
        start = report_window("month", objective.q1_year, 1, objective.q1_convention)[0]
        result = (
            self.env["q1.quality.measure"]
            .with_context(q1_measure_cache={})
            ._q1_compute(self.q1_measure, objective.company_id, start, last_end)
        )
        months = self.value_ids.filtered(lambda v: v.q1_month)
        self.sudo().write(
            {
                "q1_year_value": result["value"] or 0.0,
                "q1_year_numerator": result["numerator"],
                "q1_year_denominator": result["denominator"],
                "q1_year_status": self._q1_status(result["value"]),
                "q1_year_closed": len(months) == 12 and all(v.state == "posted" for v in months),
            }
        )

import json

from odoo import api, fields, models
from odoo.exceptions import UserError

from .mgmtsystem_objective import STATUS
from .q1_quality_unit_caller import APPROVER, ISO_SECRETARY, Q1QualityUnitCaller

# The figures of a measured month: written by the computation only (statistics are records).
RESULT_FIELDS = frozenset(
    {
        "value",
        "date",
        "state",
        "indicator_id",
        "q1_month",
        "q1_date_from",
        "q1_date_to",
        "q1_numerator",
        "q1_denominator",
        "q1_has_data",
        "q1_status",
        "q1_model",
        "q1_domain",
        "q1_numerator_domain",
        "q1_computed_at",
        "q1_closed_at",
        "q1_closed_by_id",
        "q1_recount_value",
        "q1_recount_numerator",
        "q1_recount_denominator",
        "q1_recount_at",
        "q1_recount_differs",
    }
)


class MgmtsystemIndicatorValue(Q1QualityUnitCaller, models.Model):
    """A month of a measured indicator: the value the registry computed for the month's window, its numerator and
    denominator, its status, and the records behind it (drill-down).

    Open month (OCA's state "draft"): recomputed from the record by the daily pass and the "Recompute" buttons.
    Closed month ("posted", by a leader or the ISO secretary, or by the daily pass once the closing delay after the
    window has passed): its value never changes; a later recount is stored beside it, and a difference is flagged
    on the value and logged on the indicator."""

    _inherit = "mgmtsystem.indicator.value"
    _order = "date desc, id desc"

    company_id = fields.Many2one(related="indicator_id.company_id", store=True, index=True, string="Unit")
    q1_measure = fields.Selection(related="indicator_id.q1_measure", store=True, string="Measure")
    q1_year = fields.Integer(related="indicator_id.q1_year", store=True, string="Year")
    q1_month = fields.Integer(string="Month", readonly=True)
    q1_date_from = fields.Date(string="Counted From", readonly=True)
    q1_date_to = fields.Date(string="Counted To", readonly=True)
    q1_numerator = fields.Float(string="Numerator", digits=(16, 2), readonly=True, aggregator="sum")
    q1_denominator = fields.Float(string="Denominator", digits=(16, 2), readonly=True, aggregator="sum")
    q1_has_data = fields.Boolean(string="Has Data", readonly=True)
    q1_status = fields.Selection(STATUS, string="Status", readonly=True, default="no_data")
    q1_model = fields.Char(string="Records Model", readonly=True)
    q1_domain = fields.Text(string="Records Domain", readonly=True)
    q1_numerator_domain = fields.Text(string="Numerator Domain", readonly=True)
    q1_computed_at = fields.Datetime(string="Computed On", readonly=True)
    q1_closed_at = fields.Datetime(string="Closed On", readonly=True)
    q1_closed_by_id = fields.Many2one("res.users", string="Closed By", readonly=True)
    q1_recount_value = fields.Float(string="Recount", readonly=True)
    q1_recount_numerator = fields.Float(string="Recount Numerator", digits=(16, 2), readonly=True)
    q1_recount_denominator = fields.Float(string="Recount Denominator", digits=(16, 2), readonly=True)
    q1_recount_at = fields.Datetime(string="Recounted On", readonly=True)
    q1_recount_differs = fields.Boolean(
        string="Recount Differs", readonly=True, help="The record now gives another figure than the closed one."
    )

    def init(self):
        res = super().init()
        # one value per indicator and month, also when two passes run at once
        self.env.cr.execute(
            "CREATE UNIQUE INDEX IF NOT EXISTS mgmtsystem_indicator_value_q1_month_uniq "
            "ON mgmtsystem_indicator_value (indicator_id, q1_month) WHERE q1_month IS NOT NULL"
        )
        return res

    @api.depends("value", "indicator_id", "q1_has_data", "q1_month")
    def _compute_value_state(self):
        res = super()._compute_value_state()
        for value in self:
            if value.q1_month and not value.q1_has_data:
                value.value_state = "no_target"
        return res

    # ------------------------------------------------------------------ writes: only the computation

    def _q1_measured(self, vals=None):
        indicator = self.indicator_id
        if vals and vals.get("indicator_id"):
            indicator = self.env["mgmtsystem.indicator"].sudo().browse(vals["indicator_id"])
        return bool(indicator.sudo().q1_measure) or any(self.mapped("q1_month"))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._q1_input_check(vals)
            if not self.env.su and (vals.get("q1_month") or self._q1_measured(vals)):
                raise UserError(
                    self.env._("The values of a measured indicator are computed from the record, not entered.")
                )
        return super().create(vals_list)

    def write(self, vals):
        self._q1_input_check(vals)
        if not self.env.su:
            if any(value._q1_measured() for value in self):
                self._q1_check_result_write(vals)
            elif "state" in vals or any(value.state == "posted" for value in self):
                raise UserError(self.env._("A closed value cannot be changed."))
        return super().write(vals)

    def _q1_check_result_write(self, vals):
        facts = sorted(name for name in vals if name in RESULT_FIELDS)
        if facts:
            labels = ", ".join(self._fields[name]._description_string(self.env) for name in facts)
            raise UserError(
                self.env._(
                    "%(fields)s of a measured value are computed from the record and cannot be written directly.",
                    fields=labels,
                )
            )

    @api.ondelete(at_uninstall=False)
    def _q1_unlink_except_statistics(self):
        if not self.env.su and any(value.state == "posted" or value._q1_measured() for value in self):
            raise UserError(self.env._("A measured or closed value is a statistic of record: it cannot be deleted."))

    # ------------------------------------------------------------------ computation

    @api.model
    def _q1_result_vals(self, indicator, result):
        value = result["value"]
        return {
            "value": round(value, 4) if value is not None else 0.0,
            "q1_numerator": result["numerator"],
            "q1_denominator": result["denominator"],
            "q1_has_data": value is not None,
            "q1_status": indicator._q1_status(value),
            "q1_model": result["model"],
            "q1_domain": json.dumps(result["domain"]),
            "q1_numerator_domain": json.dumps(result.get("numerator_domain") or result["domain"]),
            "q1_computed_at": fields.Datetime.now(),
            "q1_recount_differs": False,
        }

    def _q1_recount(self, result):
        """A closed month counted again: the recount is kept beside the closed figure; a new difference is logged
        on the indicator."""
        self.ensure_one()
        value = round(result["value"], 4) if result["value"] is not None else 0.0
        differs = (
            abs(value - self.value) > 1e-6
            or result["numerator"] != self.q1_numerator
            or result["denominator"] != self.q1_denominator
        )
        if differs and not (self.q1_recount_differs and abs(self.q1_recount_value - value) <= 1e-6):
            self.indicator_id.sudo().message_post(
                body=self.env._(
                    "Month %(month)s (closed at %(closed)s): the record now gives %(recount)s (%(num)s / %(den)s).",
                    month=self.q1_month,
                    closed=round(self.value, 2),
                    recount=round(value, 2),
                    num=result["numerator"],
                    den=result["denominator"],
                )
            )
        self.sudo().write(
            {
                "q1_recount_value": value,
                "q1_recount_numerator": result["numerator"],
                "q1_recount_denominator": result["denominator"],
                "q1_recount_at": fields.Datetime.now(),
                "q1_recount_differs": differs,
            }
        )

    def _q1_close(self):
        """Close the months: their value is final (OCA's "posted")."""
        self.filtered(lambda v: v.state != "posted").sudo().write(
            {"state": "posted", "q1_closed_at": fields.Datetime.now(), "q1_closed_by_id": self.env.uid}
        )

    def post(self):
        """Close the months (OCA's "Post"): a leader or the ISO secretary of the unit; an open measured month is
        counted once more first, so the closed figure is the record's at closing."""
        self._q1_check_caller(APPROVER, ISO_SECRETARY)
        values = self.sudo()
        today = fields.Date.context_today(self)
        running = values.filtered(lambda v: v.q1_month and v.state != "posted" and v.q1_date_to >= today)
        if running:
            raise UserError(
                self.env._(
                    "Month %(month)s runs until %(end)s: it can be closed once it has ended.",
                    month=running[0].q1_month,
                    end=running[0].q1_date_to.strftime("%d/%m/%Y"),
                )
            )
        open_measured = values.filtered(lambda v: v.state != "posted" and v.q1_month and v.indicator_id.q1_measure)
        Measure = self.env["q1.quality.measure"].sudo()
        for value in open_measured:
            indicator = value.indicator_id
            result = Measure._q1_compute(
                indicator.q1_measure, indicator.company_id, value.q1_date_from, value.q1_date_to
            )
            value.write(self._q1_result_vals(indicator, result))
        values._q1_close()
        return True

    # ------------------------------------------------------------------ drill-down

    def _q1_records_action(self, domain_field):
        self.ensure_one()
        self.check_access("read")
        value = self.sudo()
        if not value.q1_model or value.q1_model not in self.env:
            raise UserError(self.env._("This value was entered by hand: no records behind it."))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._(
                "%(indicator)s, month %(month)s", indicator=value.indicator_id.name, month=value.q1_month
            ),
            "res_model": value.q1_model,
            "domain": json.loads(value[domain_field] or "[]"),
            "view_mode": "list,form",
            "target": "current",
            "context": {"create": False},
        }

    def action_q1_open_records(self):
        """The records the month's figure counts (its denominator)."""
        return self._q1_records_action("q1_domain")

    def action_q1_open_numerator(self):
        """The records the month's numerator counts (e.g. the dossiers resolved on time)."""
        return self._q1_records_action("q1_numerator_domain")

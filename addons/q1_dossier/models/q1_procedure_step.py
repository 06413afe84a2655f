from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..core import validation
from ..core.process import budgets_fit


class Q1ProcedureStep(models.Model):
    """One step of a procedure's internal process (quy trình nội bộ), with its time budget and its owner."""

    _name = "q1.procedure.step"
    _description = "Internal Process Step"
    _q1_text_limits = {"name": validation.TITLE_MAX_LENGTH}
    _order = "procedure_id, sequence, id"

    procedure_id = fields.Many2one("q1.procedure", required=True, ondelete="cascade", index=True)
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    stage_id = fields.Many2one(
        "q1.dossier.stage",
        string="Kanban Stage",
        required=True,
        ondelete="restrict",
        domain="[('status', '=', 'processing')]",
        default=lambda self: self.env["q1.dossier.stage"]._for_status("processing"),
    )
    department_id = fields.Many2one("hr.department", string="Responsible Department", ondelete="set null")
    group_id = fields.Many2one("res.groups", string="Responsible Role", ondelete="set null")
    time_budget = fields.Float(required=True, default=1.0)
    time_unit = fields.Selection([("day", "Working days"), ("hour", "Working hours")], required=True, default="day")

    @api.constrains("time_budget", "time_unit", "procedure_id")
    def _check_budget_within_legal_time(self):
        calendar = self.env.ref("q1_dossier.q1_work_calendar_state")._to_core()
        for procedure in self.procedure_id:
            if any(step.time_budget <= 0 for step in procedure.step_ids):
                raise ValidationError(self.env._("Every step of an internal process needs a positive time budget."))
            budgets = [(step.time_budget, step.time_unit) for step in procedure.step_ids]
            if not budgets_fit(budgets, procedure.time_limit, procedure.time_unit, calendar):
                raise ValidationError(
                    self.env._(
                        "The steps of %(procedure)s take longer than its legal time limit (%(limit)s): "
                        "shorten their budgets.",
                        procedure=procedure.display_name,
                        limit=procedure._legal_time_label(),
                    )
                )

    def _q1_clean_vals(self, vals):
        vals = super()._q1_clean_vals(vals)
        vals = self._q1_apply(vals, "name", validation.clean_text, validation.TITLE_MAX_LENGTH, True)
        # positive and within the legal time: _check_budget_within_legal_time, once the process is whole
        return self._q1_apply(
            vals, "time_budget", lambda value: validation.check_number(value or 0, None, validation.MAX_LIMIT_DAYS)
        )

from odoo import fields, models


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    q1_evaluation_count = fields.Integer(compute="_compute_q1_evaluation_count", groups="hr.group_hr_user")

    def _compute_q1_evaluation_count(self):
        counts = dict(
            self.env["q1.evaluation.sheet"]._read_group([("employee_id", "in", self.ids)], ["employee_id"], ["__count"])
        )
        for employee in self:
            employee.q1_evaluation_count = counts.get(employee, 0)

    def action_open_q1_evaluations(self):
        self.env["q1.dossier"]._check_role("hr.group_hr_user")
        self.check_access("read")
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("q1_reporting.q1_evaluation_sheet_action")
        action.update(
            domain=[("employee_id", "=", self.id)],
            view_mode="graph,list,form",
            context={"graph_mode": "line", "graph_groupbys": ["period_date:month"]},
        )
        action["views"] = [(False, "graph"), (False, "list"), (False, "form")]
        return action

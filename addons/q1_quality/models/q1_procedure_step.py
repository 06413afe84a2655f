from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .q1_process_issue import ISSUE_WRITE

# What an issue fixes of a step: the process itself. Other fields of a step (q1_reporting's evaluation weight) are
# settings about the step, not the process, and stay editable by the administrators.
PROCESS_FIELDS = frozenset(("name", "sequence", "stage_id", "department_id", "group_id", "time_budget", "time_unit"))


class Q1ProcedureStep(models.Model):
    """A step belongs to one issue of its procedure's process (``q1_issue_id``; none before the first issue). The
    steps of an issue change only while it is a draft: an approved process is never edited in place, over RPC as
    from the procedure form; a change is a new issue."""

    _inherit = "q1.procedure.step"

    q1_issue_id = fields.Many2one(
        "q1.process.issue", string="Process Issue", index=True, ondelete="cascade", copy=False, readonly=True
    )
    q1_in_force = fields.Boolean(
        string="In Force", compute="_compute_q1_in_force", store=True, index=True, help="A step new dossiers follow."
    )

    @api.depends("q1_issue_id", "q1_issue_id.in_force")
    def _compute_q1_in_force(self):
        for step in self:
            step.q1_in_force = not step.q1_issue_id or step.q1_issue_id.in_force

    def _q1_free(self):
        return self.env.su or self.env.context.get(ISSUE_WRITE)

    def _q1_locked_error(self, issue):
        return UserError(
            self.env._(
                "The steps of %(issue)s are approved or on their way to approval and cannot be changed in place. "
                "To change the process, create a new issue from its procedure (button New issue).",
                issue=issue.display_name,
            )
        )

    @api.model_create_multi
    def create(self, vals_list):
        if not self._q1_free():
            vals_list = [self._q1_issue_vals(vals) for vals in vals_list]
        return super().create(vals_list)

    def _q1_issue_vals(self, vals):
        """A step added by a user: to a draft issue only. Added from the procedure form, it joins the procedure's
        draft first issue; it is refused once the procedure has an issue in force or on its way."""
        Issue = self.env["q1.process.issue"].sudo()
        issue = Issue.browse(vals.get("q1_issue_id") or [])
        if issue:
            if vals.get("procedure_id") and vals["procedure_id"] != issue.procedure_id.id:
                raise ValidationError(self.env._("A step belongs to the procedure of its issue."))
            vals = dict(vals, procedure_id=issue.procedure_id.id)
        else:
            issues = Issue.search([("procedure_id", "=", vals.get("procedure_id") or 0)])
            draft = issues.filtered(lambda i: i.state == "draft" and i.in_force)
            if draft:
                issue = draft
                vals = dict(vals, q1_issue_id=draft.id)
            elif issues:
                raise self._q1_locked_error(issues.filtered("in_force")[:1] or issues[:1])
        if issue and issue.state != "draft":
            raise self._q1_locked_error(issue)
        return vals

    def write(self, vals):
        if not self._q1_free():
            if "q1_issue_id" in vals or "procedure_id" in vals:
                raise UserError(self.env._("A step cannot move to another issue or procedure."))
            if PROCESS_FIELDS & set(vals):
                self._q1_check_editable()
        return super().write(vals)

    def unlink(self):
        if not self._q1_free():
            self._q1_check_editable()
        return super().unlink()

    def _q1_check_editable(self):
        for step in self.sudo():
            if step.q1_issue_id and step.q1_issue_id.state != "draft":
                raise self._q1_locked_error(step.q1_issue_id)

    @api.constrains("time_budget", "time_unit", "q1_issue_id")
    def _check_issue_budgets(self):
        """The steps of a draft issue fit the procedure's legal time, as the steps in force do (q1_dossier)."""
        for issue in self.sudo().q1_issue_id.filtered(lambda i: i.state == "draft" and not i.in_force):
            if issue.step_ids:
                issue._q1_check_steps()

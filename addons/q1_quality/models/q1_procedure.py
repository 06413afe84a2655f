from odoo import api, fields, models
from odoo.exceptions import AccessError

from odoo.addons.q1_dossier.core.localtime import to_local

from ..core.process_issues import IssueFact, in_force_on
from .q1_process_issue import MANAGER


class Q1Procedure(models.Model):
    """A procedure's internal process as a controlled document: its issues (q1.process.issue). The procedure shows
    the steps in force (``step_ids``: those of the issue in force, or its own lines before its first issue); the
    steps of other issues stay with them."""

    _inherit = "q1.procedure"

    step_ids = fields.One2many(domain=[("q1_in_force", "=", True)])
    q1_issue_ids = fields.One2many("q1.process.issue", "procedure_id", string="Process Issues")
    q1_current_issue_id = fields.Many2one(
        "q1.process.issue", string="Issue in Force", compute="_compute_q1_current_issue_id"
    )
    q1_issue_count = fields.Integer(string="Issues", compute="_compute_q1_current_issue_id")
    q1_document_page_id = fields.Many2one(
        "document.page",
        string="Controlled Document",
        readonly=True,
        copy=False,
        ondelete="set null",
        help="The procedure's page in OCA's documents (category Procedure): the issue in force, one version per "
        "issue, for audits and nonconformities to reference.",
    )
    q1_steps_locked = fields.Boolean(
        string="Process Under Control",
        compute="_compute_q1_current_issue_id",
        help="The steps belong to an issue submitted or approved: they change only through a new issue.",
    )

    @api.depends("q1_issue_ids.in_force", "q1_issue_ids.state")
    def _compute_q1_current_issue_id(self):
        for procedure in self:
            issues = procedure.q1_issue_ids
            procedure.q1_current_issue_id = issues.filtered(lambda i: i.in_force and i.state == "approved")[:1]
            procedure.q1_issue_count = len(issues)
            procedure.q1_steps_locked = bool(issues.filtered(lambda i: not (i.state == "draft" and i.in_force)))

    def _q1_issue_on(self, day):
        """The approved issue in force on ``day`` (core.process_issues.in_force_on); before the first one takes
        effect, the one in force now (a dossier dated before the issues, e.g. entered late)."""
        self.ensure_one()
        issues = self.sudo().q1_issue_ids
        facts = [IssueFact(i.id, i.issue_number, i.state, i.effective_date) for i in issues]
        found = in_force_on(facts, day)
        if found:
            return issues.browse(found.ident)
        return issues.filtered(lambda i: i.in_force and i.state == "approved")[:1]

    def action_new_issue(self):
        """New issue of the internal process (a one-stop administrator): a draft numbered after the last issue, with
        a copy of the steps in force to change; the approved issues stay as they are. Opens the draft."""
        if not self.env.user.has_group(MANAGER) and not self.env.su:
            raise AccessError(
                self.env._(
                    "Only a user with one of these roles may do this: %(roles)s.",
                    roles=self.env.ref(MANAGER).sudo().name,
                )
            )
        self.ensure_one()
        issue = self.env["q1.process.issue"]._q1_new_issue(self)
        return issue._q1_form_action()

    def action_open_process_issues(self):
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Process Issues"),
            "res_model": "q1.process.issue",
            "view_mode": "list,form",
            "domain": [("procedure_id", "=", self.id)],
            "context": {"default_procedure_id": self.id, "create": False},
        }

    def action_print_process_history(self):
        self.check_access("read")
        return self.env.ref("q1_quality.action_report_q1_process_history").report_action(self, config=False)

    @api.model
    def _q1_today(self):
        return to_local(fields.Datetime.now()).date()

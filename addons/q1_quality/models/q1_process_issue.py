from markupsafe import Markup
from psycopg2.errors import SerializationFailure, UniqueViolation

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools.sql import index_exists

from odoo.addons.q1_dossier.core import validation
from odoo.addons.q1_dossier.core.localtime import to_local
from odoo.addons.q1_dossier.core.process import budgets_fit

from ..core import process_issues
from ..core.process_issues import IssueRuleError

MANAGER = "q1_dossier.group_q1_manager"
LEADER = "q1_dossier.group_q1_unit_leader"
ISO_SECRETARY = "mgmtsystem.group_mgmtsystem_manager"
# The context key of the issue's own writes (its methods), the one way its facts and its steps change.
ISSUE_WRITE = "q1_process_issue_write"

STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted for review"),
    ("reviewed", "Reviewed"),
    ("approved", "Approved"),
    ("superseded", "Superseded"),
]
# What the issue's methods alone write: its identity, its state and the signatures. A user edits a draft's code,
# effective date and reason (and its steps, q1.procedure.step), nothing once it is submitted.
ISSUE_FACTS = frozenset(
    ("procedure_id", "company_id", "issue_number", "state", "in_force", "origin", "previous_issue_id")
    + ("submitted_at", "superseded_date", "superseded_by_id")
    + tuple(
        f"{role}_{suffix}"
        for role in ("drafted", "reviewed", "approved")
        for suffix in ("by_id", "by_name", "by_title", "date")
    )
)
DRAFT_FIELDS = frozenset(("document_code", "effective_date", "reason", "step_ids"))


class Q1ProcessIssue(models.Model):
    """One issue (lần ban hành) of a procedure's internal process, a controlled document (TCVN ISO 9001:2015, 7.5):
    its code, number, effective date, who drafted, reviewed and approved it (name and title at the time) and the
    reason for the revision. Its steps are the q1.procedure.step lines it owns (``q1_issue_id``); once approved they
    never change, and a dossier received while it is in force follows them to the end (``q1.dossier``'s
    ``process_issue_id``).

    Flow: draft (one-stop administrator) → submitted → reviewed (a unit leader or the unit's ISO secretary, not the
    drafter) → approved (a unit leader of the issuing unit, not the drafter) → superseded by the next issue once
    that one takes effect. At most one issue of a procedure is on its way at a time (draft to approved-not-yet-in-
    force), and issue numbers are unique per procedure: both by unique indexes, under two managers at once too.

    Shared by every unit on purpose (no unit rule): the internal process belongs to the procedure catalogue
    (q1.procedure, q1.procedure.step), which is one for all wards; ``company_id`` is the unit that issued it, whose
    leaders review and approve it.
    """

    _name = "q1.process.issue"
    _description = "Process Issue"
    _inherit = ["mail.thread"]
    _order = "procedure_id, issue_number desc"
    _rec_name = "name"

    name = fields.Char(compute="_compute_name", store=True)
    procedure_id = fields.Many2one(
        "q1.procedure", required=True, index=True, ondelete="cascade", readonly=True, tracking=True
    )
    company_id = fields.Many2one(
        "res.company", string="Issuing Unit", readonly=True, help="Its leaders review and approve the issue."
    )
    document_code = fields.Char(required=True, tracking=True, help="Code of the controlled document, e.g. QT-1.001234.")
    issue_number = fields.Integer(required=True, readonly=True)
    issue_label = fields.Char(string="Issue", compute="_compute_name", store=True)
    state = fields.Selection(STATES, default="draft", required=True, readonly=True, tracking=True, index=True)
    in_force = fields.Boolean(
        readonly=True,
        copy=False,
        help="The issue whose steps the procedure shows and new dossiers follow (from its effective date).",
    )
    origin = fields.Selection(
        [("install", "Process in force when the quality system was installed"), ("revision", "Issued")],
        default="revision",
        required=True,
        readonly=True,
    )
    effective_date = fields.Date(tracking=True, help="Empty: the day of the approval. Not before the approval.")
    reason = fields.Text(string="Reason for the Issue", tracking=True)
    step_ids = fields.One2many("q1.procedure.step", "q1_issue_id", string="Steps", context={"active_test": False})
    previous_issue_id = fields.Many2one("q1.process.issue", readonly=True, ondelete="set null")
    submitted_at = fields.Datetime(readonly=True)
    drafted_by_id = fields.Many2one("res.users", readonly=True)
    drafted_by_name = fields.Char(readonly=True)
    drafted_by_title = fields.Char(readonly=True)
    drafted_date = fields.Date(readonly=True)
    reviewed_by_id = fields.Many2one("res.users", readonly=True)
    reviewed_by_name = fields.Char(readonly=True)
    reviewed_by_title = fields.Char(readonly=True)
    reviewed_date = fields.Date(readonly=True)
    approved_by_id = fields.Many2one("res.users", readonly=True)
    approved_by_name = fields.Char(readonly=True)
    approved_by_title = fields.Char(readonly=True)
    approved_date = fields.Date(readonly=True)
    superseded_date = fields.Date(readonly=True)
    superseded_by_id = fields.Many2one("q1.process.issue", readonly=True, ondelete="set null")
    dossier_count = fields.Integer(string="Dossiers", compute="_compute_dossier_count")

    _sql_constraints = [
        ("number_uniq", "unique(procedure_id, issue_number)", "An issue number is used once per procedure."),
        ("number_positive", "CHECK(issue_number > 0)", "An issue number is positive."),
    ]

    def init(self):
        # One issue on its way per procedure (draft to approved, not yet in force): two managers revising one
        # process at once cannot both start a revision.
        if not index_exists(self.env.cr, "q1_process_issue_one_open_idx"):
            self.env.cr.execute(
                "CREATE UNIQUE INDEX q1_process_issue_one_open_idx ON q1_process_issue (procedure_id) "
                "WHERE state IN ('draft', 'submitted', 'reviewed') OR (state = 'approved' AND NOT in_force)"
            )
        # One issue in force per procedure.
        if not index_exists(self.env.cr, "q1_process_issue_one_in_force_idx"):
            self.env.cr.execute(
                "CREATE UNIQUE INDEX q1_process_issue_one_in_force_idx ON q1_process_issue (procedure_id) "
                "WHERE in_force"
            )

    @api.depends("document_code", "issue_number")
    def _compute_name(self):
        for issue in self:
            issue.issue_label = process_issues.issue_label(issue.issue_number or 0)
            issue.name = f"{issue.document_code or ''} ({issue.issue_label})"

    def _compute_display_name(self):
        for issue in self:
            issue.display_name = self.env._(
                "%(code)s, issue %(number)s", code=issue.document_code or "", number=issue.issue_label or ""
            )

    def _compute_dossier_count(self):
        counts = dict(
            self.env["q1.dossier"]._read_group(
                [("process_issue_id", "in", self.ids)], ["process_issue_id"], ["__count"]
            )
        )
        for issue in self:
            issue.dossier_count = counts.get(issue, 0)

    # ------------------------------------------------------------------ direct writes

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su and not self.env.context.get(ISSUE_WRITE):
            raise UserError(
                self.env._(
                    "An issue of a process is created by the button New issue on its procedure, which numbers it."
                )
            )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and not self.env.context.get(ISSUE_WRITE):
            self._q1_check_vals(vals)
            facts = [name for name in vals if name in ISSUE_FACTS]
            if facts:
                raise UserError(
                    self.env._(
                        "%(fields)s of a process issue are set by its own actions (new issue, submit, review, "
                        "approve) and cannot be written directly.",
                        fields=", ".join(self._fields[name]._description_string(self.env) for name in facts),
                    )
                )
            if DRAFT_FIELDS & set(vals):
                self._q1_check_draft()
        return super().write(vals)

    def _q1_clean_vals(self, vals):
        vals = super()._q1_clean_vals(vals)
        vals = self._q1_apply(vals, "document_code", validation.clean_text, validation.CODE_MAX_LENGTH, True)
        return self._q1_apply(vals, "reason", validation.clean_text, validation.TEXT_MAX_LENGTH, False, True)

    def unlink(self):
        if not self.env.su:
            self._q1_check_role(MANAGER)
        self._q1_check_draft()
        # A first issue adopted the procedure's lines (action_new_issue): they stay the procedure's, unissued.
        adopted = self.filtered("in_force").step_ids
        adopted.with_context(**{ISSUE_WRITE: True}).sudo().write({"q1_issue_id": False})
        return super().unlink()

    def _q1_check_draft(self):
        """Refuse a change of an issue that is no longer a draft: approved steps are never edited in place."""
        for issue in self:
            if issue.state != "draft":
                raise UserError(
                    self.env._(
                        "Issue %(issue)s is %(state)s: it can no longer be changed. To change an approved process, "
                        "create a new issue from its procedure.",
                        issue=issue.display_name,
                        state=dict(self._fields["state"]._description_selection(self.env))[issue.state],
                    )
                )

    # ------------------------------------------------------------------ callers

    def _q1_check_role(self, *groups):
        if self.env.su or any(self.env.user.has_group(group) for group in groups):
            return
        roles = ", ".join(self.env.ref(group).sudo().name for group in groups)
        raise AccessError(self.env._("Only a user with one of these roles may do this: %(roles)s.", roles=roles))

    def _q1_check_unit(self):
        """Refuse a reviewer or approver who is not of the unit that issues the process."""
        if self.env.su:
            return
        for issue in self:
            if issue.company_id and issue.company_id not in self.env.user.company_ids:
                raise AccessError(
                    self.env._(
                        "Issue %(issue)s is reviewed and approved in %(unit)s.",
                        issue=issue.display_name,
                        unit=issue.company_id.sudo().name,
                    )
                )

    def _q1_signer_vals(self, role, user, day):
        """The signature of ``role`` (drafted, reviewed, approved): the user, their name and title at the time, the
        day. The title is the employee's job title in the issuing unit, else the user's role."""
        self.ensure_one()
        employees = user.sudo().employee_ids
        employee = employees.filtered(lambda e: e.company_id == self.company_id)[:1] or employees[:1]
        title = employee.job_title or employee.job_id.name
        if not title:
            for group in (MANAGER, LEADER, ISO_SECRETARY):
                if user.has_group(group):
                    title = self.env.ref(group).sudo().name
                    break
        return {
            f"{role}_by_id": user.id,
            f"{role}_by_name": user.sudo().name,
            f"{role}_by_title": title or False,
            f"{role}_date": day,
        }

    def _q1_today(self):
        return to_local(fields.Datetime.now()).date()

    def _q1_rule_error(self, error):
        messages = {
            "reviewer_is_drafter": self.env._("The drafter of an issue cannot review it: ask another person."),
            "approver_is_drafter": self.env._("The drafter of an issue cannot approve it: ask a unit leader."),
            "effective_before_approval": self.env._(
                "The effective date cannot be before the approval: dossiers already received keep their issue."
            ),
            "effective_too_far": self.env._(
                "The effective date can be at most %s days after the approval.", process_issues.MAX_DAYS_AHEAD
            ),
            "too_many": self.env._("A process has at most %s issues.", process_issues.MAX_ISSUE_NUMBER),
        }
        return UserError(messages[error.code])

    def _q1_lock(self):
        """Lock the issue's row before a move: two reviewers or approvers at once get a message, not a DB error."""
        for issue in self:
            try:
                with self.env.cr.savepoint(flush=False):
                    self.env.cr.execute(
                        "SELECT id FROM q1_process_issue WHERE id = %s FOR NO KEY UPDATE",
                        (issue.id,),
                        log_exceptions=False,
                    )
            except SerializationFailure:
                raise UserError(
                    self.env._("Issue %s was just changed by someone else: reload it.", issue.display_name)
                ) from None
        self.invalidate_recordset()

    def _q1_check_state(self, *states):
        for issue in self:
            if issue.state not in states:
                raise UserError(
                    self.env._(
                        "Issue %(issue)s is %(state)s: this action does not apply to it.",
                        issue=issue.display_name,
                        state=dict(self._fields["state"]._description_selection(self.env))[issue.state],
                    )
                )

    def _q1_system(self):
        return self.sudo().with_context(**{ISSUE_WRITE: True})

    # ------------------------------------------------------------------ the flow

    def action_submit(self):
        """The drafter (a one-stop administrator) submits the draft for review and signs it as its drafter. The
        reason, at least one step, and steps that fit the legal time limit are required."""
        self._q1_check_role(MANAGER)
        self._q1_lock()
        self._q1_check_state("draft")
        for issue in self:
            if not (issue.reason or "").strip():
                raise ValidationError(
                    self.env._("Give the reason for issue %s (what changes and why).", issue.display_name)
                )
            issue._q1_check_steps()
            vals = issue._q1_signer_vals("drafted", self.env.user, self._q1_today())
            vals.update(state="submitted", submitted_at=fields.Datetime.now())
            issue._q1_system().write(vals)
        return True

    def _q1_check_steps(self):
        self.ensure_one()
        steps = self.sudo().step_ids
        if not steps:
            raise ValidationError(self.env._("Issue %s has no step: add the steps of the process.", self.display_name))
        procedure = self.sudo().procedure_id
        calendar = self.env.ref("q1_dossier.q1_work_calendar_state")._to_core()
        if any(step.time_budget <= 0 for step in steps) or not budgets_fit(
            [(step.time_budget, step.time_unit) for step in steps], procedure.time_limit, procedure.time_unit, calendar
        ):
            raise ValidationError(
                self.env._(
                    "The steps of issue %(issue)s take longer than the legal time limit of the procedure (%(limit)s): "
                    "shorten their budgets.",
                    issue=self.display_name,
                    limit=procedure._legal_time_label(),
                )
            )

    def action_review(self):
        """A unit leader or the unit's ISO secretary, not the drafter, confirms the review of a submitted issue."""
        self._q1_check_role(LEADER, ISO_SECRETARY)
        self._q1_check_unit()
        self._q1_lock()
        self._q1_check_state("submitted")
        for issue in self:
            try:
                process_issues.check_signers(issue.drafted_by_id.id, self.env.user.id, None)
            except IssueRuleError as error:
                raise self._q1_rule_error(error) from None
            vals = issue._q1_signer_vals("reviewed", self.env.user, self._q1_today())
            issue._q1_system().write(dict(vals, state="reviewed"))
        return True

    def action_approve(self):
        """A unit leader of the issuing unit, not the drafter, approves a reviewed issue. It takes effect on its
        effective date (the approval day when empty): then it is in force, the previous issue is superseded and new
        dossiers follow its steps; dossiers already received keep theirs."""
        self._q1_check_role(LEADER)
        self._q1_check_unit()
        self._q1_lock()
        self._q1_check_state("reviewed")
        today = self._q1_today()
        for issue in self:
            try:
                process_issues.check_signers(issue.drafted_by_id.id, issue.reviewed_by_id.id, self.env.user.id)
                effective = process_issues.check_effective_date(issue.effective_date or None, today)
            except IssueRuleError as error:
                raise self._q1_rule_error(error) from None
            issue._q1_check_steps()
            vals = issue._q1_signer_vals("approved", self.env.user, today)
            issue._q1_system().write(dict(vals, state="approved", effective_date=effective))
        # Due today, or a first issue whose steps were already the procedure's own (in force while drafted).
        self.filtered(lambda issue: issue.effective_date <= today or issue.in_force)._q1_activate()
        return True

    def action_return_to_draft(self):
        """Send a submitted or reviewed issue back to its drafter (a change is needed): the signatures of the
        review are cleared. The administrators, and the leaders and ISO secretary of the issuing unit may."""
        self._q1_check_role(MANAGER, LEADER, ISO_SECRETARY)
        if not self.env.user.has_group(MANAGER):
            self._q1_check_unit()
        self._q1_lock()
        self._q1_check_state("submitted", "reviewed")
        empty = {f"{role}_{suffix}": False for role in ("drafted", "reviewed") for suffix in ("by_id", "by_name")}
        empty.update({f"{role}_{suffix}": False for role in ("drafted", "reviewed") for suffix in ("by_title", "date")})
        self._q1_system().write(dict(empty, state="draft", submitted_at=False))
        return True

    def action_print_history(self):
        """The printed history of the issues' procedures."""
        self.check_access("read")
        return self.env.ref("q1_quality.action_report_q1_process_history").report_action(
            self.procedure_id, config=False
        )

    def _q1_form_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Process Issue"),
            "res_model": "q1.process.issue",
            "view_mode": "form",
            "res_id": self.id,
        }

    def action_open_dossiers(self):
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Dossiers"),
            "res_model": "q1.dossier",
            "view_mode": "list,form",
            "domain": [("process_issue_id", "=", self.id)],
        }

    # ------------------------------------------------------------------ taking effect

    def _q1_activate(self):
        """Put approved issues in force (on approval when due, else by the daily cron): the procedure's previous
        issue is superseded. A first issue, whose steps were the procedure's own, also becomes the issue of the
        procedure's dossiers still running without one."""
        today = self._q1_today()
        system = self._q1_system()
        for issue in system.sorted("issue_number"):
            procedure = issue.procedure_id
            previous = procedure.q1_issue_ids.filtered(lambda other, issue=issue: other.in_force and other != issue)
            if previous:
                previous.write(
                    {"in_force": False, "state": "superseded", "superseded_date": today, "superseded_by_id": issue.id}
                )
                self.env.flush_all()
            elif issue.in_force:
                open_dossiers = (
                    self.env["q1.dossier"]
                    .sudo()
                    .search(
                        [
                            ("procedure_id", "=", procedure.id),
                            ("process_issue_id", "=", False),
                            ("state", "not in", ("draft", "incomplete")),
                            ("finished_at", "=", False),
                        ]
                    )
                )
                open_dossiers._lifecycle_write({"process_issue_id": issue.id})
            issue.write({"in_force": True})
            procedure.invalidate_recordset(["step_ids"])
            issue._q1_publish_page()
            issue.message_post(
                body=self.env._("Issue %s is in force: new dossiers follow its steps.", issue.display_name),
                subtype_xmlid="mail.mt_note",
            )
        return True

    @api.model
    def _q1_cron_activate(self):
        """Daily: the approved issues whose effective date has come take effect."""
        due = self.sudo().search(
            [("state", "=", "approved"), ("in_force", "=", False), ("effective_date", "<=", self._q1_today())]
        )
        return due._q1_activate()

    # ------------------------------------------------------------------ creation (procedure's New issue)

    @api.model
    def _q1_new_issue(self, procedure):
        """Create the next issue of ``procedure`` as a draft, as the system: a copy of the steps in force (the
        procedure's own lines for its first issue, which adopts them) under the next number. Two managers at once:
        the procedure's row is locked, and the unique indexes refuse a second issue on its way or a number used
        twice; either way the second one gets a message."""
        procedure.ensure_one()
        cr = self.env.cr
        try:
            with cr.savepoint(flush=False):
                cr.execute(
                    "SELECT id FROM q1_procedure WHERE id = %s FOR NO KEY UPDATE", (procedure.id,), log_exceptions=False
                )
        except SerializationFailure:
            raise self._q1_busy(procedure) from None
        system = self._q1_system()
        procedure = procedure.sudo()
        issues = system.search([("procedure_id", "=", procedure.id)])
        pending = issues.filtered(
            lambda i: i.state in ("draft", "submitted", "reviewed") or (i.state == "approved" and not i.in_force)
        )
        if pending:
            raise UserError(
                self.env._(
                    "Issue %(issue)s of this process is already on its way (%(state)s): finish or delete it first.",
                    issue=pending[0].display_name,
                    state=dict(self._fields["state"]._description_selection(self.env))[pending[0].state],
                )
            )
        try:
            number = process_issues.next_number(issues.mapped("issue_number"))
        except IssueRuleError as error:
            raise self._q1_rule_error(error) from None
        current = issues.filtered("in_force")[:1]
        vals = {
            "procedure_id": procedure.id,
            "company_id": self.env.company.id,
            "issue_number": number,
            "document_code": current.document_code or process_issues.document_code(procedure.code),
            "previous_issue_id": current.id,
            # A first issue adopts the procedure's own steps: they stay the ones in force while it is drafted.
            "in_force": not current,
        }
        try:
            with cr.savepoint():
                issue = system.create(vals)
        except (UniqueViolation, SerializationFailure):
            raise self._q1_busy(procedure) from None
        if current:
            for step in current.step_ids.sorted(lambda s: (s.sequence, s.id)):
                step.with_context(**{ISSUE_WRITE: True}).sudo().copy({"q1_issue_id": issue.id})
        else:
            procedure.with_context(active_test=False).step_ids.with_context(**{ISSUE_WRITE: True}).write(
                {"q1_issue_id": issue.id}
            )
        return issue.with_env(self.env)

    def _q1_busy(self, procedure):
        return UserError(
            self.env._(
                "Another user has just started a new issue of the process of %s. Reload the procedure and open it.",
                procedure.display_name,
            )
        )

    # ------------------------------------------------------------------ installation

    @api.model
    def _q1_issue_existing_procedures(self):
        """Installation: every procedure without an issue gets issue 01, approved and in force, owning its current
        steps; the dossiers already received under it get it. No one signs it: it records the process as it was
        (origin "install"); its effective date is the procedure's, else its first dossier's reception day, else
        today."""
        system = self._q1_system()
        today = self._q1_today()
        procedures = (
            self.env["q1.procedure"].sudo().with_context(active_test=False).search([("q1_issue_ids", "=", False)])
        )
        cr = self.env.cr
        for procedure in procedures:
            cr.execute(
                "SELECT min(received_date) FROM q1_dossier WHERE procedure_id = %s AND received_date IS NOT NULL",
                (procedure.id,),
            )
            first = cr.fetchone()[0]
            effective = min(day for day in (procedure.date_start, first, today) if day)
            # no creation message: the installation runs before the addon's terms are loaded (it would name the
            # model in English on every procedure), and origin "install" already says where the issue comes from
            issue = system.with_context(tracking_disable=True).create(
                {
                    "procedure_id": procedure.id,
                    "issue_number": 1,
                    "document_code": process_issues.document_code(procedure.code),
                    "state": "approved",
                    "in_force": True,
                    "origin": "install",
                    "effective_date": effective,
                    "approved_date": today,
                }
            )
            procedure.step_ids.with_context(**{ISSUE_WRITE: True}).write({"q1_issue_id": issue.id})
            issue._q1_publish_page()
            self.env.flush_all()
            cr.execute(
                "UPDATE q1_dossier SET process_issue_id = %s WHERE procedure_id = %s AND process_issue_id IS NULL "
                "AND received_at IS NOT NULL",
                (issue.id, procedure.id),
            )
        self.env["q1.dossier"].invalidate_model(["process_issue_id"])
        return True

    # ------------------------------------------------------------------ OCA's controlled documents

    def _q1_publish_page(self):
        """Show the issue in force as the procedure's page of OCA's documents (document_page_procedure, category
        "Procedure"), which audits' checklist lines and nonconformities reference: one page per procedure, one
        version (document.page.history) per issue. Shared by every unit (no company), written as the system."""
        category = self.env.ref("document_page_procedure.document_page_group_procedure", raise_if_not_found=False)
        if not category:
            return
        for issue in self.sudo():
            procedure = issue.procedure_id
            rows = Markup("").join(
                Markup("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s %s</td></tr>")
                % (
                    index,
                    step.name,
                    step.department_id.name or step.group_id.name or "",
                    f"{step.time_budget:g}".replace(".", ","),
                    "ngày làm việc" if step.time_unit == "day" else "giờ làm việc",
                )
                for index, step in enumerate(issue.step_ids.sorted(lambda s: (s.sequence, s.id)), start=1)
            )
            content = Markup(
                "<p><b>%s</b>, lần ban hành %s, hiệu lực từ ngày %s.</p><p>Thủ tục: %s (%s), thời hạn %s.</p>"
                "<table class='table table-bordered'><thead><tr><th>Bước</th><th>Nội dung công việc</th>"
                "<th>Bộ phận chịu trách nhiệm</th><th>Thời gian</th></tr></thead><tbody>%s</tbody></table>"
            ) % (
                issue.document_code,
                issue.issue_label,
                issue.effective_date and issue.effective_date.strftime("%d/%m/%Y") or "",
                procedure.name,
                procedure.code,
                "trong ngày làm việc"
                if procedure.same_day
                else f"{procedure.time_limit:02d} {'ngày' if procedure.time_unit == 'day' else 'giờ'} làm việc",
                rows,
            )
            page = procedure.q1_document_page_id
            name = f"{issue.document_code} - {procedure.name}"
            if not page:
                page = (
                    self.env["document.page"]
                    .sudo()
                    .create({"name": name, "type": "content", "parent_id": category.id, "company_id": False})
                )
                procedure.write({"q1_document_page_id": page.id})
            elif page.name != name:
                page.write({"name": name})
            # One version per issue, named by its number (OCA's history of the page).
            self.env["document.page.history"].sudo().create(
                {
                    "page_id": page.id,
                    "name": issue.issue_label,
                    "summary": (issue.reason or "").strip()[:250] or issue.issue_label,
                    "content": content,
                }
            )
            page.invalidate_recordset(["history_head", "content"])

    # ------------------------------------------------------------------ printing

    def _q1_history_values(self):
        """Rows of the printed history, oldest issue first."""
        rows = []
        for issue in self.sorted("issue_number"):
            rows.append(
                {
                    "issue": issue,
                    "steps": issue.step_ids.sorted(lambda s: (s.sequence, s.id)),
                    "effective": issue.effective_date and issue.effective_date.strftime("%d/%m/%Y") or "",
                    "state": dict(self._fields["state"]._description_selection(self.env))[issue.state],
                    "signers": {
                        role: (
                            issue[f"{role}_by_name"] or "",
                            issue[f"{role}_by_title"] or "",
                            issue[f"{role}_date"] and issue[f"{role}_date"].strftime("%d/%m/%Y") or "",
                        )
                        for role in ("drafted", "reviewed", "approved")
                    },
                }
            )
        return rows

    # ------------------------------------------------------------------ demo data

    @api.model
    def _q1_demo_revise(self, procedure_id, drafter_id, reviewer_id, approver_id, reason, steps):
        """Demo: the next issue of a procedure's process through its real flow, each move by its demo user;
        ``steps``: [(name, budget in working days)] replacing the steps in force."""
        Users = self.env["res.users"]
        procedure = self.env["q1.procedure"].browse(procedure_id)
        drafter, reviewer, approver = Users.browse(drafter_id), Users.browse(reviewer_id), Users.browse(approver_id)
        issue = self.with_user(drafter).with_company(drafter.company_id)._q1_new_issue(procedure)
        stage = self.env["q1.dossier.stage"]._for_status("processing")
        commands = [Command.delete(step.id) for step in issue.sudo().step_ids]
        commands += [
            Command.create({"name": name, "sequence": index, "stage_id": stage.id, "time_budget": budget})
            for index, (name, budget) in enumerate(steps, start=1)
        ]
        issue.with_user(drafter).write({"reason": reason, "step_ids": commands})
        issue.with_user(drafter).action_submit()
        issue.with_user(reviewer).action_review()
        issue.with_user(approver).action_approve()
        return issue.id

    @api.model
    def _q1_demo_receive(self, procedure_id, reception_id, applicant_name, applicant_phone):
        """Demo: a dossier of ``procedure_id`` entered and received by the demo reception officer now."""
        reception = self.env["res.users"].browse(reception_id)
        dossier = (
            self.env["q1.dossier"]
            .with_user(reception)
            .with_company(reception.company_id)
            .create(
                {"procedure_id": procedure_id, "applicant_name": applicant_name, "applicant_phone": applicant_phone}
            )
        )
        dossier.document_ids.write({"is_received": True})
        dossier.action_receive()
        return dossier.id

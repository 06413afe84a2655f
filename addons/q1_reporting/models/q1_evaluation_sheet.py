from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.q1_dossier.core import validation

from ..core.evaluation_xlsx import EvidenceRow, SheetRow
from ..core.officer_score import (
    GeneralCriteria,
    ScoringRules,
    band,
    cap_violations,
    round_half_up,
    yearly_band,
)
from ..core.officer_score_data import BAND_CODES, BAND_LABELS, CRITERION_LABELS, GENERAL_CRITERIA

BANDS = [(code, label) for code, label in BAND_LABELS.items()]
GENERAL_FIELDS = [name for name, _label, _maximum in GENERAL_CRITERIA]
# Who may write what: the officer evaluated writes only their self-assessment; the evaluators the rest.
SELF_FIELDS = {"self_comment", "self_proposed_band"}
EVALUATOR_FIELDS = set(GENERAL_FIELDS) | {
    "manager_comment",
    "manager_proposed_band",
    "manual_task_points",
    "manual_task_reason",
    "disqualifier",
    "leader_comment",
}
# The leader's decision on the level, in the state waiting for approval: a level no higher than the score's
# (Art. 20(5) cannot be bypassed by it), with the reason when it is not the manager's proposal.
LEADER_FIELDS = {"leader_band", "leader_band_reason"}
# The only fields a user writes on a sheet (each in its state, by its person: ``_check_write``); adjustments are
# added, never changed. Everything else is computed (points, totals, levels) or set by the period and the buttons.
WRITABLE_FIELDS = SELF_FIELDS | EVALUATOR_FIELDS | LEADER_FIELDS | {"adjustment_ids", "message_main_attachment_id"}
# What a user may give when creating a sheet by hand: whose and which period; the rest comes from the evidence.
CREATE_FIELDS = {"period_id", "employee_id", "state"}
TASK_MAX = ScoringRules().task_max
SYSTEM_FIELDS = {
    "state",
    "quantity_pct",
    "quality_pct",
    "progress_pct",
    "computed_task_points",
    "has_products",
    "product_count",
    "manager_user_id",
    "task_group",
    "department_id",
    "score_band",
}
# Levels from the highest to the lowest: a level "lower" than another comes after it.
BAND_RANK = {code: rank for rank, (code, _label) in enumerate(BANDS)}


class Q1EvaluationSheet(models.Model):
    """One officer's evaluation for one period (Decree 335/2025/NĐ-CP Art. 12-14, 20).

    Task results (70 points) come from the evidence computed by the period, read-only, and may only be moved by
    documented adjustments; the general criteria (30 points) are the manager's. Workflow: the officer's
    self-assessment, the direct manager's points and proposal, the unit leader's approval (the 20 % cap of
    Art. 20(5)(a) enforced), then locked.
    """

    _name = "q1.evaluation.sheet"
    _description = "Evaluation Sheet"
    _inherit = ["mail.thread"]
    _order = "period_date desc, company_id, employee_id"

    period_id = fields.Many2one("q1.evaluation.period", required=True, ondelete="cascade", index=True)
    period_date = fields.Date(related="period_id.date_from", store=True, string="Period Start")
    company_id = fields.Many2one(related="period_id.company_id", store=True, string="Unit")
    employee_id = fields.Many2one("hr.employee", required=True, ondelete="restrict", index=True)
    user_id = fields.Many2one(related="employee_id.user_id", store=True, string="Officer")
    manager_user_id = fields.Many2one(
        "res.users",
        string="Direct Manager",
        readonly=True,
        help="User of the employee's manager when the sheet was computed.",
    )
    department_id = fields.Many2one("hr.department", readonly=True)
    task_group = fields.Char(
        readonly=True,
        help="Group of similar tasks for the 20 % cap: the job position, or the department when the employee has none.",
    )
    state = fields.Selection(
        [
            ("draft", "Self-assessment"),
            ("submitted", "Manager review"),
            ("reviewed", "Leader approval"),
            ("approved", "Approved"),
        ],
        default="draft",
        required=True,
        tracking=True,
    )

    product_count = fields.Integer(string="Products", readonly=True)
    has_products = fields.Boolean(readonly=True)
    quantity_pct = fields.Float(string="Quantity (%)", readonly=True, digits=(16, 2))
    quality_pct = fields.Float(string="Quality (%)", readonly=True, digits=(16, 2))
    progress_pct = fields.Float(string="Progress (%)", readonly=True, digits=(16, 2))
    computed_task_points = fields.Float(string="Task Points from Evidence", readonly=True, digits=(16, 2))
    manual_task_points = fields.Float(
        string="Task Points Entered",
        digits=(16, 2),
        tracking=True,
        help="The evaluator's task points: used when no product was assigned in the period, and in place of the "
        "points computed from the evidence when a reason is given.",
    )
    manual_task_reason = fields.Text(
        string="Reason for the Task Points Entered",
        tracking=True,
        help="Required to replace the points computed from the evidence; both stay on the sheet and the printout.",
    )
    uses_manual_task_points = fields.Boolean(
        compute="_compute_scores",
        store=True,
        string="Task Points Entered Used",
        help="The task points are the evaluator's entry: no product was assigned, or a reason was given.",
    )
    cap_status = fields.Char(
        string="20 % Cap",
        compute="_compute_cap_status",
        help="Excellent and good sheets of the officer's group of similar tasks in the period, at their current "
        "levels, against the cap of Decree 335/2025 Art. 20(5)(a).",
    )
    cap_over = fields.Boolean(compute="_compute_cap_status", string="Over the 20 % Cap")
    adjustment_ids = fields.One2many("q1.evaluation.adjustment", "sheet_id", string="Adjustments")
    adjustment_points = fields.Float(compute="_compute_scores", store=True, digits=(16, 2))
    task_points = fields.Float(compute="_compute_scores", store=True, digits=(16, 2), aggregator="avg")
    evidence_ids = fields.One2many("q1.evaluation.evidence", "sheet_id", readonly=True)

    qualities = fields.Float(string="I.1 Qualities", digits=(16, 2), tracking=True)
    discipline = fields.Float(string="I.2 Discipline", digits=(16, 2), tracking=True)
    competence = fields.Float(string="II.1 Competence", digits=(16, 2), tracking=True)
    task_fulfilment = fields.Float(string="II.2 Meeting Tasks", digits=(16, 2), tracking=True)
    responsibility = fields.Float(string="II.3 Responsibility", digits=(16, 2), tracking=True)
    service_attitude = fields.Float(string="II.4 Service Attitude", digits=(16, 2), tracking=True)
    innovation = fields.Float(string="III Innovation", digits=(16, 2), tracking=True)
    general_points = fields.Float(compute="_compute_scores", store=True, digits=(16, 2))
    disqualifier = fields.Selection(
        [
            ("degradation", "Ideological or ethical degradation"),
            ("discipline", "Disciplined in the year"),
            ("corruption_in_unit", "Corruption or waste in the unit led"),
        ],
        tracking=True,
        help="A case of Art. 20(4)(b)-(d): the level is 'not completed' whatever the score.",
    )

    total = fields.Float(compute="_compute_scores", store=True, digits=(16, 2), aggregator="avg")
    score_band = fields.Selection(
        BANDS,
        compute="_compute_scores",
        store=True,
        string="Level from the Score",
        help="The level the total gives (Art. 20), before the leader's decision.",
    )
    band = fields.Selection(
        BANDS,
        compute="_compute_scores",
        store=True,
        string="Level",
        help="The level from the score, or the lower level the leader decided; the 20 % cap counts this level.",
    )
    leader_band = fields.Selection(
        BANDS,
        string="Level Decided by the Leader",
        tracking=True,
        help="Set by the unit leader before approving: the manager's proposed level, or a lower level than the "
        "score's with a reason. Never above the score's level.",
    )
    leader_band_reason = fields.Text(
        string="Reason for the Level Decided",
        tracking=True,
        help="Why the leader decides a level other than the manager's proposal.",
    )
    can_self_assess = fields.Boolean(compute="_compute_user_roles")
    can_evaluate = fields.Boolean(compute="_compute_user_roles")
    can_decide = fields.Boolean(compute="_compute_user_roles")
    not_satisfied_count = fields.Integer(compute="_compute_not_satisfied", string="'Not satisfied' Ratings")

    year_average = fields.Float(
        compute="_compute_year",
        digits=(16, 2),
        help="Average of the officer's approved sheets of the year (Art. 21: the year-end level, set before "
        "15 December, is the average of the monthly or quarterly results).",
    )
    year_band = fields.Selection(BANDS, compute="_compute_year", string="Year-end Level")
    self_comment = fields.Text(string="Self-assessment", tracking=True)
    self_proposed_band = fields.Selection(BANDS, string="Level Proposed by the Officer", tracking=True)
    manager_comment = fields.Text(string="Manager's Comments", tracking=True)
    manager_proposed_band = fields.Selection(BANDS, string="Level Proposed by the Manager", tracking=True)
    leader_comment = fields.Text(string="Leader's Conclusion", tracking=True)

    _sql_constraints = [("sheet_uniq", "unique(period_id, employee_id)", "One sheet per officer and period.")]

    def _creation_message(self):
        return super(Q1EvaluationSheet, self._q1_in_fallback_lang())._creation_message()

    @api.depends(
        "adjustment_ids.points",
        "computed_task_points",
        "manual_task_points",
        "manual_task_reason",
        "has_products",
        "disqualifier",
        "leader_band",
        *GENERAL_FIELDS,
    )
    def _compute_scores(self):
        for sheet in self:
            general = sheet._general_criteria()
            # The evaluator's entry is never ignored silently: it scores an empty period, and it replaces the
            # computed points when its reason is given (an entry without one is refused, _check_manual_reason).
            manual = not sheet.has_products or bool((sheet.manual_task_reason or "").strip())
            base = sheet.manual_task_points if manual else sheet.computed_task_points
            sheet.uses_manual_task_points = manual
            adjustment = sum(sheet.adjustment_ids.mapped("points"))
            task = min(max(base + adjustment, 0.0), TASK_MAX)
            sheet.adjustment_points = adjustment
            sheet.task_points = round_half_up(task)
            sheet.general_points = general.total
            sheet.total = round_half_up(general.total + task)
            scored = band(sheet.total, bool(sheet.disqualifier))
            sheet.score_band = scored
            # the leader lowers the level, never raises it
            decided = sheet.leader_band
            sheet.band = decided if decided and BAND_RANK[decided] > BAND_RANK[scored] else scored

    @api.depends("employee_id.name", "period_id.name")
    def _compute_display_name(self):
        """The officer and the period, never the technical name (breadcrumbs, dialogs, the chatter)."""
        for sheet in self:
            sheet.display_name = " - ".join(filter(None, [sheet.employee_id.name, sheet.period_id.name])) or False

    @api.depends_context("uid")
    def _compute_user_roles(self):
        """What the current user may type on the sheet, for the form's read-only fields (``_check_write`` is the
        guard): the officer their self-assessment, the evaluators the points, the leader the level."""
        user = self.env.user
        leader = user.has_group("q1_dossier.group_q1_unit_leader")
        for sheet in self:
            sheet.can_self_assess = user == sheet.user_id
            sheet.can_evaluate = sheet._is_evaluator()
            sheet.can_decide = leader and user != sheet.user_id

    @api.constrains("leader_band", "leader_band_reason")
    def _check_leader_band(self):
        for sheet in self.filtered("leader_band"):
            scored = band(sheet.total, bool(sheet.disqualifier))
            if BAND_RANK[sheet.leader_band] < BAND_RANK[scored]:
                raise ValidationError(
                    self.env._(
                        "The level of %(name)s cannot be above the level its score gives (%(level)s): the leader "
                        "may only take the manager's proposal or a lower level.",
                        name=sheet.employee_id.name,
                        level=BAND_LABELS[scored],
                    )
                )
            if sheet.leader_band != sheet.manager_proposed_band and not (sheet.leader_band_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "Give the reason for the level of %s: it is not the level the manager proposed.",
                        sheet.employee_id.name,
                    )
                )

    @api.constrains("manual_task_points", "manual_task_reason", "has_products")
    def _check_manual_reason(self):
        for sheet in self:
            if sheet.has_products and sheet.manual_task_points and not (sheet.manual_task_reason or "").strip():
                raise ValidationError(
                    self.env._(
                        "The task points of %s are computed from the evidence: give the reason for the points "
                        "entered, which then replace them, or use an adjustment.",
                        sheet.employee_id.name,
                    )
                )

    @api.depends("band", "task_group", "period_id.sheet_ids.band", "period_id.cap_small_group_rule")
    def _compute_cap_status(self):
        for sheet in self:
            caps = sheet.period_id._cap_status() if sheet.period_id else []
            group = sheet.task_group or ""
            mine = next((cap for cap in caps if cap.group == group), None) or next(
                (cap for cap in caps if cap.group is None), None
            )
            sheet.cap_status = mine.status() if mine else False
            sheet.cap_over = bool(mine and mine.over)

    def _compute_year(self):
        for sheet in self:
            result = self._year_result(sheet.employee_id, sheet.period_id.year) if sheet.employee_id else None
            sheet.year_average = result.average if result else 0.0
            sheet.year_band = result.band if result else False

    def _compute_not_satisfied(self):
        for sheet in self:
            sheet.not_satisfied_count = len(sheet.evidence_ids.filtered(lambda e: e.criterion == "service"))

    def _general_criteria(self):
        """The general criteria as the core checks them (ranges of form no. 01)."""
        try:
            return GeneralCriteria(**{name: self[name] for name in GENERAL_FIELDS})
        except ValueError as error:
            raise UserError(str(error)) from error

    # ------------------------------------------------------------------ built by the period

    @api.model
    def _values_from_task(self, employee, result, product_count):
        manager = employee.parent_id.user_id
        return {
            "manager_user_id": manager.id,
            "department_id": employee.department_id.id,
            "task_group": employee.job_id.name or employee.department_id.name or "",
            "product_count": product_count,
            "has_products": result.points is not None,
            "quantity_pct": result.quantity_pct or 0.0,
            "quality_pct": result.quality_pct or 0.0,
            "progress_pct": result.progress_pct or 0.0,
            "computed_task_points": result.points or 0.0,
        }

    @api.model
    def _evidence_values(self, sheet_id, lines):
        return [
            {
                "sheet_id": sheet_id,
                "ref": f"{kind}:{ref_id}",
                "dossier_code": line.dossier_code,
                "step_name": line.step_name,
                "criterion": line.criterion,
                "reason": line.reason,
                "points_deducted": line.points_deducted,
            }
            for line in lines
            for kind, ref_id in (line.ref,)
        ]

    # ------------------------------------------------------------------ who writes what

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                if set(vals) - CREATE_FIELDS or vals.get("state", "draft") != "draft":
                    raise AccessError(
                        self.env._(
                            "A sheet is created for an officer and a period only; its points come from the evidence "
                            "(Compute Draft Sheets) and from the evaluators."
                        )
                    )
        return super().create(vals_list)

    def write(self, vals):
        fields_written = set(vals) - {"message_main_attachment_id"}
        if not self.env.su:
            for sheet in self:
                sheet._check_write(fields_written)
            if "adjustment_ids" in vals and any(
                not isinstance(command, (list, tuple)) or command[0] != fields.Command.CREATE
                for command in vals["adjustment_ids"]
            ):
                raise UserError(self.env._("An adjustment is never changed; add another one with its reason."))
        return super().write(vals)

    def _q1_clean_vals(self, vals):
        """The general criteria within their maxima (form no. 01), the task points entered within 0..70."""
        vals = super()._q1_clean_vals(vals)
        for name, _label, maximum in GENERAL_CRITERIA:
            vals = self._q1_apply(vals, name, lambda value, high=maximum: validation.check_number(value or 0, 0, high))
        return self._q1_apply(
            vals, "manual_task_points", lambda value: validation.check_number(value or 0, 0, TASK_MAX)
        )

    def _check_write(self, fields_written):
        if self.state == "approved":
            raise UserError(self.env._("Sheet %s is approved and locked.", self.employee_id.name))
        if fields_written & SYSTEM_FIELDS:
            raise AccessError(
                self.env._(
                    "Task results and the workflow state come from the evidence and the buttons; "
                    "use an adjustment with a reason."
                )
            )
        if fields_written - WRITABLE_FIELDS:
            raise AccessError(
                self.env._(
                    "%(fields)s of an evaluation sheet are computed from the evidence, the criteria and the "
                    "adjustments, or set by the period and the buttons; they cannot be written. A score changes only "
                    "through the manager's general criteria or an adjustment with its reason.",
                    fields=", ".join(
                        self._fields[name]._description_string(self.env)
                        for name in sorted(fields_written - WRITABLE_FIELDS)
                        if name in self._fields
                    ),
                )
            )
        if fields_written & SELF_FIELDS and (self.env.user != self.user_id or self.state != "draft"):
            raise AccessError(
                self.env._("Only the officer evaluated writes the self-assessment, before submitting it.")
            )
        if fields_written & EVALUATOR_FIELDS and (not self._is_evaluator() or self.state == "draft"):
            raise AccessError(
                self.env._(
                    "Only the officer's manager, HR or the unit leader scores a submitted sheet; "
                    "nobody scores their own."
                )
            )

        if fields_written & LEADER_FIELDS and (
            not self.env.user.has_group("q1_dossier.group_q1_unit_leader")
            or self.env.user == self.user_id
            or self.state != "reviewed"
        ):
            raise AccessError(self.env._("Only the unit leader decides the level of a sheet waiting for approval."))

    def _is_evaluator(self):
        user = self.env.user
        return user != self.user_id and (
            user == self.manager_user_id
            or user.has_group("hr.group_hr_user")
            or user.has_group("q1_dossier.group_q1_unit_leader")
        )

    # ------------------------------------------------------------------ workflow

    def action_submit(self):
        self.check_access("write")
        for sheet in self:
            if sheet.state != "draft" or self.env.user != sheet.user_id:
                raise UserError(self.env._("The officer evaluated submits their self-assessment."))
            sheet.sudo().state = "submitted"
        return True

    def action_review(self):
        self.check_access("write")
        for sheet in self:
            if sheet.state != "submitted" or not sheet._is_evaluator():
                raise UserError(self.env._("The direct manager reviews a submitted sheet."))
            if not sheet.manager_proposed_band:
                raise UserError(self.env._("Propose a level for %s.", sheet.employee_id.name))
            sheet.sudo().state = "reviewed"
        return True

    def action_approve(self):
        self.check_access("write")
        if not self.env.user.has_group("q1_dossier.group_q1_unit_leader"):
            raise UserError(self.env._("The unit leader approves the evaluation."))
        for sheet in self:
            if sheet.state != "reviewed" or sheet.user_id == self.env.user:
                raise UserError(self.env._("Only a reviewed sheet of another officer can be approved."))
        self._check_cap()
        self.sudo().state = "approved"
        return True

    def _check_cap(self):
        """Art. 20(5)(a): excellent at most 20 % of good, per unit and group of similar tasks, over the sheets already
        approved and those approved in this action together: an excellent sheet passes with its group's good ones
        approved at the same time, whatever their order. Groups too small to hold one: the period's rule."""
        for period in self.period_id:
            sheets = period.sheet_ids.sudo().filtered(lambda s: s.state == "approved" or s in self)
            violations = cap_violations(
                {s.id: s.band for s in sheets},
                {s.id: s.task_group or "" for s in sheets},
                small_group=period.cap_small_group_rule or "none",
            )
            if violations:
                raise UserError(
                    "\n".join(
                        [v.message() for v in violations]
                        + [
                            self.env._(
                                "The cap counts the approved sheets and those approved in the same action: "
                                "approve the sheets of a group together."
                            )
                        ]
                    )
                )

    def action_approve_manager_level(self):
        """The leader approves the sheets at the levels their managers proposed: a proposal below the score's
        level lowers it (so that a group over the 20 % cap can be approved as the managers proposed); a proposal
        above it is refused, and the cap is checked as for ``action_approve``."""
        self.check_access("write")
        if not self.env.user.has_group("q1_dossier.group_q1_unit_leader"):
            raise UserError(self.env._("The unit leader approves the evaluation."))
        for sheet in self:
            if sheet.state != "reviewed" or sheet.user_id == self.env.user:
                raise UserError(self.env._("Only a reviewed sheet of another officer can be approved."))
            if not sheet.manager_proposed_band:
                raise UserError(self.env._("The manager has not proposed a level for %s.", sheet.employee_id.name))
            if sheet.manager_proposed_band != sheet.band:
                sheet.write({"leader_band": sheet.manager_proposed_band})
        return self.action_approve()

    def action_back_to_review(self):
        """The leader sends a sheet back to the manager (not once approved); the level he decided goes with it."""
        self.check_access("write")
        for sheet in self:
            if sheet.state != "reviewed" or not self.env.user.has_group("q1_dossier.group_q1_unit_leader"):
                raise UserError(self.env._("Only a sheet waiting for approval can be sent back."))
            sheet.sudo().write({"state": "submitted", "leader_band": False, "leader_band_reason": False})
        return True

    def action_print(self):
        self.check_access("read")
        return self.env.ref("q1_reporting.action_report_q1_evaluation_sheet").report_action(self)

    def print_values(self):
        """What the printed sheet shows, as Vietnamese text."""
        self.check_access("read")
        self.ensure_one()
        unit = self.company_id

        def number(value):
            return f"{value:.2f}".replace(".", ",")

        general = [
            (index, label, number(maximum).replace(",00", ""), number(self[name]))
            for index, (name, label, maximum) in enumerate(GENERAL_CRITERIA, start=1)
        ]
        manual = self.uses_manual_task_points
        # Until the leader approves, the sheet is a draft: it says so and shows no level (Art. 20: the level is
        # the competent person's decision).
        draft = self.state != "approved"
        decided = not draft and self.leader_band and self.band != self.score_band
        return {
            "draft": draft,
            "leader_band_reason": (self.leader_band_reason or "").strip() if decided else "",
            "computed_task_points": number(self.computed_task_points) if self.has_products else "",
            "manual_task_points": number(self.manual_task_points) if manual else "",
            "manual_task_reason": (self.manual_task_reason or "").strip() if manual else "",
            "cap_status": self.cap_status or "",
            "authority": (unit.q1_authority_name or "").upper(),
            "unit": unit.name.upper(),
            "period": f"Kỳ đánh giá: {self.period_id.name}",
            "general": general,
            "general_points": number(self.general_points),
            "task_points": number(self.task_points),
            "quantity": f"{number(self.quantity_pct)}%",
            "quality": f"{number(self.quality_pct)}%",
            "progress": f"{number(self.progress_pct)}%",
            "adjustment": number(self.adjustment_points) if self.adjustment_points else "",
            "total": number(self.total),
            "band": "" if draft else f"{BAND_LABELS[self.band]} ({BAND_CODES[self.band]})",
            "evidence": [
                {
                    "code": line.dossier_code,
                    "step": line.step_name,
                    "criterion": CRITERION_LABELS[line.criterion],
                    "reason": line.reason,
                    "share": f"{line.points_deducted * 100:.0f}%" if line.criterion != "excused" else "",
                }
                for line in self.evidence_ids
            ],
        }

    # ------------------------------------------------------------------ export and year

    def _sheet_row(self):
        self.ensure_one()
        return SheetRow(
            employee=self.employee_id.name,
            job=self.task_group or "",
            department=self.department_id.name or "",
            quantity=self.quantity_pct,
            quality=self.quality_pct,
            progress=self.progress_pct,
            task_points=self.task_points,
            general_points=self.general_points,
            total=self.total,
            band=BAND_LABELS[self.band],
            band_code=BAND_CODES[self.band],
            state=dict(self._fields["state"]._description_selection(self.env))[self.state],
            computed_task_points=self.computed_task_points if self.has_products else None,
            entered_task_points=self.manual_task_points if self.uses_manual_task_points else None,
            entered_reason=(self.manual_task_reason or "").strip() if self.uses_manual_task_points else "",
            uses_entered=self.uses_manual_task_points,
            adjustment=self.adjustment_points,
            approved=self.state == "approved",
            evidence=tuple(
                EvidenceRow(
                    line.dossier_code or "",
                    line.step_name or "",
                    CRITERION_LABELS[line.criterion],
                    line.reason or "",
                    None if line.criterion == "excused" else line.points_deducted,
                )
                # in the order the core wrote them: each product's deductions, then the excused waits
                for line in self.evidence_ids.sorted("id")
            ),
        )

    @api.model
    def _year_result(self, employee, year):
        """Year-end level (Art. 21): the average of the approved period totals of ``year``."""
        sheets = self.sudo().search(
            [
                ("employee_id", "=", employee.id),
                ("state", "=", "approved"),
                ("period_date", ">=", f"{year}-01-01"),
                ("period_date", "<=", f"{year}-12-31"),
            ]
        )
        if not sheets:
            return None
        return yearly_band(sheets.mapped("total"), any(sheets.mapped("disqualifier")))

"""Corrective actions (ISO 9001 10.2.1) on OCA's ``mgmtsystem.action``: an owner of the unit and a due date counted
in WORKING days on the unit's calendar, moved and checked only by their own methods.

* ``q1_due_workdays`` (1 to ``MAX_DUE_WORKDAYS``) working days from ``q1_start_date`` (the local day the action was
  created) give ``date_deadline`` on the unit's working calendar (its holidays and make-up days), as every time
  limit of the one-stop shop is counted; it is set while the action is a draft and fixed once it starts.
* The stage moves by ``q1_action_start`` / ``q1_action_done`` / ``q1_action_cancel``; the efficacy check
  (OCA's mgmtsystem_action_efficacy) by ``q1_record_efficacy``, made by the unit's ISO secretary or leader, never by
  the action's owner, and only once the action is done. The nonconformity is closed only after both.
* ``q1_escalation_level``: the watchdog's memory of an overdue action (1: its owner told, 2: the unit leader too).
"""

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.q1_dossier.core.localtime import to_local

MAX_DUE_WORKDAYS = 250  # a working year: beyond it, a typing error
MAX_EFFICACY = 100
LEGAL_FACTS = frozenset(
    {
        "stage_id",
        "date_deadline",
        "q1_start_date",
        "date_open",
        "date_closed",
        "efficacy_value",
        "efficacy_user_id",
        "q1_escalation_level",
        "reference",
    }
)
# Fixed once the action has started: its owner's time and unit.
DRAFT_ONLY = frozenset({"q1_due_workdays", "company_id"})
STAGES = {
    "draft": "mgmtsystem_action.stage_draft",
    "open": "mgmtsystem_action.stage_open",
    "close": "mgmtsystem_action.stage_close",
    "cancel": "mgmtsystem_action.stage_cancel",
}
MOVES = {"start": (("draft",), "open"), "done": (("open",), "close"), "cancel": (("draft", "open"), "cancel")}
ISO_MANAGER = "mgmtsystem.group_mgmtsystem_manager"
UNIT_LEADER = "q1_dossier.group_q1_unit_leader"


class MgmtsystemAction(models.Model):
    _inherit = "mgmtsystem.action"

    q1_due_workdays = fields.Integer(
        string="Working Days to Complete",
        help="The due date is this number of working days after the action's start, on the unit's working "
        "calendar (holidays and make-up days included).",
        tracking=True,
    )
    q1_start_date = fields.Date(
        string="Counted From",
        readonly=True,
        copy=False,
        default=lambda self: self._q1_today(),
        help="The day the working days are counted from: the day the action was created.",
    )
    date_deadline = fields.Date(compute="_compute_date_deadline", store=True, readonly=False, precompute=True)
    q1_overdue = fields.Boolean(
        string="Overdue",
        compute="_compute_q1_overdue",
        search="_search_q1_overdue",
        help="Past its due date, not done.",
    )
    q1_stage_state = fields.Selection(
        [("draft", "Draft"), ("open", "In Progress"), ("close", "Closed"), ("cancel", "Cancelled")],
        string="Stage Kind",
        compute="_compute_q1_stage_state",
    )
    q1_escalation_level = fields.Integer(string="Escalation", readonly=True, copy=False, default=0)
    q1_nonconformity_id = fields.Many2one(
        "mgmtsystem.nonconformity",
        string="Nonconformity",
        compute="_compute_q1_nonconformity_id",
        help="The nonconformity this action answers (its plan or its immediate correction).",
    )

    _sql_constraints = [
        (
            "q1_due_workdays_range",
            f"CHECK (q1_due_workdays IS NULL OR (q1_due_workdays >= 0 AND q1_due_workdays <= {MAX_DUE_WORKDAYS}))",
            "The number of working days must be between 1 and 250.",
        ),
        (
            "q1_efficacy_range",
            f"CHECK (efficacy_value IS NULL OR (efficacy_value >= 0 AND efficacy_value <= {MAX_EFFICACY}))",
            "The efficacy rating must be between 0 and 100.",
        ),
    ]

    # ------------------------------------------------------------------ computed

    @api.model
    def _q1_today(self):
        return to_local(fields.Datetime.now()).date()

    def _q1_calendar(self):
        """The core working calendar of the action's unit (the state's calendar when the unit has none)."""
        self.ensure_one()
        calendar = self.sudo().company_id.q1_work_calendar_id or self.env.ref("q1_dossier.q1_work_calendar_state")
        return calendar.sudo()._to_core()

    @api.depends("q1_due_workdays", "q1_start_date", "company_id")
    def _compute_date_deadline(self):
        for action in self:
            if action.q1_due_workdays and action.q1_due_workdays > 0:
                start = action.q1_start_date or self._q1_today()
                action.date_deadline = action._q1_calendar().add_workdays(start, action.q1_due_workdays)
            else:
                action.date_deadline = action.date_deadline

    @api.depends("stage_id")
    def _compute_q1_stage_state(self):
        stages = {self.env.ref(xmlid).id: key for key, xmlid in STAGES.items()}
        for action in self:
            action.q1_stage_state = stages.get(action.stage_id.id, False)

    def _compute_q1_overdue(self):
        today = self._q1_today()
        for action in self:
            action.q1_overdue = bool(
                action.date_deadline and action.date_deadline < today and not action.stage_id.is_ending
            )

    def _search_q1_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search overdue actions with 'is set' or 'is not set'."))
        domain = [
            ("date_deadline", "<", self._q1_today()),
            ("stage_id.is_ending", "=", False),
        ]
        return domain if (operator == "=") == value else ["!", "&", *domain]

    @api.depends("nonconformity_ids", "nonconformity_immediate_id")
    def _compute_q1_nonconformity_id(self):
        for action in self:
            action.q1_nonconformity_id = (action.nonconformity_ids | action.nonconformity_immediate_id)[:1]

    # ------------------------------------------------------------------ input and legal facts

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._q1_check_vals(vals)
            self._q1_check_due_workdays(vals)
            if not self.env.su:
                self._q1_check_user_vals(vals, creating=True)
                company = self.env["res.company"].browse(vals.get("company_id") or self.env.company.id)
                if company not in self.env.user.company_ids:
                    raise AccessError(self.env._("An action is planned in one of your own units."))
        actions = super().create(vals_list)
        actions._q1_check_owner()
        return actions

    def write(self, vals):
        self._q1_check_vals(vals)
        self._q1_check_due_workdays(vals)
        if not self.env.su:
            self._q1_check_user_vals(vals)
        result = super().write(vals)
        if "user_id" in vals or "company_id" in vals:
            self._q1_check_owner()
        return result

    @api.model
    def _q1_check_due_workdays(self, vals):
        days = vals.get("q1_due_workdays")
        if days and not 1 <= days <= MAX_DUE_WORKDAYS:
            raise ValidationError(self.env._("The number of working days must be between 1 and %s.", MAX_DUE_WORKDAYS))

    def _q1_check_user_vals(self, vals, creating=False):
        """Refuse a user's direct write of a legal fact, and of the due time or unit once the action started."""
        if vals.get("q1_due_workdays"):
            # the working days decide the due date: the date a form computed beside them on the client (the action
            # popup of a nonconformity sends both) is dropped, the server computes it again on the unit's calendar
            vals.pop("date_deadline", None)
        facts = [name for name in vals if name in LEGAL_FACTS]
        if creating:
            draft = self.env.ref(STAGES["draft"]).id
            facts = [
                name
                for name in facts
                if vals[name]
                and not (name == "stage_id" and vals[name] == draft)
                # a due date typed on a new action without a number of working days: OCA's own way, kept
                and not (name == "date_deadline" and not vals.get("q1_due_workdays"))
            ]
        if facts:
            labels = ", ".join(self._fields[name]._description_string(self.env) for name in facts)
            raise UserError(
                self.env._(
                    "%(fields)s of an action are set by its own buttons (start, done, efficacy check) and the "
                    "working days given to it; they cannot be written directly.",
                    fields=labels,
                )
            )
        if not creating and DRAFT_ONLY.intersection(vals) and any(not a.stage_id.is_starting for a in self):
            raise UserError(self.env._("The working days and the unit of an action are fixed once it has started."))

    def _q1_check_owner(self):
        """The owner of an action is an active internal user of its unit."""
        for action in self.sudo():
            owner = action.user_id
            if action.company_id and not (
                owner.active and owner._is_internal() and action.company_id in owner.company_ids
            ):
                raise ValidationError(
                    self.env._(
                        "%(owner)s cannot own this action: the owner must be an officer of unit %(unit)s.",
                        owner=owner.name,
                        unit=action.company_id.name,
                    )
                )

    # ------------------------------------------------------------------ the moves (public: buttons and RPC)

    def _q1_unit_roles(self):
        """(is ISO secretary, is unit leader) of the caller in this action's unit; refuse another unit's caller."""
        self.ensure_one()
        unit = self.sudo().company_id
        if self.env.su:
            return True, True
        if unit and unit not in self.env.user.company_ids:
            raise AccessError(self.env._("This action belongs to another unit."))
        ncs = self.env["mgmtsystem.nonconformity"]
        return self.env.user in ncs._q1_iso_secretaries(unit), self.env.user in ncs._q1_unit_leaders(unit)

    def _q1_move(self, move):
        sources, target = MOVES[move]
        stage = self.env.ref(STAGES[target])
        for action in self:
            secretary, leader = action._q1_unit_roles()
            owner = self.env.user == action.sudo().user_id
            if not (secretary or leader or (owner and move != "cancel")):
                raise AccessError(
                    self.env._("Only the owner of this action, the unit's ISO secretary or its leader may do this.")
                )
            self.env.cr.execute("SELECT id FROM mgmtsystem_action WHERE id = %s FOR NO KEY UPDATE", (action.id,))
            action.invalidate_recordset(["stage_id"])
            state = next((key for key, xmlid in STAGES.items() if self.env.ref(xmlid) == action.stage_id), None)
            if state not in sources:
                raise UserError(
                    self.env._(
                        "Action %(action)s is '%(stage)s': it cannot be moved to '%(target)s'.",
                        action=action.name,
                        stage=action.stage_id.name,
                        target=stage.name,
                    )
                )
            action.sudo().write({"stage_id": stage.id, "active": True})
        return True

    def _q1_todo(self, user, summary, day):
        """A to-do activity on the action for ``user`` (the watchdog's alerts)."""
        self.ensure_one()
        self.sudo().activity_schedule(
            "mail.mail_activity_data_todo", date_deadline=day, user_id=user.id, summary=summary
        )

    def q1_action_start(self):
        return self._q1_move("start")

    def q1_action_done(self):
        return self._q1_move("done")

    def q1_action_cancel(self):
        return self._q1_move("cancel")

    def q1_action_check_efficacy(self):
        """The efficacy check's form (``q1.action.efficacy.wizard``), for the unit's ISO secretary or leader."""
        self.ensure_one()
        self._q1_check_efficacy_caller()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Efficacy Check"),
            "res_model": "q1.action.efficacy.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {"default_action_id": self.id},
        }

    def _q1_check_efficacy_caller(self):
        secretary, leader = self._q1_unit_roles()
        if not (secretary or leader) or (not self.env.su and self.env.user == self.sudo().user_id):
            raise AccessError(
                self.env._("The efficacy of an action is checked by the unit's ISO secretary or leader, not its owner.")
            )

    def q1_record_efficacy(self, value, notes=None):
        """The efficacy check of a done action (ISO 10.2.1 d): ``value`` 0 (not effective), 50 (partly) or 100
        (effective), by the unit's ISO secretary or leader, never by the action's owner."""
        self.ensure_one()
        self._q1_check_efficacy_caller()
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_EFFICACY:
            raise ValidationError(self.env._("The efficacy rating must be a whole number between 0 and 100."))
        notes = self.env["q1.dossier"]._text_argument(notes, "efficacy_description", model=self._name)
        if self.stage_id != self.env.ref(STAGES["close"]):
            raise UserError(self.env._("The efficacy of action %s is checked once it is done.", self.name))
        self.sudo().write(
            {"efficacy_value": value, "efficacy_user_id": self.env.user.id, "efficacy_description": notes or False}
        )
        return True

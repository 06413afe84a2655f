"""Nonconformities of the one-stop shop (ISO 9001 8.7, 10.2) on OCA's ``mgmtsystem.nonconformity``.

What the one-stop shop adds:

* ``q1_kind`` (late dossier, apology letter, justified complaint, "not satisfied" rating, audit finding, by hand),
  the dossier it is about (``q1_dossier_id``) and the officer it names (``q1_officer_id``);
* ``_q1_raise`` (interface 1 of the quality system): the one way the record raises a nonconformity, idempotent at
  most ONE per (source model, source id, kind), enforced by a unique index, also under concurrency;
* the stages are legal facts: they move only through the methods below (``q1_action_*``), each checking its
  caller; the closure is the unit's ISO secretary's alone, once every action is done and its efficacy checked.

Who is who on a raised nonconformity (OCA's required fields), decided here:

* ``partner_id``: the unit's own partner (the company's), the "client" of an internal nonconformity;
* ``responsible_user_id``: the unit's ISO secretary (a user of the unit with OCA's management-system Manager role,
  not a one-stop administrator), who runs the analysis and the action plan; failing one, the unit leader;
* ``manager_user_id``: the unit leader, who approves the action plan; failing one, the ISO secretary;
* ``user_id`` ("filled in by"): the user whose action raised it, or the system for the watchdog.
"""

from datetime import timedelta

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.q1_dossier.core.localtime import to_local

ISO_MANAGER = "mgmtsystem.group_mgmtsystem_manager"
ISO_USER = "mgmtsystem.group_mgmtsystem_user"
ONE_STOP_MANAGER = "q1_dossier.group_q1_manager"
UNIT_LEADER = "q1_dossier.group_q1_unit_leader"

KINDS = [
    ("late", "Dossier resolved late"),
    ("apology", "Apology letter issued"),
    ("complaint", "Justified citizen complaint"),
    ("rating", "Citizen not satisfied"),
    ("audit", "Audit finding"),
    ("manual", "Raised by hand"),
]
# The origin (OCA's mgmtsystem.nonconformity.origin) each kind is filed under (data/...origin.xml).
ORIGINS = {kind: f"q1_quality.q1_nc_origin_{kind}" for kind, _label in KINDS}

# Facts of a nonconformity only its own methods write: where it comes from, whom it names, where it stands.
LEGAL_FACTS = frozenset(
    {
        "q1_kind",
        "q1_dossier_id",
        "q1_officer_id",
        "res_model",
        "res_id",
        "company_id",
        "stage_id",
        "state",
        "closing_date",
        "ref",
        "q1_raised_at",
        "q1_close_due",
    }
)
# The moves of the stages (OCA's states), each by its method: {method: (from states, to state)}.
MOVES = {
    "analyse": (("draft",), "analysis"),
    "plan": (("analysis",), "pending"),
    "open": (("pending",), "open"),
    "close": (("open",), "done"),
    "cancel": (("draft", "analysis", "pending", "open"), "cancel"),
    "reopen": (("cancel",), "draft"),
}
STAGES = {
    "draft": "mgmtsystem_nonconformity.stage_draft",
    "analysis": "mgmtsystem_nonconformity.stage_analysis",
    "pending": "mgmtsystem_nonconformity.stage_pending",
    "open": "mgmtsystem_nonconformity.stage_open",
    "done": "mgmtsystem_nonconformity.stage_done",
    "cancel": "mgmtsystem_nonconformity.stage_cancel",
}
UNIQUE_INDEX = "mgmtsystem_nonconformity_q1_source_kind_uniq"
CLOSE_WORKDAYS_PARAM = "q1_quality.nc_close_workdays"
DEFAULT_CLOSE_WORKDAYS = 20


class MgmtsystemNonconformity(models.Model):
    _inherit = "mgmtsystem.nonconformity"

    q1_kind = fields.Selection(KINDS, string="Kind", readonly=True, index=True, copy=False, tracking=True)
    q1_dossier_id = fields.Many2one(
        "q1.dossier", string="Dossier", readonly=True, index="btree_not_null", ondelete="set null", copy=False
    )
    q1_officer_id = fields.Many2one(
        "res.users",
        string="Officer Concerned",
        readonly=True,
        index="btree_not_null",
        copy=False,
        tracking=True,
        help="The officer this nonconformity names: it is evidence on their evaluation sheet for its period.",
    )

    q1_raised_at = fields.Datetime(
        string="Raised At", readonly=True, copy=False, index=True, default=lambda self: fields.Datetime.now()
    )
    q1_close_due = fields.Date(
        string="Close By",
        readonly=True,
        copy=False,
        help="The day the nonconformity should be closed by: the working days of the setting "
        "q1_quality.nc_close_workdays (20 by default) after it was raised, on the unit's working calendar.",
    )

    def init(self):
        result = super().init()
        # At most one nonconformity per source record and kind (interface 1): two raisers at once cannot both
        # insert; the second waits for the first and then fails, and ``_q1_raise`` turns that into a retry.
        self.env.cr.execute(
            SQL(
                """CREATE UNIQUE INDEX IF NOT EXISTS %s ON mgmtsystem_nonconformity (res_model, res_id, q1_kind)
                    WHERE q1_kind IS NOT NULL AND res_model IS NOT NULL""",
                SQL.identifier(UNIQUE_INDEX),
            )
        )
        return result

    # ------------------------------------------------------------------ who is who in a unit

    @api.model
    def _q1_unit_users(self, company, group_xmlid):
        """Active internal users of ``company`` holding ``group_xmlid``, those whose main unit it is first."""
        group = self.env.ref(group_xmlid).sudo()
        users = group.all_user_ids if "all_user_ids" in group._fields else group.users
        users = users.filtered(lambda u: u.active and company in u.company_ids and u._is_internal())
        return users.sorted(lambda u: (u.company_id != company, u.id))

    @api.model
    def _q1_iso_secretaries(self, company):
        """The unit's ISO secretaries: its users with OCA's management-system Manager role, the one-stop
        administrators and Odoo's system administrators (who hold that role over every unit) excepted."""
        return self._q1_unit_users(company, ISO_MANAGER).filtered(
            lambda u: not (u.has_group(ONE_STOP_MANAGER) or u.has_group("base.group_system"))
        )

    @api.model
    def _q1_unit_leaders(self, company):
        return self._q1_unit_users(company, UNIT_LEADER)

    @api.model
    def _q1_people(self, company):
        """(responsible, manager) of a nonconformity of ``company`` (module docstring)."""
        secretary = self._q1_iso_secretaries(company)[:1]
        leader = self._q1_unit_leaders(company)[:1]
        fallback = self.env.ref("base.user_admin")
        return (secretary or leader or fallback), (leader or secretary or fallback)

    # ------------------------------------------------------------------ raising (interface 1)

    @api.model
    def _q1_source_unit(self, source):
        """The unit a nonconformity about ``source`` belongs to: a dossier's deciding unit, else its ``company_id``."""
        if source._name == "q1.dossier":
            return source.deciding_company_id or source.company_id
        return source.company_id

    @api.model
    def _q1_source_dossier(self, source):
        if source._name == "q1.dossier":
            return source
        for name in ("q1_dossier_id", "dossier_id"):
            field = source._fields.get(name)
            if field and field.type == "many2one" and field.comodel_name == "q1.dossier":
                return source[name]
        return self.env["q1.dossier"]

    @api.model
    def _q1_raise(self, source, kind, description, officer=None, raised_at=None):
        """The nonconformity of kind ``kind`` raised from ``source`` (any record with ``company_id``), made if it
        does not exist yet: at most one per (source model, source id, kind), also when two users raise it at once.
        ``officer`` (res.users) is the officer it names; ``raised_at`` (UTC datetime) the moment of the event it
        records, now by default (the backfill of past events gives theirs). Runs as the system; returns the record
        (as the system)."""
        if kind not in dict(KINDS):
            raise ValueError(f"unknown nonconformity kind {kind!r}")
        source = source.sudo().ensure_one()
        ncs = self.sudo()
        key = [("res_model", "=", source._name), ("res_id", "=", source.id), ("q1_kind", "=", kind)]
        existing = ncs.with_context(active_test=False).search(key, limit=1)
        if existing:
            return existing
        vals = ncs._q1_raise_vals(source, kind, description, officer)
        if raised_at:
            vals["q1_raised_at"] = raised_at
        try:
            with self.env.cr.savepoint(flush=True):
                # the unique index violated is an expected outcome, answered below: not logged as a failed query
                nc = ncs.with_context(mail_create_nosubscribe=True, mail_auto_subscribe_no_notify=True).create(vals)
                nc.flush_recordset()
        except psycopg2.errors.UniqueViolation:
            ncs._q1_concurrent_raise(vals)
        nc._q1_raised_notice()
        return nc

    @api.model
    def _q1_raise_vals(self, source, kind, description, officer):
        unit = self._q1_source_unit(source)
        if not unit:
            raise ValueError(f"{source!r} has no unit: a nonconformity belongs to a unit")
        lang_self = self.with_context(lang=self._q1_lang())
        label = dict(lang_self._fields["q1_kind"]._description_selection(lang_self.env))[kind]
        responsible, manager = self._q1_people(unit)
        officer = officer.sudo().exists() if officer else self.env["res.users"]
        origin = self.env.ref(ORIGINS[kind], raise_if_not_found=False)
        description = (description or "").strip() or label
        user = self.env.user if not self.env.user._is_public() else self.env.ref("base.user_root")
        return {
            "name": f"{label}: {source.display_name}"[:200],
            "q1_kind": kind,
            "res_model": source._name,
            "res_id": source.id,
            "reference": source.display_name,
            "q1_dossier_id": self._q1_source_dossier(source).id or False,
            "q1_officer_id": officer[:1].id or False,
            "company_id": unit.id,
            "partner_id": unit.partner_id.id,
            "responsible_user_id": responsible.id,
            "manager_user_id": manager.id,
            "user_id": user.id,
            "origin_ids": [fields.Command.set(origin.ids)],
            "description": description,
        }

    @api.model
    def _q1_lang(self):
        """The language raised nonconformities are titled in: Vietnamese when installed (the product's)."""
        installed = dict(self.env["res.lang"].get_installed())
        return "vi_VN" if "vi_VN" in installed else self.env.lang or "en_US"

    @api.model
    def _q1_concurrent_raise(self, vals):
        """Another transaction made the same nonconformity after this one's snapshot began (its insert hit the unique
        index once the other committed). This transaction cannot read it (REPEATABLE READ), so the request must
        start again, and then finds it: PostgreSQL's own serialization failure is raised (an INSERT ... ON CONFLICT
        DO NOTHING over a row this snapshot cannot see), which Odoo answers by retrying the request."""
        self.env.cr.execute(
            SQL(
                """INSERT INTO mgmtsystem_nonconformity (res_model, res_id, q1_kind, ref, description, partner_id,
                                                         responsible_user_id, manager_user_id, user_id, kanban_state)
                   VALUES (%s, %s, %s, 'NEW', '', %s, %s, %s, %s, 'normal')
                   ON CONFLICT DO NOTHING""",
                vals["res_model"],
                vals["res_id"],
                vals["q1_kind"],
                vals["partner_id"],
                vals["responsible_user_id"],
                vals["manager_user_id"],
                vals["user_id"],
            )
        )
        # Not reached under REPEATABLE READ (the statement above fails); under a weaker isolation, say so plainly.
        raise UserError(self.env._("This nonconformity was just raised by someone else. Reload the page."))

    def _q1_raised_notice(self):
        """Tell the responsible (the ISO secretary) that a nonconformity awaits analysis."""
        for nc in self:
            nc.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=nc.responsible_user_id.id,
                summary=self.env._("Analyse nonconformity %s", nc.ref),
            )

    # ------------------------------------------------------------------ legal facts

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                self._q1_check_vals(vals)
                self._q1_check_user_vals(vals, creating=True)
                # a nonconformity filed by hand belongs to one of the user's units
                company = self.env["res.company"].browse(vals.get("company_id") or self.env.company.id)
                if company not in self.env.user.company_ids:
                    raise AccessError(self.env._("A nonconformity is filed in one of your own units."))
                vals.setdefault("q1_kind", "manual")
        ncs = super().create(vals_list)
        ncs._q1_set_close_due()
        return ncs

    def _q1_set_close_due(self):
        """Fix each nonconformity's closing due date from the moment it was raised (module docstring of the
        setting): the working days of ``q1_quality.nc_close_workdays`` on its unit's calendar."""
        raw = self.env["ir.config_parameter"].sudo().get_param(CLOSE_WORKDAYS_PARAM, "")
        days = int(raw) if raw.strip().isdigit() else DEFAULT_CLOSE_WORKDAYS
        days = min(max(days, 1), 250)
        for nc in self.sudo():
            unit = nc.company_id
            calendar = unit.q1_work_calendar_id or self.env.ref("q1_dossier.q1_work_calendar_state")
            raised = to_local(nc.q1_raised_at or fields.Datetime.now()).date()
            nc.write({"q1_close_due": calendar._to_core().add_workdays(raised, days)})

    def write(self, vals):
        self._q1_check_vals(vals)
        if not self.env.su:
            self._q1_check_user_vals(vals)
        return super().write(vals)

    def _q1_check_user_vals(self, vals, creating=False):
        """Refuse a user's direct write of a legal fact (``LEGAL_FACTS``); a new record may give the draft stage and
        its own unit, which are defaults, and ``manual`` as its kind."""
        facts = [name for name in vals if name in LEGAL_FACTS]
        if creating:
            draft = self.env.ref(STAGES["draft"]).id
            harmless = {"stage_id": (None, False, draft), "q1_kind": (None, False, "manual"), "company_id": None}
            facts = [
                name
                for name in facts
                if name not in harmless or (harmless[name] is not None and vals[name] not in harmless[name])
            ]
            facts = [name for name in facts if vals[name] or name == "stage_id"]
        if facts:
            labels = ", ".join(self._fields[name]._description_string(self.env) for name in facts)
            raise UserError(
                self.env._(
                    "%(fields)s of a nonconformity are set by its own actions (raising, analysis, action plan, "
                    "closure by the unit's ISO secretary) and cannot be written directly.",
                    fields=labels,
                )
            )

    # ------------------------------------------------------------------ the moves (public: buttons and RPC)

    def _q1_check_mover(self, move):
        """Refuse the caller of ``move`` unless they may move every nonconformity of theirs: the closure (and its
        undoing) is the unit's ISO secretary's alone; the other moves are the ISO secretary's, the unit leader's
        or the responsible's, in the nonconformity's own unit."""
        if self.env.su:
            return
        user = self.env.user
        for nc in self:
            unit = nc.sudo().company_id
            if unit not in user.company_ids:
                raise AccessError(self.env._("This nonconformity belongs to another unit."))
            secretary = user in self._q1_iso_secretaries(unit)
            if move in ("close", "reopen"):
                if not secretary:
                    raise AccessError(
                        self.env._(
                            "Only the ISO secretary of unit %s may close or reopen its nonconformities.", unit.name
                        )
                    )
                continue
            leader = user in self._q1_unit_leaders(unit)
            if not (secretary or leader or (user == nc.sudo().responsible_user_id and user.has_group(ISO_USER))):
                raise AccessError(
                    self.env._(
                        "Only the ISO secretary, the unit leader or the responsible of this nonconformity may move it."
                    )
                )

    def _q1_move(self, move):
        self._q1_check_mover(move)
        sources, target = MOVES[move]
        stage = self.env.ref(STAGES[target])
        for nc in self:
            # one move at a time: a second click or a second user sees the first one's stage
            self.env.cr.execute("SELECT id FROM mgmtsystem_nonconformity WHERE id = %s FOR NO KEY UPDATE", (nc.id,))
            nc.invalidate_recordset(["stage_id", "state"])
            if nc.state not in sources:
                raise UserError(
                    self.env._(
                        "Nonconformity %(ref)s is '%(stage)s': it cannot be moved to '%(target)s'.",
                        ref=nc.ref,
                        stage=nc.stage_id.name,
                        target=stage.name,
                    )
                )
            if move == "close":
                nc._q1_check_closable()
            nc.sudo().write({"stage_id": stage.id})
            if move == "close":
                nc.sudo().activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def _q1_check_closable(self):
        """Closure (ISO 10.2.1 d): every action done and its efficacy checked, and the conclusion written."""
        self.ensure_one()
        actions = self.sudo()._get_all_actions()
        done = actions.filtered(lambda a: a.stage_id == self.env.ref("mgmtsystem_action.stage_close"))
        if not done:
            raise ValidationError(
                self.env._("Carry out at least one action before closing nonconformity %s.", self.ref)
            )
        open_actions = actions.filtered(lambda a: not a.stage_id.is_ending)
        if open_actions:
            raise ValidationError(
                self.env._(
                    "Every action must be done before closing nonconformity %(ref)s: %(actions)s.",
                    ref=self.ref,
                    actions=", ".join(open_actions.mapped("name")),
                )
            )
        unchecked = done.filtered(lambda a: not a.efficacy_user_id)
        if unchecked:
            raise ValidationError(
                self.env._(
                    "The efficacy of every action must be checked before closing nonconformity %(ref)s: %(actions)s.",
                    ref=self.ref,
                    actions=", ".join(unchecked.mapped("name")),
                )
            )
        if not (self.evaluation_comments or "").strip():
            raise ValidationError(
                self.env._("Write the conclusion of the effectiveness evaluation before closing %s.", self.ref)
            )

    # ------------------------------------------------------------------ the record before this addon

    @api.model
    def _q1_backfill(self, since=None):
        """Raise the nonconformities of the dossiers' past events, each at its own moment: dossiers returned or
        refused late, "not satisfied" ratings and approved extensions (apology letters) since ``since`` (a date;
        all when None). Idempotent (``_q1_raise``): run at installation on a database with a history, and by the
        demo. Returns the nonconformities raised or found."""
        dossiers = self.env["q1.dossier"].sudo().with_context(active_test=False)
        domain = [("finished_at", ">=", since)] if since else []
        ended = dossiers.search(domain + [("state", "in", ("returned", "refused"))], order="id")
        found = self.browse()
        self.env["q1.dossier.fact"].sudo()._mark(ended.ids)
        self.env["q1.dossier.fact"].sudo()._refresh_marked()
        for dossier in ended:
            found |= dossier._q1_raise_if_late(raised_at=dossier.returned_at or dossier.finished_at)
            if dossier.rating == "not_satisfied":
                found |= dossier._q1_raise_rating(dossier.rating_comment, raised_at=dossier.rating_date)
        extended = dossiers.search(domain + [("extension_state", "=", "approved")], order="id")
        for dossier in extended:
            found |= dossier._q1_raise_apology(raised_at=dossier.write_date)
        return found

    @api.model
    def _q1_demo(self, days=60):
        """The demo: the nonconformities of the last ``days`` days of the generated history (``_q1_backfill``), then,
        in each ward, the oldest ones walked through every stage the way a unit's ISO secretary does it: closed
        (cause, immediate correction and corrective action done, efficacy checked), in progress (its action
        overdue), action plan, analysis, cancelled (unfounded); the others stay drafts. Vietnamese texts."""
        since = fields.Date.context_today(self) - timedelta(days=days)
        raised = self._q1_backfill(since=since)
        causes = self.env["mgmtsystem.nonconformity.cause"].browse(
            [
                cause.id
                for xmlid in ("q1_quality.q1_demo_cause_coordination", "q1_quality.q1_demo_cause_procedure")
                for cause in [self.env.ref(xmlid, raise_if_not_found=False)]
                if cause
            ]
        )
        minor = self.env.ref("mgmtsystem_nonconformity.nonconformity_severity_min", raise_if_not_found=False)
        for unit in raised.company_id:
            ncs = raised.filtered(lambda nc, unit=unit: nc.company_id == unit).sorted(
                lambda nc: (nc.q1_raised_at, nc.id)
            )
            plan = ("done", "open", "pending", "analysis", "cancel")
            for nc, target in zip(ncs, plan, strict=False):
                nc._q1_demo_walk(target, causes, minor)
        return raised

    def _q1_demo_walk(self, target, causes, severity):
        self.ensure_one()
        nc = self.sudo()
        if target == "cancel":
            nc.write({"analysis": "Không phải sự không phù hợp: chậm do lỗi kết nối liên thông đã được xác nhận."})
            return nc._q1_move("cancel")
        nc._q1_move("analyse")
        nc.write(
            {
                "analysis": "Hồ sơ bị trễ ở bước thẩm định: cán bộ chờ ý kiến phối hợp nhưng không báo cáo kịp thời.",
                "cause_ids": [fields.Command.set(causes[:2].ids)],
                "severity_id": severity.id if severity else False,
            }
        )
        if target == "analysis":
            return True
        owner = nc.q1_officer_id or nc.responsible_user_id
        start = to_local(nc.q1_raised_at).date()
        actions = self.env["mgmtsystem.action"].sudo()
        action = actions.create(
            {
                "name": "Rà soát, bổ sung bước theo dõi hồ sơ chờ phối hợp trong quy trình nội bộ",
                "type_action": "correction",
                "company_id": nc.company_id.id,
                "user_id": owner.id,
                "q1_due_workdays": 5,
                "q1_start_date": start,
                "description": "<p>Bổ sung nhắc việc khi hồ sơ chờ ý kiến phối hợp quá 2 ngày làm việc.</p>",
            }
        )
        nc.write(
            {
                "action_ids": [fields.Command.link(action.id)],
                "action_comments": "Kế hoạch hành động khắc phục đã được lãnh đạo đơn vị thông qua.",
            }
        )
        nc._q1_move("plan")
        if target == "pending":
            return True
        nc._q1_move("open")
        if target == "open":
            return True
        immediate = actions.create(
            {
                "name": "Gọi điện xin lỗi và hẹn lại ngày trả kết quả cho công dân",
                "type_action": "immediate",
                "company_id": nc.company_id.id,
                "user_id": owner.id,
                "q1_due_workdays": 1,
                "q1_start_date": start,
            }
        )
        nc.write({"immediate_action_id": immediate.id, "action_ids": [fields.Command.link(immediate.id)]})
        checker = nc.responsible_user_id
        for done in action | immediate:
            if done.q1_stage_state == "draft":
                done._q1_move("start")
            done._q1_move("done")
            done.write(
                {
                    "efficacy_value": 100,
                    "efficacy_user_id": checker.id,
                    "efficacy_description": "Không phát sinh hồ sơ trễ cùng nguyên nhân trong tháng tiếp theo.",
                }
            )
        nc.write({"evaluation_comments": "Hành động khắc phục có hiệu lực; đóng sự không phù hợp."})
        return nc._q1_move("close")

    def q1_action_analyse(self):
        return self._q1_move("analyse")

    def q1_action_plan(self):
        return self._q1_move("plan")

    def q1_action_open(self):
        return self._q1_move("open")

    def q1_action_close(self):
        return self._q1_move("close")

    def q1_action_cancel(self):
        return self._q1_move("cancel")

    def q1_action_reopen(self):
        return self._q1_move("reopen")

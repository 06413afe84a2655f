from psycopg2.errors import SerializationFailure

from odoo import SUPERUSER_ID, fields, models
from odoo.exceptions import UserError

from ..core import lifecycle
from ..core.deadline import is_same_day
from ..core.localtime import to_local, to_utc
from ..core.process import first_step_start, plan_steps
from .q1_dossier_caller import PROCESSING


class Q1DossierProcess:
    """The internal process of a dossier (Decree 118/2025 Art. 19(1)): its steps planned on the deciding unit's
    calendar, the control slip's rows opened and closed at each hand-over, the timeline, and the kanban moves along the
    process.

    It is a plain Python base class of ``q1.dossier``'s model class, not a model: Odoo registers nothing for
    it, so its public methods exist over RPC on ``q1.dossier`` alone, where they check their caller.
    """

    def _process_plan(self):
        """[(name, stage, department, budget, unit, procedure step)] of the procedure's internal process.

        A procedure without a configured process has a single step taking its whole legal time.
        """
        self.ensure_one()
        steps = self.procedure_id.step_ids
        if steps:
            return [
                (step.name, step.stage_id, step.department_id, step.time_budget, step.time_unit, step) for step in steps
            ]
        stage = self.env["q1.dossier.stage"]._for_status("processing")
        budget = self.time_limit or 1
        return [
            (
                self.env._("Processing"),
                stage,
                self.env["hr.department"],
                budget,
                self.time_unit or "day",
                self.env["q1.procedure.step"],
            )
        ]

    def _work_calendar(self):
        """The working calendar every time limit of the dossier is counted on: the deciding unit's, else the
        receiving unit's.

        The legal time limit is the competent body's time to decide (Decree 118/2025 Art. 17(3), 19); under
        boundary-free reception the receiving centre only issues the receipt, forwards the dossier and hands back
        the result (Art. 14(2), 20(1)). So the due dates at reception and after every wait, the appointment time,
        the same-day cut-off, the step plan, the 3-day window for a supplement request and the extension check
        all use this one calendar (as the watchdog does). Only the 8 working hours to answer an online
        submission run on the receiving centre's calendar: that answer is the centre's own work (Art. 17(2)).
        """
        # Officers of one ward may not read the other ward's company record: the units' settings are read as
        # the system, here and wherever a dossier crosses wards.
        units = self.sudo()
        return units.deciding_company_id.q1_work_calendar_id or units.company_id.q1_work_calendar_id

    def _core_calendar(self):
        return self._work_calendar()._to_core()

    def _is_same_day(self):
        """Whether the dossier's legal time gives a same-day result (0 days, or hours within one working day)."""
        self.ensure_one()
        return self.same_day or is_same_day(self.time_limit, self.time_unit or "day", self._core_calendar())

    def _plan_latest(self, appointment_at=None):
        """The local instant no step is planned to end after, or None: the appointment given to the applicant
        (``appointment_at``, UTC, by default the dossier's), whatever the unit of the legal time. The whole process
        must fit before it: a same-day step budgeted one working day would otherwise end the next day (on time on
        the slip, late in the statistics), and a limit in days received after the appointment hour of the calendar's
        rule (14:00 fixed, the hour of reception after the cut-off) would end its last step hours after the
        appointment printed on the receipt (issue 12)."""
        self.ensure_one()
        appointment_at = appointment_at or self.appointment_at
        return to_local(appointment_at) if appointment_at else None

    def _step_end(self, index, start, appointment_at=None):
        """Local instant at which step ``index`` of the process is planned to end when it starts at ``start``
        (local): its budget in working time on the dossier's calendar, no later than ``_plan_latest``."""
        _name, _stage, _department, budget, unit, _procedure_step = self._process_plan()[index]
        return plan_steps(start, [(budget, unit)], self._core_calendar(), self._plan_latest(appointment_at))[0]

    def _open_step(self, index, handed_at, user=None, start=None):
        """Create the control-slip row of step ``index`` of the process, handed over now; its planned end counts
        from ``start`` (local) when the work can only start later than the hand-over (``_start_process``)."""
        name, _stage, department, _budget, _unit, procedure_step = self._process_plan()[index]
        planned_end = self._step_end(index, start or to_local(handed_at))
        step = (
            self.env["q1.dossier.step"]
            .sudo()
            .create(
                {
                    "dossier_id": self.id,
                    "procedure_step_id": procedure_step.id,
                    "sequence": index + 1,
                    "name": name,
                    "department_id": department.id,
                    "handed_by_id": self.env.user.id,
                    "handed_at": handed_at,
                    "user_id": user.id if user else False,
                    "taken_at": handed_at if user else False,
                    "planned_end": to_utc(planned_end),
                }
            )
        )
        self._lifecycle_write({"current_step_id": step.id})
        return step

    def _start_process(self, received_at):
        """Open the first step at reception. Paper received directly after the cut-off reaches the processing
        department at the start of the next working day (Decree 118/2025 Art. 18(2), core.process.first_step_start),
        so the first step's budget runs from then; online dossiers and same-day procedures start at once."""
        calendar = self._work_calendar()
        start = first_step_start(
            to_local(received_at),
            calendar._to_core(),
            calendar._cutoff_time(),
            direct=self.channel == "direct",
            same_day=self._is_same_day(),
        )
        self._open_step(0, received_at, start=start)

    def _timeline(self):
        """Steps done, the current step and the expected end of each remaining step, in process order."""
        self.ensure_one()
        rows = [
            {
                "name": step.name,
                "status": "done" if step.finished_at else "current",
                "end": to_local(step.finished_at or step.planned_end),
                "result": step.result,
            }
            for step in self.step_ids
        ]
        plan = self._process_plan()
        index = self._current_index()
        if self.state in lifecycle.OPEN_STATUSES and 0 <= index < len(plan) - 1:
            remaining = plan[index + 1 :]
            ends = plan_steps(
                to_local(self.current_step_id.planned_end),
                [(budget, unit) for _n, _s, _d, budget, unit, _p in remaining],
                self._core_calendar(),
                self._plan_latest(),
            )
            rows += [
                {"name": item[0], "status": "planned", "end": end, "result": False}
                for item, end in zip(remaining, ends, strict=True)
            ]
        return rows

    def _current_index(self):
        return self.current_step_id.sequence - 1 if self.current_step_id else -1

    def _holder_domain(self, index):
        """Domain on res.users of who may hold step ``index`` of the process: the active internal users of the
        unit that decides the dossier, in the step's responsible role (the processing role when the step names
        none, e.g. the department heads for a head's step) and, when the step has a responsible department, its
        employees there. The one home of the rule: the lifecycle form offers these users (``q1.dossier.action``'s
        ``allowed_user_ids``) and ``_check_step_holder`` refuses anyone else."""
        self.ensure_one()
        dossier = self.sudo()
        plan = dossier._process_plan()
        procedure_step = plan[index][5] if 0 <= index < len(plan) else self.env["q1.procedure.step"]
        department = plan[index][2] if 0 <= index < len(plan) else self.env["hr.department"]
        group = procedure_step.group_id or self.env.ref(PROCESSING)
        domain = [
            ("active", "=", True),
            ("share", "=", False),
            ("id", "!=", SUPERUSER_ID),
            ("company_ids", "in", dossier.deciding_company_id.ids),
            ("groups_id", "in", group.ids),
        ]
        if department:
            domain.append(("employee_ids.department_id", "=", department.id))
        return domain

    def _allowed_holders(self, index):
        """The users who may hold step ``index`` (``_holder_domain``), read as the system: the choice a head or an
        officer is offered does not depend on which employee records they may read."""
        self.ensure_one()
        return self.env["res.users"].sudo().with_context(active_test=False).search(self._holder_domain(index))

    def _check_step_holder(self, user, index):
        """Refuse ``user`` as the holder of step ``index`` unless ``_holder_domain`` allows them."""
        self.ensure_one()
        if user and user not in self._allowed_holders(index):
            plan = self._process_plan()
            step_name = plan[index][0] if 0 <= index < len(plan) else ""
            raise UserError(
                self.env._(
                    "%(officer)s cannot hold step '%(step)s' of this dossier: choose an active officer of the unit "
                    "that decides it, with the step's role and, when the step names one, of its department.",
                    officer=user.sudo().name,
                    step=step_name,
                )
            )

    def _lock_for_move(self, step=None):
        """Lock the dossier's row until the end of the transaction, before a move of its lifecycle, and refuse the
        move cleanly when someone else has just moved it.

        Two moves of one dossier at once (two hand-overs of one step, a hand-over and a closing) would both pass
        the checks of their methods, each on its own snapshot: the second would then close the step the first
        had just opened, with nobody holding it. Under REPEATABLE READ, locking a row that another transaction
        changed after this one's snapshot fails with a serialization error; Odoo would retry the whole request,
        which then sees the new current step and moves it too. So the lock is taken in a savepoint and that
        failure becomes a message asking to reload; the caller's current step ``step`` (a record or an id), when
        given, is compared with the locked row's, which catches a move committed before this request started.
        """
        self.ensure_one()
        try:
            with self.env.cr.savepoint(flush=False):
                # An expected outcome, answered below: not logged as a failed query.
                self.env.cr.execute(
                    "SELECT id FROM q1_dossier WHERE id = %s FOR NO KEY UPDATE", (self.id,), log_exceptions=False
                )
        except SerializationFailure:
            raise UserError(
                self.env._(
                    "Dossier %s was just changed by someone else (handed over, assigned, resumed or closed). "
                    "Reload it and check its current step before trying again.",
                    self.display_name,
                )
            ) from None
        self.invalidate_recordset()
        if step is not None:
            step_id = step.id if isinstance(step, models.BaseModel) else step
            if self.current_step_id.id != step_id:
                raise UserError(
                    self.env._(
                        "The step you are working on in dossier %s was just handed over by someone else. "
                        "Reload the dossier.",
                        self.display_name,
                    )
                )

    def assign(self, user, step=None):
        """The department head hands the current step to an officer (Art. 19(1)).

        ``step``: the current step the caller saw (record or id); refused if it is no longer current."""
        user = self._as_user(user)
        # Taking the dossier oneself is the processing role's; giving it to someone else the head's.
        self._check_caller("take" if user == self.env.user else "assign")
        self._check_holder(user)
        for dossier in self:
            dossier._lock_for_move(step)
            if dossier.state not in ("received", "processing"):
                raise UserError(self.env._("Only a dossier being processed can be assigned."))
            dossier._check_step_holder(user, dossier._current_index())
            step = dossier.current_step_id
            step.sudo().write({"user_id": user.id, "taken_at": fields.Datetime.now()})
            vals = {"user_id": user.id}
            quiet = dossier.with_context(mail_auto_subscribe_no_notify=True)
            if dossier.state == "received":
                quiet._set_status("processing", stage_id=dossier._process_plan()[0][1].id, **vals)
            else:
                quiet._lifecycle_write(vals)
            dossier._notify_holder(user)
        return True

    def _notify_holder(self, user):
        """Tell ``user`` (an officer of the deciding unit, ``_check_step_holder``) that the dossier's current step is
        now theirs, by its code: the applicant's name stays in the dossier, out of e-mails and inboxes. Sent as the
        system: Odoo's own "assigned to you" notice (turned off on these writes) reads the receiving unit's
        company, which an officer of the deciding ward may not read."""
        self.ensure_one()
        if not user or user == self.env.user:
            return
        self.sudo().message_notify(
            partner_ids=user.partner_id.ids,
            subject=self.env._("Dossier %s is handed to you", self.code),
            body=self.env._(
                "Step '%(step)s' of dossier %(code)s is handed to you.", step=self.current_step_id.name, code=self.code
            ),
        )

    def hand_over(self, next_user=None, note=None, step=None):
        """Finish the current step and hand the dossier to the next one; after the last, the result is ready.

        ``step``: the current step the caller saw (record or id); a step is handed over once, so the call is
        refused if that step is no longer current."""
        self._check_caller("hand_over")
        note = self._text_argument(note, "note", "q1.dossier.step")
        next_user = self._check_holder(next_user) if next_user else None
        for dossier in self:
            dossier._lock_for_move(step)
            if dossier.state not in ("received", "processing"):
                raise UserError(self.env._("Only a dossier being processed can be handed over."))
            plan = dossier._process_plan()
            index = dossier._current_index() + 1
            if next_user and index < len(plan):
                dossier._check_step_holder(next_user, index)
            now = fields.Datetime.now()
            dossier.current_step_id.sudo().write({"finished_at": now, "note": note or dossier.current_step_id.note})
            if index < len(plan):
                dossier._open_step(index, now, next_user)
                vals = {"user_id": next_user.id} if next_user else {}
                quiet = dossier.with_context(mail_auto_subscribe_no_notify=True)
                quiet._set_status("processing", stage_id=plan[index][1].id, **vals)
                dossier._notify_holder(next_user)
            else:
                dossier._set_status("done", finished_at=now, user_id=dossier.received_by_id.id)
                dossier._notify_applicant("q1_dossier.mail_template_q1_result_ready")
        return True

    def _apply_manual_move(self, stage):
        """A card dragged to another kanban column: only the moves that need no form, along the process."""
        self.ensure_one()
        if not lifecycle.can_drag(self.state, stage.status):
            raise UserError(
                self.env._(
                    "A dossier cannot be moved from '%(from)s' to '%(to)s' this way; use the buttons on the dossier.",
                    **{"from": self.stage_id.name, "to": stage.name},
                )
            )
        plan = self._process_plan()
        index = self._current_index()
        if stage.status == "processing" and self.state == "received" and stage == plan[0][1]:
            return self.assign(self.env.user)
        if (
            stage.status == "processing"
            and self.state == "processing"
            and index + 1 < len(plan)
            and stage == plan[index + 1][1]
        ):
            return self.hand_over()
        if stage.status == "done" and self.state == "processing" and index + 1 == len(plan):
            return self.hand_over()
        if stage.status == "processing" and self.state == "payment":
            return self.resume()
        raise UserError(
            self.env._(
                "Stage %(stage)s is not the next step of the internal process of %(dossier)s.",
                stage=stage.name,
                dossier=self.display_name,
            )
        )

from odoo import api, fields
from odoo.exceptions import UserError

from ..core import lifecycle
from ..core.deadline import (
    due_date_after_pauses,
    due_datetime_after_pauses,
    supplement_close_at,
    supplement_last_day,
)
from ..core.localtime import to_local, to_utc


class Q1DossierWaits:
    """Waiting for the applicant and late dossiers (Decree 118/2025 Art. 19(5), 19(6)): the supplement request and the
    fee wait, resuming with the legal and statistical due dates they move, the apology and extension.

    It is a plain Python base class of ``q1.dossier``'s model class, not a model: Odoo registers nothing for
    it, so its public methods exist over RPC on ``q1.dossier`` alone, where they check their caller.
    """

    def request_supplement(self, reason, missing_items):
        """Ask the applicant once to supplement during appraisal, within 3 working days (Art. 19(5), 11(2)(c))."""
        self._check_caller("supplement")
        self.ensure_one()
        reason = self._text_argument(reason, "closing_reason")
        missing_items = self._text_argument(missing_items, "missing_items")
        if self.state not in ("received", "processing"):
            raise UserError(self.env._("A supplement can be requested only while the dossier is being processed."))
        if self.supplement_count:
            raise UserError(self.env._("A supplement may be requested only once (Decree 118/2025 Art. 11(2)(c))."))
        today = to_local(fields.Datetime.now()).date()
        if self._core_calendar().workdays_between(self.received_date, today) > 3:
            raise UserError(
                self.env._(
                    "A supplement must be requested within 3 working days of reception (Decree 118/2025 Art. 19(5))."
                )
            )
        if not (reason or "").strip() or not (missing_items or "").strip():
            raise UserError(self.env._("Give the reason and every item to supplement."))
        self._pause("supplement", reason, missing_items)
        self._notify_applicant("q1_dossier.mail_template_q1_supplement")
        return self.env.ref("q1_dossier.action_report_q1_supplement_request").report_action(self, config=False)

    # The 15-day closure for no supplement (Art. 19(5)); its settings are system parameters (q1_watchdog_data.xml).
    def _supplement_close_rule(self):
        """(days, whether Civil Code Art. 148(5) moves a last day off to the next working day)."""
        params = self.env["ir.config_parameter"].sudo()
        try:
            days = int(params.get_param("q1_dossier.supplement_close_days", 15))
        except (TypeError, ValueError):
            days = 15
        civil_code = params.get_param("q1_dossier.supplement_close_civil_code", "1") not in ("0", "False", "false")
        return days, civil_code

    def _open_supplement(self):
        self.ensure_one()
        return self.pause_ids.filtered(lambda p: p.kind == "supplement" and not p.resumed_at)[:1]

    def _supplement_close_at(self):
        """UTC instant from which the dossier, still waiting for its supplement, is closed; None when not waiting."""
        pause = self._open_supplement()
        if self.state != "supplement" or not pause:
            return None
        days, civil_code = self._supplement_close_rule()
        return to_utc(supplement_close_at(to_local(pause.paused_at), days, self._core_calendar(), civil_code))

    @api.depends("state", "pause_ids.kind", "pause_ids.paused_at", "pause_ids.resumed_at")
    def _compute_supplement_close_date(self):
        days, civil_code = self._supplement_close_rule()
        for dossier in self:
            pause = dossier._open_supplement()
            dossier.supplement_close_date = (
                supplement_last_day(to_local(pause.paused_at), days, dossier._core_calendar(), civil_code)
                if dossier.state == "supplement" and pause
                else False
            )

    def request_payment(self, reason):
        self._check_caller("payment")
        self.ensure_one()
        reason = self._text_argument(reason, "closing_reason")
        if self.state != "processing":
            raise UserError(self.env._("Fees can be requested only while the dossier is being processed."))
        self._pause("payment", reason, False)
        return True

    def _pause(self, kind, reason, missing_items):
        self.env["q1.dossier.pause"].sudo().create(
            {
                "dossier_id": self.id,
                "kind": kind,
                "paused_at": fields.Datetime.now(),
                "reason": (reason or "").strip(),
                "missing_items": (missing_items or "").strip() or False,
                "requested_by_id": self.env.user.id,
                # the due date this wait is judged against while it lasts, and a past day before it (766 rules)
                "due_before": self.statistical_due_date or False,
            }
        )
        self._set_status(kind)

    def resume(self):
        """The supplement or the payment arrived: the clock runs again; the due dates and the current step's
        planned end are recomputed."""
        self._check_caller("resume")
        for dossier in self:
            dossier._lock_for_move()
            pause = dossier.pause_ids.filtered(lambda p: not p.resumed_at)
            if dossier.state not in ("supplement", "payment") or not pause:
                raise UserError(self.env._("Dossier %s is not waiting for the applicant.", dossier.display_name))
            pause.sudo().resumed_at = fields.Datetime.now()
            vals = dossier._due_dates_after_pauses()
            dossier._replan_current_step(pause, vals.get("appointment_at"))
            status = "processing" if dossier.current_step_id.user_id else "received"
            stage = dossier._process_plan()[dossier._current_index()][1] if status == "processing" else False
            if pause.kind == "supplement":
                # The legal time restarted from zero (Art. 19(5)): lateness before the wait no longer exists, so
                # the watchdog's escalation starts again against the new plan. A fee wait keeps it: the clock
                # only stopped and the dossier is as late as before.
                vals["escalation_level"] = 0
            dossier._set_status(status, stage_id=stage.id if stage else None, **vals)
        return True

    def _replan_current_step(self, pause, appointment_at=None):
        """Move the planned end of the current step once the wait ``pause`` is over (``resumed_at`` set);
        ``appointment_at`` (UTC): the appointment after the wait, which a same-day or hour-based plan keeps to.

        Supplement: "the time limit is counted again from the start once the complete dossier is received"
        (Decree 118/2025 Art. 19(5)), so the steps still to do are planned again from the completion instant: the
        current step gets its whole budget from then, as if handed over at that moment, and the later steps
        follow it (``_timeline``); their budgets fit in the legal time, which restarts too. Fees: the wait only
        stops the clock (the legal due date moves by the working days waited), so the planned end moves by the
        working time waited; the time used before the wait still counts, and a step already late stays late by
        as much. Without the move, the watchdog would escalate the step as soon as the dossier resumes.
        """
        self.ensure_one()
        step = self.current_step_id
        if not step or step.finished_at:
            return
        resumed = to_local(pause.resumed_at)
        if pause.kind == "supplement":
            planned_end = self._step_end(self._current_index(), resumed, appointment_at)
        else:
            calendar = self._core_calendar()
            waited = calendar.working_time(to_local(pause.paused_at), resumed)
            planned_end = calendar.add_working_time(to_local(step.planned_end), waited)
            latest = self._plan_latest(appointment_at)
            if latest and to_local(step.planned_end) <= latest:
                planned_end = min(planned_end, latest)
        step.sudo().planned_end = to_utc(planned_end)

    def _due_dates_after_pauses(self):
        """Legal and statistical due dates, and the appointment, once every pause is over.

        Legal: after a supplement the time limit restarts from zero from the completion (Art. 19(5)); a wait
        for fees only stops the clock. Statistical (Decision 766 rules, legal regime §2 "Supplement completed"):
        every wait is subtracted from the time counted since reception. A limit in working hours is counted in
        working hours both ways (core.deadline.due_datetime_after_pauses), and its appointment is the exact
        instant the legal count gives; a limit in days gets the hour of the calendar's appointment rule.
        """
        self.ensure_one()
        calendar = self._core_calendar()
        cutoff = self._work_calendar()._cutoff_time()
        days = 0 if self.same_day else self.time_limit
        received = to_local(self.received_at)
        moments = [(to_local(p.paused_at), to_local(p.resumed_at)) for p in self.pause_ids]
        anchor, legal_moments = received, []
        for pause, interval in zip(self.pause_ids, moments, strict=True):
            if pause.kind == "supplement":
                anchor, legal_moments = to_local(pause.resumed_at), []
            else:
                legal_moments.append(interval)
        if self.time_unit == "hour":
            appointment = due_datetime_after_pauses(anchor, self.time_limit, legal_moments, calendar)
            legal = appointment.date()
            statistical = due_datetime_after_pauses(received, self.time_limit, moments, calendar).date()
        else:
            dates = [(paused.date(), resumed.date()) for paused, resumed in moments]
            legal_dates = [(paused.date(), resumed.date()) for paused, resumed in legal_moments]
            legal = due_date_after_pauses(anchor, days, legal_dates, calendar, cutoff)
            statistical = due_date_after_pauses(received, days, dates, calendar, cutoff)
            appointment = self._work_calendar()._appointment(legal, anchor)
        vals = {"due_date": legal, "statistical_due_date": statistical}
        if self.extension_state != "approved":
            vals.update(promised_date=legal, appointment_at=to_utc(appointment))
        return vals

    def _appointment_on(self, day):
        """The appointment instant (UTC) printed for a result due on ``day`` (the calendar's appointment rule, the
        hour of reception for the rule that uses it)."""
        return to_utc(self._work_calendar()._appointment(day, to_local(self.received_at)))

    def request_extension(self, reason, new_date):
        """Apology and re-appointment: at least one working day before the due date, once (Art. 19(6))."""
        self._check_caller("extension")
        self.ensure_one()
        reason = self._text_argument(reason, "extension_reason")
        new_date = self._date_argument(new_date, "extension_date")
        if self.state not in lifecycle.OPEN_STATUSES:
            raise UserError(self.env._("Only a dossier being processed can be extended."))
        if self.extension_state in ("requested", "approved"):
            raise UserError(self.env._("A dossier may be re-appointed only once (Decree 118/2025 Art. 19(6))."))
        today = to_local(fields.Datetime.now()).date()
        if self._core_calendar().workdays_between(today, self.promised_date) < 1:
            raise UserError(
                self.env._(
                    "The apology and extension request must be made at least one working day before the due date (%s).",
                    self.promised_date.strftime("%d/%m/%Y"),
                )
            )
        if not new_date or new_date <= self.promised_date:
            raise UserError(self.env._("The new date must be after the current due date."))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for the delay; it is written in the apology."))
        self._lifecycle_write(
            {
                "extension_state": "requested",
                "extension_reason": reason.strip(),
                "extension_date": new_date,
                "extension_requested_by_id": self.env.user.id,
            }
        )
        leaders = self.env.ref("q1_dossier.group_q1_unit_leader").users.filtered(
            lambda u: self.deciding_company_id in u.company_ids
        )
        for leader in leaders:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=leader.id,
                summary=self.env._("Approve the extension of %s", self.code),
            )
        return True

    def _check_extension_decision(self):
        self.ensure_one()
        if not self.env.user.has_group("q1_dossier.group_q1_unit_leader"):
            raise UserError(self.env._("Only the unit leader decides on an extension."))
        if self.extension_state != "requested":
            raise UserError(self.env._("There is no extension request to decide on."))

    def approve_extension(self):
        self._check_caller("decide_extension")
        self._check_extension_decision()
        self._lifecycle_write(
            {
                "extension_state": "approved",
                "extension_approved_by_id": self.env.user.id,
                "promised_date": self.extension_date,
                "appointment_at": self._appointment_on(self.extension_date),
            }
        )
        self.activity_feedback(["mail.mail_activity_data_todo"], feedback=self.env._("Extension approved"))
        self._notify_applicant("q1_dossier.mail_template_q1_apology")
        return self.env.ref("q1_dossier.action_report_q1_apology").report_action(self, config=False)

    def reject_extension(self):
        self._check_caller("decide_extension")
        self._check_extension_decision()
        self._lifecycle_write({"extension_state": "rejected"})
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True

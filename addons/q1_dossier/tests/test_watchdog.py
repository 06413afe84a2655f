"""The watchdog (q1.dossier.watchdog): deadline states and escalation to the department head then the unit leader,
online dossiers left unanswered, supplements closed after fifteen days, the leaders' digest; the end of its marks
(a supplement's restart, the counter's answer) and the instant an online submission is counted from.
"""

from datetime import date, datetime, time

from freezegun import freeze_time

from odoo import Command, fields
from odoo.tests import tagged

from ..core.localtime import to_utc
from .common import Q1Case, utc


def instant(day, hour=0, minute=5):
    """UTC naive instant of a local (Asia/Ho_Chi_Minh) day and time; 00:05 is the nightly pass."""
    return to_utc(datetime.combine(day, time(hour, minute)))


@tagged("post_install", "-at_install")
class TestWatchdog(Q1Case):
    """The nightly pass on ward A: proc_a1 holds the step, head_a manages its department, leader_a leads the
    unit, reception_a answers online dossiers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.department = cls.env["hr.department"].create(
            {
                "name": "Văn hóa - Xã hội",
                "company_id": cls.ward_a.id,
                "manager_id": cls.env["hr.employee"]
                .create({"name": "Trưởng phòng", "user_id": cls.head_a.id, "company_id": cls.ward_a.id})
                .id,
            }
        )
        # the step's holder is an officer of its department (q1.dossier._holder_domain)
        cls.env["hr.employee"].create(
            {
                "name": cls.proc_a1.name,
                "user_id": cls.proc_a1.id,
                "company_id": cls.ward_a.id,
                "department_id": cls.department.id,
            }
        )
        cls.procedure = cls.env["q1.procedure"].create(
            {
                "name": "Thủ tục kiểm thử",
                "code": "T99.000050",
                "field_id": cls.field.id,
                "time_limit": 3,
                "step_ids": [
                    Command.create({"name": "Thẩm định", "department_id": cls.department.id, "time_budget": 3})
                ],
            }
        )
        cls.watchdog = cls.env["q1.dossier.watchdog"]

    def _dossier(self, **vals):
        return (
            self.env["q1.dossier"]
            .with_company(self.ward_a)
            .create(
                dict(
                    {
                        "company_id": self.ward_a.id,
                        "procedure_id": self.procedure.id,
                        "applicant_name": "Nguyễn Văn An",
                        "channel": "direct",
                    },
                    **vals,
                )
            )
        )

    def _received(self, local_day, hour=9):
        dossier = self._dossier()
        with freeze_time(instant(local_day, hour, 0)):
            dossier._receive(fields.Datetime.now())
            dossier.assign(self.proc_a1)
        return dossier

    def _run(self, local_day, hour=0, minute=5):
        with freeze_time(instant(local_day, hour, minute)):
            return self.watchdog._run()

    def _activities(self, dossier, user):
        return self.env["mail.activity"].search(
            [("res_model", "=", "q1.dossier"), ("res_id", "=", dossier.id), ("user_id", "=", user.id)]
        )

    def test_deadline_states_around_tet_and_escalation(self):
        # Wednesday 11/02/2026, 3 working days: Thu 12, Fri 13, then Tết 16-20/02, so Monday 23/02.
        dossier = self._received(date(2026, 2, 11))
        self.assertEqual(dossier.promised_date, date(2026, 2, 23))

        self._run(date(2026, 2, 12))
        self.assertEqual(dossier.deadline_state, "within")
        self.assertFalse(self._activities(dossier, self.proc_a1))

        # Friday before Tết: ten calendar days away, but the next working day.
        self.assertEqual(self._run(date(2026, 2, 13)), {dossier.id: "due_soon"})
        self.assertEqual(dossier.deadline_state, "due_soon")
        self.assertEqual(len(self._activities(dossier, self.proc_a1)), 1)
        self.assertEqual(self._run(date(2026, 2, 13), 10), {})
        self.assertEqual(len(self._activities(dossier, self.proc_a1)), 1, "no duplicate on a second run")

        # During Tết nothing moves.
        self._run(date(2026, 2, 18))
        self.assertEqual(dossier.deadline_state, "due_soon")

        self._run(date(2026, 2, 23))
        self.assertEqual(dossier.deadline_state, "due_today")
        self.assertEqual(dossier.escalation_level, 0)
        self.assertEqual(len(self._activities(dossier, self.proc_a1)), 2)

        # Tuesday 24/02: overdue; the department head (manager of the step's department) is told once.
        self._run(date(2026, 2, 24))
        self.assertEqual(dossier.deadline_state, "overdue")
        self.assertEqual(dossier.escalation_level, 1)
        self.assertEqual(len(self._activities(dossier, self.proc_a1)), 3)
        self.assertEqual(len(self._activities(dossier, self.head_a)), 1)
        self.assertFalse(self._activities(dossier, self.leader_a))

        self._run(date(2026, 2, 25))
        self.assertEqual(dossier.escalation_level, 1, "one working day later: not yet the leader")

        # Thursday 26/02: still overdue two working days after it became overdue: the unit leader.
        self._run(date(2026, 2, 26))
        self._run(date(2026, 2, 26), 9)
        self.assertEqual(dossier.escalation_level, 2)
        self.assertEqual(len(self._activities(dossier, self.leader_a)), 1)
        self.assertEqual(len(self._activities(dossier, self.head_a)), 1)
        self.assertEqual(len(self._activities(dossier, self.proc_a1)), 3)

        # Closed dossiers lose their deadline state.
        with freeze_time(instant(date(2026, 2, 26), 10)):
            dossier.hand_over()
        self._run(date(2026, 2, 27))
        self.assertFalse(dossier.deadline_state)

    def test_idle_step_escalates_before_the_due_date(self):
        dossier = self._received(date(2026, 3, 2))  # Monday; step budget ends Thursday 05/03 09:00
        self._run(date(2026, 3, 5), 8)
        self.assertEqual(dossier.escalation_level, 0)
        self._run(date(2026, 3, 5), 10)
        self.assertEqual(dossier.deadline_state, "due_today")
        self.assertEqual(dossier.escalation_level, 1)
        self.assertEqual(len(self._activities(dossier, self.head_a)), 1)

    def test_online_unanswered_after_eight_working_hours(self):
        # Filed online on Friday 06/03/2026 at 15:00: 2 h on Friday, 8 h are reached on Monday at 15:00.
        with freeze_time(instant(date(2026, 3, 6), 15, 0)):
            dossier = self._dossier(channel="online")

        self._run(date(2026, 3, 7), 23, 30)  # 32 wall-clock hours, 2 working hours
        self.assertFalse(dossier.online_unanswered)
        with freeze_time(instant(date(2026, 3, 9), 14, 30)):
            self.watchdog._check_online()
        self.assertFalse(dossier.online_unanswered)
        with freeze_time(instant(date(2026, 3, 9), 15, 30)):
            self.assertEqual(self.watchdog._check_online(), [dossier.id])
        self.assertTrue(dossier.online_unanswered)
        self.assertEqual(len(self._activities(dossier, self.reception_a)), 1)
        self.assertFalse(self._activities(dossier, self.leader_a))
        self._run(date(2026, 3, 9), 16)
        self.assertEqual(len(self._activities(dossier, self.reception_a)), 1)

    def test_supplement_closed_after_fifteen_days(self):
        dossier = self._received(date(2026, 3, 2))
        with freeze_time(instant(date(2026, 3, 3), 9, 0)):
            # _pause, not request_supplement(): the latter ends on a report action the addon does not define yet.
            dossier._pause("supplement", "Thiếu giấy tờ", "- Bản sao giấy khai sinh")
        self._run(date(2026, 3, 4))
        self.assertEqual(dossier.state, "supplement")
        self.assertFalse(dossier.deadline_state, "waiting for the applicant is not the officer's delay")
        # The notice day, Tue 03/03, is not counted (Civil Code Art. 147): Wed 04/03 is day 1, Wed 18/03 day 15, a
        # working day; the period ends at 24:00 that day, so the nightly pass of Thu 19/03 closes the dossier.
        self.assertEqual(dossier.supplement_close_date, date(2026, 3, 18))
        self._run(date(2026, 3, 18), 23, 55)
        self.assertEqual(dossier.state, "supplement")
        self._run(date(2026, 3, 19))
        self.assertEqual(dossier.state, "stopped")
        self.assertFalse(dossier.supplement_close_date, "closed: nothing left to wait for")
        self.assertIn("khoản 5 Điều 19 Nghị định 118/2025/NĐ-CP", dossier.closing_reason)
        self.assertTrue(dossier.pause_ids.resumed_at)

    def test_digest_counts_per_unit(self):
        monday = date(2026, 3, 2)
        overdue = [self._received(date(2026, 2, 23)), self._received(date(2026, 2, 24))]
        due_today = self._received(date(2026, 2, 25))  # Wed + 3 working days = Mon 02/03
        within = self._received(monday)
        waiting = self._received(monday)
        with freeze_time(instant(monday, 9, 0)):
            waiting._pause("supplement", "Thiếu giấy tờ", "- Bản sao")
        self._run(monday, 10)
        self.assertEqual(
            set((overdue[0] | overdue[1] | due_today | within).mapped("deadline_state")),
            {"overdue", "due_today", "within"},
        )
        with freeze_time(instant(monday, 10, 30)):
            self.watchdog._send_digest()
        mail = self.env["mail.mail"].search([("recipient_ids", "in", self.leader_a.partner_id.ids)])
        self.assertEqual(len(mail), 1)
        expected = "".join(f'<td style="text-align:right">{n}</td>' for n in (2, 1, 0, 1, 1))
        self.assertIn(f"<tr><td>{self.ward_a.name}</td>{expected}</tr>", mail.body_html)
        self.assertIn("Tình hình hồ sơ ngày 02/03/2026", mail.subject)
        self.assertIn("/odoo/action-q1_dossier.q1_dossier_action", mail.body_html)


@tagged("post_install", "-at_install")
class TestWatchdogFlagsReset(Q1Case):
    """The watchdog's marks end with the event that answers them: the escalation with the legal restart after a
    supplement, the unanswered-online flag with the counter's answer."""

    def run_watchdog(self, local_string):
        with self.at(local_string):
            self.env["q1.dossier.watchdog"]._run()

    def head_activities(self, dossier):
        return self.env["mail.activity"].search(
            [("res_model", "=", "q1.dossier"), ("res_id", "=", dossier.id), ("user_id", "=", self.head_a.id)]
        )

    def test_supplement_restart_resets_the_escalation(self):
        dossier = self.received_and_assigned(self.proc_flow)  # step 1 planned Wed 04/03 09:00
        self.run_watchdog("2026-03-04 10:00")
        self.assertEqual(dossier.escalation_level, 1)
        self.assertEqual(len(self.head_activities(dossier)), 1)
        with self.at("2026-03-05 09:00"):  # 3rd working day after reception
            dossier.with_user(self.proc_a1).request_supplement("Thiếu giấy tờ", "Bản sao giấy khai sinh")
        with self.at("2026-03-09 10:00"):
            dossier.with_user(self.reception_a).resume()
        self.assertEqual(dossier.escalation_level, 0, "the legal time restarted: so does the escalation")
        self.run_watchdog("2026-03-09 11:00")
        self.assertEqual(dossier.escalation_level, 0)
        # Step 1 replanned to Wed 11/03 10:00: late again after it, and the head is told again.
        self.run_watchdog("2026-03-11 11:00")
        self.assertEqual(dossier.escalation_level, 1)
        self.assertEqual(len(self.head_activities(dossier)), 2)

    def test_fee_wait_keeps_the_escalation(self):
        dossier = self.received_and_assigned(self.proc_5d)  # step planned Mon 09/03 09:00
        self.run_watchdog("2026-03-09 09:30")
        self.assertEqual(dossier.escalation_level, 1)
        with self.at("2026-03-09 10:00"):
            dossier.with_user(self.proc_a1).request_payment("Nộp lệ phí")
        with self.at("2026-03-10 10:00"):
            dossier.with_user(self.reception_a).resume()
        # The clock only stopped: the step is as late as before the wait (planned end moved to Tue 09:00).
        self.assertEqual(dossier.current_step_id.planned_end, utc("2026-03-10 09:00"))
        self.assertEqual(dossier.escalation_level, 1)

    def test_answering_an_online_dossier_clears_the_unanswered_flag(self):
        Outcome = self.env["q1.dossier.counter.outcome"].with_user(self.reception_a)
        with self.at("2026-03-06 15:00"):
            received = self.make_dossier(channel="online")
            incomplete = self.make_dossier(channel="online", tick=False)
            refused = self.make_dossier(channel="online")
        with self.at("2026-03-09 15:30"):
            self.env["q1.dossier.watchdog"]._check_online()
        self.assertEqual((received | incomplete | refused).mapped("online_unanswered"), [True] * 3)
        with self.at("2026-03-09 15:40"):
            received.action_receive()
            Outcome.create(
                {"dossier_id": incomplete.id, "outcome": "incomplete", "reason": "Thiếu giấy tờ"}
            ).action_confirm()
            Outcome.create(
                {"dossier_id": refused.id, "outcome": "refused", "reason": "Không thuộc thẩm quyền"}
            ).action_confirm()
        for dossier, state in ((received, "received"), (incomplete, "incomplete"), (refused, "refused")):
            with self.subTest(state=state):
                self.assertEqual(dossier.state, state)
                self.assertFalse(dossier.online_unanswered)


@tagged("post_install", "-at_install")
class TestOnlineSubmission(Q1Case):
    """Decree 118/2025 Art. 17(2): an online dossier is accepted or answered within 8 working hours of its
    receipt by the system, which ``submitted_at`` records (not the row's creation)."""

    def portal_dossier(self, submitted_at):
        """An online dossier synced from the national portal with the portal's instant: the synchronisation runs
        as the system (an officer cannot set a submission instant, a legal fact)."""
        return self.make_dossier(
            channel="online", submitted_at=submitted_at, user=self.env.user, company_id=self.ward_a.id
        )

    def test_submitted_at_stamped_for_online_dossiers_only(self):
        with self.at("2026-03-06 15:00"):
            online = self.make_dossier(channel="online")
            direct = self.make_dossier(channel="direct")
        self.assertEqual(online.submitted_at, utc("2026-03-06 15:00"))
        self.assertFalse(direct.submitted_at)
        self.assertTrue(online._fields["submitted_at"].readonly)
        self.assertFalse(online._fields["submitted_at"].copy)

    def test_portal_instant_kept_and_used_by_the_watchdog(self):
        # Synced from the national portal on Monday, submitted there on Friday 06/03 at 15:00:
        # 2 working hours on Friday, the 8th is reached on Monday at 15:00.
        with self.at("2026-03-09 15:20"):
            dossier = self.portal_dossier(utc("2026-03-06 15:00"))
        self.assertEqual(dossier.submitted_at, utc("2026-03-06 15:00"))
        with self.at("2026-03-09 15:30"):
            self.assertEqual(self.env["q1.dossier.watchdog"]._check_online(), [dossier.id])
        self.assertTrue(dossier.online_unanswered)

    def test_record_created_long_ago_but_submitted_just_now_is_not_late(self):
        dossier = self.portal_dossier(utc("2026-03-09 14:00"))
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE q1_dossier SET create_date = %s WHERE id = %s", (utc("2026-03-02 08:00"), dossier.id)
        )
        with self.at("2026-03-09 15:30"):
            self.assertEqual(self.env["q1.dossier.watchdog"]._check_online(), [])
        self.assertFalse(dossier.online_unanswered)


@tagged("post_install", "-at_install")
class TestLiveDeadline(Q1Case):
    """Due soon / due today / overdue are right the moment a page opens (issue 12, defect 8): q1.dossier's
    deadline_today is computed from the promised date and today, searchable, with no nightly run; the kanban, the
    form, the list and the search filters read it. Reception Mon 02/03/2026 09:00, 5 working days: due Mon 09/03;
    one working day of 'due soon' (the default)."""

    def _state_on(self, dossier, local_string):
        with self.at(local_string):
            dossier.invalidate_recordset(["deadline_today"])
            state = dossier.deadline_today
            Dossier = self.env["q1.dossier"].with_user(self.proc_a1)
            for key in ("within", "due_soon", "due_today", "overdue"):
                found = Dossier.search([("id", "=", dossier.id), ("deadline_today", "=", key)])
                self.assertEqual(bool(found), key == state, f"search {key} on {local_string}")
            others = Dossier.search([("id", "=", dossier.id), ("deadline_today", "!=", state)])
            self.assertFalse(others)
            return state

    def test_states_follow_the_clock_without_the_nightly_run(self):
        dossier = self.received_and_assigned(self.proc_5d)
        self.assertEqual(self._state_on(dossier, "2026-03-05 10:00"), "within")
        self.assertEqual(self._state_on(dossier, "2026-03-06 10:00"), "due_soon")
        self.assertEqual(self._state_on(dossier, "2026-03-09 08:00"), "due_today")
        self.assertEqual(self._state_on(dossier, "2026-03-10 08:00"), "overdue")
        self.assertFalse(dossier.deadline_state, "the nightly stamp never ran")

    def test_waiting_and_closed_dossiers_have_none(self):
        waiting = self.received_and_assigned(self.proc_5d)
        with self.at("2026-03-03 10:00"):
            waiting.with_user(self.proc_a1).request_supplement("Thiếu giấy tờ", "Bản sao giấy chứng sinh")
        self.assertFalse(self._state_on(waiting, "2026-03-20 10:00"))
        with self.at("2026-03-20 10:00"):
            none = self.env["q1.dossier"].search([("id", "=", waiting.id), ("deadline_today", "=", False)])
        self.assertEqual(none, waiting)

    def test_views_and_filters_read_the_live_state(self):
        search = self.env.ref("q1_dossier.q1_dossier_view_search").arch
        for name in ("due_soon", "due_today", "overdue"):
            self.assertIn(f'<filter name="{name}" string', search)
            self.assertIn(f"[('deadline_today', '=', '{name}')]", search)
        self.assertIn('name="deadline_today"', self.env.ref("q1_dossier.q1_dossier_view_kanban").arch)
        self.assertNotIn("deadline_state", self.env.ref("q1_dossier.q1_dossier_view_kanban").arch)

"""Waits, watchdog marks, online submissions and calendars: the step plan and the escalation after a wait for the
applicant, the end of the watchdog's marks, the instant an online submission is counted from, and the one
calendar a dossier's dates are counted on.

State calendar 2026, shifts 07:30-11:30 and 13:00-17:00 (8 working hours a day). March 2026: Mon 02/03, ...,
Fri 06/03, Mon 09/03, ..., Fri 13/03, Mon 16/03.
"""

from datetime import date

from odoo import Command
from odoo.tests import tagged

from .common import Q1Case, local, utc


@tagged("post_install", "-at_install")
class TestResumeReplansTheStep(Q1Case):
    """Decree 118/2025 Art. 19(5): after a supplement the legal time restarts from zero; a wait for fees only
    stops the clock. The current step's planned end follows, so the watchdog does not escalate a dossier just
    because it came back from a wait."""

    def run_watchdog(self, local_string):
        with self.at(local_string):
            self.env["q1.dossier.watchdog"].run()

    def test_fee_wait_shifts_the_planned_end_by_the_working_time_waited(self):
        dossier = self.received_and_assigned(self.proc_5d)  # Mon 02/03 09:00
        step = dossier.current_step_id
        # 40 working hours from Mon 09:00: 6.5 + 8 + 8 + 8 + 8 = 38.5 by Fri, 1.5 h on Mon 09/03 -> 09:00.
        self.assertEqual(step.planned_end, utc("2026-03-09 09:00"))
        with self.at("2026-03-04 10:00"):
            dossier.with_user(self.proc_a1).request_payment("Nộp lệ phí")
        with self.at("2026-03-10 10:00"):
            dossier.with_user(self.reception_a).resume()
        # Waited Wed 10:00 -> Tue 10:00: 5.5 + 8 + 8 + 8 + 2.5 = 32 working hours. Mon 09/03 09:00 + 32 h:
        # 6.5 (Mon) + 8 (Tue) + 8 (Wed) + 8 (Thu) + 1.5 (Fri from 07:30) -> Fri 13/03 09:00.
        self.assertEqual(step.planned_end, utc("2026-03-13 09:00"))
        self.assertEqual(dossier.due_date, date(2026, 3, 13), "the legal due date moved by the same wait")
        self.assertEqual(step.handed_at, utc("2026-03-02 09:00"), "the hand-over itself is history")

        self.run_watchdog("2026-03-10 11:00")
        self.assertEqual(dossier.escalation_level, 0, "back from the wait, not late")
        self.run_watchdog("2026-03-13 10:00")
        self.assertEqual(dossier.escalation_level, 1, "late against the shifted plan")

    def test_supplement_replans_the_remaining_steps_from_the_completion(self):
        dossier = self.received_and_assigned(self.proc_flow)  # Mon 02/03 09:00
        step = dossier.current_step_id
        self.assertEqual(step.planned_end, utc("2026-03-04 09:00"))
        with self.at("2026-03-03 10:00"):
            dossier.with_user(self.proc_a1).request_supplement("Thiếu giấy tờ", "Bản sao giấy khai sinh")
        with self.at("2026-03-09 10:00"):
            dossier.with_user(self.reception_a).resume()
        # The legal time restarts from zero on Mon 09/03: 10, 11, 12, 13, Mon 16/03.
        self.assertEqual(dossier.due_date, date(2026, 3, 16))
        # The current step gets its whole budget (16 h) again from Mon 10:00: 5.5 + 8 + 2.5 -> Wed 11/03 10:00
        # (shifting by the 32 h waited would give Tue 10/03 09:00).
        self.assertEqual(step.planned_end, utc("2026-03-11 10:00"))
        # The steps after it follow: +16 h -> Fri 13/03 10:00, +8 h -> Mon 16/03 10:00, within the new limit.
        self.assertEqual(
            [(row["name"], row["end"]) for row in dossier.timeline()],
            [
                ("Thẩm định", local(utc("2026-03-11 10:00"))),
                ("Trình ký", local(utc("2026-03-13 10:00"))),
                ("Ký duyệt", local(utc("2026-03-16 10:00"))),
            ],
        )

        self.run_watchdog("2026-03-09 11:00")
        self.assertEqual(dossier.escalation_level, 0)
        self.run_watchdog("2026-03-11 11:00")
        self.assertEqual(dossier.escalation_level, 1)

    def test_wait_outside_working_hours_changes_nothing(self):
        dossier = self.received_and_assigned(self.proc_5d)
        planned = dossier.current_step_id.planned_end
        with self.at("2026-03-04 17:30"):
            dossier.with_user(self.proc_a1).request_payment("Nộp lệ phí")
        with self.at("2026-03-05 07:00"):
            dossier.with_user(self.reception_a).resume()
        self.assertEqual(dossier.current_step_id.planned_end, planned)


@tagged("post_install", "-at_install")
class TestWatchdogFlagsReset(Q1Case):
    """The watchdog's marks end with the event that answers them: the escalation with the legal restart after a
    supplement, the unanswered-online flag with the counter's answer."""

    def run_watchdog(self, local_string):
        with self.at(local_string):
            self.env["q1.dossier.watchdog"].run()

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
            self.env["q1.dossier.watchdog"].check_online()
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
            dossier = self.make_dossier(channel="online", submitted_at=utc("2026-03-06 15:00"))
        self.assertEqual(dossier.submitted_at, utc("2026-03-06 15:00"))
        with self.at("2026-03-09 15:30"):
            self.assertEqual(self.env["q1.dossier.watchdog"].check_online(), [dossier.id])
        self.assertTrue(dossier.online_unanswered)

    def test_record_created_long_ago_but_submitted_just_now_is_not_late(self):
        dossier = self.make_dossier(channel="online", submitted_at=utc("2026-03-09 14:00"))
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE q1_dossier SET create_date = %s WHERE id = %s", (utc("2026-03-02 08:00"), dossier.id)
        )
        with self.at("2026-03-09 15:30"):
            self.assertEqual(self.env["q1.dossier.watchdog"].check_online(), [])
        self.assertFalse(dossier.online_unanswered)


@tagged("post_install", "-at_install")
class TestDeadlineCalendar(Q1Case):
    """Ward A receives a dossier that ward B decides (Decree 118/2025 Art. 14(2), 20). The time limit is the
    deciding body's time to decide, so every date of the dossier is counted on B's calendar, from reception on;
    here B has a day off (Wed 04/03/2026) that A does not have."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar_b = cls.calendar.copy(
            {
                "name": "Lịch làm việc phường B (thử nghiệm)",
                "appointment_time": 10.0,
                "day_ids": [
                    Command.create({"date": day.date, "day_type": day.day_type, "name": day.name})
                    for day in cls.calendar.day_ids
                ]
                + [Command.create({"date": date(2026, 3, 4), "name": "Nghỉ riêng của phường B"})],
            }
        )
        cls.ward_b.q1_work_calendar_id = cls.calendar_b
        cls.proc_b_decides = cls.env["q1.procedure"].create(
            {
                "name": "Đăng ký hộ kinh doanh (lịch riêng)",
                "code": "T99.000040",
                "field_id": cls.field.id,
                "time_unit": "day",
                "time_limit": 3,
                "deciding_company_id": cls.ward_b.id,
            }
        )

    def test_dates_at_reception_are_on_the_deciding_units_calendar(self):
        dossier = self.receive_at(self.make_dossier(self.proc_b_decides), "2026-03-02 09:00")
        self.assertEqual(dossier.deciding_company_id, self.ward_b)
        # B's working days after Mon 02/03: 03, (04 off), 05, Fri 06/03; on A's calendar it would be Thu 05/03.
        for name in ("due_date", "original_due_date", "statistical_due_date", "promised_date"):
            with self.subTest(field=name):
                self.assertEqual(dossier[name], date(2026, 3, 6))
        self.assertEqual(dossier.appointment_at, utc("2026-03-06 10:00"), "B's appointment time")
        # The step plan uses the same calendar: 24 working hours from Mon 09:00 end Fri 06/03 09:00.
        self.assertEqual(dossier.current_step_id.planned_end, utc("2026-03-06 09:00"))

    def test_a_wait_of_no_working_time_moves_no_date(self):
        dossier = self.receive_at(self.make_dossier(self.proc_b_decides), "2026-03-02 09:00")
        before = (dossier.due_date, dossier.statistical_due_date, dossier.promised_date, dossier.appointment_at)
        with self.at("2026-03-02 10:00"):
            dossier.with_user(self.proc_b).action_take()
            dossier.with_user(self.proc_b).request_payment("Nộp lệ phí")
            dossier.with_user(self.proc_b).resume()
        self.assertEqual(
            (dossier.due_date, dossier.statistical_due_date, dossier.promised_date, dossier.appointment_at), before
        )

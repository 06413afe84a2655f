"""Resuming after a wait for the applicant: the current step's planned end and the remaining steps follow the
legal clock (restarted after a supplement, stopped during a fee wait), and so does the watchdog's escalation.

State calendar 2026, shifts 07:30-11:30 and 13:00-17:00 (8 working hours a day). March 2026: Mon 02/03, ...,
Fri 06/03, Mon 09/03, ..., Fri 13/03, Mon 16/03.
"""

from datetime import date

from odoo.tests import tagged

from .common import Q1Case, local, utc


@tagged("post_install", "-at_install")
class TestResumeReplansTheStep(Q1Case):
    """Decree 118/2025 Art. 19(5): after a supplement the legal time restarts from zero; a wait for fees only
    stops the clock. The current step's planned end follows, so the watchdog does not escalate a dossier just
    because it came back from a wait."""

    def run_watchdog(self, local_string):
        with self.at(local_string):
            self.env["q1.dossier.watchdog"]._run()

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
            [(row["name"], row["end"]) for row in dossier._timeline()],
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

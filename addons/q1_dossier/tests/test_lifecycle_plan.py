"""The internal plan fits the appointment given to the citizen (issue 12, defect 4): whatever the hour of reception
and the calendar's appointment rule, no step of a procedure counted in days is planned to end after the appointment
printed on the receipt (form 01), neither the steps opened nor the expected ones on the timeline.

proc_flow: 5 working days, three steps of 2 + 2 + 1 working days; the state calendar (07:30-11:30, 13:00-17:00,
cut-off 15:00). Received on Monday 02/03/2026 at 14:30, the whole budget would end on Monday 09/03 at 14:30, after
the 14:00 appointment of the fixed-hour rule."""

from odoo.tests import tagged

from ..core.localtime import to_local
from .common import Q1Case


@tagged("post_install", "-at_install")
class TestLifecyclePlan(Q1Case):
    HOURS = ("08:00", "09:00", "11:00", "13:30", "14:30", "15:30", "16:30")

    def _check(self, dossier):
        appointment = to_local(dossier.appointment_at)
        ends = [row["end"] for row in dossier._timeline()]
        self.assertEqual(len(ends), 3)
        self.assertLessEqual(max(ends), appointment, f"received {to_local(dossier.received_at)}: {ends}")

    def test_the_issues_case(self):
        self.calendar.appointment_rule = "fixed"
        dossier = self.receive_at(self.make_dossier(self.proc_flow), "2026-03-02 14:30")
        self.assertEqual(to_local(dossier.appointment_at).strftime("%d/%m/%Y %H:%M"), "09/03/2026 14:00")
        self._check(dossier)

    def test_every_rule_and_hour_of_reception(self):
        for rule in ("fixed", "end_of_day", "reception_hour"):
            self.calendar.appointment_rule = rule
            for hour in self.HOURS:
                for channel in ("direct", "online"):
                    with self.subTest(rule=rule, hour=hour, channel=channel):
                        dossier = self.make_dossier(self.proc_flow, channel=channel)
                        self.receive_at(dossier, f"2026-03-02 {hour}")
                        self._check(dossier)

    def test_opened_steps_keep_to_the_appointment(self):
        self.calendar.appointment_rule = "fixed"
        dossier = self.receive_at(self.make_dossier(self.proc_flow), "2026-03-02 14:30")
        with self.at("2026-03-02 15:00"):
            dossier.with_user(self.head_a).assign(self.proc_a1)
        for when in ("2026-03-04 14:30", "2026-03-06 14:30"):
            with self.at(when):
                dossier.with_user(self.proc_a1).hand_over(self.proc_a1)
        self.assertEqual(len(dossier.step_ids), 3)
        self.assertLessEqual(to_local(dossier.current_step_id.planned_end), to_local(dossier.appointment_at))

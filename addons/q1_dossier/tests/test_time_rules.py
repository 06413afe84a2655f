"""The time rules of the law on the dossier (issue 11 item 4): the Art. 18 next-morning transfer, same-day steps
planned within the day, hour limits after a supplement (the wait subtracted for the statistics, the legal restart
for the appointment), the appointment hour printed on the receipt, and the 15-day closure for no supplement.

Every expected value is counted by hand in the comments, on the 2026 calendar shipped as data: weekends Sat/Sun;
Tết break Mon 16 – Fri 20/02/2026. Shifts 07:30–11:30 and 13:00–17:00 (8 working hours a day); cut-off 15:00;
appointment at 14:00 (the fixed-hour rule) for limits in days.
"""

from datetime import date

from odoo.tests import tagged

from .common import Q1Case, utc


@tagged("post_install", "-at_install")
class TestTransferAfterCutoff(Q1Case):
    """Decree 118/2025 Art. 18(2): paper received directly after 15:00 reaches the processing department at the
    start of the next working day, so the first step's budget runs from then; the legal due date still runs from
    the reception on the receipt (Art. 17(3))."""

    def received(self, procedure, local_string, channel="direct"):
        with self.at(local_string):
            dossier = self.make_dossier(procedure, channel=channel)
        return self.receive_at(dossier, local_string)

    def test_paper_received_friday_after_cutoff_before_tet_starts_monday_morning(self):
        # proc_flow: 5 working days, first step "Thẩm định" 2 working days (16 h).
        dossier = self.received(self.proc_flow, "2026-02-13 15:30")
        # Due date from the reception: 14/02 - 22/02 off; Mon 23 (1), 24, 25, 26, Fri 27/02 (5).
        self.assertEqual(dossier.due_date, date(2026, 2, 27))
        self.assertEqual(dossier.appointment_at, utc("2026-02-27 14:00"))
        step = dossier.current_step_id
        self.assertEqual(step.handed_at, utc("2026-02-13 15:30"), "the reception itself is the record")
        # The step starts Mon 23/02 07:30 and takes 16 h: Mon 23 and Tue 24/02 until 17:00. Counted from 15:30 it
        # would have ended Tue 24/02 15:30 (the online case below).
        self.assertEqual(step.planned_end, utc("2026-02-24 17:00"))

    def test_online_after_cutoff_goes_through_the_system_at_once(self):
        dossier = self.received(self.proc_flow, "2026-02-13 15:30", channel="online")
        # 16 h from Fri 15:30: 1.5 h on Friday, Mon 23/02 8 h (9.5), Tue 24/02 07:30-11:30 (13.5) + 2.5 h = 15:30.
        self.assertEqual(dossier.current_step_id.planned_end, utc("2026-02-24 15:30"))

    def test_the_plan_never_ends_after_the_appointment(self):
        # proc_5d's one step takes the whole legal time (40 h): from the next-morning start it would end Fri 27/02
        # 17:00, from the online reception Fri 27/02 15:30; both are capped at the 14:00 appointment (issue 12).
        for channel in ("direct", "online"):
            dossier = self.received(self.proc_5d, "2026-02-13 15:30", channel=channel)
            self.assertEqual(dossier.current_step_id.planned_end, utc("2026-02-27 14:00"), channel)

    def test_paper_before_cutoff_starts_at_reception(self):
        dossier = self.received(self.proc_5d, "2026-03-03 14:00")
        # 40 h from Tue 03/03 14:00: 3 h Tue, 8 h Wed, Thu, Fri, Mon 09/03 (35 h), Tue 10/03 07:30 + 5 h = 14:00.
        self.assertEqual(dossier.current_step_id.planned_end, utc("2026-03-10 14:00"))
        self.assertEqual(dossier.due_date, date(2026, 3, 10))

    def test_same_day_procedure_is_excepted_and_planned_within_its_day(self):
        dossier = self.received(self.proc_same_day, "2026-03-03 15:30")
        # After the cut-off a same-day result is due the next working day, Wed 04/03, at 14:00. The step starts at
        # once (no next-morning transfer) and its one-day budget (15:30 Tue + 8 h = Wed 15:30) ends at the
        # appointment.
        self.assertEqual(dossier.appointment_at, utc("2026-03-04 14:00"))
        self.assertEqual(dossier.current_step_id.planned_end, utc("2026-03-04 14:00"))


@tagged("post_install", "-at_install")
class TestSameDaySteps(Q1Case):
    """A same-day procedure's control-slip step is planned within the day: before, its one-day budget ended the next
    day (on time on the slip, late in the statistics)."""

    def test_same_day_step_ends_at_the_appointment(self):
        dossier = self.received_and_assigned(self.proc_same_day, "2026-03-10 09:00")
        self.assertEqual(dossier.due_date, date(2026, 3, 10))
        self.assertEqual(dossier.appointment_at, utc("2026-03-10 14:00"))
        step = dossier.current_step_id
        # 09:00 + 8 h would be Wed 11/03 09:00; the appointment is Tue 10/03 14:00.
        self.assertEqual(step.planned_end, utc("2026-03-10 14:00"))
        with self.at("2026-03-11 08:30"):
            dossier.with_user(self.proc_a1).hand_over()
        # Finished Wed 11/03 08:30, the day after the due date: late in the statistics, and now on the slip too
        # (against the old plan, Wed 11/03 09:00, it was "on time").
        self.assertEqual(step.result, "late")
        self.assertEqual(dossier.statistical_due_date, date(2026, 3, 10))


@tagged("post_install", "-at_install")
class TestHourLimitAfterSupplement(Q1Case):
    """A limit in working hours after a supplement: the legal time restarts from the completion (Art. 19(5)) and
    the appointment is its exact hour; the statistics subtract the wait (legal regime §2, "Supplement completed")."""

    def test_statistical_date_subtracts_the_wait_and_the_appointment_is_the_restarts_hour(self):
        dossier = self.received_and_assigned(self.proc_8h, "2026-03-02 09:00")
        # 8 h from Mon 09:00: 2.5 h to 11:30, 13:00 + 4 h = 17:00 (6.5 h), Tue 07:30 + 1.5 h = 09:00.
        self.assertEqual(dossier.appointment_at, utc("2026-03-03 09:00"))
        with self.at("2026-03-02 16:00"):
            dossier.with_user(self.proc_a1).request_supplement("Thiếu giấy tờ", "Bản sao giấy khai sinh")
        with self.at("2026-03-03 08:00"):
            dossier.with_user(self.reception_a).resume()
        # Used before the wait: 09:00-11:30 and 13:00-16:00 = 5.5 h; 2.5 h left from Tue 08:00 -> Tue 10:30.
        self.assertEqual(dossier.statistical_due_date, date(2026, 3, 3))
        # The legal restart: 8 h from Tue 08:00: 3.5 h to 11:30, 4 h to 17:00, Wed 07:30 + 0.5 h = 08:00.
        self.assertEqual(dossier.due_date, date(2026, 3, 4))
        self.assertEqual(dossier.promised_date, date(2026, 3, 4))
        self.assertEqual(dossier.appointment_at, utc("2026-03-04 08:00"), "the exact hour, not 14:00")
        # The step (budget: the whole 8 h) is planned again from the completion and ends at the appointment.
        self.assertEqual(dossier.current_step_id.planned_end, utc("2026-03-04 08:00"))
        # The old plan (Tue 03/03 09:00) is past, the new one not: the watchdog does not escalate after the resume.
        with self.at("2026-03-03 10:00"):
            self.env["q1.dossier.watchdog"]._run()
        self.assertEqual(dossier.escalation_level, 0)
        with self.at("2026-03-04 08:30"):
            self.env["q1.dossier.watchdog"]._run()
        self.assertEqual(dossier.escalation_level, 1, "late against the new plan")

    def test_fee_wait_moves_the_hour_by_the_working_time_waited(self):
        dossier = self.received_and_assigned(self.proc_4h, "2026-03-10 07:30")
        self.assertEqual(dossier.appointment_at, utc("2026-03-10 11:30"))
        with self.at("2026-03-10 09:30"):
            dossier.with_user(self.proc_a1).request_payment("Nộp lệ phí")
        with self.at("2026-03-10 14:00"):
            dossier.with_user(self.reception_a).resume()
        # 2 h used; waited 09:30-11:30 and 13:00-14:00 (3 h); 2 h left from 14:00: 16:00 both ways (a fee wait
        # only stops the clock).
        self.assertEqual(dossier.appointment_at, utc("2026-03-10 16:00"))
        self.assertEqual(dossier.statistical_due_date, date(2026, 3, 10))
        self.assertEqual(dossier.current_step_id.planned_end, utc("2026-03-10 16:00"))


@tagged("post_install", "-at_install")
class TestAppointmentHour(Q1Case):
    """The appointment printed on the receipt (form 01, "giờ, phút, ngày") is the one the dossier computes."""

    def receipt_appointment(self, procedure, local_string):
        with self.at(local_string):
            dossier = self.make_dossier(procedure)
        self.receive_at(dossier, local_string)
        return dossier, dossier.receipt_print_values()["appointment"]

    def test_hour_limit_prints_its_exact_hour(self):
        # 4 h from Tue 10/03 14:00: 3 h to 17:00, Wed 07:30 + 1 h = 08:30.
        dossier, printed = self.receipt_appointment(self.proc_4h, "2026-03-10 14:00")
        self.assertEqual(dossier.appointment_at, utc("2026-03-11 08:30"))
        self.assertEqual(printed, "08 giờ 30 phút, ngày 11 tháng 3 năm 2026")

    def test_end_of_the_working_day_rule(self):
        self.calendar.appointment_rule = "end_of_day"
        # Thu 05/03 + 3 working days: Fri 06, Mon 09, Tue 10/03; the end of its working hours.
        dossier, printed = self.receipt_appointment(self.proc_3d, "2026-03-05 10:00")
        self.assertEqual(dossier.appointment_at, utc("2026-03-10 17:00"))
        self.assertEqual(printed, "17 giờ 00 phút, ngày 10 tháng 3 năm 2026")

    def test_hour_of_reception_rule(self):
        self.calendar.appointment_rule = "reception_hour"
        dossier, printed = self.receipt_appointment(self.proc_3d, "2026-03-05 10:20")
        self.assertEqual(dossier.appointment_at, utc("2026-03-10 10:20"))
        self.assertEqual(printed, "10 giờ 20 phút, ngày 10 tháng 3 năm 2026")

    def test_fixed_hour_is_the_default(self):
        dossier, printed = self.receipt_appointment(self.proc_3d, "2026-03-05 10:20")
        self.assertEqual(printed, "14 giờ 00 phút, ngày 10 tháng 3 năm 2026")


@tagged("post_install", "-at_install")
class TestSupplementClosure(Q1Case):
    """Decree 118/2025 Art. 19(5): closed 15 days after the notice without the supplement; the notice day is not
    counted (Civil Code Art. 147) and a last day off moves to the next working day (Art. 148(5), a setting)."""

    def waiting(self):
        dossier = self.received_and_assigned(self.proc_5d, "2026-03-04 09:00")
        with self.at("2026-03-06 16:00"):
            dossier.with_user(self.proc_a1).request_supplement("Thiếu giấy tờ", "Bản sao giấy khai sinh")
        return dossier

    def run_watchdog(self, local_string):
        with self.at(local_string):
            self.env["q1.dossier.watchdog"]._run()

    def test_last_day_on_a_saturday_moves_to_monday(self):
        dossier = self.waiting()
        # Fri 06/03 + 15 days = Sat 21/03, a day off: the end of Mon 23/03.
        self.assertEqual(dossier.supplement_close_date, date(2026, 3, 23))
        self.run_watchdog("2026-03-22 00:05")
        self.assertEqual(dossier.state, "supplement")
        self.run_watchdog("2026-03-23 16:00")
        self.assertEqual(dossier.state, "supplement", "the last day is not over yet")
        self.run_watchdog("2026-03-24 00:05")
        self.assertEqual(dossier.state, "stopped")

    def test_without_the_civil_code_rule_the_saturday_stays(self):
        self.env["ir.config_parameter"].sudo().set_param("q1_dossier.supplement_close_civil_code", "0")
        dossier = self.waiting()
        self.assertEqual(dossier.supplement_close_date, date(2026, 3, 21))
        self.run_watchdog("2026-03-21 23:55")
        self.assertEqual(dossier.state, "supplement")
        self.run_watchdog("2026-03-22 00:05")
        self.assertEqual(dossier.state, "stopped")

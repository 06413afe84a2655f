"""Legal due dates through the reception path, with the 2026 calendar shipped as data.

Every expected value is counted by hand in the comments (not with the core), on the 2026 calendar:
weekends Sat/Sun; Tết break Mon 16 – Fri 20/02/2026; National Day Mon 31/08 – Wed 02/09/2026, Saturday
22/08/2026 a make-up working day. Shifts 07:30–11:30 and 13:00–17:00; same-day cut-off 15:00;
appointment time 14:00 for procedures counted in days.
"""

from datetime import date, datetime

from odoo.tests import tagged

from .common import Q1DossierCase, utc


@tagged("post_install", "-at_install")
class TestDueDates(Q1DossierCase):
    def assertDue(self, dossier, due, appointment_local):
        self.assertEqual(dossier.due_date, due)
        self.assertEqual(dossier.appointment_at, utc(appointment_local))

    def test_tet_break_is_skipped(self):
        # Received Fri 13/02/2026 10:00. Days after 13/02: Sat 14, Sun 15 weekend; Mon 16 – Fri 20 Tết;
        # Sat 21, Sun 22 weekend; then Mon 23 (1), Tue 24 (2), Wed 25 (3), Thu 26 (4), Fri 27 (5).
        dossier = self.receive_at(self.make_dossier(self.proc_5d), "2026-02-13 10:00")
        self.assertDue(dossier, date(2026, 2, 27), "2026-02-27 14:00")

    def test_ten_days_across_tet(self):
        # Received Thu 12/02/2026: Fri 13 (1); 14–22 off; Mon 23 (2), 24 (3), 25 (4), 26 (5), Fri 27 (6);
        # Mon 02/03 (7), Tue 03 (8), Wed 04 (9), Thu 05 (10).
        dossier = self.receive_at(self.make_dossier(self.proc_10d), "2026-02-12 08:30")
        self.assertDue(dossier, date(2026, 3, 5), "2026-03-05 14:00")

    def test_reception_during_tet_counts_from_next_working_day(self):
        # An online filing on Tue 17/02/2026 (Tết): days after 17/02 that work: Mon 23 (1), Tue 24 (2), Wed 25 (3).
        dossier = self.make_dossier(self.proc_3d, channel="online")
        self.receive_at(dossier, "2026-02-17 21:00")
        self.assertEqual(dossier.received_date, date(2026, 2, 17))
        self.assertDue(dossier, date(2026, 2, 25), "2026-02-25 14:00")

    def test_make_up_saturday_counts(self):
        # Received Thu 20/08/2026: Fri 21 (1), Sat 22 make-up working day (2), Sun 23 off, Mon 24 (3).
        dossier = self.receive_at(self.make_dossier(self.proc_3d), "2026-08-20 09:00")
        self.assertDue(dossier, date(2026, 8, 24), "2026-08-24 14:00")

    def test_national_day_break_is_skipped(self):
        # Received Fri 28/08/2026: Sat 29, Sun 30 off; Mon 31/08, Tue 01/09, Wed 02/09 holidays;
        # Thu 03/09 (1), Fri 04/09 (2), Mon 07/09 (3).
        dossier = self.receive_at(self.make_dossier(self.proc_3d), "2026-08-28 09:00")
        self.assertDue(dossier, date(2026, 9, 7), "2026-09-07 14:00")

    def test_same_day_before_cutoff(self):
        # Tue 10/03/2026 14:59 is before 15:00: due the same day; 14:00 is already past, so the end of the day.
        dossier = self.receive_at(self.make_dossier(self.proc_same_day), "2026-03-10 14:59")
        self.assertTrue(dossier.same_day)
        self.assertDue(dossier, date(2026, 3, 10), "2026-03-10 17:00")

    def test_same_day_after_cutoff(self):
        # Tue 10/03/2026 15:01 is after 15:00: the next working day, Wed 11/03, at 14:00.
        dossier = self.receive_at(self.make_dossier(self.proc_same_day), "2026-03-10 15:01")
        self.assertDue(dossier, date(2026, 3, 11), "2026-03-11 14:00")

    def test_same_day_morning(self):
        # Tue 10/03/2026 09:00: same day, at the 14:00 appointment time.
        dossier = self.receive_at(self.make_dossier(self.proc_same_day), "2026-03-10 09:00")
        self.assertDue(dossier, date(2026, 3, 10), "2026-03-10 14:00")

    def test_same_day_on_make_up_saturday(self):
        # Sat 22/08/2026 is a working day: a same-day dossier received at 09:00 is due that Saturday.
        dossier = self.receive_at(self.make_dossier(self.proc_same_day), "2026-08-22 09:00")
        self.assertDue(dossier, date(2026, 8, 22), "2026-08-22 14:00")

    def test_same_day_on_holiday(self):
        # Wed 18/02/2026 (Tết) 09:00, online: not a working day, next working day Mon 23/02.
        dossier = self.make_dossier(self.proc_same_day, channel="online")
        self.receive_at(dossier, "2026-02-18 09:00")
        self.assertDue(dossier, date(2026, 2, 23), "2026-02-23 14:00")

    def test_hours_over_a_weekend(self):
        # 8 working hours from Fri 06/03/2026 16:00: Fri 16:00–17:00 = 1 h; Sat, Sun off;
        # Mon 09/03 07:30–11:30 = 4 h (5 h); 13:00–16:00 = 3 h (8 h) → Mon 09/03 16:00.
        dossier = self.receive_at(self.make_dossier(self.proc_8h), "2026-03-06 16:00")
        self.assertEqual(dossier.time_unit, "hour")
        self.assertEqual(dossier.time_limit, 8)
        self.assertDue(dossier, date(2026, 3, 9), "2026-03-09 16:00")
        self.assertEqual(dossier.appointment_at, datetime(2026, 3, 9, 9, 0))

    def test_hours_over_tet(self):
        # 8 working hours from Fri 13/02/2026 16:00: 1 h on Fri; 14/02 – 22/02 off;
        # Mon 23/02 07:30–11:30 (5 h), 13:00–16:00 (8 h) → Mon 23/02 16:00.
        dossier = self.receive_at(self.make_dossier(self.proc_8h), "2026-02-13 16:00")
        self.assertDue(dossier, date(2026, 2, 23), "2026-02-23 16:00")

    def test_hours_from_lunch_break(self):
        # 4 working hours from Tue 10/03/2026 12:00 (lunch): counting starts at 13:00 → 17:00 the same day.
        dossier = self.receive_at(self.make_dossier(self.proc_4h), "2026-03-10 12:00")
        self.assertDue(dossier, date(2026, 3, 10), "2026-03-10 17:00")

    def test_hours_ending_on_morning_shift_end(self):
        # 4 working hours from Tue 10/03/2026 07:30 → 11:30 exactly (stays at the end of the shift).
        dossier = self.receive_at(self.make_dossier(self.proc_4h), "2026-03-10 07:30")
        self.assertDue(dossier, date(2026, 3, 10), "2026-03-10 11:30")

    def test_online_dossier_received_on_sunday(self):
        # Online filing Sun 08/03/2026 03:00 local (Sat 07/03 20:00 UTC). Days after Sun 08/03:
        # Mon 09 (1), Tue 10 (2), Wed 11 (3), Thu 12 (4), Fri 13 (5).
        dossier = self.make_dossier(self.proc_5d, channel="online")
        self.receive_at(dossier, "2026-03-08 03:00")
        self.assertEqual(dossier.received_at, datetime(2026, 3, 7, 20, 0))
        self.assertEqual(dossier.received_date, date(2026, 3, 8))
        self.assertEqual(dossier.code, "T99.01-260308-0001")
        self.assertDue(dossier, date(2026, 3, 13), "2026-03-13 14:00")

    def test_calendar_change_applies_to_new_receptions(self):
        # A manager declares Fri 06/03/2026 a day off: a 3-day dossier received Thu 05/03 then runs
        # Mon 09 (1), Tue 10 (2), Wed 11 (3) instead of Fri 06, Mon 09, Tue 10.
        self.env["q1.work.calendar.day"].create(
            {"calendar_id": self.calendar.id, "date": "2026-03-06", "day_type": "holiday", "name": "Nghỉ bù (thử)"}
        )
        dossier = self.receive_at(self.make_dossier(self.proc_3d), "2026-03-05 10:00")
        self.assertDue(dossier, date(2026, 3, 11), "2026-03-11 14:00")

    def test_appointment_time_is_configurable(self):
        # Appointment printed at 09:30 instead of 14:00 (Thu 05/03 + 3 days: Fri 06, Mon 09, Tue 10).
        self.calendar.appointment_time = 9.5
        dossier = self.receive_at(self.make_dossier(self.proc_3d), "2026-03-05 10:00")
        self.assertDue(dossier, date(2026, 3, 10), "2026-03-10 09:30")

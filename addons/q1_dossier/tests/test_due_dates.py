"""Legal due dates through the reception path, with the 2026 calendar shipped as data; the calendar they are
counted on when another ward decides.

Every expected value is counted by hand in the comments (not with the core), on the 2026 calendar:
weekends Sat/Sun; Tết break Mon 16 – Fri 20/02/2026; National Day Mon 31/08 – Wed 02/09/2026, Saturday
22/08/2026 a make-up working day. Shifts 07:30–11:30 and 13:00–17:00; same-day cut-off 15:00;
appointment time 14:00 for procedures counted in days.
"""

from datetime import date, datetime

from odoo import Command
from odoo.tests import tagged

from .common import Q1Case, utc

# One reception per row: test name, procedure (a Q1Case attribute), channel, reception (local), expected
# appointment (local; the due date is its day), and other fields expected on the received dossier. Each row runs
# as its own test, test_<name>: adding a case is adding a row.
DUE_DATE_CASES = [
    # Fri 13/02: Sat 14, Sun 15 weekend; Mon 16 – Fri 20 Tết; Sat 21, Sun 22; Mon 23 (1), 24, 25, 26, Fri 27 (5).
    ("tet_break_is_skipped", "proc_5d", "direct", "2026-02-13 10:00", "2026-02-27 14:00"),
    # Thu 12/02: Fri 13 (1); 14–22 off; Mon 23 (2) – Fri 27 (6); Mon 02/03 (7), 03 (8), 04 (9), Thu 05/03 (10).
    ("ten_days_across_tet", "proc_10d", "direct", "2026-02-12 08:30", "2026-03-05 14:00"),
    # Online on Tue 17/02 (Tết): the days after 17/02 that work are Mon 23 (1), Tue 24 (2), Wed 25 (3).
    (
        "reception_during_tet_counts_from_next_working_day",
        "proc_3d",
        "online",
        "2026-02-17 21:00",
        "2026-02-25 14:00",
        {"received_date": date(2026, 2, 17)},
    ),
    # Thu 20/08: Fri 21 (1), Sat 22 make-up working day (2), Sun 23 off, Mon 24 (3).
    ("make_up_saturday_counts", "proc_3d", "direct", "2026-08-20 09:00", "2026-08-24 14:00"),
    # Fri 28/08: Sat 29, Sun 30 off; Mon 31/08 – Wed 02/09 holidays; Thu 03/09 (1), Fri 04/09 (2), Mon 07/09 (3).
    ("national_day_break_is_skipped", "proc_3d", "direct", "2026-08-28 09:00", "2026-09-07 14:00"),
    # Tue 10/03 14:59 is before the 15:00 cut-off: due that day; 14:00 is already past, so the end of the day.
    ("same_day_before_cutoff", "proc_same_day", "direct", "2026-03-10 14:59", "2026-03-10 17:00", {"same_day": True}),
    # Tue 10/03 15:01 is after 15:00: the next working day, Wed 11/03, at 14:00.
    ("same_day_after_cutoff", "proc_same_day", "direct", "2026-03-10 15:01", "2026-03-11 14:00"),
    # Tue 10/03 09:00: the same day, at the 14:00 appointment time.
    ("same_day_morning", "proc_same_day", "direct", "2026-03-10 09:00", "2026-03-10 14:00"),
    # Sat 22/08 is a working day: a same-day dossier received at 09:00 is due that Saturday.
    ("same_day_on_make_up_saturday", "proc_same_day", "direct", "2026-08-22 09:00", "2026-08-22 14:00"),
    # Wed 18/02 (Tết) 09:00, online: not a working day; the next one is Mon 23/02.
    ("same_day_on_holiday", "proc_same_day", "online", "2026-02-18 09:00", "2026-02-23 14:00"),
    # 8 working hours from Fri 06/03 16:00: 1 h on Friday; Sat, Sun off; Mon 09/03 07:30–11:30 (5 h),
    # 13:00–16:00 (8 h). 16:00 local is 09:00 UTC.
    (
        "hours_over_a_weekend",
        "proc_8h",
        "direct",
        "2026-03-06 16:00",
        "2026-03-09 16:00",
        {"time_unit": "hour", "time_limit": 8, "appointment_at": datetime(2026, 3, 9, 9, 0)},
    ),
    # 8 working hours from Fri 13/02 16:00: 1 h on Friday; 14/02 – 22/02 off; Mon 23/02 07:30–11:30 (5 h),
    # 13:00–16:00 (8 h).
    ("hours_over_tet", "proc_8h", "direct", "2026-02-13 16:00", "2026-02-23 16:00"),
    # 4 working hours from Tue 10/03 12:00 (lunch): counting starts at 13:00, so 17:00 the same day.
    ("hours_from_lunch_break", "proc_4h", "direct", "2026-03-10 12:00", "2026-03-10 17:00"),
    # 4 working hours from Tue 10/03 07:30: 11:30 exactly (it stays at the end of the shift).
    ("hours_ending_on_morning_shift_end", "proc_4h", "direct", "2026-03-10 07:30", "2026-03-10 11:30"),
    # Online on Sun 08/03 03:00 local (Sat 07/03 20:00 UTC); the days after Sun 08/03: Mon 09 (1) – Fri 13 (5).
    (
        "online_dossier_received_on_sunday",
        "proc_5d",
        "online",
        "2026-03-08 03:00",
        "2026-03-13 14:00",
        {
            "received_at": datetime(2026, 3, 7, 20, 0),
            "received_date": date(2026, 3, 8),
            "code": f"{Q1Case.UNIT_A}-260308-0001",
        },
    ),
]


@tagged("post_install", "-at_install")
class TestDueDates(Q1Case):
    """The rows of DUE_DATE_CASES (one test each, added below the class), then the calendar's settings."""

    def check_case(self, procedure, channel, received, appointment, others=None):
        with self.at(received):
            dossier = self.make_dossier(getattr(self, procedure), channel=channel)
        self.receive_at(dossier, received)
        self.assertEqual(dossier.due_date, date.fromisoformat(appointment[:10]))
        self.assertEqual(dossier.appointment_at, utc(appointment))
        for name, value in (others or {}).items():
            self.assertEqual(dossier[name], value, name)

    def test_calendar_change_applies_to_new_receptions(self):
        # A manager declares Fri 06/03/2026 a day off: a 3-day dossier received Thu 05/03 then runs
        # Mon 09 (1), Tue 10 (2), Wed 11 (3) instead of Fri 06, Mon 09, Tue 10.
        self.env["q1.work.calendar.day"].create(
            {"calendar_id": self.calendar.id, "date": "2026-03-06", "day_type": "holiday", "name": "Nghỉ bù (thử)"}
        )
        self.check_case("proc_3d", "direct", "2026-03-05 10:00", "2026-03-11 14:00")

    def test_appointment_time_is_configurable(self):
        # Appointment printed at 09:30 instead of 14:00 (Thu 05/03 + 3 days: Fri 06, Mon 09, Tue 10).
        self.calendar.appointment_time = 9.5
        self.check_case("proc_3d", "direct", "2026-03-05 10:00", "2026-03-10 09:30")


def _due_date_test(row):
    def test(self):
        self.check_case(*row[1:])

    test.__name__ = f"test_{row[0]}"
    test.__doc__ = f"Due date and appointment of the DUE_DATE_CASES row {row[0]!r}."
    return test


for _row in DUE_DATE_CASES:
    setattr(TestDueDates, f"test_{_row[0]}", _due_date_test(_row))


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

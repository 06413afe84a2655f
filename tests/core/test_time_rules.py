"""The time rules of the law (issue 11 item 4): the Art. 18 transfer, same-day procedures, hour-based limits with the
waits subtracted, the appointment hour and the 15-day closure for no supplement.

Every expected value is counted by hand in its row, on the 2026 calendar: weekends Sat/Sun; Tết Mon 16 – Fri
20/02/2026; National Day Mon 31/08 – Wed 02/09/2026, Saturday 22/08/2026 a make-up working day. Shifts
07:30–11:30 and 13:00–17:00 (8 working hours a day); cut-off 15:00.
"""

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from q1_dossier.core.deadline import (
    after_cutoff,
    day_appointment,
    due_date,
    due_datetime_after_pauses,
    due_datetime_for_hours,
    is_same_day,
    supplement_close_at,
    supplement_last_day,
)
from q1_dossier.core.process import first_step_start, plan_steps
from q1_dossier.core.workcal import WorkCalendar

D, dt = date, datetime

CAL = WorkCalendar(
    holidays=frozenset(
        {D(2026, 1, 1), D(2026, 4, 27), D(2026, 4, 30), D(2026, 5, 1), D(2026, 8, 31), D(2026, 9, 1), D(2026, 9, 2)}
        | {D(2026, 2, 16) + timedelta(i) for i in range(5)}
    ),
    extra_workdays=frozenset({D(2026, 8, 22)}),
)


def cases(rows):
    return [pytest.param(*row[1:], id=row[0]) for row in rows]


# -- Art. 18: the first step starts with the transfer -----------------------------------------------------------

# description, reception (local), direct, same-day procedure, expected start of the first step
TRANSFER_CASES = [
    ("Fri 15:30 before Tet: Mon 23/02 07:30", dt(2026, 2, 13, 15, 30), True, False, dt(2026, 2, 23, 7, 30)),
    ("before the cut-off: at once", dt(2026, 3, 3, 14, 59), True, False, dt(2026, 3, 3, 14, 59)),
    ("15:00 itself counts as after", dt(2026, 3, 3, 15, 0), True, False, dt(2026, 3, 4, 7, 30)),
    ("online after 15:00: through the system at once", dt(2026, 3, 3, 15, 30), False, False, dt(2026, 3, 3, 15, 30)),
    ("same-day procedure excepted", dt(2026, 3, 3, 15, 30), True, True, dt(2026, 3, 3, 15, 30)),
    ("Saturday reception: Mon 09/03 07:30", dt(2026, 3, 7, 9, 0), True, False, dt(2026, 3, 9, 7, 30)),
    ("Fri 21/08 16:00: make-up Sat 22/08", dt(2026, 8, 21, 16, 0), True, False, dt(2026, 8, 22, 7, 30)),
    ("Fri 28/08 15:10: Sat, Sun, 31/08-02/09 off", dt(2026, 8, 28, 15, 10), True, False, dt(2026, 9, 3, 7, 30)),
]


@pytest.mark.parametrize("received_at, direct, same_day, expected", cases(TRANSFER_CASES))
def test_first_step_start(received_at, direct, same_day, expected):
    assert first_step_start(received_at, CAL, time(15, 0), direct=direct, same_day=same_day) == expected


def test_the_cut_off_reads_the_same_for_the_transfer_and_the_same_day_date():
    # One reading of "after 15:00": a same-day dossier is due the next day exactly when its transfer waits.
    for moment in (time(14, 59), time(15, 0), time(15, 1)):
        received = dt(2026, 3, 3, moment.hour, moment.minute)
        next_day = due_date(received, 0, CAL) == D(2026, 3, 4)
        assert after_cutoff(moment) is next_day
        assert (first_step_start(received, CAL) > received) is next_day


@pytest.mark.parametrize(
    "limit, unit, expected",
    [(0, "day", True), (1, "day", False), (4, "hour", True), (8, "hour", True), (9, "hour", False)],
)
def test_same_day_limits(limit, unit, expected):
    # 8 working hours is one working day of the shifts (4 + 4).
    assert is_same_day(limit, unit, CAL) is expected


# -- same-day steps are planned within the day -------------------------------------------------------------------


def test_a_same_day_step_ends_at_the_appointment_not_a_working_day_later():
    # Same-day procedure received Tue 03/03 10:00, its one step budgeted 1 working day: without the legal end it
    # would end Wed 04/03 10:00 (on time on the slip, late in the statistics); the appointment is 03/03 14:00.
    received = dt(2026, 3, 3, 10, 0)
    assert plan_steps(received, [(1, "day")], CAL) == [dt(2026, 3, 4, 10, 0)]
    assert plan_steps(received, [(1, "day")], CAL, latest=dt(2026, 3, 3, 14, 0)) == [dt(2026, 3, 3, 14, 0)]
    # Two half-day steps: 10:00 + 4 h = 15:30 (1.5 h to 11:30, then 13:00 + 2.5 h); the second would end
    # Wed 04/03 10:00 (1.5 h on Tue, 2.5 h on Wed), clamped to the end of the day.
    assert plan_steps(received, [(0.5, "day"), (0.5, "day")], CAL, latest=dt(2026, 3, 3, 17, 0)) == [
        dt(2026, 3, 3, 15, 30),
        dt(2026, 3, 3, 17, 0),
    ]


def test_a_step_opened_after_the_appointment_keeps_its_budget():
    # Handed over Wed 04/03 09:00, after the 03/03 14:00 appointment: the dossier is late, not this step's officer;
    # 4 h from 09:00: 2.5 h to 11:30, 13:00 + 1.5 h = 14:30.
    assert plan_steps(dt(2026, 3, 4, 9, 0), [(4, "hour")], CAL, latest=dt(2026, 3, 3, 14, 0)) == [
        dt(2026, 3, 4, 14, 30)
    ]


# -- hour-based limits: the wait subtracted ------------------------------------------------------------------------

# description, reception, hours, pauses (local instants), expected statistical due moment
HOUR_CASES = [
    # Tue 14:00 + 4 h: 1 h to the 15:00 pause; waits 15:00-17:00 (2 working hours); 3 h left from 17:00:
    # Wed 07:30 + 3 h = 10:30. Unpaused: 3 h on Tue, 1 h on Wed -> 08:30; the legal restart would give 11:30.
    (
        "4 h, received 14:00, a wait of 2 working hours",
        dt(2026, 3, 3, 14, 0),
        4,
        [(dt(2026, 3, 3, 15, 0), dt(2026, 3, 3, 17, 0))],
        dt(2026, 3, 4, 10, 30),
    ),
    # Fri 13/02 14:00, 8 h: 2 h to the 16:00 pause; resumed Mon 23/02 09:00; 6 h left: 2.5 h to 11:30, then
    # 13:00 + 3.5 h = 16:30.
    (
        "8 h, waiting over Tet",
        dt(2026, 2, 13, 14, 0),
        8,
        [(dt(2026, 2, 13, 16, 0), dt(2026, 2, 23, 9, 0))],
        dt(2026, 2, 23, 16, 30),
    ),
    # Tue 08:00 (07:30 counts from 08:00), 2 h: due 10:00, before the 14:00 pause, which cannot move it.
    (
        "limit run out before the wait",
        dt(2026, 3, 3, 8, 0),
        2,
        [(dt(2026, 3, 3, 14, 0), dt(2026, 3, 4, 9, 0))],
        dt(2026, 3, 3, 10, 0),
    ),
    # Mon 02/03 07:30, 8 h: 2 h to 09:30; waits to 13:00; 2 h more to 15:00 (4 h used); waits to Tue 08:30;
    # 4 h left: 3 h to 11:30, then 13:00 + 1 h = 14:00 Tue 03/03.
    (
        "two waits",
        dt(2026, 3, 2, 7, 30),
        8,
        [(dt(2026, 3, 2, 9, 30), dt(2026, 3, 2, 13, 0)), (dt(2026, 3, 2, 15, 0), dt(2026, 3, 3, 8, 30))],
        dt(2026, 3, 3, 14, 0),
    ),
    ("still waiting: no due moment yet", dt(2026, 3, 3, 14, 0), 4, [(dt(2026, 3, 3, 15, 0), None)], None),
    ("no wait: the legal moment", dt(2026, 3, 6, 16, 0), 8, [], dt(2026, 3, 9, 16, 0)),
]


@pytest.mark.parametrize("received_at, hours, pauses, expected", cases(HOUR_CASES))
def test_due_datetime_after_pauses(received_at, hours, pauses, expected):
    assert due_datetime_after_pauses(received_at, hours, pauses, CAL) == expected


def test_due_datetime_after_pauses_refuses_disordered_pauses():
    with pytest.raises(ValueError):
        due_datetime_after_pauses(dt(2026, 3, 3, 14, 0), 4, [(dt(2026, 3, 3, 13, 0), dt(2026, 3, 3, 15, 0))], CAL)
    with pytest.raises(ValueError):
        due_datetime_after_pauses(dt(2026, 3, 3, 14, 0), 4, [(dt(2026, 3, 3, 15, 0), dt(2026, 3, 3, 14, 30))], CAL)


# -- the appointment hour (limits in days) ---------------------------------------------------------------------

# description, due day, reception, rule, expected appointment
APPOINTMENT_CASES = [
    ("fixed hour of the unit", D(2026, 3, 10), dt(2026, 3, 5, 10, 0), "fixed", dt(2026, 3, 10, 14, 0)),
    (
        "end of the working day (Civil Code)",
        D(2026, 3, 10),
        dt(2026, 3, 5, 10, 0),
        "end_of_day",
        dt(2026, 3, 10, 17, 0),
    ),
    ("reception hour", D(2026, 3, 10), dt(2026, 3, 5, 10, 15), "reception_hour", dt(2026, 3, 10, 10, 15)),
    ("reception at lunch: 13:00", D(2026, 3, 10), dt(2026, 3, 5, 12, 10), "reception_hour", dt(2026, 3, 10, 13, 0)),
    ("reception before 07:30", D(2026, 3, 10), dt(2026, 3, 5, 6, 0), "reception_hour", dt(2026, 3, 10, 7, 30)),
    ("online at 20:00: end of day", D(2026, 3, 13), dt(2026, 3, 8, 20, 0), "reception_hour", dt(2026, 3, 13, 17, 0)),
    ("same day, 14:00 already past", D(2026, 3, 10), dt(2026, 3, 10, 14, 30), "fixed", dt(2026, 3, 10, 17, 0)),
    (
        "same day, reception hour is past",
        D(2026, 3, 10),
        dt(2026, 3, 10, 9, 0),
        "reception_hour",
        dt(2026, 3, 10, 17, 0),
    ),
]


@pytest.mark.parametrize("due, received_at, rule, expected", cases(APPOINTMENT_CASES))
def test_day_appointment(due, received_at, rule, expected):
    assert day_appointment(due, received_at, CAL, rule, time(14, 0)) == expected


def test_unknown_appointment_rule_is_refused():
    with pytest.raises(ValueError):
        day_appointment(D(2026, 3, 10), dt(2026, 3, 5, 10, 0), CAL, "noon")


# -- the 15-day closure for no supplement (Art. 19(5)) ----------------------------------------------------------

# description, notice, days, Civil Code Art. 148(5) applied, expected last day
CLOSURE_CASES = [
    # The notice day is not counted (Art. 147): Wed 04/03 is day 1, Wed 18/03 day 15.
    ("Tue 03/03 + 15: Wed 18/03", dt(2026, 3, 3, 9, 0), 15, True, D(2026, 3, 18)),
    # Fri 06/03 + 15 = Sat 21/03: the next working day, Mon 23/03; without the rule Sat 21/03.
    ("last day a Saturday", dt(2026, 3, 6, 16, 0), 15, True, D(2026, 3, 23)),
    ("last day a Saturday, rule off", dt(2026, 3, 6, 16, 0), 15, False, D(2026, 3, 21)),
    # Fri 30/01 + 15 = Sat 14/02; 15/02 Sunday, 16-20/02 Tết, 21-22 weekend: Mon 23/02.
    ("last day before Tet", dt(2026, 1, 30, 10, 0), 15, True, D(2026, 2, 23)),
    # Mon 17/08 + 15 = Tue 01/09 (National Day); Wed 02/09 too: Thu 03/09.
    ("last day on National Day", dt(2026, 8, 17, 10, 0), 15, True, D(2026, 9, 3)),
    # Fri 07/08 + 15 = Sat 22/08, a make-up working day: it stays.
    ("last day a make-up Saturday", dt(2026, 8, 7, 10, 0), 15, True, D(2026, 8, 22)),
    # A sector law's shorter time, 5 days: Tue 03/03 + 5 = Sun 08/03 -> Mon 09/03.
    ("sector time of 5 days", D(2026, 3, 3), 5, True, D(2026, 3, 9)),
]


@pytest.mark.parametrize("notice_at, days, civil_code, expected", cases(CLOSURE_CASES))
def test_supplement_last_day(notice_at, days, civil_code, expected):
    assert supplement_last_day(notice_at, days, CAL, civil_code) == expected
    # Closed from 24:00 of the last day (Civil Code Art. 148(1), (6)).
    assert supplement_close_at(notice_at, days, CAL, civil_code) == dt.combine(expected + timedelta(1), time(0, 0))


# -- properties ------------------------------------------------------------------------------------------------

window = st.dates(min_value=D(2025, 6, 1), max_value=D(2027, 6, 30))


@st.composite
def calendars(draw):
    return WorkCalendar(
        holidays=draw(st.frozensets(window, max_size=40)),
        extra_workdays=draw(st.frozensets(window, max_size=10)),
        weekend=draw(st.frozensets(st.integers(0, 6), max_size=3)),
    )


moments = st.datetimes(min_value=dt(2025, 6, 1), max_value=dt(2027, 6, 30)).map(lambda m: m.replace(second=0))


@st.composite
def hour_waits(draw):
    """A reception, a limit in hours and ordered waits (minutes apart); the last one may still be open."""
    received_at = draw(moments)
    cursor, pauses = received_at, []
    for _ in range(draw(st.integers(0, 3))):
        paused_at = cursor + timedelta(minutes=draw(st.integers(0, 3000)))
        resumed_at = paused_at + timedelta(minutes=draw(st.integers(0, 6000)))
        pauses.append((paused_at, resumed_at))
        cursor = resumed_at
    if pauses and draw(st.booleans()):
        pauses[-1] = (pauses[-1][0], None)
    return received_at, draw(st.integers(0, 40)), pauses


@settings(max_examples=300, deadline=None)
@given(calendars(), hour_waits())
def test_a_wait_never_makes_an_hour_limit_overdue(cal, case):
    # A pause never makes a dossier overdue: with the waits subtracted, the due moment is never earlier.
    received_at, hours, pauses = case
    due = due_datetime_after_pauses(received_at, hours, pauses, cal)
    if pauses and pauses[-1][1] is None:
        assert due is None
        return
    assert due >= due_datetime_for_hours(received_at, hours, cal)
    if pauses and due > pauses[-1][1]:
        # Every wait before the due moment: the working time to it is the limit plus exactly the waits.
        waited = sum((cal.working_time(p, r) for p, r in pauses), timedelta())
        assert cal.working_time(received_at, due) == timedelta(hours=hours) + waited


@settings(max_examples=300, deadline=None)
@given(calendars(), moments, st.integers(1, 30), st.booleans())
def test_the_closure_never_falls_on_a_day_off_when_the_rule_is_on(cal, notice_at, days, civil_code):
    last = supplement_last_day(notice_at, days, cal, civil_code)
    assert last >= notice_at.date() + timedelta(days=days)
    if civil_code:
        assert cal.is_workday(last)
        assert all(
            not cal.is_workday(notice_at.date() + timedelta(days=n))
            for n in range(days, (last - notice_at.date()).days)
        )
    else:
        assert last == notice_at.date() + timedelta(days=days)


@settings(max_examples=300, deadline=None)
@given(calendars(), moments, moments, st.integers(1, 30))
def test_the_closure_is_monotone_in_the_notice(cal, a, b, days):
    a, b = min(a, b), max(a, b)
    assert supplement_close_at(a, days, cal) <= supplement_close_at(b, days, cal)


@settings(max_examples=300, deadline=None)
@given(calendars(), moments, st.integers(1, 60), st.booleans())
def test_the_transfer_never_takes_the_whole_legal_time(cal, received_at, days, direct):
    # The first step starts at reception or at the first shift of the next working day, never after the due day.
    start = first_step_start(received_at, cal, direct=direct)
    assert start >= received_at
    assert start.date() <= due_date(received_at, days, cal)
    if start != received_at:
        assert direct and cal.is_workday(start) and start.time() == cal.shifts[0][0]
        assert cal.workdays_between(received_at.date(), start.date()) == 1


@settings(max_examples=200, deadline=None)
@given(
    calendars(),
    moments,
    st.lists(st.tuples(st.integers(1, 16), st.sampled_from(["hour", "day"])), min_size=1, max_size=4),
    st.integers(0, 5000),
)
def test_no_step_is_planned_after_the_legal_end(cal, start, budgets, minutes):
    latest = start + timedelta(minutes=minutes)
    ends = plan_steps(start, budgets, cal, latest=latest)
    assert ends == sorted(ends) and all(end <= latest for end in ends)

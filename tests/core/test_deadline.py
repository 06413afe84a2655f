"""Due dates (Civil Code 2015 Art. 147, Decree 118/2025 Art. 19(5)) and the on-time classification."""

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from q1_dossier.core.deadline import (
    classify_finished,
    classify_pending,
    due_date,
    due_date_after_pauses,
    due_datetime_for_hours,
)
from q1_dossier.core.workcal import WorkCalendar

D = date


def dt(*args):
    return datetime(*args)


CAL_2026 = WorkCalendar(
    holidays=frozenset(
        {D(2026, 1, 1), D(2026, 4, 27), D(2026, 4, 30), D(2026, 5, 1), D(2026, 8, 31), D(2026, 9, 1), D(2026, 9, 2)}
        | {D(2026, 2, 16) + timedelta(i) for i in range(5)}
    ),
    extra_workdays=frozenset({D(2026, 8, 22)}),
)


# -- due_date ------------------------------------------------------------------------------------------------


def cases(rows):
    """pytest parameters from table rows whose first item is the case's description (its test id)."""
    return [pytest.param(*row[1:], id=row[0]) for row in rows]


# description, reception, limit in working days (0: same day, cut-off 15:00), expected due date
DUE_DATE_CASES = [
    ("Tet 14-22/02 skipped: 13/02, 23/02, 24/02", dt(2026, 2, 12, 10, 0), 3, D(2026, 2, 24)),
    ("the day after counts, whatever the hour", dt(2026, 2, 13, 16, 0), 1, D(2026, 2, 23)),
    ("the day after counts, early reception", dt(2026, 2, 13, 8, 0), 1, D(2026, 2, 23)),
    ("received online during Tet: 23/02 is day 1", dt(2026, 2, 17, 9, 0), 1, D(2026, 2, 23)),
    ("received on a Sunday", dt(2026, 3, 8, 10, 0), 1, D(2026, 3, 9)),
    ("received on a Sunday, 5 days", dt(2026, 3, 8, 10, 0), 5, D(2026, 3, 13)),
    ("15 days over three weekends", dt(2026, 3, 2, 9, 0), 15, D(2026, 3, 23)),
    ("make-up Saturday is a working day", dt(2026, 8, 21, 9, 0), 1, D(2026, 8, 22)),
    ("make-up Saturday, then Sunday off", dt(2026, 8, 21, 9, 0), 2, D(2026, 8, 24)),
    ("National Day 29/08-02/09: 28/08, 03/09, 04/09", dt(2026, 8, 27, 9, 0), 3, D(2026, 9, 4)),
    ("30/04-01/05 then the weekend", dt(2026, 4, 29, 9, 0), 1, D(2026, 5, 4)),
    ("a plain date is accepted", D(2026, 3, 2), 2, D(2026, 3, 4)),
    ("same day, morning", dt(2026, 3, 2, 9, 0), 0, D(2026, 3, 2)),
    ("same day, just before the cut-off", dt(2026, 3, 2, 14, 59), 0, D(2026, 3, 2)),
    ("same day, the cut-off itself is too late", dt(2026, 3, 2, 15, 0), 0, D(2026, 3, 3)),
    ("same day, 15:30", dt(2026, 3, 2, 15, 30), 0, D(2026, 3, 3)),
    ("same day, 15:30 on the eve of Tet", dt(2026, 2, 13, 15, 30), 0, D(2026, 2, 23)),
    ("same day, Sunday reception", dt(2026, 3, 8, 10, 0), 0, D(2026, 3, 9)),
    ("same day, Tet holiday", dt(2026, 2, 18, 8, 0), 0, D(2026, 2, 23)),
    ("same day, make-up Saturday morning", dt(2026, 8, 22, 9, 0), 0, D(2026, 8, 22)),
    ("same day, Friday afternoon before the long weekend", dt(2026, 8, 28, 16, 0), 0, D(2026, 9, 3)),
]


@pytest.mark.parametrize("received_at, days, expected", cases(DUE_DATE_CASES))
def test_due_date(received_at, days, expected):
    assert due_date(received_at, days, CAL_2026) == expected


def test_same_day_cutoff_is_configurable():
    assert due_date(dt(2026, 3, 2, 15, 30), 0, CAL_2026, cutoff=time(16, 30)) == D(2026, 3, 2)
    assert due_date(dt(2026, 3, 2, 11, 0), 0, CAL_2026, cutoff=time(11, 0)) == D(2026, 3, 3)


def test_cutoff_does_not_apply_to_day_counts():
    assert due_date(dt(2026, 3, 2, 16, 45), 1, CAL_2026) == due_date(dt(2026, 3, 2, 7, 30), 1, CAL_2026)


@pytest.mark.parametrize("days, error", [(-1, ValueError), (2.5, TypeError), (None, TypeError)])
def test_due_date_rejects_bad_days(days, error):
    with pytest.raises(error):
        due_date(dt(2026, 3, 2, 9, 0), days, CAL_2026)


def test_due_date_rejects_bad_reception():
    with pytest.raises(TypeError):
        due_date("2026-03-02", 1, CAL_2026)


def test_supplement_restarts_the_legal_limit():
    # Decree 118/2025 Art. 19(5): the legal due date runs again from the completed dossier.
    received, completed = dt(2026, 3, 2, 9, 0), dt(2026, 3, 12, 10, 0)
    assert due_date(completed, 10, CAL_2026) == D(2026, 3, 26)
    assert due_date(completed, 10, CAL_2026) > due_date_after_pauses(
        received, 10, [(D(2026, 3, 4), D(2026, 3, 12))], CAL_2026
    )


# -- due_date_after_pauses -----------------------------------------------------------------------------------

MON = dt(2026, 3, 2, 9, 0)  # Monday 02/03/2026

# description, reception, limit in working days, pauses (paused on, resumed on or None if waiting), expected due
PAUSE_CASES = [
    ("no pause", MON, 10, [], D(2026, 3, 16)),
    ("2 days used (03, 04/03), 8 remain after Mon 09/03", MON, 10, [(D(2026, 3, 4), D(2026, 3, 9))], D(2026, 3, 19)),
    ("paused and resumed the same working day", MON, 10, [(D(2026, 3, 4), D(2026, 3, 4))], D(2026, 3, 16)),
    (
        "2 days used, then 05/03 to 16/03 uses 0, 8 remain",
        MON,
        10,
        [(D(2026, 3, 4), D(2026, 3, 5)), (D(2026, 3, 5), D(2026, 3, 16))],
        D(2026, 3, 26),
    ),
    (
        "1 day used (03/03), 4 more to the pause on 10/03 (05, 06, 09, 10), 5 remain after 12/03",
        MON,
        10,
        [(D(2026, 3, 3), D(2026, 3, 4)), (D(2026, 3, 10), D(2026, 3, 12))],
        D(2026, 3, 19),
    ),
    ("still waiting for the citizen", MON, 10, [(D(2026, 3, 4), None)], None),
    ("still waiting after an earlier pause", MON, 10, [(D(2026, 3, 4), D(2026, 3, 9)), (D(2026, 3, 11), None)], None),
    (
        "paused over Tet: 10/02, 5 days, 2 used by 12/02, resumed 24/02, 3 left",
        dt(2026, 2, 10, 9, 0),
        5,
        [(D(2026, 2, 12), D(2026, 2, 24))],
        D(2026, 2, 27),
    ),
    (
        "no days left: used is capped at the limit, due on resume",
        MON,
        3,
        [(D(2026, 3, 9), D(2026, 3, 11))],
        D(2026, 3, 11),
    ),
    (
        "no days left, resumed on a Saturday: next working day",
        MON,
        3,
        [(D(2026, 3, 9), D(2026, 3, 14))],
        D(2026, 3, 16),
    ),
    ("same-day procedure with a pause: due on resume", MON, 0, [(D(2026, 3, 2), D(2026, 3, 5))], D(2026, 3, 5)),
    (
        "same-day paused after the cut-off: not earlier than without the pause",
        dt(2026, 3, 2, 15, 30),
        0,
        [(D(2026, 3, 2), D(2026, 3, 2))],
        D(2026, 3, 3),
    ),
]


@pytest.mark.parametrize("received_at, days, pauses, expected", cases(PAUSE_CASES))
def test_due_date_after_pauses(received_at, days, pauses, expected):
    assert due_date_after_pauses(received_at, days, pauses, CAL_2026) == expected


@pytest.mark.parametrize(
    "pauses",
    [
        [(D(2026, 3, 1), D(2026, 3, 4))],  # before the reception
        [(D(2026, 3, 6), D(2026, 3, 4))],  # resumed before paused
        [(D(2026, 3, 6), D(2026, 3, 9)), (D(2026, 3, 5), D(2026, 3, 10))],  # out of order
    ],
)
def test_inconsistent_pauses_are_rejected(pauses):
    with pytest.raises(ValueError):
        due_date_after_pauses(dt(2026, 3, 2, 9, 0), 10, pauses, CAL_2026)


# -- hours -----------------------------------------------------------------------------------------------------


# description, reception, limit in working hours, expected due instant
HOURS_CASES = [
    (
        "8 h to accept an online dossier (Decree 118/2025 Art. 17(2)(c))",
        dt(2026, 2, 13, 14, 0),
        8,
        dt(2026, 2, 23, 14, 0),
    ),
    ("filed on Saturday night", dt(2026, 3, 7, 22, 0), 8, dt(2026, 3, 9, 17, 0)),
    ("within the morning shift", dt(2026, 3, 2, 9, 0), 2, dt(2026, 3, 2, 11, 0)),
    ("half an hour", dt(2026, 3, 2, 9, 0), 0.5, dt(2026, 3, 2, 9, 30)),
]


@pytest.mark.parametrize("received_at, hours, expected", cases(HOURS_CASES))
def test_due_datetime_for_hours(received_at, hours, expected):
    assert due_datetime_for_hours(received_at, hours, CAL_2026) == expected


def test_due_datetime_for_hours_rejects_negative():
    with pytest.raises(ValueError):
        due_datetime_for_hours(dt(2026, 3, 2, 9, 0), -2, CAL_2026)


# -- classification ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "finished_on, expected",
    [
        (D(2026, 3, 13), "early"),
        (D(2026, 3, 16), "on_time"),
        (dt(2026, 3, 16, 16, 59), "on_time"),
        (D(2026, 3, 17), "late"),
        (dt(2026, 3, 17, 7, 30), "late"),
    ],
)
def test_classify_finished(finished_on, expected):
    assert classify_finished(D(2026, 3, 16), finished_on) == expected


@pytest.mark.parametrize(
    "as_of, expected",
    [
        (D(2026, 3, 15), "within"),
        (D(2026, 3, 16), "within"),
        (D(2026, 3, 17), "overdue"),
        (dt(2026, 3, 16, 23, 59), "within"),
    ],
)
def test_classify_pending(as_of, expected):
    assert classify_pending(D(2026, 3, 16), as_of) == expected


# -- properties ----------------------------------------------------------------------------------------------

window = st.dates(min_value=D(2025, 6, 1), max_value=D(2027, 6, 30))


@st.composite
def calendars(draw):
    return WorkCalendar(
        holidays=draw(st.frozensets(window, max_size=40)),
        extra_workdays=draw(st.frozensets(window, max_size=10)),
        weekend=draw(st.frozensets(st.integers(0, 6), max_size=3)),
    )


receptions = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31))
limits = st.integers(0, 60)


@settings(max_examples=300, deadline=None)
@given(calendars(), receptions, limits)
def test_due_date_is_a_working_day(cal, received_at, days):
    due = due_date(received_at, days, cal)
    assert cal.is_workday(due) and due >= received_at.date()


@settings(max_examples=300, deadline=None)
@given(calendars(), receptions, receptions, limits)
def test_due_date_is_monotone_in_reception(cal, r1, r2, days):
    r1, r2 = min(r1, r2), max(r1, r2)
    assert due_date(r1, days, cal) <= due_date(r2, days, cal)


@settings(max_examples=300, deadline=None)
@given(calendars(), receptions, limits, limits)
def test_due_date_is_monotone_in_days(cal, received_at, d1, d2):
    d1, d2 = min(d1, d2), max(d1, d2)
    assert due_date(received_at, d1, cal) <= due_date(received_at, d2, cal)


@st.composite
def paused_dossiers(draw):
    """A reception and ordered pauses; the last one may still be open."""
    received_at = draw(receptions)
    cursor, pauses = received_at.date(), []
    for _ in range(draw(st.integers(0, 4))):
        paused_on = cursor + timedelta(draw(st.integers(0, 30)))
        resumed_on = paused_on + timedelta(draw(st.integers(0, 30)))
        pauses.append((paused_on, resumed_on))
        cursor = resumed_on
    if pauses and draw(st.booleans()):
        pauses[-1] = (pauses[-1][0], None)
    return received_at, pauses


@settings(max_examples=400, deadline=None)
@given(calendars(), paused_dossiers(), limits)
def test_pauses_never_make_a_dossier_due_earlier(cal, dossier, days):
    received_at, pauses = dossier
    paused_due = due_date_after_pauses(received_at, days, pauses, cal)
    if pauses and pauses[-1][1] is None:
        assert paused_due is None
    else:
        assert paused_due >= due_date(received_at, days, cal)
        assert cal.is_workday(paused_due)


@settings(max_examples=400, deadline=None)
@given(calendars(), paused_dossiers(), st.integers(1, 60))
def test_pauses_before_the_due_date_delay_it_by_the_waiting_time(cal, dossier, days):
    # Elapsed time counts, waiting time does not: the delay is exactly the working days spent waiting.
    received_at, pauses = dossier
    unpaused_due = due_date(received_at, days, cal)
    if not pauses or pauses[-1][1] is None or pauses[-1][0] >= unpaused_due:
        return
    waited = sum(cal.workdays_between(p, r) for p, r in pauses)
    paused_due = due_date_after_pauses(received_at, days, pauses, cal)
    assert cal.workdays_between(unpaused_due, paused_due) == waited


@settings(max_examples=200, deadline=None)
@given(calendars(), receptions, st.integers(1, 60), st.integers(0, 90))
def test_pause_after_the_due_date_makes_it_due_on_resume(cal, received_at, days, wait):
    unpaused_due = due_date(received_at, days, cal)
    resumed_on = unpaused_due + timedelta(days=wait)
    pauses = [(unpaused_due, resumed_on)]
    assert due_date_after_pauses(received_at, days, pauses, cal) == cal.add_workdays(resumed_on, 0)

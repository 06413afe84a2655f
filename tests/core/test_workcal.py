"""WorkCalendar: working days, working hours, and agreement with a naive day-by-day reference."""

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from q1_dossier.core.workcal import WorkCalendar

D = date
ONE_DAY = timedelta(days=1)


def days(first, last):
    return frozenset(first + timedelta(i) for i in range((last - first).days + 1))


# Civil servants' 2026 calendar (Labour Code 2019 Art. 112 + the announced swaps): Tết Mon 16 – Fri 20/02,
# Quốc khánh 01–02/09 with Mon 31/08 swapped against the make-up Saturday 22/08.
CAL_2026 = WorkCalendar(
    holidays=days(D(2026, 2, 16), D(2026, 2, 20))
    | {D(2026, 1, 1), D(2026, 4, 27), D(2026, 4, 30), D(2026, 5, 1), D(2026, 8, 31), D(2026, 9, 1), D(2026, 9, 2)},
    extra_workdays=frozenset({D(2026, 8, 22)}),
)
PLAIN = WorkCalendar()


def naive_is_workday(cal, d):
    return d in cal.extra_workdays or (d.weekday() not in cal.weekend and d not in cal.holidays)


def naive_add_workdays(cal, d, n):
    """Reference: walk one day at a time."""
    if n == 0:
        while not naive_is_workday(cal, d):
            d += ONE_DAY
        return d
    while n:
        d += ONE_DAY
        n -= naive_is_workday(cal, d)
    return d


def naive_workdays_between(cal, a, b):
    return sum(naive_is_workday(cal, a + timedelta(i)) for i in range(1, (b - a).days + 1))


# -- construction -------------------------------------------------------------------------------------------


def test_calendar_is_hashable_and_compares_by_value():
    a = WorkCalendar(holidays={D(2026, 1, 1)}, extra_workdays=[D(2026, 8, 22)], weekend={5, 6})
    b = WorkCalendar(holidays=frozenset({D(2026, 1, 1)}), extra_workdays=frozenset({D(2026, 8, 22)}))
    a.add_workdays(D(2026, 1, 1), 3)  # warms a's cache, which must not take part in equality
    assert a == b and hash(a) == hash(b)
    assert len({a, b, PLAIN}) == 2


def test_calendar_is_frozen():
    with pytest.raises(AttributeError):
        PLAIN.weekend = frozenset()


@pytest.mark.parametrize(
    "kwargs",
    [
        {"weekend": {7}},
        {"weekend": set(range(7))},
        {"shifts": ()},
        {"shifts": ((time(11, 0), time(8, 0)),)},
        {"shifts": ((time(8, 0), time(12, 0)), (time(11, 0), time(17, 0)))},
        {"shifts": ((time(13, 0), time(17, 0)), (time(7, 30), time(11, 30)))},
        {"shifts": ((time(8, 0),),)},
        {"shifts": (("08:00", "12:00"),)},
    ],
)
def test_invalid_calendar_is_rejected(kwargs):
    with pytest.raises(ValueError):
        WorkCalendar(**kwargs)


def test_holidays_must_be_dates():
    with pytest.raises(TypeError):
        WorkCalendar(holidays={datetime(2026, 1, 1, 0, 0)})


# -- working days --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day, expected",
    [
        (D(2026, 2, 13), True),  # Friday before Tết
        (D(2026, 2, 14), False),  # Saturday
        (D(2026, 2, 16), False),  # Tết holiday on a Monday
        (D(2026, 2, 23), True),  # first working day after Tết
        (D(2026, 8, 22), True),  # make-up Saturday
        (D(2026, 8, 29), False),  # ordinary Saturday
        (D(2026, 8, 31), False),  # swapped day off
        (D(2026, 9, 3), True),
    ],
)
def test_is_workday_2026(day, expected):
    assert CAL_2026.is_workday(day) is expected


def test_extra_workday_wins_over_holiday():
    cal = WorkCalendar(holidays={D(2026, 8, 22)}, extra_workdays={D(2026, 8, 22)})
    assert cal.is_workday(D(2026, 8, 22))
    assert cal.add_workdays(D(2026, 8, 21), 1) == D(2026, 8, 22)


def test_is_workday_accepts_a_datetime():
    assert not CAL_2026.is_workday(datetime(2026, 2, 16, 9, 0))


@pytest.mark.parametrize(
    "start, n, expected",
    [
        (D(2026, 2, 12), 1, D(2026, 2, 13)),
        (D(2026, 2, 12), 2, D(2026, 2, 23)),  # Tết break 14–22/02 skipped
        (D(2026, 2, 13), 1, D(2026, 2, 23)),
        (D(2026, 2, 15), 0, D(2026, 2, 23)),  # n = 0 on a day off: next working day
        (D(2026, 2, 13), 0, D(2026, 2, 13)),  # n = 0 on a working day: itself
        (D(2026, 2, 10), 10, D(2026, 3, 3)),  # 11–13/02, 23–27/02, 02–03/03
        (D(2026, 8, 20), 2, D(2026, 8, 22)),  # Thu → Fri 21, make-up Sat 22
        (D(2026, 8, 27), 2, D(2026, 9, 3)),  # Thu → Fri 28, then 29/08–02/09 off
        (D(2026, 8, 28), 1, D(2026, 9, 3)),
        (D(2026, 12, 31), 1, D(2027, 1, 1)),  # beyond the listed holidays the plain pattern resumes
        (D(2025, 12, 31), 1, D(2026, 1, 2)),  # before them too, up to the first exception
        (D(2026, 4, 24), 1, D(2026, 4, 28)),  # Hùng Kings' day on Mon 27/04
    ],
)
def test_add_workdays_2026(start, n, expected):
    assert CAL_2026.add_workdays(start, n) == expected


def test_add_workdays_returns_a_date_for_a_datetime():
    result = CAL_2026.add_workdays(datetime(2026, 2, 13, 16, 0), 0)
    assert result == D(2026, 2, 13) and type(result) is date


@pytest.mark.parametrize("n, error", [(-1, ValueError), (1.0, TypeError), (True, TypeError), ("2", TypeError)])
def test_add_workdays_rejects_bad_counts(n, error):
    with pytest.raises(error):
        PLAIN.add_workdays(D(2026, 1, 5), n)


@pytest.mark.parametrize(
    "a, b, expected",
    [
        (D(2026, 2, 13), D(2026, 2, 23), 1),
        (D(2026, 2, 12), D(2026, 2, 23), 2),
        (D(2026, 2, 23), D(2026, 2, 13), 0),
        (D(2026, 2, 13), D(2026, 2, 13), 0),
        (D(2026, 8, 21), D(2026, 9, 4), 8),  # Sat 22/08, 24–28/08, 03–04/09
        (D(2026, 1, 1), D(2026, 12, 31), 250),
    ],
)
def test_workdays_between_2026(a, b, expected):
    assert CAL_2026.workdays_between(a, b) == expected


def test_2026_has_the_expected_number_of_working_days():
    # 261 weekdays in 2026, minus 12 weekday holidays (Tết 5 + 01/01 + 27/04 + 30/04 + 01/05 + 31/08 + 01/09
    # + 02/09), plus 1 make-up Saturday.
    assert CAL_2026.workdays_between(D(2025, 12, 31), D(2026, 12, 31)) == 261 - 12 + 1


def test_six_day_week():
    cal = WorkCalendar(weekend={6})
    assert cal.add_workdays(D(2026, 3, 6), 1) == D(2026, 3, 7)
    assert cal.workdays_between(D(2026, 3, 1), D(2026, 3, 8)) == 6


def test_calendar_without_weekend():
    cal = WorkCalendar(weekend=frozenset(), holidays={D(2026, 3, 7)})
    assert cal.add_workdays(D(2026, 3, 6), 1) == D(2026, 3, 8)


def test_far_dates_are_fast_and_exact():
    # A 25-year jump over a decade of exceptions; the naive loop would agree but slowly.
    start, n = D(2019, 6, 1), 6500
    assert CAL_2026.add_workdays(start, n) == naive_add_workdays(CAL_2026, start, n)


# -- properties ----------------------------------------------------------------------------------------------

window = st.dates(min_value=D(2025, 6, 1), max_value=D(2027, 6, 30))


@st.composite
def calendars(draw):
    weekend = draw(st.frozensets(st.integers(0, 6), max_size=3))
    holidays = draw(st.frozensets(window, max_size=40))
    extra = draw(st.frozensets(window, max_size=10))
    return WorkCalendar(holidays=holidays, extra_workdays=extra, weekend=weekend)


probe_dates = st.dates(min_value=D(2024, 1, 1), max_value=D(2028, 12, 31))


@settings(max_examples=300, deadline=None)
@given(calendars(), probe_dates, st.integers(0, 80))
def test_add_workdays_matches_naive_reference(cal, d, n):
    assert cal.add_workdays(d, n) == naive_add_workdays(cal, d, n)


@settings(max_examples=200, deadline=None)
@given(calendars(), probe_dates, probe_dates)
def test_workdays_between_matches_naive_reference(cal, a, b):
    assume(abs((b - a).days) < 800)
    expected = naive_workdays_between(cal, a, b) if b > a else 0
    assert cal.workdays_between(a, b) == expected


@settings(max_examples=300, deadline=None)
@given(calendars(), probe_dates, st.integers(1, 400))
def test_workdays_between_inverts_add_workdays(cal, d, n):
    assert cal.workdays_between(d, cal.add_workdays(d, n)) == n


@settings(max_examples=200, deadline=None)
@given(calendars(), probe_dates, st.integers(0, 60))
def test_add_workdays_lands_on_a_working_day(cal, d, n):
    assert cal.is_workday(cal.add_workdays(d, n))


@settings(max_examples=200, deadline=None)
@given(calendars(), probe_dates, st.integers(1, 60), st.integers(1, 60))
def test_add_workdays_composes(cal, d, m, n):
    assert cal.add_workdays(cal.add_workdays(d, m), n) == cal.add_workdays(d, m + n)


# -- working hours -------------------------------------------------------------------------------------------


def dt(*args):
    return datetime(*args)


@pytest.mark.parametrize(
    "start, hours, expected",
    [
        (dt(2026, 3, 2, 8, 0), 2, dt(2026, 3, 2, 10, 0)),
        (dt(2026, 3, 2, 10, 0), 2, dt(2026, 3, 2, 13, 30)),  # lunch break 11:30–13:00 skipped
        (dt(2026, 3, 2, 7, 30), 4, dt(2026, 3, 2, 11, 30)),  # ends exactly at a shift end: stays there
        (dt(2026, 3, 2, 7, 30), 8, dt(2026, 3, 2, 17, 0)),
        (dt(2026, 3, 2, 6, 0), 1, dt(2026, 3, 2, 8, 30)),  # before opening: starts at 07:30
        (dt(2026, 3, 2, 12, 0), 1, dt(2026, 3, 2, 14, 0)),  # during lunch: starts at 13:00
        (dt(2026, 3, 2, 18, 0), 1, dt(2026, 3, 3, 8, 30)),  # after closing: next morning
        (dt(2026, 3, 6, 16, 0), 8, dt(2026, 3, 9, 16, 0)),  # Friday → Monday over the weekend
        (dt(2026, 3, 6, 16, 0), 1, dt(2026, 3, 6, 17, 0)),
        (dt(2026, 3, 7, 9, 0), 2, dt(2026, 3, 9, 9, 30)),  # Saturday reception
        (dt(2026, 2, 13, 15, 0), 8, dt(2026, 2, 23, 15, 0)),  # over the 2026 Tết break
        (dt(2026, 8, 21, 16, 0), 2, dt(2026, 8, 22, 8, 30)),  # into the make-up Saturday
        (dt(2026, 3, 2, 7, 30), 16, dt(2026, 3, 3, 17, 0)),  # whole days end at the last shift end
        (dt(2026, 3, 2, 9, 0), 0, dt(2026, 3, 2, 9, 0)),
    ],
)
def test_add_working_time(start, hours, expected):
    assert CAL_2026.add_working_time(start, timedelta(hours=hours)) == expected


@pytest.mark.parametrize(
    "start, end, hours",
    [
        (dt(2026, 3, 2, 8, 0), dt(2026, 3, 2, 10, 0), 2),
        (dt(2026, 3, 2, 10, 0), dt(2026, 3, 2, 14, 30), 3),
        (dt(2026, 3, 6, 16, 0), dt(2026, 3, 9, 16, 0), 8),
        (dt(2026, 3, 7, 0, 0), dt(2026, 3, 8, 23, 0), 0),  # a weekend counts nothing
        (dt(2026, 3, 2, 18, 0), dt(2026, 3, 2, 8, 0), 0),  # end before start
        (dt(2026, 2, 13, 0, 0), dt(2026, 2, 24, 0, 0), 16),  # Fri 13/02 and Mon 23/02 only
    ],
)
def test_working_time(start, end, hours):
    assert CAL_2026.working_time(start, end) == timedelta(hours=hours)


def test_add_working_time_rejects_negative_delta():
    with pytest.raises(ValueError):
        PLAIN.add_working_time(dt(2026, 3, 2, 8, 0), timedelta(hours=-1))


def test_custom_single_shift():
    cal = WorkCalendar(shifts=((time(8, 0), time(12, 0)),))
    assert cal.add_working_time(dt(2026, 3, 2, 11, 0), timedelta(hours=2)) == dt(2026, 3, 3, 9, 0)


@st.composite
def moments_in_shift(draw, cal):
    day = draw(probe_dates.filter(cal.is_workday))
    start, end = draw(st.sampled_from(cal.shifts))
    span = (datetime.combine(day, end) - datetime.combine(day, start)) // timedelta(minutes=1)
    return datetime.combine(day, start) + timedelta(minutes=draw(st.integers(0, span - 1)))


deltas = st.timedeltas(min_value=timedelta(minutes=1), max_value=timedelta(days=40))


@settings(max_examples=300, deadline=None)
@given(st.data(), deltas)
def test_working_time_inverts_add_working_time(data, delta):
    start = data.draw(moments_in_shift(CAL_2026))
    assert CAL_2026.working_time(start, CAL_2026.add_working_time(start, delta)) == delta


@settings(max_examples=200, deadline=None)
@given(st.datetimes(min_value=datetime(2025, 6, 1), max_value=datetime(2027, 6, 1)), deltas)
def test_added_working_time_ends_inside_a_shift(start, delta):
    end = CAL_2026.add_working_time(start, delta)
    assert end > start and CAL_2026.is_workday(end.date())
    assert any(s < end.time() <= e for s, e in CAL_2026.shifts)
    assert CAL_2026.working_time(start, end) == delta

"""Internal process steps: budgets against the legal time, planned ends, the control-slip result."""

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from q1_dossier.core.process import budget_delta, budgets_fit, classify_step, plan_steps
from q1_dossier.core.workcal import WorkCalendar

CAL = WorkCalendar(
    holidays=frozenset({date(2026, 2, 16) + timedelta(i) for i in range(5)}),
    extra_workdays=frozenset({date(2026, 8, 22)}),
)


def test_a_working_day_is_the_length_of_the_shifts():
    assert CAL.workday_length() == timedelta(hours=8)
    assert budget_delta(0.5, "day", CAL) == timedelta(hours=4)
    assert budget_delta(3, "hour", CAL) == timedelta(hours=3)


@pytest.mark.parametrize("amount, unit", [(-1, "day"), (1, "week")])
def test_bad_budgets_are_refused(amount, unit):
    with pytest.raises(ValueError):
        budget_delta(amount, unit, CAL)


@pytest.mark.parametrize(
    "budgets, legal, unit, fits",
    [
        ([(1, "day"), (1, "day"), (1, "day")], 3, "day", True),
        ([(1, "day"), (1, "day"), (1.5, "day")], 3, "day", False),
        ([(2, "day"), (8, "hour")], 3, "day", True),
        ([(2, "day"), (9, "hour")], 3, "day", False),
        ([(4, "hour"), (4, "hour")], 8, "hour", True),
        ([(1, "day")], 4, "hour", False),
        ([(4, "hour"), (4, "hour")], 0, "day", True),  # a same-day procedure has one working day
        ([(6, "hour"), (3, "hour")], 0, "day", False),
    ],
)
def test_budgets_must_fit_in_the_legal_time(budgets, legal, unit, fits):
    assert budgets_fit(budgets, legal, unit, CAL) is fits


def test_steps_follow_each_other_in_working_time():
    # Fri 13/02/2026 15:00: 2 h left that day, then Tết 16-20/02 and the weekend.
    ends = plan_steps(datetime(2026, 2, 13, 15, 0), [(4, "hour"), (1, "day")], CAL)
    assert ends == [datetime(2026, 2, 23, 9, 30), datetime(2026, 2, 24, 9, 30)]


def test_make_up_saturday_counts_as_working_time():
    assert plan_steps(datetime(2026, 8, 21, 16, 0), [(2, "hour")], CAL) == [datetime(2026, 8, 22, 8, 30)]


@pytest.mark.parametrize(
    "finished_at, result",
    [
        (datetime(2026, 3, 3, 16, 0), "early"),  # a day before the planned day
        (datetime(2026, 3, 4, 9, 0), "on_time"),  # the planned day, before the planned instant
        (datetime(2026, 3, 4, 10, 0), "on_time"),  # exactly at the planned instant
        (datetime(2026, 3, 4, 10, 1), "late"),  # after the planned instant, same day
        (datetime(2026, 3, 5, 8, 0), "late"),
    ],
)
def test_step_result_on_the_control_slip(finished_at, result):
    assert classify_step(datetime(2026, 3, 4, 10, 0), finished_at) == result


@given(
    start=st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2026, 12, 31)),
    budgets=st.lists(st.tuples(st.integers(1, 16), st.sampled_from(["hour", "day"])), min_size=1, max_size=5),
)
def test_planned_ends_are_ordered_and_consume_exactly_the_budgets(start, budgets):
    ends = plan_steps(start, budgets, CAL)
    assert ends == sorted(ends)
    previous = start
    for (amount, unit), end in zip(budgets, ends, strict=True):
        assert CAL.working_time(previous, end) == budget_delta(amount, unit, CAL)
        previous = end

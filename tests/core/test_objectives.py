"""q1_quality.core.objectives: the met / at risk / missed rule of a quality objective's value."""

import pytest
from hypothesis import given
from hypothesis import strategies as st
from q1_quality.core.objectives import average, ratio_percent, status, worst

values = st.floats(min_value=0, max_value=1000, allow_nan=False)
margins = st.floats(min_value=0, max_value=50, allow_nan=False)


def test_examples_at_least():
    # on-time rate, target at least 98 %, at risk within 1 point
    assert status(99.5, 98, "min", 1) == "met"
    assert status(99.0, 98, "min", 1) == "met"
    assert status(98.5, 98, "min", 1) == "at_risk"
    assert status(98.0, 98, "min", 1) == "at_risk"
    assert status(97.9, 98, "min", 1) == "missed"
    assert status(None, 98, "min", 1) == "no_data"


def test_examples_at_most():
    # average handling time, target at most 5 days, at risk within 0.5 day
    assert status(4.0, 5, "max", 0.5) == "met"
    assert status(4.8, 5, "max", 0.5) == "at_risk"
    assert status(5.0, 5, "max", 0.5) == "at_risk"
    assert status(5.1, 5, "max", 0.5) == "missed"


def test_float_noise_meets_the_target():
    assert status(100.0 * 49 / 50, 98, "min") == "met"


def test_bad_direction_refused():
    with pytest.raises(ValueError):
        status(1, 1, "up")


@given(values, values, margins)
def test_missed_exactly_when_the_target_is_not_reached(value, target, margin):
    assert (status(value, target, "min", margin) == "missed") == (value < target - 1e-9)
    assert (status(value, target, "max", margin) == "missed") == (value > target + 1e-9)


@given(values, values, margins)
def test_without_margin_never_at_risk(value, target, margin):
    assert status(value, target, "min", 0) in ("met", "missed")
    assert status(value, target, "max", 0) in ("met", "missed")
    # a wider margin never improves a status
    order = {"missed": 0, "at_risk": 1, "met": 2}
    for direction in ("min", "max"):
        assert order[status(value, target, direction, margin)] <= order[status(value, target, direction, 0)]


@given(values, values, margins, st.floats(min_value=0, max_value=100, allow_nan=False))
def test_a_better_value_never_worsens_the_status(value, target, margin, gain):
    order = {"missed": 0, "at_risk": 1, "met": 2}
    assert order[status(value + gain, target, "min", margin)] >= order[status(value, target, "min", margin)]
    assert order[status(max(value - gain, 0), target, "max", margin)] >= order[status(value, target, "max", margin)]


@given(st.lists(st.sampled_from(["met", "at_risk", "missed", "no_data"])))
def test_worst(statuses):
    result = worst(statuses)
    known = [s for s in statuses if s != "no_data"]
    if not known:
        assert result == "no_data"
    elif "missed" in known:
        assert result == "missed"
    elif "at_risk" in known:
        assert result == "at_risk"
    else:
        assert result == "met"


def test_ratios():
    assert ratio_percent(1, 4) == 25.0
    assert ratio_percent(0, 0) is None
    assert average(9, 2) == 4.5
    assert average(0, 0) is None

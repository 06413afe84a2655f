from datetime import date

import pytest
from hypothesis import given, strategies as st

from q1_reporting.core.handling_report import DossierFact
from q1_reporting.core.indices import (
    DEFAULT_WEIGHTS, IndexFact, IndexWeight, average_days_by, points, service_indices)

START, END = date(2026, 3, 1), date(2026, 3, 31)


def item(received, due, finished=None, channel="direct", days=None, digitised=False, dissatisfied=False,
         key="P1", late=False):
    return IndexFact(DossierFact(key, channel, received, due, finished, late=late), days, digitised, dissatisfied)


ITEMS = [
    item(date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 6), "online", 4, True),
    item(date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 12), "direct", 10, True, True),
    item(date(2026, 3, 3), date(2026, 4, 9), None, "direct", None, False),
    item(date(2026, 2, 20), date(2026, 3, 5), None, "online", None, True, key="P2"),   # carried over, overdue
]


def test_indices_on_a_small_month():
    results = {r.code: r for r in service_indices(ITEMS, START, END)}
    assert (results["2.1"].numerator, results["2.1"].denominator) == (2, 4)
    assert results["2.1"].points == pytest.approx(10.0)
    assert results["2.2"].rate == pytest.approx(7.0) and results["2.2"].points == 0
    assert (results["3.3"].numerator, results["3.3"].denominator) == (1, 3)
    assert (results["4.2"].numerator, results["4.2"].denominator) == (2, 3)
    assert results["4.2"].points == pytest.approx(2 / 3 / 0.8 * 4)
    # 4 counted, 2 late or overdue, 1 dissatisfied: 1 − (2 + 1)/4
    assert results["5.4"].rate == pytest.approx(0.25)
    assert results["5.4"].points == pytest.approx(0.25 / 0.9 * 6)


def test_no_dossier_gives_no_rate_and_no_points():
    assert all(r.rate is None and r.points == 0 for r in service_indices([], START, END))


def test_average_days_per_procedure():
    assert average_days_by(ITEMS, START, END) == {"P1": 7.0}


def test_points_threshold_and_cap():
    weight = IndexWeight("4.2", "x", 4, 0.8)
    assert points(0.8, weight) == 4 and points(1.0, weight) == 4 and points(0.4, weight) == 2
    assert points(None, weight) == 0
    assert points(0.5, IndexWeight("2.1", "x", 20, None)) == 10


@given(st.floats(0, 1), st.floats(0, 1), st.sampled_from(DEFAULT_WEIGHTS))
def test_points_are_bounded_and_monotone(a, b, weight):
    low, high = sorted((a, b))
    assert 0 <= points(low, weight) <= points(high, weight) <= weight.max_points

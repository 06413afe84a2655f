from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from q1_dossier.core.workcal import WorkCalendar
from q1_reporting.core.handling_report import DossierFact, Wait, handling_table
from q1_reporting.core.indices import (
    DEFAULT_WEIGHTS,
    IndexFact,
    IndexWeight,
    average_days_by,
    handling_days,
    points,
    service_indices,
)

START, END = date(2026, 3, 1), date(2026, 3, 31)


def item(
    received,
    due,
    finished=None,
    channel="direct",
    days=None,
    digitised=False,
    dissatisfied=False,
    key="P1",
    late=False,
    e_result=False,
):
    fact = DossierFact(key, channel, received, due, finished, late=late)
    return IndexFact(fact, days, digitised, dissatisfied, e_result)


ITEMS = [
    item(date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 6), "online", 4, True, e_result=True),
    item(date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 12), "direct", 10, True, True),
    item(date(2026, 3, 3), date(2026, 4, 9), None, "direct", None, False),
    item(date(2026, 2, 20), date(2026, 3, 5), None, "online", None, True, key="P2"),  # carried over, overdue
]


def test_indices_on_a_small_month():
    results = {r.code: r for r in service_indices(ITEMS, START, END)}
    assert (results["2.1"].numerator, results["2.1"].denominator) == (2, 4)
    assert results["2.1"].points == pytest.approx(10.0)
    assert results["2.2"].rate == pytest.approx(7.0) and results["2.2"].points == 0
    assert (results["3.3"].numerator, results["3.3"].denominator) == (1, 3)
    # received in March: the first three; digitised: the first two; with an electronic result too: the first
    assert (results["4.2"].numerator, results["4.2"].denominator) == (1, 3)
    assert results["4.2"].points == pytest.approx(1 / 3 / 0.8 * 4)
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


@given(
    st.floats(0, 1),
    st.floats(0, 1),
    st.sampled_from(DEFAULT_WEIGHTS)
    | st.builds(
        lambda maximum, threshold: IndexWeight("x", "x", maximum, threshold),
        st.floats(0, 30),
        st.none() | st.floats(0.05, 1),
    ),
)
def test_points_are_bounded_and_monotone(a, b, weight):
    low, high = sorted((a, b))
    assert 0 <= points(low, weight) <= points(high, weight) <= weight.max_points


def test_default_weights_seed_the_five_indices():
    assert [(w.code, w.max_points, w.threshold) for w in DEFAULT_WEIGHTS] == [
        ("2.1", 20, None),
        ("2.2", 0, None),
        ("3.3", 0, 0.5),
        ("4.2", 4, 0.8),
        ("5.4", 6, 0.9),
    ]
    assert DEFAULT_WEIGHTS[1].name == "Thời gian giải quyết trung bình"


def test_satisfaction_never_goes_below_zero():
    unhappy_late = [item(date(2026, 3, 2), date(2026, 3, 5), date(2026, 3, 9), dissatisfied=True)] * 3
    result = {r.code: r for r in service_indices(unhappy_late, START, END)}["5.4"]
    assert (result.numerator, result.denominator, result.rate, result.points) == (0, 3, 0, 0)


def test_weights_are_data_order_and_unknown_codes():
    weights = (
        IndexWeight("5.4", "Hài lòng", 5.0, None),
        IndexWeight("9.9", "Chưa tính", 3.0, 0.5),
        IndexWeight("2.1", "Đúng hạn", 10.0, 0.5),
    )
    results = service_indices(ITEMS, START, END, weights)
    assert [r.code for r in results] == ["5.4", "9.9", "2.1"]
    assert results[0].points == pytest.approx(0.25 * 5)
    assert (results[1].rate, results[1].points, results[1].max_points) == (None, 0, 3.0)
    assert results[2].points == 10.0  # 50 % reaches the threshold


def test_refused_and_out_of_window_dossiers_are_not_measured():
    outside = [
        IndexFact(DossierFact("P1", "online", date(2026, 3, 2), date(2026, 3, 9), refused=True), 1, True),
        item(date(2026, 4, 2), date(2026, 4, 9), channel="online", digitised=True),
        item(date(2026, 2, 2), date(2026, 2, 9), date(2026, 2, 20), days=5),
    ]
    assert service_indices(ITEMS + outside, START, END) == service_indices(ITEMS, START, END)


DAY0 = date(2026, 2, 1)
items_strategy = st.lists(
    st.builds(
        lambda key, channel, received, span, finished, late, refused, days, digitised, dissatisfied: IndexFact(
            DossierFact(
                key,
                channel,
                DAY0 + timedelta(days=received),
                DAY0 + timedelta(days=received + span),
                None if finished is None else DAY0 + timedelta(days=received + finished),
                refused,
                late,
            ),
            days,
            digitised,
            dissatisfied,
        ),
        st.sampled_from(["P1", "P2"]),
        st.sampled_from(["online", "direct", "postal"]),
        st.integers(0, 70),
        st.integers(0, 15),
        st.none() | st.integers(0, 30),
        st.booleans(),
        st.booleans(),
        st.none() | st.floats(0, 30),
        st.booleans(),
        st.booleans(),
    ),
    max_size=40,
)


@given(items_strategy)
def test_rates_and_points_are_bounded(items):
    for result in service_indices(items, START, END):
        assert 0 <= result.points <= result.max_points
        if result.rate is None:
            assert result.denominator == 0 and result.points == 0
        elif result.code != "2.2":
            assert 0 <= result.rate <= 1
            assert result.numerator <= result.denominator


@given(items_strategy)
def test_2_1_is_the_handling_table_share(items):
    total = handling_table([i.fact for i in items], START, END)[-1]
    result = service_indices(items, START, END)[0]
    assert (result.numerator, result.denominator) == (
        total.early + total.on_time + total.within,
        total.resolved + total.pending,
    )


@given(items_strategy)
def test_average_per_key_agrees_with_the_overall_average(items):
    per_key = average_days_by(items, START, END)
    counted = service_indices(items, START, END)[1]
    by_count = {}
    for key in per_key:
        keyed = [i for i in items if i.fact.key == key]
        by_count[key] = service_indices(keyed, START, END)[1]
        assert per_key[key] == pytest.approx(by_count[key].rate)
    assert sum(r.denominator for r in by_count.values()) == counted.denominator


# ---------------------------------------------------------------------------- 2.2 as the portal computes it


def test_average_time_counts_only_dossiers_started_in_the_period_and_finished():
    items = [
        # received in March, finished in March: counted (4 and 6 days)
        item(date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 6), days=4),
        item(date(2026, 3, 10), date(2026, 3, 17), date(2026, 3, 18), days=6),
        # carried over from February, finished in March: left out (the portal counts the dossiers started in it)
        item(date(2026, 2, 20), date(2026, 2, 27), date(2026, 3, 3), days=30),
        # received in March, finished in April: not finished by the end of the period, left out
        item(date(2026, 3, 30), date(2026, 4, 6), date(2026, 4, 2), days=2),
    ]
    average = {r.code: r for r in service_indices(items, START, END)}["2.2"]
    assert (average.numerator, average.denominator, average.rate) == (10, 2, 5.0)
    assert average_days_by(items, START, END) == {"P1": 5.0}


def test_average_time_leaves_out_a_dossier_ended_by_a_supplement_wait():
    waiting = Wait("supplement", date(2026, 3, 4), None, date(2026, 3, 9))
    fact = DossierFact("P1", "direct", date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 19), waits=(waiting,))
    # closed on 19/03 for no supplement: ended on its request day, 04/03, for the table; not a finished handling
    items = [IndexFact(fact, 2), item(date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 6), days=4)]
    average = {r.code: r for r in service_indices(items, START, END)}["2.2"]
    assert (average.numerator, average.denominator) == (4, 1)


def test_handling_days_in_working_days_without_the_waits():
    cal = WorkCalendar(holidays=frozenset({date(2026, 4, 30), date(2026, 5, 1)}))
    received, finished = date(2026, 4, 27), date(2026, 5, 8)  # Monday 27/04 to Friday 08/05
    # working days after 27/04 up to 08/05: 28, 29/04 and 04-08/05 = 7 (30/04, 01/05 holidays, 02-03/05 weekend)
    assert handling_days(received, finished, (), cal) == 7
    assert handling_days(received, finished) == 11  # calendar days
    # a fee wait from Tuesday 28/04 to Monday 04/05 takes away 29/04 and 04/05 (working days after 28/04 to 04/05)
    fee = Wait("payment", date(2026, 4, 28), date(2026, 5, 4))
    assert handling_days(received, finished, (fee,), cal) == 5
    assert handling_days(received, finished, (fee,)) == 11 - 6
    # a wait still open when processing ended counts up to that day; a running dossier has no handling time
    open_fee = Wait("payment", date(2026, 5, 6), None)
    assert handling_days(received, finished, (open_fee,), cal) == 7 - 2  # 07/05 and 08/05
    assert handling_days(received, None, (), cal) is None

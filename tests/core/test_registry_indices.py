"""Indices 4.1 (electronic results) and 4.3 (reuse of digitised data) of q1_registry's core: who each counts in a
window, by examples and by properties."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st
from q1_registry.core.indices import (
    INDEX_E_RESULT,
    INDEX_REUSE,
    ResultFact,
    e_result_dossiers,
    has_e_result,
    measures,
    needs_e_result,
    reuse_dossiers,
)

START, END = date(2026, 3, 1), date(2026, 3, 31)


def fact(received, result=None, needs=True, signed=None, returned=None, reused=False, ref=None):
    return ResultFact(received, result, needs, signed, returned, reused, ref)


FACTS = [
    fact(date(2026, 3, 2), date(2026, 3, 4), signed=date(2026, 3, 4), ref="signed"),
    fact(date(2026, 3, 2), date(2026, 3, 4), returned=date(2026, 3, 5), reused=True, ref="returned online"),
    fact(date(2026, 3, 3), date(2026, 3, 5), ref="paper"),
    fact(date(2026, 3, 3), date(2026, 3, 5), signed=date(2026, 4, 2), ref="signed after the window"),
    fact(date(2026, 3, 3), None, reused=True, ref="running"),
    fact(date(2026, 3, 3), date(2026, 3, 5), needs=False, signed=date(2026, 3, 5), ref="no result document"),
    fact(date(2026, 3, 20), date(2026, 4, 2), signed=date(2026, 4, 2), ref="ready after the window"),
    fact(date(2026, 2, 27), date(2026, 3, 3), signed=date(2026, 3, 3), reused=True, ref="received before"),
    fact(date(2026, 4, 1), date(2026, 4, 1), signed=date(2026, 4, 1), ref="received after"),
]


def refs(facts):
    return sorted(item.ref for item in facts)


def test_e_result_counts_the_results_ready_in_the_window_that_need_a_document():
    numerator, denominator = e_result_dossiers(FACTS, START, END)
    assert refs(denominator) == sorted(["signed", "returned online", "paper", "signed after the window"])
    assert refs(numerator) == sorted(["signed", "returned online"])


def test_reuse_counts_over_the_dossiers_received_in_the_window():
    numerator, denominator = reuse_dossiers(FACTS, START, END)
    assert len(denominator) == 7
    assert refs(numerator) == sorted(["returned online", "running"])


def test_measures():
    assert measures(FACTS, START, END) == {INDEX_E_RESULT: (2, 4), INDEX_REUSE: (2, 7)}
    assert measures([], START, END) == {INDEX_E_RESULT: (0, 0), INDEX_REUSE: (0, 0)}


def test_the_e_result_condition_is_judged_at_the_windows_end():
    late = fact(date(2026, 3, 3), date(2026, 3, 5), signed=date(2026, 4, 2))
    assert not has_e_result(late, END)
    assert has_e_result(late, date(2026, 4, 2))
    assert has_e_result(fact(date(2026, 3, 3), returned=date(2026, 3, 31)), END)
    assert not has_e_result(fact(date(2026, 3, 3)), END)


days = st.integers(min_value=-40, max_value=80).map(lambda n: START + timedelta(days=n))
optional_days = st.none() | days
facts = st.lists(
    st.builds(ResultFact, days, optional_days, st.booleans(), optional_days, optional_days, st.booleans()),
    max_size=40,
)


@given(facts)
def test_numerators_are_subsets_of_their_denominators(items):
    with_e_result, needing = e_result_dossiers(items, START, END)
    reused, received = reuse_dossiers(items, START, END)
    assert all(item in needing for item in with_e_result)
    assert all(item in received for item in reused)
    # 4.1's dossiers are received in the window, so among 4.3's denominator
    assert all(item in received for item in needing)
    assert all(item.result_on is not None and item.result_on <= END and item.needs_result for item in needing)


@given(facts, st.integers(min_value=0, max_value=60))
def test_a_later_end_never_counts_fewer_electronic_results(items, extra):
    """Judged at a later end, a dossier ready and signed by the first end still counts: the e-result condition and
    4.1's denominator only grow with the window's end (reception days fixed by the start)."""
    later = END + timedelta(days=extra)
    first, _needing = e_result_dossiers(items, START, END)
    second, _ = e_result_dossiers(items, START, later)
    assert all(item in second for item in first)
    assert all(needs_e_result(item, START, later) for item in _needing)

from dataclasses import astuple
from datetime import date, timedelta

import pytest
from hypothesis import given, strategies as st

from q1_reporting.core.handling_report import DossierFact, fact_columns, handling_table

START, END = date(2026, 2, 15), date(2026, 3, 14)


def fact(received, due, finished=None, channel="direct", key="HT", **kw):
    return DossierFact(key, channel, received, due, finished, **kw)


@pytest.mark.parametrize("f, expected", [
    (fact(date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 6)), ("direct_postal", "early")),
    (fact(date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 9), channel="online"), ("online", "on_time")),
    (fact(date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 10), channel="postal"), ("direct_postal", "late")),
    # received before the window and still running: carried over, judged at the end of the window
    (fact(date(2026, 2, 10), date(2026, 2, 20)), ("carried_over", "overdue")),
    (fact(date(2026, 2, 10), date(2026, 3, 14)), ("carried_over", "within")),
    (fact(date(2026, 2, 10), date(2026, 3, 13)), ("carried_over", "overdue")),
    # finished after the window: still pending at its end
    (fact(date(2026, 3, 10), date(2026, 3, 20), date(2026, 3, 16)), ("direct_postal", "within")),
    # finished on the first day of the window counts
    (fact(date(2026, 2, 1), date(2026, 2, 14), date(2026, 2, 15)), ("carried_over", "late")),
    # more than one supplement request: late whatever the dates
    (fact(date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 3), late=True), ("direct_postal", "late")),
    (fact(date(2026, 3, 2), date(2026, 3, 30), late=True), ("direct_postal", "overdue")),
    # left out
    (fact(date(2026, 3, 2), date(2026, 3, 9), refused=True), None),
    (fact(date(2026, 3, 15), date(2026, 3, 20)), None),
    (fact(date(2026, 2, 1), date(2026, 2, 10), date(2026, 2, 14)), None),
])
def test_fact_columns(f, expected):
    assert fact_columns(f, START, END) == expected


def test_table_rows_and_total():
    facts = [fact(date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 6), key="HT"),
             fact(date(2026, 3, 2), date(2026, 3, 9), channel="online", key="HT"),
             fact(date(2026, 2, 2), date(2026, 2, 9), date(2026, 2, 20), key="CT"),
             fact(date(2026, 3, 20), date(2026, 3, 25), key="CT")]
    ct, ht, total = handling_table(facts, START, END)
    assert astuple(ct) == ("CT", 1, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0)
    assert astuple(ht) == ("HT", 2, 1, 1, 0, 1, 1, 0, 0, 1, 0, 1)  # pending since 09/03: overdue
    assert astuple(total) == (None, 3, 1, 1, 1, 2, 1, 0, 1, 1, 0, 1)


def test_missing_due_date_and_bad_input_are_refused():
    with pytest.raises(ValueError, match="không có hạn"):
        handling_table([fact(date(2026, 3, 2), None, ref="H29-260302-0001")], START, END)
    with pytest.raises(ValueError, match="Kênh"):
        fact(date(2026, 3, 2), date(2026, 3, 9), channel="fax")
    with pytest.raises(ValueError):
        handling_table([], END, START)


def test_empty_table_has_a_zero_total():
    assert handling_table([], START, END) == [handling_table([], START, END)[0]]
    assert handling_table([], START, END)[0].received == 0


DAY0 = date(2026, 1, 1)
days = st.integers(0, 120).map(lambda n: DAY0 + timedelta(days=n))
facts_strategy = st.lists(st.builds(
    lambda key, channel, received, span, finished_after, late, refused: DossierFact(
        key, channel, received, received + timedelta(days=span),
        None if finished_after is None else received + timedelta(days=finished_after), refused, late),
    st.sampled_from(["CT", "HT", "XD"]), st.sampled_from(["online", "direct", "postal"]), days,
    st.integers(0, 20), st.none() | st.integers(0, 40), st.booleans(), st.booleans()), max_size=60)
windows = st.tuples(days, st.integers(0, 60)).map(lambda t: (t[0], t[0] + timedelta(days=t[1])))


@given(facts_strategy, windows)
def test_identities_hold_on_every_row(facts, window):
    rows = handling_table(facts, *window)
    for row in rows:
        assert row.received == row.online + row.direct_postal + row.carried_over == row.resolved + row.pending
        assert row.resolved == row.early + row.on_time + row.late
        assert row.pending == row.within + row.overdue
    total = rows[-1]
    for name in ("received", "online", "carried_over", "late", "overdue"):
        assert getattr(total, name) == sum(getattr(row, name) for row in rows[:-1])
    assert total.received == sum(fact_columns(f, *window) is not None for f in facts)


@given(facts_strategy, windows, st.randoms())
def test_order_and_split_do_not_matter(facts, window, rnd):
    shuffled = list(facts)
    rnd.shuffle(shuffled)
    assert handling_table(shuffled, *window) == handling_table(facts, *window)
    for row in handling_table(facts, *window)[:-1]:
        alone = handling_table([f for f in facts if f.key == row.key], *window)
        assert alone[0] == row

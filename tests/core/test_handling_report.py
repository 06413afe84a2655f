import itertools
import sqlite3
from dataclasses import astuple, fields
from datetime import date, timedelta

import pytest
from handling_facts import sample_facts
from hypothesis import given
from hypothesis import strategies as st
from q1_reporting.core.handling_report import (
    HEADER,
    LATE_OUTCOMES,
    ON_TIME_OUTCOMES,
    OUTCOME_COLUMNS,
    OUTCOME_RULE,
    PENDING_COLUMNS,
    RECEIVED_COLUMNS,
    RESOLVED_COLUMNS,
    DossierFact,
    HandlingRow,
    fact_columns,
    handling_table,
    outcome,
    outcome_sql,
)

START, END = date(2026, 2, 15), date(2026, 3, 14)


def fact(received, due, finished=None, channel="direct", key="HT", **kw):
    return DossierFact(key, channel, received, due, finished, **kw)


@pytest.mark.parametrize(
    "f, expected",
    [
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
        (fact(date(2026, 2, 1), date(2026, 2, 10), date(2026, 2, 14), refused=True), None),
        # boundary days: received on the first day is new, on the last day counted; finished on the last day resolved
        (fact(START, date(2026, 2, 20), date(2026, 2, 20), channel="online"), ("online", "on_time")),
        (fact(END, date(2026, 3, 20), channel="postal"), ("direct_postal", "within")),
        (fact(date(2026, 3, 2), date(2026, 3, 13), END), ("direct_postal", "late")),
        (fact(date(2026, 3, 2), END, END), ("direct_postal", "on_time")),
        # received on the day before the window and finished on its first day: carried over and resolved
        (fact(START - timedelta(days=1), date(2026, 2, 20), START), ("carried_over", "early")),
        # a refused dossier is left out even with no due date
        (fact(date(2026, 3, 2), None, refused=True), None),
    ],
)
def test_fact_columns(f, expected):
    assert fact_columns(f, START, END) == expected


def test_pending_is_judged_at_the_end_of_the_window_not_today():
    running = fact(date(2026, 3, 2), date(2026, 3, 20))
    assert fact_columns(running, START, END)[1] == "within"
    assert fact_columns(running, START, date(2026, 3, 21))[1] == "overdue"
    # the same dossier finished late, seen in a window that ends before it finished: still within then
    finished_late = fact(date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 20))
    assert fact_columns(finished_late, START, date(2026, 3, 8))[1] == "within"
    assert fact_columns(finished_late, START, date(2026, 3, 10))[1] == "overdue"
    assert fact_columns(finished_late, START, date(2026, 3, 20))[1] == "late"


def test_header_has_the_thirteen_columns_of_the_form():
    assert len(HEADER) == 13
    counts = [f.name for f in fields(HandlingRow) if f.name != "key"]
    assert [column[0] for column in HEADER[2:]] == counts
    assert [column[3] for column in HEADER if column[3] == "Tổng số"] == ["Tổng số"] * 3
    assert {column[1] for column in HEADER[2:]} == {
        "Số hồ sơ nhận giải quyết",
        "Số hồ sơ đã giải quyết",
        "Số hồ sơ đang giải quyết",
    }
    assert [column[0] for column in HEADER if column[2] == "Trong đó"] == list(RECEIVED_COLUMNS)
    assert set(OUTCOME_COLUMNS) <= set(counts)


def test_table_rows_and_total():
    facts = [
        fact(date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 6), key="HT"),
        fact(date(2026, 3, 2), date(2026, 3, 9), channel="online", key="HT"),
        fact(date(2026, 2, 2), date(2026, 2, 9), date(2026, 2, 20), key="CT"),
        fact(date(2026, 3, 20), date(2026, 3, 25), key="CT"),
    ]
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
facts_strategy = st.lists(
    st.builds(
        lambda key, channel, received, span, finished_after, late, refused: DossierFact(
            key,
            channel,
            received,
            received + timedelta(days=span),
            None if finished_after is None else received + timedelta(days=finished_after),
            refused,
            late,
        ),
        st.sampled_from(["CT", "HT", "XD"]),
        st.sampled_from(["online", "direct", "postal"]),
        days,
        st.integers(0, 20),
        st.none() | st.integers(0, 40),
        st.booleans(),
        st.booleans(),
    ),
    max_size=60,
)
windows = st.tuples(days, st.integers(0, 60)).map(lambda t: (t[0], t[0] + timedelta(days=t[1])))


@given(facts_strategy, windows)
def test_identities_hold_on_every_row(facts, window):
    rows = handling_table(facts, *window)
    for row in rows:
        assert row.received == row.online + row.direct_postal + row.carried_over == row.resolved + row.pending
        assert row.resolved == row.early + row.on_time + row.late
        assert row.pending == row.within + row.overdue
    total = rows[-1]
    assert total.key is None and None not in [row.key for row in rows[:-1]]
    for name in (f.name for f in fields(HandlingRow) if f.name != "key"):
        assert getattr(total, name) == sum(getattr(row, name) for row in rows[:-1])
    kept = [fact_columns(f, *window) for f in facts]
    assert total.received == sum(columns is not None for columns in kept)
    for name in RECEIVED_COLUMNS:
        assert getattr(total, name) == sum(columns is not None and columns[0] == name for columns in kept)
    for name in OUTCOME_COLUMNS:
        assert getattr(total, name) == sum(columns is not None and columns[1] == name for columns in kept)
    assert all(row.received > 0 for row in rows[:-1])
    assert [row.key for row in rows[:-1]] == sorted({f.key for f, c in zip(facts, kept, strict=True) if c is not None})


@given(facts_strategy, windows, st.randoms())
def test_order_and_split_do_not_matter(facts, window, rnd):
    shuffled = list(facts)
    rnd.shuffle(shuffled)
    assert handling_table(shuffled, *window) == handling_table(facts, *window)
    rows = handling_table(facts, *window)
    for row in rows[:-1]:
        alone = handling_table([f for f in facts if f.key == row.key], *window)
        assert alone[0] == row
        assert alone[1] == HandlingRow(None, *astuple(row)[1:])


@given(facts_strategy, facts_strategy, windows)
def test_tables_of_two_batches_add_up(first, second, window):
    totals = [handling_table(batch, *window)[-1] for batch in (first, second, first + second)]
    assert astuple(totals[2])[1:] == tuple(
        a + b for a, b in zip(astuple(totals[0])[1:], astuple(totals[1])[1:], strict=True)
    )


def test_four_hundred_thousand_facts_are_all_counted():
    # How fast: tests/bench/bench_handling_table.py.
    pool = sample_facts(DossierFact)
    facts = pool * 100
    start, end = DAY0 + timedelta(days=30), DAY0 + timedelta(days=180)
    rows = handling_table(facts, start, end)
    assert rows[-1].received == 100 * handling_table(pool, start, end)[-1].received > 200_000


# ---------------------------------------------------------------------------- the outcome rule, written once


def test_outcome_rule_gives_every_column_of_its_part_once():
    for ended, columns in ((True, RESOLVED_COLUMNS), (False, PENDING_COLUMNS)):
        lines = OUTCOME_RULE[ended]
        # "within" twice in the pending part: first for a paused dossier, last for the rest
        assert {code for code, _when in lines} == set(columns)
        # the last line, and only it, holds unconditionally: every dossier gets exactly one outcome
        assert [not when for _code, when in lines] == [False] * (len(lines) - 1) + [True]
    assert sorted(ON_TIME_OUTCOMES + LATE_OUTCOMES) == sorted(OUTCOME_COLUMNS)
    # the codes are written into the SQL as literals
    assert all(code.isidentifier() and code.islower() for code in OUTCOME_COLUMNS)


def portal_outcome(end, due, as_of, forced_late, paused=False):
    """The portal's rule written out by hand (legal-2025-regime.md §2), as fact_columns held it before the table;
    a dossier in a wait other than a supplement has no statistical due date yet, so it is never overdue."""
    if end is not None and end <= as_of:
        if forced_late or end > due:
            return "late"
        return "early" if end < due else "on_time"
    if paused:
        return "within"
    return "overdue" if forced_late or due < as_of else "within"


# Three consecutive days and "not ended" give every ordering of the end, the due day and the judging day.
GRID_DAYS = (date(2026, 3, 8), date(2026, 3, 9), date(2026, 3, 10))
GRID = list(itertools.product((None, *GRID_DAYS), GRID_DAYS, GRID_DAYS, (False, True), (False, True)))


@pytest.mark.parametrize("end, due, as_of, forced_late, paused", GRID)
def test_outcome_is_the_portal_rule(end, due, as_of, forced_late, paused):
    assert outcome(end, due, as_of, forced_late, paused) == portal_outcome(end, due, as_of, forced_late, paused)


def test_generated_sql_gives_the_python_outcome_on_every_ordering():
    """The CASE expression of the reporting views, run by SQLite (same three-valued logic as PostgreSQL, dates as
    ISO text), against :func:`outcome`; the Odoo tests run it in PostgreSQL."""
    expression = outcome_sql() % {
        "end": "end_on",
        "due": "due_on",
        "as_of": "as_of",
        "forced_late": "forced_late",
        "paused": "paused",
    }
    with sqlite3.connect(":memory:") as db:
        db.execute(
            "CREATE TABLE grid (n INTEGER, end_on TEXT, due_on TEXT, as_of TEXT, forced_late BOOLEAN, paused BOOLEAN)"
        )
        db.executemany(
            "INSERT INTO grid VALUES (?, ?, ?, ?, ?, ?)",
            [
                (n, end and end.isoformat(), due.isoformat(), as_of.isoformat(), forced_late, paused)
                for n, (end, due, as_of, forced_late, paused) in enumerate(GRID)
            ],
        )
        judged = dict(db.execute(f"SELECT n, {expression} FROM grid"))
    assert judged == {n: outcome(*operands) for n, operands in enumerate(GRID)}
    assert set(judged.values()) == set(OUTCOME_COLUMNS)


def test_generated_sql_reads_only_the_named_operands():
    expression = outcome_sql()
    # every placeholder filled, nothing else left to fill
    filled = expression % {"end": "E", "due": "D", "as_of": "A", "forced_late": "F", "paused": "P"}
    assert "%" not in filled
    assert filled.count("CASE") == filled.count("END") == 3


@given(facts_strategy, windows)
def test_fact_columns_judge_by_the_portal_rule(facts, window):
    for f in facts:
        columns = fact_columns(f, *window)
        if columns is not None:
            assert columns[1] == portal_outcome(f.finished_on, f.due, window[1], f.late)

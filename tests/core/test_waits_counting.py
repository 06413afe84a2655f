"""One counting rule for waits (issue 11, part 1): a supplement wait ends the dossier on its request day and a
closure for no supplement never moves that end; a fee wait is never late nor overdue; a table is judged with the
waits' history as of its last day, so a later event never changes it and carried over equals the previous pending.

The histories below are generated as the Odoo layer records them (``Wait`` rows with the due date in force when
each began; a wait closed with the dossier keeps no end) and then read "as known" on a given day: what the
database held that evening."""

from dataclasses import astuple, replace
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from q1_reporting.core.handling_report import SUPPLEMENT, DossierFact, Wait, fact_columns, handling_table, judged

DAY0 = date(2026, 1, 1)


def day(n):
    return DAY0 + timedelta(days=n)


# ---------------------------------------------------------------------------- the cases, counted by hand


def test_closed_for_no_supplement_stays_ended_on_the_request_day():
    # Received Monday 02/03, due 09/03; supplement asked 04/03 (due then 09/03); closed 19/03 after 15 days.
    asked = Wait(SUPPLEMENT, date(2026, 3, 4), None, date(2026, 3, 9))
    waiting = DossierFact("HT", "direct", date(2026, 3, 2), date(2026, 3, 9), None, waits=(asked,))
    closed = replace(waiting, finished_on=date(2026, 3, 19))
    march = (date(2026, 3, 1), date(2026, 3, 31))
    # Ended on 04/03, before 09/03: resolved early, in March, before and after the closure.
    assert fact_columns(waiting, *march) == ("direct_postal", "early") == fact_columns(closed, *march)
    # April: ended before the window, left out (the closure on 19/03 is not a second ending).
    assert fact_columns(closed, date(2026, 4, 1), date(2026, 4, 30)) is None
    # Cut-off windows (15th to 14th): ended in the February/March window, left out of the March/April one.
    assert fact_columns(closed, date(2026, 2, 15), date(2026, 3, 14)) == ("direct_postal", "early")
    assert fact_columns(closed, date(2026, 3, 15), date(2026, 4, 14)) is None


def test_a_fee_wait_open_at_the_end_of_the_window_is_within_time():
    # Received 02/03, due 09/03; fees asked 06/03, not paid by 31/03: no statistical due date yet, within time.
    fee = Wait("payment", date(2026, 3, 6), None, date(2026, 3, 9))
    fact = DossierFact("HT", "online", date(2026, 3, 2), date(2026, 3, 9), None, waits=(fee,))
    assert fact_columns(fact, date(2026, 3, 1), date(2026, 3, 31)) == ("online", "within")
    # Judged on 05/03, before the wait: running against 09/03, within; on 10/03 without the wait it would be overdue.
    assert fact_columns(fact, date(2026, 3, 1), date(2026, 3, 5)) == ("online", "within")
    assert fact_columns(replace(fact, waits=()), date(2026, 3, 1), date(2026, 3, 31)) == ("online", "overdue")
    # Paid on 02/04 (the due date moves to 30/04 with the wait), finished 10/04: March is unchanged.
    paid = replace(
        fact, waits=(replace(fee, end=date(2026, 4, 2)),), due=date(2026, 4, 30), finished_on=date(2026, 4, 10)
    )
    assert fact_columns(paid, date(2026, 3, 1), date(2026, 3, 31)) == ("online", "within")
    assert fact_columns(paid, date(2026, 4, 1), date(2026, 4, 30)) == ("carried_over", "early")


def test_resumed_after_a_wait_that_ended_it_re_enters_as_a_new_reception():
    # Received 10/02 (due 17/02), supplement asked 12/02, back on 20/03 (due net of the wait: 24/03), finished 23/03.
    asked = Wait(SUPPLEMENT, date(2026, 2, 12), date(2026, 3, 20), date(2026, 2, 17))
    fact = DossierFact("HT", "postal", date(2026, 2, 10), date(2026, 3, 24), date(2026, 3, 23), waits=(asked,))
    february, march = (date(2026, 2, 1), date(2026, 2, 28)), (date(2026, 3, 1), date(2026, 3, 31))
    # February: ended on its request day 12/02, before 17/02: early, as the leader signed it before the resumption.
    assert fact_columns(fact, *february) == ("direct_postal", "early")
    # March: not pending at the end of February, so not carried over: received again on 20/03 (Art. 19(5)).
    assert fact_columns(fact, *march) == ("direct_postal", "early")
    # The two months side by side with a dossier pending across them (received 25/02, due 04/03, running).
    running = DossierFact("HT", "direct", date(2026, 2, 25), date(2026, 3, 4))
    feb_total, mar_total = (handling_table([fact, running], *window)[-1] for window in (february, march))
    # February: 2 received (both new), 1 resolved early, 1 pending within (due 04/03 after 28/02).
    assert astuple(feb_total) == (None, 2, 0, 2, 0, 1, 1, 0, 0, 1, 1, 0)
    # March: the pending one carried over (1 = February's pending) and now overdue; the other new and early.
    assert astuple(mar_total) == (None, 2, 0, 1, 1, 1, 1, 0, 0, 1, 0, 1)
    assert mar_total.carried_over == feb_total.pending


def test_a_wait_inside_a_window_is_subtracted_not_an_ending():
    # Supplement asked 03/03 and back 06/03 within March: one dossier, judged by its net due date (12/03).
    asked = Wait(SUPPLEMENT, date(2026, 3, 3), date(2026, 3, 6), date(2026, 3, 9))
    fact = DossierFact("HT", "direct", date(2026, 3, 2), date(2026, 3, 12), date(2026, 3, 12), waits=(asked,))
    assert fact_columns(fact, date(2026, 3, 1), date(2026, 3, 31)) == ("direct_postal", "on_time")


def test_two_supplement_requests_count_late_from_the_second_one():
    first = Wait(SUPPLEMENT, date(2026, 3, 3), date(2026, 3, 4), date(2026, 3, 9))
    second = Wait(SUPPLEMENT, date(2026, 4, 6), date(2026, 4, 7), date(2026, 3, 10))
    fact = DossierFact("HT", "direct", date(2026, 3, 2), date(2026, 3, 11), None, waits=(first, second))
    # Judged on 09/03: one request by then, running against 10/03 (the due date net of the first wait): within.
    assert judged(fact, date(2026, 3, 9)) == (None, date(2026, 3, 10), False, False)
    assert fact_columns(fact, date(2026, 3, 1), date(2026, 3, 9)) == ("direct_postal", "within")
    # April: the second request counts late whatever the dates.
    assert judged(fact, date(2026, 4, 30))[3] is True


# ---------------------------------------------------------------------------- generated histories


@st.composite
def histories(draw):
    """A dossier's whole history: reception, waits one after the other (only the last may stay open: never
    answered, or closed with the dossier), perhaps an end of processing after the last event."""
    received = draw(st.integers(0, 80))
    due = day(received + draw(st.integers(0, 12)))
    waits, moment = [], received
    for n in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from([SUPPLEMENT, "payment"]))
        start = moment + draw(st.integers(0, 8))
        last = n == 2 or draw(st.booleans())
        length = draw(st.none() | st.integers(1, 25)) if last else draw(st.integers(1, 25))
        waits.append(Wait(kind, day(start), None if length is None else day(start + length), due))
        if length is None:
            moment = start
            break
        # the due date net of this wait: at least moved by the days waited, as due_date_after_pauses does
        due = max(due + timedelta(days=length), day(start + length))
        moment = start + length
    finish = draw(st.none() | st.integers(0, 30))
    return DossierFact(
        draw(st.sampled_from(["CT", "HT"])),
        draw(st.sampled_from(["online", "direct", "postal"])),
        day(received),
        due,
        None if finish is None else day(moment + finish),
        waits=tuple(waits),
    )


def known_at(fact, as_of):
    """What the database held about ``fact`` on the evening of ``as_of`` (None before its reception): the waits
    begun by then, an answer after ``as_of`` not yet given; the due date net of the waits answered by then (a
    wait still open keeps the one before it); the end of processing if it came by then."""
    if fact.received_on > as_of:
        return None
    waits = tuple(
        wait if wait.end is None or wait.end <= as_of else replace(wait, end=None)
        for wait in fact.waits
        if wait.start <= as_of
    )
    later = [wait for wait in fact.waits if wait.start > as_of or (wait.end is not None and wait.end > as_of)]
    finished = fact.finished_on if fact.finished_on is not None and fact.finished_on <= as_of else None
    return replace(fact, waits=waits, due=later[0].due_before if later else fact.due, finished_on=finished)


def known(facts, as_of):
    return [f for f in (known_at(fact, as_of) for fact in facts) if f is not None]


windows = st.tuples(st.integers(0, 150), st.integers(0, 45)).map(lambda t: (day(t[0]), day(t[0] + t[1])))


@settings(max_examples=300)
@given(st.lists(histories(), max_size=25), windows, st.integers(0, 90))
def test_a_later_event_never_changes_a_past_table(facts, window, later):
    """The table of a window as printed on its last evening equals the table of the same window any day later
    (closures, resumptions, payments, results, new waits in between)."""
    start, end = window
    then = handling_table(known(facts, end), start, end)
    assert handling_table(known(facts, end + timedelta(days=later)), start, end) == then
    assert handling_table(facts, start, end) == then


@settings(max_examples=300)
@given(st.lists(histories(), max_size=25), windows, st.integers(0, 45), st.integers(0, 200))
def test_carried_over_equals_the_previous_pending(facts, window, length, seen_on):
    """For consecutive windows, each row's carried over is the previous window's pending (a dossier ended by a
    supplement wait and back in the second window is a new reception there)."""
    first_start, first_end = window
    second = (first_end + timedelta(days=1), first_end + timedelta(days=1 + length))
    facts = known(facts, day(seen_on))
    pending = {row.key: row.pending for row in handling_table(facts, first_start, first_end)}
    carried = {row.key: row.carried_over for row in handling_table(facts, *second)}
    assert {k: v for k, v in carried.items() if v} == {k: v for k, v in pending.items() if v}


@settings(max_examples=300)
@given(st.lists(histories(), max_size=25), windows)
def test_a_pause_is_never_overdue(facts, window):
    """A dossier in a wait other than a supplement at the end of the window, not finished by then, is pending
    within time whatever its due date; every dossier still counts once and the identities hold."""
    start, end = window
    for fact in facts:
        columns = fact_columns(fact, start, end)
        in_fee_wait = any(
            wait.kind != SUPPLEMENT and wait.start <= end and (wait.end is None or wait.end > end)
            for wait in fact.waits
        )
        if in_fee_wait and columns is not None and (fact.finished_on is None or fact.finished_on > end):
            assert columns[1] == "within"
    for row in handling_table(facts, start, end):
        assert row.received == row.online + row.direct_postal + row.carried_over == row.resolved + row.pending


@settings(max_examples=300)
@given(histories(), st.integers(1, 40), windows)
def test_a_closure_never_changes_a_past_table(fact, after, window):
    """A dossier left waiting for a supplement and closed ``after`` days later counts in every window exactly as
    if it were still waiting: ended on the request day, against the due date in force then."""
    asked = Wait(SUPPLEMENT, fact.received_on + timedelta(days=1), None, fact.due)
    waiting = replace(fact, waits=(asked,), finished_on=None)
    closed = replace(waiting, finished_on=asked.start + timedelta(days=after))
    assert fact_columns(closed, *window) == fact_columns(waiting, *window)
    columns = fact_columns(closed, *window)
    if columns is not None and window[1] >= asked.start:  # judged after the request: ended on it
        assert columns[1] == ("early" if asked.start < fact.due else "on_time" if asked.start == fact.due else "late")

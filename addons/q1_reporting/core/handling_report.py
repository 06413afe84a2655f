"""The statutory table "Tình hình, kết quả giải quyết thủ tục hành chính" (the Biểu 06 columns; legal doc §3).

Counting follows the national portal's rules (Decision 766/QĐ-TTg as DVCQG applies it, legal-2025-regime.md §2):
the statistical due date is net of the applicant's waits, which an extension does not move; a dossier waiting for
a supplement counts as ended on the day of the request, and more than one supplement request counts late.

One counting rule for waits, judged "as of" a day (the end of the report window, or today on the dashboards)
with the history of the waits, never with the dossier's current state (:func:`judged`):

* a supplement wait that covers the judged day ends the dossier on its request day, against the due date in
  force when it was asked for; a wait closed because the applicant never supplemented (Decree 118/2025 Art.
  19(5), the 15-day closure) never ends otherwise, so the closure changes no table;
* any other wait (fees) covering the judged day leaves the dossier running without a statistical due date yet
  (``core.deadline.due_date_after_pauses`` gives None): it is pending within time, never overdue;
* a running dossier is judged against the due date in force on the judged day (waits begun later move the
  dossier's due date later, not the past);
* a dossier received again after a supplement wait that covered the end of a window re-enters the table of the
  period it comes back in as a new reception, not as carried over: the time limit "được tính lại từ đầu sau khi
  nhận đủ hồ sơ" (Art. 19(5)), and it was resolved, not pending, in the period before. So, for consecutive
  windows, carried over equals the previous window's pending, and a later event never changes a past table.

The outcome part of the rule (early, on time, late; within, overdue) is written once, as the table
``OUTCOME_RULE``: :func:`outcome` reads it for Python and :func:`outcome_sql` turns it into the CASE expression
of the Odoo reporting views, so the dashboards, the statutory table and this module cannot drift apart.
"""

import functools
import operator
from collections import defaultdict
from dataclasses import dataclass, fields
from datetime import date, timedelta

CHANNELS = frozenset({"online", "direct", "postal"})
RECEIVED_COLUMNS = ("online", "direct_postal", "carried_over")
OUTCOME_COLUMNS = ("early", "on_time", "late", "within", "overdue")
RESOLVED_COLUMNS = ("early", "on_time", "late")
PENDING_COLUMNS = ("within", "overdue")
SUPPLEMENT = "supplement"  # the one kind of wait that ends the dossier while it lasts (legal-2025-regime.md §2)
# Index 2.1 counts these as handled in time; index 5.4 and the late-dossier list count the others as late.
ON_TIME_OUTCOMES = ("early", "on_time", "within")
LATE_OUTCOMES = ("late", "overdue")

# The outcome rule of the national portal (Decision 766/QĐ-TTg as DVCQG applies it, legal-2025-regime.md §2).
# Operands: ``end`` the end of processing (None while running), ``due`` the statistical due date, ``as_of`` the
# day the dossier is judged at (the end of the report window, or today on the dashboards), ``forced_late``
# (more than one supplement request) and ``paused`` (a wait other than a supplement is open at ``as_of``: no
# statistical due date yet, so neither late nor overdue). A dossier that ended by ``as_of`` (``OUTCOME_ENDED``
# holds) is judged by ``OUTCOME_RULE[True]``, otherwise by ``OUTCOME_RULE[False]``. In each, the first line whose
# condition holds gives the outcome; a condition is a tuple of alternatives (any one suffices, none: always), an
# alternative the name of a flag or a comparison ``(operand, operator, operand)``, false when either side is
# unknown (None, as SQL's NULL is).
OUTCOME_ENDED = ("end", "<=", "as_of")
OUTCOME_RULE = {
    True: (
        ("late", ("forced_late", ("end", ">", "due"))),
        ("early", (("end", "<", "due"),)),
        ("on_time", ()),
    ),
    False: (
        ("within", ("paused",)),
        ("overdue", ("forced_late", ("due", "<", "as_of"))),
        ("within", ()),
    ),
}
OUTCOME_OPERANDS = ("end", "due", "as_of", "forced_late", "paused")
_COMPARISONS = {"<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "=": operator.eq}

RECEIVED = "Số hồ sơ nhận giải quyết"
RESOLVED = "Số hồ sơ đã giải quyết"
PENDING = "Số hồ sơ đang giải quyết"
AMONG = "Trong đó"
# The 13 columns of the form, in order, for the writers (spreadsheet, PDF). Each column is
# ``(field, group, subgroup, text)``:
# - ``field``: the HandlingRow field shown in the column; None for STT and for the grouping column;
# - ``group``: the header of the top row, spanning the columns that share it; None when the column's own text
#   spans all three header rows (STT and the grouping column, whose text the caller gives: "Lĩnh vực" or
#   "Đơn vị", hence ``text`` None);
# - ``subgroup``: the middle-row header spanning its columns ("Trong đó" over the three parts of the received
#   total); None when ``text`` spans the middle and bottom rows;
# - ``text``: the column's own header. The printed column number is the position + 1: (1)…(13).
HEADER = (
    (None, None, None, "STT"),
    (None, None, None, None),
    ("received", RECEIVED, None, "Tổng số"),
    ("online", RECEIVED, AMONG, "Số mới tiếp nhận trực tuyến"),
    ("direct_postal", RECEIVED, AMONG, "Số mới tiếp nhận trực tiếp, dịch vụ bưu chính công ích"),
    ("carried_over", RECEIVED, AMONG, "Số kỳ trước chuyển qua"),
    ("resolved", RESOLVED, None, "Tổng số"),
    ("early", RESOLVED, None, "Giải quyết trước hạn"),
    ("on_time", RESOLVED, None, "Giải quyết đúng hạn"),
    ("late", RESOLVED, None, "Giải quyết quá hạn"),
    ("pending", PENDING, None, "Tổng số"),
    ("within", PENDING, None, "Chưa đến hạn (trong hạn)"),
    ("overdue", PENDING, None, "Quá hạn"),
)


@dataclass(frozen=True)
class Wait:
    """A wait for the applicant, as the statistics see it.

    ``kind``: ``"supplement"`` (Decree 118/2025 Art. 19(5)) or another wait (``"payment"``, fees); ``start``: the
    day it was asked for; ``end``: the day the applicant answered and processing went on, None while it lasts and
    for a wait that ended with the dossier (closed for no supplement, or the dossier ended during it);
    ``due_before``: the statistical due date in force when it began (the due date net of the waits before it).
    """

    kind: str
    start: date
    end: date | None = None
    due_before: date | None = None


@dataclass(frozen=True)
class DossierFact:
    """One dossier as the report counts it.

    ``finished_on`` is the day processing ended (the result ready, the dossier refused after appraisal, stopped,
    closed or withdrawn), ``None`` while it runs; ``due`` the statistical due date once every wait in ``waits`` is
    over. ``waits`` (in order, never overlapping) is the history :func:`judged` reads: without it the fact is
    judged by ``finished_on`` and ``due`` alone (a caller may then give the request day of a supplement wait as
    ``finished_on``, legal-2025-regime.md §2). ``refused``: refused at the counter, never received; left out.
    ``late``: counted late whatever the dates (the portal counts a dossier with more than one supplement request as
    late, §2; two supplement waits in ``waits`` begun by the judged day count so too). ``ref`` identifies the
    dossier for drill-down and is never counted.
    """

    key: object
    channel: str
    received_on: date
    due: date | None
    finished_on: date | None = None
    refused: bool = False
    late: bool = False
    ref: object = None
    waits: tuple = ()

    def __post_init__(self):
        if self.channel not in CHANNELS:
            raise ValueError(f"Kênh tiếp nhận không hợp lệ: {self.channel!r} (hồ sơ {self.ref or self.key}).")


@dataclass(frozen=True)
class HandlingRow:
    """One line of the form; ``key`` None is the total row. Fields in the order of columns (3)…(13)."""

    key: object
    received: int = 0
    online: int = 0
    direct_postal: int = 0
    carried_over: int = 0
    resolved: int = 0
    early: int = 0
    on_time: int = 0
    late: int = 0
    pending: int = 0
    within: int = 0
    overdue: int = 0


@dataclass(frozen=True)
class LateRow:
    """A dossier resolved late in the period or overdue at its end, for the companion list."""

    code: str
    procedure: str
    applicant: str
    unit: str
    received_on: date
    due: date
    finished_on: date | None
    days_late: int
    reason: str = ""


def _compiled(alternative):
    """A test of an alternative over the operands in ``OUTCOME_OPERANDS`` order (built once, at import)."""
    if isinstance(alternative, str):
        flag = OUTCOME_OPERANDS.index(alternative)
        return lambda values: bool(values[flag])
    left, symbol, right = alternative
    left, right, compare = OUTCOME_OPERANDS.index(left), OUTCOME_OPERANDS.index(right), _COMPARISONS[symbol]
    return lambda values: (
        values[left] is not None and values[right] is not None and compare(values[left], values[right])
    )


_ENDED = _compiled(OUTCOME_ENDED)
_RULE = {
    ended: tuple((code, tuple(_compiled(a) for a in alternatives)) for code, alternatives in lines)
    for ended, lines in OUTCOME_RULE.items()
}


# Reading the table costs ten times the comparisons written out; a report judges many dossiers on the same few
# thousand (end, due) days, so the outcomes are remembered (the rule is a pure function of its operands).
@functools.lru_cache(maxsize=1 << 14)
def outcome(end, due, as_of, forced_late=False, paused=False):
    """The outcome column of a dossier judged at ``as_of`` by ``OUTCOME_RULE``: early, on_time or late if it
    ended by then, else within or overdue (within while ``paused``)."""
    values = (end, due, as_of, forced_late, paused)
    for code, tests in _RULE[_ENDED(values)]:
        if not tests or any(test(values) for test in tests):
            return code
    raise AssertionError("every part of OUTCOME_RULE ends with an unconditional line")


def judged(fact, as_of):
    """``(end, due, paused, forced_late)`` of ``fact`` as known at the end of day ``as_of``, from its waits' history.

    In this order (legal-2025-regime.md §2; the module docstring says why):
    a supplement wait covering ``as_of`` (asked for by then, not answered by then, or never) ends the dossier on
    its request day, against the due date in force then; processing ended by ``as_of`` ends it then, against
    ``due``; another wait covering ``as_of`` leaves it ``paused``, with no due date; otherwise it runs against the
    due date in force on ``as_of``: ``due_before`` of the first wait begun after ``as_of``, else ``due``.
    ``forced_late``: ``fact.late``, or two supplement requests made by ``as_of``.
    """
    finished = fact.finished_on
    if not fact.waits:
        return (finished if finished is not None and finished <= as_of else None), fact.due, False, fact.late
    covering, later, requests = None, None, 0
    for wait in fact.waits:
        if wait.start > as_of:
            later = wait
            break
        requests += wait.kind == SUPPLEMENT
        covering = wait if wait.end is None or wait.end > as_of else None
    forced_late = fact.late or requests > 1
    if covering is not None and covering.kind == SUPPLEMENT:
        return covering.start, covering.due_before, False, forced_late
    if finished is not None and finished <= as_of:
        return finished, fact.due, False, forced_late
    if covering is not None:
        return None, None, True, forced_late
    return None, (later.due_before if later is not None else fact.due), False, forced_late


def _sql_alternative(alternative):
    if isinstance(alternative, str):
        return f"%({alternative})s"
    left, symbol, right = alternative
    return f"%({left})s {symbol} %({right})s"


def _sql_lines(lines, ids=None):
    def value(code):
        return f"'{code}'" if ids is None else str(int(ids[code]))

    whens = []
    for code, alternatives in lines:
        if not alternatives:
            whens.append(f"ELSE {value(code)}")
            break
        whens.append(f"WHEN {' OR '.join(_sql_alternative(a) for a in alternatives)} THEN {value(code)}")
    return f"CASE {' '.join(whens)} END"


def outcome_sql(ids=None):
    """``OUTCOME_RULE`` as a PostgreSQL CASE expression giving the outcome code, the operands left as the named
    placeholders ``%(end)s``, ``%(due)s``, ``%(as_of)s``, ``%(forced_late)s`` and ``%(paused)s`` (two dates, a
    date and two booleans, for ``odoo.tools.SQL`` to fill with columns or parameters; each must be a single term,
    such as a column or a parameter). A NULL ``end`` is a dossier still running, as None is for :func:`outcome`.
    With ``ids`` ({code: integer}), the expression gives the integer of the outcome instead of its code (no text
    to compare when a query maps millions of outcomes to their column)."""
    return (
        f"CASE WHEN {_sql_alternative(OUTCOME_ENDED)} THEN {_sql_lines(OUTCOME_RULE[True], ids)} "
        f"ELSE {_sql_lines(OUTCOME_RULE[False], ids)} END"
    )


def fact_columns(fact, start, end):
    """``(received column, outcome column)`` of a fact in the window ``start``–``end``, or ``None`` if left out.

    Judged at ``end`` (:func:`judged`). Left out: refused at the counter, received after ``end``, or ended before
    ``start``. Carried over: pending at the end of the day before ``start`` (received by then and not ended), so
    that carried over always equals the previous window's pending; any other counted dossier is new, online or
    direct/postal by its channel (received in the window, or received again after a supplement wait that ended
    it before the window, Art. 19(5)). The outcome is :func:`outcome` judged at ``end``.
    """
    if fact.refused or fact.received_on > end:
        return None
    if not fact.waits:  # the common case, kept to the bare comparisons (tests/bench/bench_handling_table.py)
        finished = fact.finished_on
        if finished is not None and finished < start:
            return None
        if fact.due is None:
            raise ValueError(f"Hồ sơ {fact.ref or fact.key} không có hạn giải quyết nên không thể thống kê.")
        if fact.received_on < start:
            return "carried_over", outcome(finished, fact.due, end, fact.late)
        return ("online" if fact.channel == "online" else "direct_postal"), outcome(finished, fact.due, end, fact.late)
    ended, due, paused, forced_late = judged(fact, end)
    if ended is not None and ended < start:
        return None
    if due is None and not paused:
        raise ValueError(f"Hồ sơ {fact.ref or fact.key} không có hạn giải quyết nên không thể thống kê.")
    if fact.received_on < start and judged(fact, start - timedelta(days=1))[0] is None:
        received = "carried_over"
    else:
        received = "online" if fact.channel == "online" else "direct_postal"
    return received, outcome(ended, due, end, forced_late, paused)


def counted_row(key, counts):
    """The row of ``key`` from counts per column (missing columns count 0); totals are the sums of their parts."""
    counts = {column: counts.get(column, 0) for column in RECEIVED_COLUMNS + OUTCOME_COLUMNS}
    resolved = sum(counts[c] for c in RESOLVED_COLUMNS)
    pending = sum(counts[c] for c in PENDING_COLUMNS)
    return HandlingRow(
        key,
        resolved + pending,
        *(counts[c] for c in RECEIVED_COLUMNS),
        resolved,
        *(counts[c] for c in RESOLVED_COLUMNS),
        pending,
        *(counts[c] for c in PENDING_COLUMNS),
    )


def handling_table(facts, start, end):
    """One row per key with a counted fact (sorted by key), then the total row (``key=None``)."""
    if start > end:
        raise ValueError("Ngày bắt đầu kỳ báo cáo không được sau ngày kết thúc.")
    per_key = defaultdict(lambda: dict.fromkeys(RECEIVED_COLUMNS + OUTCOME_COLUMNS, 0))
    for fact in facts:
        columns = fact_columns(fact, start, end)
        if columns is not None:
            counts = per_key[fact.key]
            counts[columns[0]] += 1
            counts[columns[1]] += 1
    total = dict.fromkeys(RECEIVED_COLUMNS + OUTCOME_COLUMNS, 0)
    for counts in per_key.values():
        for column, value in counts.items():
            total[column] += value
    return [counted_row(key, per_key[key]) for key in sorted(per_key)] + [counted_row(None, total)]


COUNT_FIELDS = tuple(f.name for f in fields(HandlingRow) if f.name != "key")

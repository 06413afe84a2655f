"""The statutory table "Tình hình, kết quả giải quyết thủ tục hành chính" (the Biểu 06 columns; legal doc §3).

Counting follows the national portal's rules (Decision 766/QĐ-TTg as DVCQG applies it, legal-2025-regime.md §2).
The facts arrive already built by those rules (``q1.dossier.report`` in the Odoo layer writes them once): the
statistical due date net of supplement waits, which an extension does not move; the end of processing, which
for a dossier waiting for a supplement is the day of the request; and ``late`` for more than one supplement
request. Here they are only classified and counted, by one rule, :func:`fact_columns`.

The outcome part of that rule (early, on time, late; within, overdue) is written once, as the table
``OUTCOME_RULE``: :func:`outcome` reads it for Python and :func:`outcome_sql` turns it into the CASE expression
of the Odoo reporting views, so the dashboards, the statutory table and this module cannot drift apart.
"""

import functools
import operator
from collections import defaultdict
from dataclasses import dataclass, fields
from datetime import date

CHANNELS = frozenset({"online", "direct", "postal"})
RECEIVED_COLUMNS = ("online", "direct_postal", "carried_over")
OUTCOME_COLUMNS = ("early", "on_time", "late", "within", "overdue")
RESOLVED_COLUMNS = ("early", "on_time", "late")
PENDING_COLUMNS = ("within", "overdue")
# Index 2.1 counts these as handled in time; index 5.4 and the late-dossier list count the others as late.
ON_TIME_OUTCOMES = ("early", "on_time", "within")
LATE_OUTCOMES = ("late", "overdue")

# The outcome rule of the national portal (Decision 766/QĐ-TTg as DVCQG applies it, legal-2025-regime.md §2).
# Operands: ``end`` the end of processing (None while running), ``due`` the statistical due date, ``as_of`` the
# day the dossier is judged at (the end of the report window, or today on the dashboards) and ``forced_late``
# (more than one supplement request). A dossier that ended by ``as_of`` (``OUTCOME_ENDED`` holds) is judged by
# ``OUTCOME_RULE[True]``, otherwise by ``OUTCOME_RULE[False]``. In each, the first line whose condition holds
# gives the outcome; a condition is a tuple of alternatives (any one suffices, none: always), an alternative the
# name of a flag or a comparison ``(operand, operator, operand)``, false when either side is unknown (None, as
# SQL's NULL is).
OUTCOME_ENDED = ("end", "<=", "as_of")
OUTCOME_RULE = {
    True: (
        ("late", ("forced_late", ("end", ">", "due"))),
        ("early", (("end", "<", "due"),)),
        ("on_time", ()),
    ),
    False: (
        ("overdue", ("forced_late", ("due", "<", "as_of"))),
        ("within", ()),
    ),
}
OUTCOME_OPERANDS = ("end", "due", "as_of", "forced_late")
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
class DossierFact:
    """One dossier as the report counts it.

    ``finished_on`` is the end of processing (DVCQG's NgayKetThucXuLy: the result ready, the dossier refused
    after appraisal, stopped or withdrawn; the request day while waiting for a supplement), ``None`` while it
    runs (legal-2025-regime.md §2). ``due`` is the statistical due date. ``refused``: refused at the counter,
    never received; left out. ``late``: counted late whatever the dates (the portal counts a dossier with more
    than one supplement request as late, §2). ``ref`` identifies the dossier for drill-down and is never counted.
    """

    key: object
    channel: str
    received_on: date
    due: date | None
    finished_on: date | None = None
    refused: bool = False
    late: bool = False
    ref: object = None

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
def outcome(end, due, as_of, forced_late=False):
    """The outcome column of a dossier judged at ``as_of`` by ``OUTCOME_RULE``: early, on_time or late if it
    ended by then, else within or overdue."""
    values = (end, due, as_of, forced_late)
    for code, tests in _RULE[_ENDED(values)]:
        if not tests or any(test(values) for test in tests):
            return code
    raise AssertionError("every part of OUTCOME_RULE ends with an unconditional line")


def _sql_alternative(alternative):
    if isinstance(alternative, str):
        return f"%({alternative})s"
    left, symbol, right = alternative
    return f"%({left})s {symbol} %({right})s"


def _sql_lines(lines):
    whens = []
    for code, alternatives in lines:
        if not alternatives:
            whens.append(f"ELSE '{code}'")
            break
        whens.append(f"WHEN {' OR '.join(_sql_alternative(a) for a in alternatives)} THEN '{code}'")
    return f"CASE {' '.join(whens)} END"


def outcome_sql():
    """``OUTCOME_RULE`` as a PostgreSQL CASE expression giving the outcome code, the operands left as the named
    placeholders ``%(end)s``, ``%(due)s``, ``%(as_of)s`` and ``%(forced_late)s`` (two dates and a boolean, for
    ``odoo.tools.SQL`` to fill with columns or parameters; each must be a single term, such as a column or a
    parameter). A NULL ``end`` is a dossier still running, as None is for :func:`outcome`."""
    return (
        f"CASE WHEN {_sql_alternative(OUTCOME_ENDED)} THEN {_sql_lines(OUTCOME_RULE[True])} "
        f"ELSE {_sql_lines(OUTCOME_RULE[False])} END"
    )


def fact_columns(fact, start, end):
    """``(received column, outcome column)`` of a fact in the window ``start``–``end``, or ``None`` if left out.

    Left out: refused at the counter, received after ``end``, or finished before ``start``. Received before
    ``start`` is carried over. The outcome is :func:`outcome` judged at ``end``: finished by then, late if
    ``fact.late`` or after the due date, early before it, on time on it; otherwise pending, overdue if
    ``fact.late`` or due before ``end``.
    """
    if fact.refused or fact.received_on > end:
        return None
    finished = fact.finished_on
    if finished is not None and finished < start:
        return None
    if fact.due is None:
        raise ValueError(f"Hồ sơ {fact.ref or fact.key} không có hạn giải quyết nên không thể thống kê.")
    if fact.received_on < start:
        received = "carried_over"
    else:
        received = "online" if fact.channel == "online" else "direct_postal"
    return received, outcome(finished, fact.due, end, fact.late)


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

"""Decision 766/QĐ-TTg service-quality sub-indices computable from the dossiers (legal-2025-regime.md §5).

Maxima and thresholds are those reconciled with the national portal's charts in 2026; several are UNCONFIRMED,
so they are data (the Odoo layer keeps them in an editable model seeded from ``DEFAULT_WEIGHTS``). Below its
threshold an index earns rate × maximum / threshold; without a threshold, rate × maximum.

Who is counted follows the portal's description of each index (legal-2025-regime.md §5, [I]): 2.1 and 5.4 over
the dossiers of the handling table; 3.3 and 4.2 over the dossiers received in the period; 2.2 over the dossiers
received in the period and finished by its end.
"""

from dataclasses import dataclass

from .handling_report import LATE_OUTCOMES, ON_TIME_OUTCOMES, DossierFact, fact_columns, judged


@dataclass(frozen=True)
class IndexWeight:
    code: str
    name: str
    max_points: float
    threshold: float | None = None


# Seed values (legal-2025-regime.md §5). The maxima of 2.1, 4.2 and 5.4 and the thresholds of 4.2 and 5.4 come
# from public implementations of the portal's rules reconciled with its 2026 charts [I], not from the decision's
# text; one implementation splits group 5 differently (5/5/2/6). max_points 0 = displayed, not scored.
DEFAULT_WEIGHTS = (
    # 2.1: maximum 20; the threshold is UNCONFIRMED, so points are proportional to the rate.
    IndexWeight("2.1", "Hồ sơ xử lý trước hạn, đúng hạn", 20.0, None),
    # 2.2: an average in days, displayed on the portal, not scored.
    IndexWeight("2.2", "Thời gian giải quyết trung bình", 0.0, None),
    # 3.3: full marks at 50 %, but its own maximum is not published (UNCONFIRMED, "—"): shown, not scored.
    IndexWeight("3.3", "Tỷ lệ hồ sơ trực tuyến", 0.0, 0.5),
    # 4.2: 4 points, full at 80 % [I].
    IndexWeight("4.2", "Số hóa hồ sơ", 4.0, 0.8),
    # 5.4: 6 points, full at 90 % [I].
    IndexWeight("5.4", "Hài lòng tiếp nhận, giải quyết TTHC", 6.0, 0.9),
)
AVERAGE_CODE = "2.2"  # the one index that is an average of days, not a rate: never scored


@dataclass(frozen=True)
class IndexFact:
    """A dossier with what the indices need beyond the handling table.

    ``handling_days``: days from reception to the end of processing, waiting periods excluded
    (:func:`handling_days`); ``digitised``: its components exist in electronic form; ``dissatisfied``: rated "not
    satisfied", or a justified complaint about it; ``e_result``: its result was issued electronically.
    """

    fact: DossierFact
    handling_days: float | None = None
    digitised: bool = False
    dissatisfied: bool = False
    e_result: bool = False


def handling_days(received_on, finished_on, waits=(), calendar=None):
    """ThoiGianGiaiQuyet of index 2.2: the days from reception to the end of processing, the applicant's waits
    excluded, never below 0; None while the dossier runs.

    With ``calendar`` (a ``WorkCalendar``: the deciding unit's), working days, as the portal counts them
    (legal-2025-regime.md §5, 2.2 "Σ ThoiGianGiaiQuyet / finished dossiers (started in period)", [I]: so whether
    working or calendar days is a setting, working by default); without it, calendar days. Days are counted as
    the time limit is, the first day left out (``workdays_between``): a wait from ``start`` to ``end`` takes
    away the days after ``start`` up to ``end``; a wait still open when processing ended, up to that day.
    """
    if finished_on is None:
        return None

    def span(a, b):
        return calendar.workdays_between(a, b) if calendar is not None else max((b - a).days, 0)

    waited = sum(
        span(wait.start, wait.end if wait.end is not None and wait.end <= finished_on else finished_on)
        for wait in waits
        if wait.start <= finished_on
    )
    return max(span(received_on, finished_on) - waited, 0)


@dataclass(frozen=True)
class IndexResult:
    code: str
    name: str
    numerator: float
    denominator: float
    rate: float | None
    points: float
    max_points: float


def points(rate, weight):
    """Points of a rate (0–1) under ``weight``: with a threshold, rate × max / threshold capped at max (full marks
    from the threshold on); without one, rate × max. No rate (nothing to measure) or no maximum: 0."""
    if rate is None or weight.max_points <= 0:
        return 0.0
    if not weight.threshold:
        return max(0.0, min(rate, 1.0)) * weight.max_points
    return max(0.0, min(rate / weight.threshold, 1.0)) * weight.max_points


def _ratio(numerator, denominator):
    return numerator / denominator if denominator else None


def _counts(items, start, end):
    """Counted dossiers of the window with their handling-table columns."""
    counted = []
    for item in items:
        columns = fact_columns(item.fact, start, end)
        if columns is not None:
            counted.append((item, columns))
    return counted


def _finished_in(item, start, end):
    """Received in the window and finished by its end: processing really ended (not ended by a supplement wait,
    whose end is the request day), with its handling days known. The dossiers index 2.2 averages."""
    fact = item.fact
    if not start <= fact.received_on <= end or fact.refused or item.handling_days is None:
        return False
    ended = judged(fact, end)[0]
    return ended is not None and ended == fact.finished_on


def _measures(items, start, end):
    """{index code: (numerator, denominator)} over the window."""
    counted = _counts(items, start, end)
    new = [item for item, _columns in counted if item.fact.received_on >= start]
    good = sum(outcome in ON_TIME_OUTCOMES for _item, (_r, outcome) in counted)
    late = sum(outcome in LATE_OUTCOMES for _item, (_r, outcome) in counted)
    finished_days = [item.handling_days for item in new if _finished_in(item, start, end)]
    dissatisfied = sum(item.dissatisfied for item, _columns in counted)
    satisfied = max(len(counted) - late - dissatisfied, 0) if counted else 0
    return {
        "2.1": (good, len(counted)),
        "2.2": (sum(finished_days), len(finished_days)),
        "3.3": (sum(item.fact.channel == "online" for item in new), len(new)),
        # digitised components AND an electronic result, over the dossiers received (§5, 4.2)
        "4.2": (sum(item.digitised and item.e_result for item in new), len(new)),
        # 100 % − (late rate + rate of dossiers with a complaint or a dislike), never below 0.
        "5.4": (satisfied, len(counted)),
    }


def service_indices(items, start, end, weights=DEFAULT_WEIGHTS):
    """One result per weight, in order, over the dossiers the handling table counts in the window.

    2.1 (early + on time + pending within) / (resolved + pending); 2.2 Σ handling days / dossiers received in the
    window and finished by its end (rate = the average, never scored); 3.3 online / received in the window;
    4.2 digitised with an electronic result / received in the window; 5.4 1 − (late rate + dissatisfied rate)
    over the counted dossiers,
    floor 0 (numerator = counted − late − dissatisfied). A zero denominator, or a code not computed here, gives
    rate None and 0 points (legal-2025-regime.md §5).
    """
    measures = _measures(list(items), start, end)
    return [index_result(weight, *measures.get(weight.code, (0, 0))) for weight in weights]


def index_result(weight, numerator, denominator):
    """The result of one index under ``weight``: rate = numerator / denominator (None when nothing is measured)
    and its points; the average 2.2 is shown, never scored. Also how the addons that count an index from their own
    records (q1_quality: 5.2, 5.3; q1_registry: 4.1, 4.3) give theirs."""
    rate = _ratio(numerator, denominator)
    scored = rate if weight.code != AVERAGE_CODE else None
    return IndexResult(
        weight.code,
        weight.name,
        float(numerator),
        float(denominator),
        rate,
        points(scored, weight),
        weight.max_points,
    )


def average_days_by(items, start, end, key=lambda item: item.fact.key):
    """Average handling days (index 2.2) of the dossiers received in the window and finished by its end, per
    ``key`` (e.g. per procedure)."""
    sums = {}
    for item in items:
        if _finished_in(item, start, end):
            total, count = sums.get(key(item), (0.0, 0))
            sums[key(item)] = (total + item.handling_days, count + 1)
    return {group: total / count for group, (total, count) in sums.items()}

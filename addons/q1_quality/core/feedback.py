"""Citizens' feedback (phản ánh, kiến nghị — PAKN): its time limits and the Decision 766 indices 5.2 and 5.3.

Pure Python (no Odoo): the Odoo layer gives plain values, the unit's ``WorkCalendar`` and the limits it reads from
its system parameters.

Time limits (legal-2025-regime.md §5, quality-management.md; the national portal's limits, UNCONFIRMED as law, so
settings): handled within ``handle_days`` working days (15), a refusal to handle within ``refuse_days`` (2), a
request for more information within ``info_days`` (5). A period in working days starts the day after the feedback
was received (Civil Code 2015 Art. 147, as the dossiers' limits): the deadline is the n-th working day after the
reception day, on the calendar of the unit that handles the feedback.

Index 5.2 "PAKN xử lý đúng hạn" and 5.3 "Hài lòng xử lý PAKN" are judged at the last day of the window, like the
dossiers' 2.1: later events never change a window already judged.

* counted: the feedback received in the window (``received_on`` within it);
* 5.2 = (answered or refused by its deadline, by the end of the window + still open at the end and not yet past
  its deadline) / counted. A feedback answered after its deadline is late, and so is one still open at the end
  of the window whose deadline has passed;
* 5.3 = (judged − unsatisfying) / judged, where "judged" are the counted feedback already answered, refused or
  late at the end of the window (a feedback still open within its time has nothing to be satisfied with yet),
  and "unsatisfying" those late or whose citizen said "not satisfied" (the portal's "dislike > like": one citizen,
  one answer). A feedback both late and not satisfied is one unsatisfying feedback, never two (the decision's
  formula subtracts two rates; counted this way the rate never goes below 0).
"""

from dataclasses import dataclass
from datetime import date

# The national portal's limits, in working days (UNCONFIRMED as law; system parameters in the Odoo layer).
HANDLE_DAYS = 15
REFUSE_DAYS = 2
INFO_DAYS = 5
# A limit a unit may set: from same day (0) to a year of working days.
MAX_DAYS = 250

# The states as the lookup page shows them to the citizen (the page is Vietnamese only, as q1_dossier's).
STATE_VI = {
    "new": "Đã tiếp nhận",
    "assigned": "Đang xử lý",
    "answered": "Đã trả lời",
    "refused": "Từ chối xử lý",
    "closed": "Đã kết thúc",
}
SATISFACTION_VI = {"satisfied": "Hài lòng", "not_satisfied": "Không hài lòng"}

INDEX_ON_TIME = "5.2"
INDEX_SATISFACTION = "5.3"


def deadline(received_on: date, days: int, cal) -> date:
    """The last day to act on a feedback received on ``received_on``: the ``days``-th working day after it on
    ``cal`` (a ``WorkCalendar``); with 0 days, the reception day if it is a working day, else the next one."""
    if not isinstance(days, int) or isinstance(days, bool) or not 0 <= days <= MAX_DAYS:
        raise ValueError(f"days must be a whole number from 0 to {MAX_DAYS}")
    return cal.add_workdays(received_on, days)


def is_late(limit: date, acted_on: date | None, as_of: date | None = None) -> bool:
    """Whether a feedback due by ``limit`` is late: acted on (answered or refused) after it, or, not acted on by
    ``as_of``, with ``as_of`` after it."""
    if acted_on is not None and (as_of is None or acted_on <= as_of):
        return acted_on > limit
    return as_of is not None and as_of > limit


@dataclass(frozen=True)
class FeedbackFact:
    """One feedback as the indices read it. ``limit``: the deadline of what was done (the handling deadline for an
    answer or a feedback still open, the refusal deadline for a refusal); ``acted_on``: the local day it was
    answered or refused (None while open); ``satisfaction``: 'satisfied', 'not_satisfied' or None, with the day it
    was given (``rated_on``)."""

    key: object
    received_on: date
    limit: date
    acted_on: date | None = None
    satisfaction: str | None = None
    rated_on: date | None = None


def judge(fact: FeedbackFact, end: date) -> str:
    """'on_time', 'late' or 'within' (still open at ``end``, deadline not passed), judged at the end of a window."""
    acted = fact.acted_on if fact.acted_on is not None and fact.acted_on <= end else None
    if acted is None:
        return "late" if end > fact.limit else "within"
    return "late" if acted > fact.limit else "on_time"


def counted(facts, start: date, end: date):
    return [fact for fact in facts if start <= fact.received_on <= end]


def on_time_measure(facts, start: date, end: date):
    """(numerator, denominator) of index 5.2 over the window."""
    rows = counted(facts, start, end)
    good = sum(judge(fact, end) in ("on_time", "within") for fact in rows)
    return good, len(rows)


def satisfaction_measure(facts, start: date, end: date):
    """(numerator, denominator) of index 5.3 over the window."""
    judged = [(fact, judge(fact, end)) for fact in counted(facts, start, end)]
    judged = [(fact, verdict) for fact, verdict in judged if verdict != "within"]
    unsatisfying = sum(
        verdict == "late"
        or (fact.satisfaction == "not_satisfied" and fact.rated_on is not None and fact.rated_on <= end)
        for fact, verdict in judged
    )
    return len(judged) - unsatisfying, len(judged)


def measures(facts, start: date, end: date):
    """{index code: (numerator, denominator)} of 5.2 and 5.3."""
    facts = list(facts)
    return {
        INDEX_ON_TIME: on_time_measure(facts, start, end),
        INDEX_SATISFACTION: satisfaction_measure(facts, start, end),
    }

"""q1_quality.core.feedback: working-day deadlines of citizens' feedback and the 766 indices 5.2 and 5.3."""

from datetime import date

import pytest
from q1_dossier.core.workcal import WorkCalendar
from q1_quality.core.feedback import FeedbackFact, deadline, is_late, judge, measures

# 30/04 and 01/05/2026 are holidays (Thursday, Friday).
CAL = WorkCalendar(holidays=frozenset({date(2026, 4, 30), date(2026, 5, 1)}))
START, END = date(2026, 4, 1), date(2026, 4, 30)


def test_deadline_skips_weekend_and_holidays():
    # received Wednesday 29/04: Thursday and Friday are holidays, so the 2nd working day is Tuesday 05/05
    assert deadline(date(2026, 4, 29), 2, CAL) == date(2026, 5, 5)
    # 15 working days from Monday 06/04 (no holiday before 30/04): Monday 27/04
    assert deadline(date(2026, 4, 6), 15, CAL) == date(2026, 4, 27)
    # received on a Saturday: counted from the next working day
    assert deadline(date(2026, 4, 4), 1, CAL) == date(2026, 4, 6)
    assert deadline(date(2026, 4, 4), 0, CAL) == date(2026, 4, 6)


@pytest.mark.parametrize("days", [-1, 251, 1.5, True, "15"])
def test_deadline_refuses_absurd_limits(days):
    with pytest.raises(ValueError):
        deadline(date(2026, 4, 6), days, CAL)


def test_is_late():
    limit = date(2026, 4, 10)
    assert not is_late(limit, date(2026, 4, 10))
    assert is_late(limit, date(2026, 4, 13))
    assert not is_late(limit, None, date(2026, 4, 10))
    assert is_late(limit, None, date(2026, 4, 11))
    # acted on after the day judged: open on that day
    assert is_late(limit, date(2026, 4, 20), date(2026, 4, 15))


FACTS = [
    # answered on time, satisfied
    FeedbackFact(1, date(2026, 4, 1), date(2026, 4, 22), date(2026, 4, 20), "satisfied", date(2026, 4, 21)),
    # answered late (after its deadline), satisfied: late in 5.2, unsatisfying in 5.3
    FeedbackFact(2, date(2026, 4, 1), date(2026, 4, 22), date(2026, 4, 23), "satisfied", date(2026, 4, 24)),
    # refused on time, not satisfied
    FeedbackFact(3, date(2026, 4, 6), date(2026, 4, 8), date(2026, 4, 7), "not_satisfied", date(2026, 4, 9)),
    # still open at the end, within time: on time in 5.2, not judged in 5.3
    FeedbackFact(4, date(2026, 4, 27), date(2026, 5, 19)),
    # still open at the end, overdue: late in both
    FeedbackFact(5, date(2026, 4, 2), date(2026, 4, 23)),
    # answered after the window, on time: open within time at its end
    FeedbackFact(6, date(2026, 4, 20), date(2026, 5, 12), date(2026, 5, 4), "not_satisfied", date(2026, 5, 5)),
    # late and not satisfied: one unsatisfying feedback
    FeedbackFact(7, date(2026, 4, 1), date(2026, 4, 22), date(2026, 4, 28), "not_satisfied", date(2026, 4, 29)),
    # received before the window: not counted
    FeedbackFact(8, date(2026, 3, 31), date(2026, 4, 21), date(2026, 4, 28)),
]


def test_judge_at_the_end_of_the_window():
    verdicts = {fact.key: judge(fact, END) for fact in FACTS}
    assert verdicts == {
        1: "on_time",
        2: "late",
        3: "on_time",
        4: "within",
        5: "late",
        6: "within",
        7: "late",
        8: "late",
    }


def test_measures_by_hand():
    result = measures(FACTS, START, END)
    # counted 1..7; on time or within: 1, 3, 4, 6
    assert result["5.2"] == (4, 7)
    # judged: 1, 2, 3, 5, 7; unsatisfying: 2 (late), 3 (not satisfied), 5 (late), 7 (both, once)
    assert result["5.3"] == (1, 5)


def test_a_later_answer_does_not_change_a_judged_window():
    early = measures(FACTS, START, END)
    answered = FACTS[:3] + [FeedbackFact(4, date(2026, 4, 27), date(2026, 5, 19), date(2026, 6, 30))] + FACTS[4:]
    assert measures(answered, START, END) == early

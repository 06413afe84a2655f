"""q1_quality.core.process_issues: numbering, the issue in force on a day, signers and effective dates."""

from datetime import date

import pytest
from q1_quality.core.process_issues import (
    MAX_ISSUE_NUMBER,
    IssueFact,
    IssueRuleError,
    check_effective_date,
    check_signers,
    document_code,
    in_force_on,
    issue_label,
    next_number,
)


def test_labels_and_codes():
    assert issue_label(1) == "01"
    assert issue_label(12) == "12"
    assert document_code(" 1.001234 ") == "QT-1.001234"


def test_next_number():
    assert next_number([]) == 1
    assert next_number([1, 3, 2]) == 4
    with pytest.raises(IssueRuleError) as caught:
        next_number([MAX_ISSUE_NUMBER])
    assert caught.value.code == "too_many"


ISSUES = [
    IssueFact(1, 1, "superseded", date(2026, 1, 1)),
    IssueFact(2, 2, "approved", date(2026, 3, 10)),
    IssueFact(3, 3, "approved", date(2026, 6, 1)),  # approved, takes effect later
    IssueFact(4, 4, "draft", date(2026, 3, 1)),  # never in force before approval
]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2025, 12, 31), None),
        (date(2026, 1, 1), 1),
        (date(2026, 3, 9), 1),
        (date(2026, 3, 10), 2),
        (date(2026, 5, 31), 2),
        (date(2026, 6, 1), 3),
    ],
)
def test_in_force_on(day, expected):
    found = in_force_on(ISSUES, day)
    assert (found.ident if found else None) == expected


def test_same_day_higher_number_wins():
    issues = [IssueFact(1, 1, "superseded", date(2026, 1, 1)), IssueFact(2, 2, "approved", date(2026, 1, 1))]
    assert in_force_on(issues, date(2026, 1, 1)).ident == 2


def test_signers():
    check_signers(1, 2, None)
    check_signers(1, 2, 2)
    with pytest.raises(IssueRuleError) as caught:
        check_signers(1, 1, None)
    assert caught.value.code == "reviewer_is_drafter"
    with pytest.raises(IssueRuleError) as caught:
        check_signers(1, 2, 1)
    assert caught.value.code == "approver_is_drafter"


def test_effective_date():
    today = date(2026, 3, 2)
    assert check_effective_date(None, today) == today
    assert check_effective_date(date(2026, 4, 1), today) == date(2026, 4, 1)
    for bad, code in ((date(2026, 3, 1), "effective_before_approval"), (date(2027, 3, 10), "effective_too_far")):
        with pytest.raises(IssueRuleError) as caught:
            check_effective_date(bad, today)
        assert caught.value.code == code

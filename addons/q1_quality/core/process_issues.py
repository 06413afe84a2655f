"""Controlled work processes (TCVN ISO 9001:2015, 7.5): the rules of a procedure's process issues that need no ORM.

An issue (lần ban hành) is one approved version of a procedure's internal process. Each carries a number (01, 02...),
an effective date, and who drafted, reviewed and approved it; a dossier runs under the issue in force on the day it is
received and keeps it to the end.
"""

from dataclasses import dataclass
from datetime import date

# Furthest ahead an issue may take effect after its approval (days): a typing error (2062 for 2026) is refused.
MAX_DAYS_AHEAD = 366
# Highest issue number: two digits are printed (lần ban hành 01..99).
MAX_ISSUE_NUMBER = 99


class IssueRuleError(ValueError):
    """A refused move of an issue; ``code`` names the rule, the caller words the message."""

    def __init__(self, code):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class IssueFact:
    """What the choice of the issue in force reads: its id, number, state and effective date."""

    ident: int
    number: int
    state: str
    effective_date: date | None


def issue_label(number):
    """The issue number as printed: '01', '02', ... '99'."""
    return f"{int(number):02d}"


def document_code(procedure_code):
    """The controlled document's default code: 'QT-' and the procedure's national code (QT-1.001234)."""
    return f"QT-{(procedure_code or '').strip()}"


def next_number(numbers):
    """The number of a new issue after the issues numbered ``numbers``: one more than the highest, 1 for the first."""
    number = max(numbers, default=0) + 1
    if number > MAX_ISSUE_NUMBER:
        raise IssueRuleError("too_many")
    return number


def in_force_on(issues, day):
    """The issue (an ``IssueFact``) in force on ``day``: among the approved issues (superseded ones included: they
    were in force until the next one), the latest to take effect on or before ``day``, the higher number winning on
    the same date; None when no approved issue has taken effect yet."""
    approved = [
        issue
        for issue in issues
        if issue.state in ("approved", "superseded") and issue.effective_date and issue.effective_date <= day
    ]
    if not approved:
        return None
    return max(approved, key=lambda issue: (issue.effective_date, issue.number))


def check_signers(drafter, reviewer, approver):
    """Refuse a review or an approval by the drafter: the issue is checked by someone other than who wrote it
    (users' ids; ``approver`` None while only reviewing)."""
    if reviewer is not None and reviewer == drafter:
        raise IssueRuleError("reviewer_is_drafter")
    if approver is not None and approver == drafter:
        raise IssueRuleError("approver_is_drafter")


def check_effective_date(effective, approved_on):
    """The effective date of an issue approved on ``approved_on``: not before the approval (a running dossier's
    process is never changed backwards), at most ``MAX_DAYS_AHEAD`` days after; empty means the approval day."""
    if effective is None:
        return approved_on
    if effective < approved_on:
        raise IssueRuleError("effective_before_approval")
    if (effective - approved_on).days > MAX_DAYS_AHEAD:
        raise IssueRuleError("effective_too_far")
    return effective

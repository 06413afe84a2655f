"""The national status graph of a dossier (Decree 118/2025 Art. 17-23)."""

import pytest
from q1_dossier.core import lifecycle as lc


@pytest.mark.parametrize(
    "src, dst",
    [
        (lc.DRAFT, lc.RECEIVED),
        (lc.DRAFT, lc.INCOMPLETE),
        (lc.INCOMPLETE, lc.RECEIVED),
        (lc.RECEIVED, lc.PROCESSING),
        (lc.PROCESSING, lc.PROCESSING),
        (lc.PROCESSING, lc.SUPPLEMENT),
        (lc.SUPPLEMENT, lc.PROCESSING),
        (lc.SUPPLEMENT, lc.STOPPED),
        (lc.PROCESSING, lc.PAYMENT),
        (lc.PAYMENT, lc.PROCESSING),
        (lc.PROCESSING, lc.DONE),
        (lc.DONE, lc.RETURNED),
        (lc.RECEIVED, lc.WITHDRAWN),
        (lc.PROCESSING, lc.REFUSED),
    ],
)
def test_lawful_moves(src, dst):
    assert lc.can_move(src, dst)


@pytest.mark.parametrize(
    "src, dst",
    [
        (lc.DRAFT, lc.PROCESSING),
        (lc.RECEIVED, lc.DONE),
        (lc.RETURNED, lc.PROCESSING),
        (lc.REFUSED, lc.RECEIVED),
        (lc.DONE, lc.SUPPLEMENT),
        (lc.DONE, lc.PROCESSING),
        (lc.SUPPLEMENT, lc.DONE),
        (lc.WITHDRAWN, lc.PROCESSING),
        (lc.STOPPED, lc.RETURNED),
    ],
)
def test_moves_the_law_does_not_know(src, dst):
    assert not lc.can_move(src, dst)


def test_closed_statuses_are_final():
    for status in lc.CLOSED_STATUSES:
        assert not lc.TRANSITIONS[status]


@pytest.mark.parametrize(
    "src, dst, allowed",
    [
        (lc.RECEIVED, lc.PROCESSING, True),  # the first step takes the dossier
        (lc.PROCESSING, lc.PROCESSING, True),  # hand-over to the next step
        (lc.PROCESSING, lc.DONE, True),
        (lc.PAYMENT, lc.PROCESSING, True),
        (lc.PROCESSING, lc.SUPPLEMENT, False),  # needs the items to supplement
        (lc.PROCESSING, lc.REFUSED, False),  # needs written reasons
        (lc.DONE, lc.RETURNED, False),  # needs who received the result
        (lc.DRAFT, lc.RECEIVED, False),  # needs the completeness check and the code
    ],
)
def test_dragging_only_where_no_form_is_needed(src, dst, allowed):
    assert lc.can_drag(src, dst) is allowed


def test_every_status_has_its_transitions():
    statuses = {
        lc.DRAFT,
        lc.INCOMPLETE,
        lc.RECEIVED,
        lc.PROCESSING,
        lc.SUPPLEMENT,
        lc.PAYMENT,
        lc.STOPPED,
        lc.DONE,
        lc.RETURNED,
        lc.WITHDRAWN,
        lc.REFUSED,
    }
    assert set(lc.TRANSITIONS) == statuses
    assert all(targets <= statuses for targets in lc.TRANSITIONS.values())

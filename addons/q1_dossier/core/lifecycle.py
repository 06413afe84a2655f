"""The life of a dossier under Decree 118/2025/NĐ-CP, Art. 17–23, as a graph of national statuses.

Stages are configured by managers, but each maps to one national status, and only these status changes exist
in law. Some of them carry data that must be entered (a reason, the missing items, who received the result):
those happen only through their own action, never by dragging a card.
"""

DRAFT, INCOMPLETE, RECEIVED, PROCESSING = "draft", "incomplete", "received", "processing"
SUPPLEMENT, PAYMENT, STOPPED, DONE = "supplement", "payment", "stopped", "done"
RETURNED, WITHDRAWN, REFUSED = "returned", "withdrawn", "refused"

OPEN_STATUSES = frozenset({RECEIVED, PROCESSING, SUPPLEMENT, PAYMENT})
CLOSED_STATUSES = frozenset({RETURNED, STOPPED, WITHDRAWN, REFUSED})

TRANSITIONS = {
    DRAFT: {INCOMPLETE, RECEIVED, REFUSED},
    INCOMPLETE: {INCOMPLETE, RECEIVED, REFUSED},
    # Art. 18: transfer to the competent unit; Art. 19(3) refusal; Art. 21 stop or withdrawal.
    RECEIVED: {PROCESSING, SUPPLEMENT, REFUSED, STOPPED, WITHDRAWN},
    # Art. 19: appraisal may ask for a supplement, fees, refuse, or produce the result.
    PROCESSING: {PROCESSING, SUPPLEMENT, PAYMENT, DONE, REFUSED, STOPPED, WITHDRAWN},
    # Art. 19(5): back to appraisal once complete, or closed after 15 days without the supplement.
    SUPPLEMENT: {PROCESSING, STOPPED, WITHDRAWN},
    PAYMENT: {PROCESSING, DONE, STOPPED, WITHDRAWN},
    # Art. 22: the result is returned.
    DONE: {RETURNED},
    RETURNED: set(),
    STOPPED: set(),
    WITHDRAWN: set(),
    REFUSED: set(),
}

# Status changes whose data is entered in a form of their own.
NEEDS_FORM = frozenset({INCOMPLETE, RECEIVED, SUPPLEMENT, PAYMENT, REFUSED, STOPPED, WITHDRAWN, RETURNED})


def can_move(from_status, to_status):
    """Whether the law allows a dossier in ``from_status`` to move to ``to_status``."""
    return to_status in TRANSITIONS.get(from_status, ())


def can_drag(from_status, to_status):
    """Whether a card may be dragged between stages of these statuses (no form to fill on the way)."""
    return can_move(from_status, to_status) and to_status not in NEEDS_FORM

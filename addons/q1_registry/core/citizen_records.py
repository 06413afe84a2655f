"""The citizen's record without the ORM: how long a digitised document stays valid, and which of the documents the
ward holds is offered for reuse at reception.

A digitised document is valid on a day when it has no end of validity (an identity card scanned without its expiry,
a birth certificate: never expires) or when that day is on or before its last day of validity. Its last day is the
one written on it; else, when the kind of document has a usual validity (a rental contract: UNCONFIRMED 12 months),
the day before the same date that many months after its issue; else none.
"""

import calendar
from datetime import date, datetime, timedelta

MAX_VALIDITY_MONTHS = 1200  # a hundred years: anything longer is a typing error


def add_months(day, months):
    """``day`` moved ``months`` calendar months forward, the day clamped to the end of a shorter month (31/01 + 1
    month is 28 or 29/02)."""
    if not 0 <= months <= MAX_VALIDITY_MONTHS:
        raise ValueError(f"months out of range: {months}")
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def validity_end(valid_until=None, issued_on=None, validity_months=0):
    """The last day a document is valid, or ``None`` when it does not expire (or its expiry is not known)."""
    if valid_until:
        return valid_until
    if issued_on and validity_months:
        return add_months(issued_on, validity_months) - timedelta(days=1)
    return None


def is_valid_on(valid_until, day):
    """Whether a document whose last valid day is ``valid_until`` (``None``: no expiry) is valid on ``day``."""
    return not valid_until or day <= valid_until


def pick_reusable(candidates, day):
    """The document to offer among ``candidates`` (dicts with ``id``, ``valid_until``, ``issued_on`` and
    ``digitised_at``, a datetime), or ``None``: among those valid on ``day``, the one issued last, then the last
    digitised, then the newest record; a document without an issue date counts as the oldest issued."""
    valid = [doc for doc in candidates if is_valid_on(doc.get("valid_until"), day)]
    if not valid:
        return None
    return max(
        valid,
        key=lambda doc: (doc.get("issued_on") or date.min, doc.get("digitised_at") or datetime.min, doc["id"]),
    )

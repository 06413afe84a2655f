"""Legal due dates of a dossier and the on-time classification used by the statutory reports.

Two due dates live on a dossier (DESIGN §3):
- the legal one: after a supplement request during appraisal the time limit restarts from zero once the
  complete dossier is received again (Decree 118/2025/NĐ-CP Art. 19(5)), i.e. ``due_date(completed_at, ...)``;
- the statistical one of the national portal (Decision 766/QĐ-TTg rules), which subtracts the waiting time:
  ``due_date_after_pauses``.
A re-appointment after an apology (Decree 118/2025 Art. 19(6)) changes the date promised to the citizen only;
statistics keep the original due date, so nothing here takes it into account.
"""

from datetime import date, datetime, time, timedelta

DEFAULT_CUTOFF = time(15, 0)


def due_date(received_at, days, cal, cutoff=DEFAULT_CUTOFF):
    """The legal appointment date for a procedure taking ``days`` working days.

    ``days >= 1``: the ``days``-th working day strictly after the reception date — Civil Code 2015 Art. 147:
    a period in days starts on the day after the event, so a reception on a day off counts from the next
    working day. ``days == 0`` (same-day procedures such as certification): the reception date when it is a
    working day and the dossier arrived before ``cutoff`` (Decree 118/2025 Art. 18(2) uses 15:00 to move
    paper to the next working day), else the next working day. A plain ``date`` counts as received at 00:00.
    """
    _check_days(days)
    day, moment = _split(received_at)
    if days == 0:
        if cal.is_workday(day) and moment < cutoff:
            return day
        return cal.add_workdays(day, 1)
    return cal.add_workdays(day, days)


def due_date_after_pauses(received_at, days, pauses, cal, cutoff=DEFAULT_CUTOFF):
    """The statistical due date when waiting times (supplement, fees) are subtracted.

    ``pauses``: ``(paused_on, resumed_on)`` pairs in order. Working days elapsed before each pause, counted
    with ``workdays_between`` from the reception date or the previous resume, are used up (capped at
    ``days``); the rest runs from the day after the last ``resumed_on``. ``None`` while still paused.
    A dossier with no days left is due on its resume day — on the next working day when it resumed on a day
    off, since a period cannot end on a day off (Civil Code 2015 Art. 148(5)).
    """
    _check_days(days)
    pauses = tuple(pauses)
    unpaused = due_date(received_at, days, cal, cutoff)
    if not pauses:
        return unpaused
    start, _ = _split(received_at)
    used = 0
    for paused_on, resumed_on in pauses:
        paused_on = _as_date(paused_on)
        if paused_on < start:
            raise ValueError(f"pause on {paused_on} starts before {start}; pauses must be in order")
        used = min(days, used + cal.workdays_between(start, paused_on))
        if resumed_on is None:
            return None
        resumed_on = _as_date(resumed_on)
        if resumed_on < paused_on:
            raise ValueError(f"resume on {resumed_on} is before the pause on {paused_on}")
        start = resumed_on
    paused_due = cal.add_workdays(start, days - used)
    # Waiting never shortens the limit: this only matters for a same-day procedure received after the
    # cut-off and resumed that very day, where the resume day would beat the unpaused due date.
    return max(paused_due, unpaused)


def due_datetime_for_hours(received_at, hours, cal):
    """Due moment of a limit stated in working hours (e.g. 08 working hours to accept an online dossier,
    Decree 118/2025 Art. 17(2)); only time inside the calendar's shifts on working days counts."""
    if isinstance(hours, bool) or not isinstance(hours, (int, float)):
        raise TypeError(f"hours must be a number, got {hours!r}")
    if hours < 0:
        raise ValueError(f"hours must be >= 0, got {hours}")
    return cal.add_working_time(received_at, timedelta(hours=hours))


def classify_finished(due, finished_on):
    """``'early'``, ``'on_time'`` or ``'late'``: finished before, on or after the due day.

    The national portal counts a dossier on time when end of processing <= appointment; the early/on-time
    split by calendar day is the implementation used on the control slip (Phiếu kiểm soát, Circular 03/2025).
    """
    due, finished_on = _as_date(due), _as_date(finished_on)
    if finished_on < due:
        return "early"
    if finished_on == due:
        return "on_time"
    return "late"


def classify_pending(due, as_of):
    """``'within'`` when the due date is not yet past on ``as_of``, else ``'overdue'``."""
    return "within" if _as_date(due) >= _as_date(as_of) else "overdue"


def _check_days(days):
    if isinstance(days, bool) or not isinstance(days, int):
        raise TypeError(f"days must be an int, got {days!r}")
    if days < 0:
        raise ValueError(f"days must be >= 0, got {days}")


def _split(received_at):
    if isinstance(received_at, datetime):
        return received_at.date(), received_at.time()
    if isinstance(received_at, date):
        return received_at, time(0, 0)
    raise TypeError(f"received_at must be a datetime or a date, got {received_at!r}")


def _as_date(value):
    return value.date() if isinstance(value, datetime) else value

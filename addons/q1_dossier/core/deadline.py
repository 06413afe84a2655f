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


def after_cutoff(moment, cutoff=DEFAULT_CUTOFF):
    """Whether a reception at the local time ``moment`` counts as received after the daily cut-off.

    Decree 118/2025 Art. 18(2): paper received directly is transferred the same working day, "or at the start of
    the next working day when received after 15:00". The one reading of the cut-off for every rule that uses it
    (the same-day due date here, the start of the first step in ``core.process.first_step_start``): 15:00 itself
    already counts as after, as the receipt's same-day date has always counted it (DESIGN §3, ``due_date``).
    """
    return moment >= cutoff


def is_same_day(limit, unit, cal):
    """Whether a legal time limit gives a same-day ("trong ngày") result: 0 working days (the result the day it is
    received, before the cut-off), or a limit in working hours that fits in one working day of ``cal``'s shifts.

    Such procedures are excepted from the next-morning transfer of Art. 18(2): their whole time would otherwise
    be spent before the dossier reaches the processing officer.
    """
    if unit == "day":
        return not limit
    if unit == "hour":
        return timedelta(hours=limit) <= cal.workday_length()
    raise ValueError(f"unknown time unit {unit!r}")


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
        if cal.is_workday(day) and not after_cutoff(moment, cutoff):
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


def due_datetime_after_pauses(received_at, hours, pauses, cal):
    """Due moment of a limit in working hours with the waiting times subtracted.

    The national statistics subtract a supplement's time (request -> completion) instead of restarting the
    legal clock (Decision 766/QĐ-TTg rules on the national portal, legal regime §2, "Supplement completed");
    a fee wait only stops the clock. ``pauses``: ``(paused_at, resumed_at)`` pairs of local datetimes in order;
    ``None`` while the last one is still open (a waiting dossier has no due moment yet). The working hours
    before each pause are used up; the rest runs from the last resume. The due moment is the first at which
    ``hours`` of working time outside the waits have passed, so it is never earlier than without the waits.
    """
    due_datetime_for_hours(received_at, hours, cal)  # the checks of the arguments
    remaining, start = timedelta(hours=hours), received_at
    reached = None
    for paused_at, resumed_at in pauses:
        if paused_at < start:
            raise ValueError(f"pause at {paused_at} starts before {start}; pauses must be in order")
        if reached is None:
            used = cal.working_time(start, paused_at)
            if used >= remaining:
                # The limit ran out before this wait: the wait cannot move it.
                reached = cal.add_working_time(start, remaining)
            remaining -= min(used, remaining)
        if resumed_at is None:
            return None
        if resumed_at < paused_at:
            raise ValueError(f"resume at {resumed_at} is before the pause at {paused_at}")
        start = resumed_at
    return reached or cal.add_working_time(start, remaining)


def day_appointment(due, received_at, cal, rule="fixed", clock=time(14, 0)):
    """The appointment instant printed on the receipt for a result due on ``due`` (limits in days).

    Form 01 of Circular 03/2025 asks for "thời gian trả kết quả (giờ, phút, ngày)" but no text found sets the
    hour for a limit in days, so the rule is a setting of the working calendar:
    - ``"end_of_day"``: the end of the last shift of the due day. Civil Code 2015 Art. 148(1): a period in days
      ends at the end of its last day (Art. 148(6): at 24:00); the counter hands results back only within its
      working hours, so their end is the latest hour it can promise;
    - ``"reception_hour"``: the hour of reception on the due day (a period of whole days), moved into the
      working hours (a reception outside them: the next shift start of the day, else the end of the day);
    - ``"fixed"``: the hour ``clock`` of the unit's practice (14:00 in the shipped calendar).
    A same-day result promised for an hour already past gets the end of the working day instead.
    """
    end_of_day = datetime.combine(due, cal.shifts[-1][1])
    if rule == "end_of_day":
        appointment = end_of_day
    elif rule == "reception_hour":
        appointment = datetime.combine(due, _into_shifts(_split(received_at)[1], cal.shifts))
    elif rule == "fixed":
        appointment = datetime.combine(due, clock)
    else:
        raise ValueError(f"unknown appointment rule {rule!r}")
    if isinstance(received_at, datetime) and appointment <= received_at:
        return end_of_day
    return appointment


def supplement_last_day(notice_at, days, cal, civil_code=True):
    """Last day of the time the applicant has to supplement, counted in (calendar) days from the notice.

    Decree 118/2025 Art. 19(5): "Sau 15 ngày kể từ khi thông báo" (or the sector law's time), if the applicant
    has not completed the dossier, the one-stop closes it. Civil Code 2015 Art. 147: the first day, the day of
    the notice, is not counted, so the last day is ``notice + days``. Art. 148(5): a period whose last day is a
    weekly day off or a holiday ends at the end of the next working day — UNCONFIRMED whether it applies to this
    period, hence ``civil_code`` (a setting, on by default).
    """
    _check_days(days)
    last = _split(notice_at)[0] + timedelta(days=days)
    if civil_code and not cal.is_workday(last):
        last = cal.add_workdays(last, 1)
    return last


def supplement_close_at(notice_at, days, cal, civil_code=True):
    """The instant from which a dossier still waiting for its supplement is closed: the end of the last day of
    ``supplement_last_day`` (Civil Code 2015 Art. 148(1), (6): a period in days ends at 24:00 of its last day)."""
    return datetime.combine(supplement_last_day(notice_at, days, cal, civil_code) + timedelta(days=1), time(0, 0))


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


def _into_shifts(moment, shifts):
    """``moment`` if it lies in a shift, else the next shift's start that day, else the end of the last shift."""
    for start, end in shifts:
        if moment < start:
            return start
        if moment <= end:
            return moment
    return shifts[-1][1]

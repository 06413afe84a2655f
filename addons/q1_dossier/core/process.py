"""Internal process of a procedure: ordered steps with time budgets (the control slip, Mẫu 06).

Budgets are working time. A budget in days is a number of full working days of the unit's shifts, so half a
day is allowed; the legal time of the procedure caps the sum of the budgets.
"""

from datetime import datetime, timedelta

from .deadline import DEFAULT_CUTOFF, after_cutoff, classify_finished


def budget_delta(amount, unit, cal):
    """Working time of a budget given in 'day' or 'hour' units."""
    if amount < 0:
        raise ValueError("Thời gian của bước không được âm.")
    if unit == "hour":
        return timedelta(hours=amount)
    if unit == "day":
        return cal.workday_length() * amount
    raise ValueError(f"unknown budget unit {unit!r}")


def budgets_fit(budgets, legal_amount, legal_unit, cal):
    """Whether the steps' budgets ``[(amount, unit), ...]`` fit in the legal time of the procedure.

    A same-day procedure (legal amount 0 days) has one working day at most.
    """
    if legal_unit == "day" and not legal_amount:
        legal_amount = 1
    legal = budget_delta(legal_amount, legal_unit, cal)
    return sum((budget_delta(amount, unit, cal) for amount, unit in budgets), timedelta()) <= legal


def first_step_start(received_at, cal, cutoff=DEFAULT_CUTOFF, direct=True, same_day=False):
    """When the first step of the internal process starts for a dossier received at ``received_at`` (local).

    Decree 118/2025 Art. 18(2): paper received directly is transferred to the processing body at once during the
    working day, "or at the start of the next working day when received after 15:00" (``cutoff``, the unit's
    setting; ``core.deadline.after_cutoff``); a direct reception on a day off (a Saturday reception, where the
    unit receives then) also reaches it at the start of the next working day. Art. 18(1): online dossiers and
    digitised paper travel through the system at once, so ``direct=False`` starts at reception. Same-day
    procedures (``core.deadline.is_same_day``) are excepted: their time would be gone before the transfer.
    The legal due date is not moved by this: it still runs from the reception the receipt states (Art. 17(3)).
    """
    if not direct or same_day:
        return received_at
    day = received_at.date()
    if cal.is_workday(day) and not after_cutoff(received_at.time(), cutoff):
        return received_at
    return datetime.combine(cal.add_workdays(day, 1), cal.shifts[0][0])


def plan_steps(start, budgets, cal, latest=None):
    """Expected end of each step when the first starts at ``start`` and each follows the previous one.

    ``latest``: the legal appointment (local), when given: no step is planned to end after it. The budgets fit in
    the legal time (``budgets_fit``), but a same-day procedure has less than a working day left after its
    reception (its one-day budget would end the next day: on time on the slip, late in the statistics), and a
    limit in hours received after the cut-off loses the evening before the next-morning transfer. A step
    started after ``latest`` (the dossier is already late) keeps its whole budget: its officer got it late.
    """
    if latest is not None and start > latest:
        latest = None
    ends, moment = [], start
    for amount, unit in budgets:
        moment = cal.add_working_time(moment, budget_delta(amount, unit, cal))
        ends.append(min(moment, latest) if latest is not None else moment)
    return ends


def classify_step(planned_end, finished_at):
    """Result of a step on the control slip: 'late' after the planned instant, else early/on time by date."""
    if finished_at > planned_end:
        return "late"
    return classify_finished(planned_end.date(), finished_at.date())

"""Internal process of a procedure: ordered steps with time budgets (the control slip, Mẫu 06).

Budgets are working time. A budget in days is a number of full working days of the unit's shifts, so half a
day is allowed; the legal time of the procedure caps the sum of the budgets.
"""

from datetime import timedelta

from .deadline import classify_finished


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


def plan_steps(start, budgets, cal):
    """Expected end of each step when the first starts at ``start`` and each follows the previous one."""
    ends, moment = [], start
    for amount, unit in budgets:
        moment = cal.add_working_time(moment, budget_delta(amount, unit, cal))
        ends.append(moment)
    return ends


def classify_step(planned_end, finished_at):
    """Result of a step on the control slip: 'late' after the planned instant, else early/on time by date."""
    if finished_at > planned_end:
        return "late"
    return classify_finished(planned_end.date(), finished_at.date())

"""Realistic dossier histories for demo data and load tests (a million dossiers in minutes).

Each history is a dossier as the lifecycle would have left it: received on a working day, processed along its
procedure's internal process (steps with planned and actual ends), sometimes paused for a supplement or a fee,
finished early, on time or late, returned, refused, withdrawn or stopped, sometimes extended and rated. Due
dates come from the same functions the ORM path uses (``deadline``, ``process``); statuses follow the graph of
``lifecycle``. Proportions are plausible for a ward centre, not measured: they are parameters.
"""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from random import Random

from . import lifecycle
from .codes import DEFAULT_PATTERN, dossier_code
from .deadline import due_date, due_date_after_pauses, due_datetime_for_hours, is_same_day
from .process import classify_step, first_step_start, plan_steps
from .synthetic import SyntheticApplicants

LATE_REASONS = (
    "Chờ kết quả xác minh của cơ quan liên quan.",
    "Hồ sơ cần lấy ý kiến phối hợp của phòng chuyên môn.",
    "Công chức thụ lý nghỉ ốm đột xuất, chưa kịp bàn giao.",
    "Hệ thống phần mềm gặp sự cố kỹ thuật.",
)
CLOSING_REASONS = {
    "refused": "Hồ sơ không đủ điều kiện giải quyết theo quy định.",
    "withdrawn": "Người nộp có đơn xin rút hồ sơ.",
    "stopped": "Quá 15 ngày người nộp không bổ sung hồ sơ theo yêu cầu.",
}


@dataclass(frozen=True)
class UnitSpec:
    id: int
    code: str
    calendar: object  # WorkCalendar
    place: str
    receivers: tuple  # user ids receiving at the counter
    officers: tuple  # user ids processing
    cutoff: time = time(15, 0)
    pattern: str = DEFAULT_PATTERN
    appointment: time = time(14, 0)  # the hour of the appointment on the due day (the calendar's rule)


@dataclass(frozen=True)
class StepSpec:
    name: str
    budget: float
    unit: str = "day"
    department_id: int | None = None
    stage_id: int | None = None
    procedure_step_id: int | None = None


@dataclass(frozen=True)
class ProcedureSpec:
    id: int
    field_id: int
    time_limit: int
    time_unit: str = "day"
    same_day: bool = False
    channels: tuple = ("direct", "online", "postal")
    weight: float = 1.0
    steps: tuple = ()
    late_share: float = 0.12


@dataclass(frozen=True)
class Shares:
    """Proportions of the generated dossiers (each between 0 and 1)."""

    online: float = 0.40
    postal: float = 0.08
    boundary_free: float = 0.10
    supplement: float = 0.06
    supplement_abandoned: float = 0.12  # of the supplements: never completed, stopped after 15 days
    two_supplements: float = 0.003  # migrated data: counted late by the national portal
    payment: float = 0.01
    refused: float = 0.02
    withdrawn: float = 0.01
    extension: float = 0.03
    rated: float = 0.35
    not_returned: float = 0.08
    digitised_direct: float = 0.8


@dataclass
class History:
    """One generated dossier: column values of q1_dossier, its steps and its pauses (local naive datetimes)."""

    values: dict
    steps: list = field(default_factory=list)
    pauses: list = field(default_factory=list)


class HistoryGenerator:
    def __init__(self, units, procedures, end, days=300, seed=2026, shares=Shares(), first_seq=None):
        if not units or not procedures:
            raise ValueError("Cần ít nhất một đơn vị tiếp nhận và một thủ tục để sinh dữ liệu.")
        self.rng = Random(seed)
        self.units, self.procedures, self.end, self.days, self.shares = list(units), list(procedures), end, days, shares
        self.weights = [p.weight for p in self.procedures]
        self.applicants = SyntheticApplicants(self.rng, end)
        self.seq = dict(first_seq or {})  # (unit id, day) -> last sequence number used
        self._workdays = {
            u.id: [
                end - timedelta(days=n) for n in range(days, -1, -1) if u.calendar.is_workday(end - timedelta(days=n))
            ]
            for u in self.units
        }

    # ------------------------------------------------------------------ one dossier

    def histories(self, count):
        """``count`` histories in order of reception (codes follow the daily sequence)."""
        plans = sorted((self._plan() for _i in range(count)), key=lambda plan: (plan[1], plan[0].id))
        for unit, received_at, procedure in plans:
            yield self._history(unit, received_at, procedure)

    def _plan(self):
        rng = self.rng
        unit = rng.choice(self.units)
        day = rng.choice(self._workdays[unit.id])
        minute = rng.randint(450, 690) if rng.random() < 0.55 else rng.randint(780, 1015)
        received_at = datetime.combine(day, time(minute // 60, minute % 60))
        return unit, received_at, rng.choices(self.procedures, self.weights)[0]

    def _channel(self, procedure):
        roll = self.rng.random()
        wanted = (
            "online"
            if roll < self.shares.online
            else "postal"
            if roll < self.shares.online + self.shares.postal
            else "direct"
        )
        return wanted if wanted in procedure.channels else procedure.channels[0]

    def _code(self, unit, day):
        seq = self.seq.get((unit.id, day), 0) + 1
        self.seq[(unit.id, day)] = seq
        return dossier_code(unit.code, day, seq, unit.pattern)

    def _due(self, received_at, procedure, unit):
        if procedure.time_unit == "hour":
            return due_datetime_for_hours(received_at, procedure.time_limit, unit.calendar).date()
        return due_date(received_at, 0 if procedure.same_day else procedure.time_limit, unit.calendar, unit.cutoff)

    def _history(self, unit, received_at, procedure):
        rng, shares = self.rng, self.shares
        deciding = unit
        if len(self.units) > 1 and rng.random() < shares.boundary_free:
            deciding = rng.choice([u for u in self.units if u is not unit])
        cal = deciding.calendar
        channel = self._channel(procedure)
        # The time limit runs at the deciding unit, on its calendar (Decree 118/2025 Art. 17(3), 19, 20).
        due = self._due(received_at, procedure, deciding)
        applicant = self._applicant(unit)
        values = dict(
            applicant,
            code=self._code(unit, received_at.date()),
            company_id=unit.id,
            deciding_company_id=deciding.id,
            procedure_id=procedure.id,
            field_id=procedure.field_id,
            channel=channel,
            received_at=received_at,
            received_date=received_at.date(),
            received_by_id=rng.choice(unit.receivers),
            time_limit=procedure.time_limit,
            time_unit=procedure.time_unit,
            same_day=procedure.same_day,
            due_date=due,
            original_due_date=due,
            statistical_due_date=due,
            promised_date=due,
            digitised=channel == "online" or rng.random() < shares.digitised_direct,
            submitted_at=received_at if channel == "online" else None,
        )
        history = History(values)
        pauses = self._pauses(history, procedure, deciding, cal)
        self._finish(history, procedure, deciding, cal, pauses)
        return history

    def _applicant(self, unit):
        vals = self.applicants.person() if self.rng.random() < 0.9 else self.applicants.organisation()
        vals["applicant_phone"] = self.applicants.phone()
        vals["applicant_address"] = self.applicants.address(unit.place)
        return vals

    def _pauses(self, history, procedure, unit, cal):
        """Supplement and fee waits; recomputes the legal and statistical due dates as the ORM path does."""
        rng, shares, values = self.rng, self.shares, history.values
        roll = rng.random()
        kinds = []
        if roll < shares.two_supplements:
            kinds = ["supplement", "supplement"]
        elif roll < shares.supplement:
            kinds = ["supplement"]
        elif roll < shares.supplement + shares.payment:
            kinds = ["payment"]
        if not kinds or procedure.time_unit == "hour" or procedure.same_day:
            return []
        received = values["received_at"]
        moment, intervals = received, []
        for kind in kinds:
            paused_day = cal.add_workdays(moment.date(), rng.randint(1, 3))
            paused_at = datetime.combine(paused_day, time(10, rng.randint(0, 59)))
            abandoned = kind == "supplement" and rng.random() < shares.supplement_abandoned
            resumed_at = None if abandoned else paused_at + timedelta(days=rng.randint(1, 10), hours=-1)
            intervals.append((kind, paused_at, resumed_at))
            if resumed_at is None:
                break
            moment = resumed_at
        # The statistical due date in force when each wait began: net of the waits before it (as q1.dossier.pause
        # stamps it when the ORM path asks for the wait).
        days = procedure.time_limit
        befores = [
            due_date_after_pauses(
                received, days, [(p.date(), r.date()) for _k, p, r in intervals[:n]], cal, unit.cutoff
            )
            for n in range(len(intervals))
        ]
        history.pauses = [
            {
                "kind": kind,
                "paused_at": p,
                "resumed_at": r,
                "due_before": before,
                "reason": "Hồ sơ còn thiếu giấy tờ theo quy định." if kind == "supplement" else "Chờ nộp phí, lệ phí.",
                "missing_items": "Bản sao giấy tờ chứng minh nơi cư trú." if kind == "supplement" else None,
            }
            for (kind, p, r), before in zip(intervals, befores, strict=True)
        ]
        values["supplement_count"] = sum(k == "supplement" for k, _p, _r in intervals)
        if intervals[-1][2] is None:
            return intervals
        statistical = due_date_after_pauses(
            received, days, [(p.date(), r.date()) for _k, p, r in intervals], cal, unit.cutoff
        )
        last_supplement = [r for k, _p, r in intervals if k == "supplement"]
        anchor = last_supplement[-1] if last_supplement else received
        legal_pauses = [(p.date(), r.date()) for k, p, r in intervals if k == "payment" and p >= anchor]
        legal = due_date_after_pauses(anchor, days, legal_pauses, cal, unit.cutoff)
        values.update(due_date=legal, statistical_due_date=statistical, promised_date=legal)
        return intervals

    def _finish(self, history, procedure, unit, cal, pauses):
        rng, shares, values = self.rng, self.shares, history.values
        values.setdefault("supplement_count", 0)
        start = values["received_at"]
        if pauses and pauses[-1][2] is None:  # never supplemented: closed 15 days after the request
            stop_at = pauses[-1][1] + timedelta(days=15)
            status = "supplement" if stop_at.date() > self.end else "stopped"
            self._steps(history, procedure, unit, cal, start, pauses[-1][1], open_step=True)
            if status == "stopped":
                history.pauses[-1]["resumed_at"] = stop_at
                values.update(finished_at=stop_at, closing_reason=CLOSING_REASONS["stopped"])
                self._close_open_step(history, stop_at)
            values["state"] = status
            return
        stat_due = values["statistical_due_date"]
        days_taken = procedure.time_limit if procedure.time_unit == "day" else 1
        resume = pauses[-1][2] if pauses else start
        if rng.random() < procedure.late_share:
            end_day = cal.add_workdays(stat_due, rng.randint(1, 10))
        else:
            end_day = min(cal.add_workdays(start.date(), rng.randint(0, days_taken)), stat_due)
        end_day = max(end_day, resume.date())
        end_at = max(
            datetime.combine(end_day, time(rng.randint(8, 16), rng.randint(0, 59))), resume + timedelta(minutes=30)
        )
        roll = rng.random()
        ending = (
            "refused" if roll < shares.refused else "withdrawn" if roll < shares.refused + shares.withdrawn else "done"
        )
        if end_at.date() > self.end:
            self._steps(history, procedure, unit, cal, resume, end_at, open_step=True, until=self.end)
            values["state"] = "processing"
            return
        self._steps(history, procedure, unit, cal, resume, end_at, open_step=False)
        values["finished_at"] = end_at
        if ending != "done":
            values.update(state=ending, closing_reason=CLOSING_REASONS[ending])
            return
        if end_day > values["promised_date"] and rng.random() < shares.extension * 5:
            new_date = cal.add_workdays(values["promised_date"], rng.randint(3, 10))
            values.update(
                extension_state="approved",
                extension_date=new_date,
                promised_date=new_date,
                extension_reason=rng.choice(LATE_REASONS),
            )
        self._return(history, end_at)

    def _return(self, history, end_at):
        rng, values = self.rng, history.values
        returned_at = end_at + timedelta(days=rng.choice((0, 0, 1, 1, 2, 3)), hours=rng.randint(0, 2))
        if rng.random() < self.shares.not_returned or returned_at.date() > self.end:
            values["state"] = "done"
            return
        method = (
            "electronic"
            if values["channel"] == "online" and rng.random() < 0.7
            else "postal"
            if values["channel"] == "postal"
            else "counter"
        )
        values.update(
            state="returned", returned_at=returned_at, return_method=method, returned_to=values["applicant_name"]
        )
        if rng.random() < self.shares.rated:
            late = values["finished_at"].date() > values["statistical_due_date"]
            roll = rng.random()
            unhappy = 0.35 if late else 0.04
            rating = "not_satisfied" if roll < unhappy else "satisfied" if roll < unhappy + 0.45 else "very_satisfied"
            values.update(
                rating=rating,
                rating_date=returned_at + timedelta(minutes=5),
                rating_channel="counter" if method == "counter" else "lookup",
            )

    def _steps(self, history, procedure, unit, cal, start, end_at, open_step, until=None):
        """The control slip: steps planned from ``start``, actually finished evenly up to ``end_at``."""
        rng = self.rng
        specs = procedure.steps or (StepSpec("Xử lý", procedure.time_limit or 1, procedure.time_unit),)
        values, plan_start = history.values, start
        if start == values["received_at"]:  # the reception's next-morning transfer (Decree 118/2025 Art. 18(2))
            same_day = procedure.same_day or is_same_day(procedure.time_limit, procedure.time_unit, cal)
            plan_start = first_step_start(start, cal, unit.cutoff, values["channel"] == "direct", same_day)
        # no step planned past the appointment the citizen was given (as q1.dossier._plan_latest)
        latest = datetime.combine(values["promised_date"], unit.appointment)
        planned = plan_steps(plan_start, [(s.budget, s.unit) for s in specs], cal, latest)
        span = (end_at - start) / len(specs)
        handed_at = start
        history.steps = []
        for index, (spec, planned_end) in enumerate(zip(specs, planned, strict=True)):
            finished_at = start + span * (index + 1)
            step = {
                "name": spec.name,
                "sequence": index + 1,
                "department_id": spec.department_id,
                "procedure_step_id": spec.procedure_step_id,
                "stage_id": spec.stage_id,
                "user_id": rng.choice(unit.officers),
                "handed_at": handed_at,
                "taken_at": handed_at + timedelta(minutes=rng.randint(5, 90)),
                "planned_end": planned_end,
                "finished_at": finished_at,
            }
            if until is not None and finished_at.date() > until:
                step.update(finished_at=None)
                history.steps.append(step)
                break
            history.steps.append(step)
            handed_at = finished_at
        if open_step and until is None:
            history.steps[-1]["finished_at"] = None
        for step in history.steps:
            step["result"] = classify_step(step["planned_end"], step["finished_at"]) if step["finished_at"] else None

    def _close_open_step(self, history, at):
        step = history.steps[-1]
        step["finished_at"] = at
        step["result"] = classify_step(step["planned_end"], at)


def check_history(history):
    """Problems of a generated history (empty when consistent); used by tests."""
    values, problems = history.values, []
    if values["state"] not in lifecycle.OPEN_STATUSES | lifecycle.CLOSED_STATUSES | {lifecycle.DONE}:
        problems.append(f"status {values['state']}")
    previous = values["received_at"]
    for step in history.steps:
        if step["handed_at"] < previous - timedelta(seconds=1):
            problems.append("steps out of order")
        previous = step["finished_at"] or step["handed_at"]
    if values.get("finished_at") and values["finished_at"] < values["received_at"]:
        problems.append("finished before reception")
    if values.get("returned_at") and values["returned_at"] < values["finished_at"]:
        problems.append("returned before finished")
    return problems

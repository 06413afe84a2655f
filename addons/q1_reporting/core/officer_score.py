"""Scoring one civil servant (công chức) under Decree 335/2025/NĐ-CP (in force 01/01/2026).

The decree scores a civil servant for each month or quarter on 100 points: general criteria up to 30 points,
entered by the evaluator on form no. 01, and task results up to 70 points computed from products
(Art. 12(2)-(3)). In the one-stop shop a product is a dossier step the officer handled; its weight is the
converted-product coefficient ("đã quy đổi") from the agency's product catalogue. Task results compare the
converted products completed with those assigned (Art. 14(1)) in three percentages (Art. 14(2)):

- quantity (a) = completed / assigned;
- quality (b) = completed meeting the quality requirement / assigned, where each failed check for a major content
  error takes 25 % of that product's quality points (Art. 14(2)(b));
- progress (c) = completed on time or earlier / assigned, where each delay takes 25 % of that product's progress
  points (Art. 14(2)(c)).

Neither deduction applies when the competent level confirmed an objective cause (Art. 14(2)(b)-(c)).

Public sources of the decree's text (the official gazette copy was not reachable): Art. 12
https://news.laodong.vn/tu-van-phap-luat/tieu-chi-theo-doi-danh-gia-xep-loai-chat-luong-cong-chuc-tu-thang-12026-1632018.ldo;
Art. 14 https://news.laodong.vn/tu-van-phap-luat/cong-chuc-duoc-xac-dinh-ket-qua-thuc-hien-nhiem-vu-theo-tieu-chi-nao-1673341.ldo
and https://vietnamnet.vn/quy-dinh-moi-ve-cham-diem-can-bo-cong-chuc-tu-nam-2026-2476073.html ;
Art. 20 https://cafef.vn/cong-chuc-khong-hoan-thanh-nhiem-vu-trong-truong-hop-nao-188251228100335529.chn and
https://news.laodong.vn/cong-doan/cong-chuc-bi-xem-xet-cho-thoi-viec-tu-112026-trong-truong-hop-nao-1653865.ldo ;
Art. 21 https://news.laodong.vn/cong-doan/thoi-diem-xep-loai-chat-luong-cong-chuc-tu-ngay-112026-1632425.ldo .

UNCONFIRMED (kept as data in ``ScoringRules``): how a, b, c become 70 points. Public implementations of forms
02A/02B use (a + b + c) / 3 x 70 % for non-leaders and (a + b + c + d + đ + e) / 6 x 70 % for leaders; the decree's
own wording of that formula was not found. Also UNCONFIRMED: the rounding of printed scores (2 decimals, half up).
"""

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from .officer_score_data import (
    BAND_CODES,
    BAND_LABELS,
    BANDS,
    CRITERION_LABELS,
    DISQUALIFIERS,
    ENDING_LABELS,
    EXCUSE_JUDGED_BEFORE,
    EXCUSE_NOT_LATE,
    EXCUSE_NOT_UNFINISHED,
    GENERAL_CRITERIA,
    REASON_LATE,
    REASON_NOT_COMPLETED,
    REASON_NOT_COMPLETED_LATE,
    REASON_NOT_SATISFIED,
    REASON_ONLINE_LATE,
    WAIT_LABELS,
)

# Art. 20(5)(a): excellent officers at most 20 % of those rated good, per agency and group of similar tasks.
EXCELLENT_RATIO = 0.2
# Decree 118/2025/NĐ-CP Art. 17(2)(c): an online submission is accepted, or answered with what to fix, within
# 08 working hours of its arrival in the system.
ONLINE_ANSWER_HOURS = 8


def round_half_up(value, decimals=2):
    """``value`` rounded half away from zero, as scores are written by hand on the forms (not banker's rounding).

    The shortest decimal text of the float is rounded, so 68.835 becomes 68.84 even though the binary float is
    slightly below it.
    """
    step = Decimal(1).scaleb(-decimals)
    return float(Decimal(repr(float(value))).quantize(step, rounding=ROUND_HALF_UP))


def _require_number(value, low, high, label):
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{label}: giá trị không hợp lệ ({value!r}).")
    if not low <= value <= high:
        raise ValueError(f"{label}: phải từ {_number(low)} đến {_number(high)}, nhận được {_number(value)}.")


def _number(value):
    """Vietnamese writing of a number: decimal comma, no trailing zeros."""
    text = f"{value:.4f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


@dataclass(frozen=True)
class ScoringRules:
    """The numbers of the decree the score depends on; the caller may pass other values if the law changes.

    - ``task_max`` 70: Art. 12(3). The task points are the mean of the component percentages times
      ``task_max`` / 100 (formula UNCONFIRMED, see the module docstring).
    - ``error_deduction`` 0.25 per failed quality check: Art. 14(2)(b).
    - ``delay_deduction`` 0.25 per delay: Art. 14(2)(c).
    - ``excellent_min`` 90, ``good_min`` 70, ``completed_min`` 50: Art. 20(1)-(3); below 50 is "not completed",
      Art. 20(4)(a).
    - ``decimals`` 2: rounding of task points, totals and averages (UNCONFIRMED: the forms print two decimals in
      public implementations).
    - ``not_satisfied_deducts_quality`` False: a citizen's "not satisfied" rating (Decree 118/2025/NĐ-CP
      Art. 31-34) is evidence for general sub-criterion II.4 (service attitude), which the evaluator scores. Art. 14
      deducts only for major content errors, and a rating alone does not establish one, so by default the rating
      takes no task points; an agency whose regulation treats it as a failed check sets this to True, and the
      rating then counts as one more failed quality check on that product.
    """

    task_max: float = 70.0
    error_deduction: float = 0.25
    delay_deduction: float = 0.25
    excellent_min: float = 90.0
    good_min: float = 70.0
    completed_min: float = 50.0
    decimals: int = 2
    not_satisfied_deducts_quality: bool = False

    def __post_init__(self):
        _require_number(self.task_max, 0, 100, "Điểm tối đa của kết quả thực hiện nhiệm vụ")
        _require_number(self.error_deduction, 0, 1, "Tỷ lệ trừ mỗi lần đánh giá chất lượng chưa đạt")
        _require_number(self.delay_deduction, 0, 1, "Tỷ lệ trừ mỗi lần chậm tiến độ")
        if not 0 <= self.completed_min <= self.good_min <= self.excellent_min <= 100:
            raise ValueError("Ngưỡng điểm xếp loại phải tăng dần trong khoảng 0-100.")
        if not isinstance(self.decimals, int) or not 0 <= self.decimals <= 6:
            raise ValueError("Số chữ số thập phân khi làm tròn điểm phải từ 0 đến 6.")


DEFAULT_RULES = ScoringRules()


@dataclass(frozen=True)
class WeightTable:
    """Converted-product coefficients ("hệ số quy đổi") of the agency's product catalogue.

    A step's weight is looked up per (procedure, step), then per procedure, then ``default``. The decree
    requires converted products (Art. 14(1)) but leaves the catalogue to each agency, so the values are data.
    """

    default: float = 1.0
    by_procedure: dict = field(default_factory=dict)
    by_step: dict = field(default_factory=dict)

    def __post_init__(self):
        weights = [self.default, *self.by_procedure.values(), *self.by_step.values()]
        for weight in weights:
            _require_positive_weight(weight)

    def weight_for(self, procedure, step=None):
        """Coefficient of ``step`` of ``procedure`` (keys as the caller stores them, e.g. codes)."""
        if (procedure, step) in self.by_step:
            return self.by_step[(procedure, step)]
        return self.by_procedure.get(procedure, self.default)


def _require_positive_weight(weight):
    if isinstance(weight, bool) or not isinstance(weight, (int, float)) or not math.isfinite(weight) or weight <= 0:
        raise ValueError(f"Hệ số quy đổi sản phẩm phải là số dương, nhận được {weight!r}.")


@dataclass(frozen=True)
class Product:
    """One converted product: a dossier step handled by the officer in the period.

    ``late``: finished after the step's planned end on the control slip (one delay, explained by ``late_reason``).
    ``errors``: one reason per failed quality check (returned for an error, an item the receiver should have
    caught, a justified complaint). ``excused``: the competent level confirmed an objective cause, so neither the
    quality nor the progress deduction applies (Art. 14(2)(b)-(c)). ``assigned`` False marks work done beyond the
    assignment: it counts in what was completed but not in what was assigned. ``excuses``: what the applicant's
    waits and endings took off this product (built by ``judge_step``), one evidence line each, deducting nothing.
    """

    ref: Any
    dossier_code: str
    step_name: str
    weight: float = 1.0
    assigned: bool = True
    completed: bool = True
    late: bool = False
    errors: tuple = ()
    not_satisfied: bool = False
    excused: bool = False
    excuses: tuple = ()
    late_reason: str = REASON_LATE

    def __post_init__(self):
        _require_positive_weight(self.weight)
        object.__setattr__(self, "excuses", tuple(self.excuses))
        if isinstance(self.errors, str):
            raise ValueError("Danh sách sai sót phải là một dãy các lý do, không phải một chuỗi.")
        object.__setattr__(self, "errors", tuple(self.errors))
        if not all(isinstance(reason, str) and reason.strip() for reason in self.errors):
            raise ValueError("Mỗi sai sót phải có lý do bằng chữ.")


@dataclass(frozen=True)
class EvidenceLine:
    """Why a product lost points: ``points_deducted`` is the fraction (0-1) of that product's converted points
    lost for ``criterion``. Criteria: 'quantity' (assigned, not completed), 'quality', 'progress', and 'service'
    (a "not satisfied" rating, evidence for sub-criterion II.4 that deducts nothing by itself)."""

    ref: Any
    dossier_code: str
    step_name: str
    criterion: str
    reason: str
    points_deducted: float

    @property
    def criterion_label(self):
        return CRITERION_LABELS[self.criterion]


@dataclass(frozen=True)
class GeneralCriteria:
    """Points of the general criteria entered by the evaluator (Art. 12(2); form no. 01 groups I, II, III).

    I: ``qualities`` and ``discipline`` up to 5 each; II: ``competence``, ``task_fulfilment``,
    ``responsibility`` and ``service_attitude`` up to 2.5 each; III: ``innovation`` up to 10. Total up to 30.
    """

    qualities: float = 0.0
    discipline: float = 0.0
    competence: float = 0.0
    task_fulfilment: float = 0.0
    responsibility: float = 0.0
    service_attitude: float = 0.0
    innovation: float = 0.0

    def __post_init__(self):
        for name, label, maximum in GENERAL_CRITERIA:
            _require_number(getattr(self, name), 0, maximum, f"Tiêu chí «{label}»")

    @property
    def total(self):
        return math.fsum(getattr(self, name) for name, _label, _maximum in GENERAL_CRITERIA)


@dataclass(frozen=True)
class TaskResult:
    """Task results of one period. Percentages are 0-100 (capped at 100); ``points`` 0-``task_max``.

    With nothing assigned the percentages and points are None: Art. 14 compares completed with assigned, and
    with no assigned product there is nothing to compare, so the period is either scored from the evaluator's
    own entry or left out of the year (Art. 21: only the actual working period counts).
    """

    quantity_pct: float | None
    quality_pct: float | None
    progress_pct: float | None
    points: float | None
    evidence: tuple


def _deduction_lines(product, criterion, reasons, per_check):
    """One line per failed check; together they never take more than the product's whole points."""
    remaining, lines = 1.0, []
    for reason in reasons:
        taken = min(per_check, remaining)
        remaining -= taken
        lines.append(EvidenceLine(product.ref, product.dossier_code, product.step_name, criterion, reason, taken))
    return lines


def _quality_reasons(product, rules):
    if product.excused:
        return ()
    extra = (REASON_NOT_SATISFIED,) if rules.not_satisfied_deducts_quality and product.not_satisfied else ()
    return product.errors + extra


def _product_evidence(product, rules):
    if not product.completed:
        if not product.assigned:
            return []
        reason = REASON_NOT_COMPLETED_LATE if product.late else REASON_NOT_COMPLETED
        return [EvidenceLine(product.ref, product.dossier_code, product.step_name, "quantity", reason, 1.0)]
    lines = _deduction_lines(product, "quality", _quality_reasons(product, rules), rules.error_deduction)
    if product.late and not product.excused:
        lines += _deduction_lines(product, "progress", (product.late_reason,), rules.delay_deduction)
    return lines


def _excuse_lines(product):
    """The applicant's waits and endings that excused the product, shown beside it; they deduct nothing."""
    if not product.assigned and not product.completed:
        return []
    return [
        EvidenceLine(product.ref, product.dossier_code, product.step_name, "excused", reason, 0.0)
        for reason in product.excuses
    ]


def _kept_fraction(lines):
    return max(0.0, 1.0 - math.fsum(line.points_deducted for line in lines))


def _percent(part, whole):
    return min(100.0, 100.0 * part / whole)


def _require_components(components):
    for value in components:
        _require_number(value, 0, 100, "Tỷ lệ phần trăm của tiêu chí lãnh đạo, quản lý")
    return tuple(components)


def task_result(products, rules=DEFAULT_RULES, leader_components=()):
    """Quantity, quality and progress percentages, task points and the evidence of every deduction (Art. 14).

    ``leader_components``: the further percentages of a leader (d, đ, e: the unit's results, organising capacity,
    ...), averaged with a, b, c (formula UNCONFIRMED, see the module docstring). Percentages are kept unrounded;
    the points are rounded to ``rules.decimals``.
    """
    products = tuple(products)
    extra = _require_components(leader_components)
    evidence_by_product = [(product, _product_evidence(product, rules)) for product in products]
    evidence = tuple(line for _product, lines in evidence_by_product for line in lines) + tuple(
        line for product in products for line in _excuse_lines(product)
    )
    assigned = math.fsum(product.weight for product in products if product.assigned)
    if not assigned:
        return TaskResult(None, None, None, None, evidence)
    done = [(product, lines) for product, lines in evidence_by_product if product.completed]
    quantity = _percent(math.fsum(product.weight for product, _lines in done), assigned)
    quality = _percent(
        math.fsum(
            product.weight * _kept_fraction([line for line in lines if line.criterion == "quality"])
            for product, lines in done
        ),
        assigned,
    )
    progress = _percent(
        math.fsum(
            product.weight * _kept_fraction([line for line in lines if line.criterion == "progress"])
            for product, lines in done
        ),
        assigned,
    )
    components = (quantity, quality, progress, *extra)
    points = round_half_up(math.fsum(components) * rules.task_max / (100 * len(components)), rules.decimals)
    return TaskResult(quantity, quality, progress, points, evidence)


def service_evidence(products):
    """One 'service' line per product whose dossier the citizen rated "not satisfied" (Decree 118/2025 Art. 31-34).

    The lines deduct nothing: they are what the evaluator reads before scoring sub-criterion II.4 (service
    attitude, 2.5 points); see ``ScoringRules.not_satisfied_deducts_quality``.
    """
    return tuple(
        EvidenceLine(product.ref, product.dossier_code, product.step_name, "service", REASON_NOT_SATISFIED, 0.0)
        for product in products
        if product.not_satisfied
    )


# --- Which products a period judges, net of the applicant's waits ---------------------------------------------------


@dataclass(frozen=True)
class Wait:
    """A wait for the applicant that overlapped a step: ``kind`` 'supplement' (Decree 118/2025 Art. 19(5)) or
    'payment' (fees), from ``start`` to ``end`` (None: not over when the step is judged).

    ``in_plan``: the control slip already moved the step's planned end past this wait when the applicant came back
    (the dossier's resume replans the step that was open), so it is shown but not added to the planned end again.
    """

    kind: str
    start: datetime
    end: datetime | None = None
    in_plan: bool = False

    def __post_init__(self):
        if self.kind not in WAIT_LABELS:
            raise ValueError(f"Loại thời gian chờ không xác định: {self.kind!r}.")
        if self.end is not None and self.end < self.start:
            raise ValueError("Thời gian chờ kết thúc trước khi bắt đầu.")

    def label(self, end=None):
        """e.g. "Chờ công dân bổ sung hồ sơ 12/03/2026–20/03/2026"; an open wait reads "từ 12/03/2026"."""
        end = end or self.end
        if end is None:
            return f"{WAIT_LABELS[self.kind]} từ {self.start:%d/%m/%Y}"
        return f"{WAIT_LABELS[self.kind]} {self.start:%d/%m/%Y}–{end:%d/%m/%Y}"


@dataclass(frozen=True)
class StepRecord:
    """A control-slip step as the record holds it (local naive datetimes), before a period judges it.

    ``ended_by_applicant``: 'stopped' or 'withdrawn' when the step was still open when the dossier was stopped
    (at the applicant's request, or closed by the watchdog because the supplement never came, Art. 19(5), 21) or
    withdrawn; ``finished_at`` is then that ending. ``waits``: the applicant's waits of the dossier (those that
    did not overlap the step are ignored).
    """

    ref: Any
    dossier_code: str
    step_name: str
    taken_at: datetime
    planned_end: datetime
    finished_at: datetime | None = None
    weight: float = 1.0
    waits: tuple = ()
    ended_by_applicant: str | None = None
    errors: tuple = ()
    not_satisfied: bool = False

    def __post_init__(self):
        object.__setattr__(self, "waits", tuple(sorted(self.waits, key=lambda wait: wait.start)))
        if self.ended_by_applicant is not None and self.ended_by_applicant not in ENDING_LABELS:
            raise ValueError(f"Trường hợp kết thúc hồ sơ không xác định: {self.ended_by_applicant!r}.")


def _clip_waits(record, until):
    """The waits that overlapped the step up to ``until``, each with its end as seen then (None: still waiting)."""
    clipped = []
    for wait in record.waits:
        if wait.start >= until or (wait.end is not None and wait.end <= record.taken_at):
            continue
        clipped.append((wait, wait.end if wait.end is not None and wait.end < until else None))
    return clipped


def _net_planned_end(record, waits):
    """The step's planned end net of the applicant's waits (Decree 335/2025 Art. 14(2): the applicant's wait is
    not the officer's delay); None while a wait that began before it is not over (no planned end yet).

    A wait adds the time it overlapped the step, counted on the clock (its nights and days off included: never
    harsher than working time; which of the two an agency's regulation counts is UNCONFIRMED). A wait that began
    after the planned end had passed adds nothing: the step was already late, and that delay is the officer's.
    """
    end = record.planned_end
    for wait, wait_end in waits:
        if wait.in_plan:
            continue
        if wait.start >= end:
            break
        if wait_end is None:
            return None
        end += max(wait_end - max(wait.start, record.taken_at), timedelta(0))
    return end


def judge_step(record, start, end, judged_open_before=False):
    """The product ``record`` gives the period [``start``, ``end``) (local naive datetimes), or None.

    - A step is judged in the period it ends (finished in the window); a step still open at the end of the window
      is judged only in the window its planned end (net of the applicant's waits) falls in, as assigned and not
      completed, so a stale step is never counted again in later periods; one waiting for the applicant has no
      planned end yet and waits for its own end.
    - A product is assigned in exactly one period (Decree 335/2025 Art. 14(1)-(2) compares, per month or quarter,
      the products completed with those *assigned*: a product assigned once is not assigned again). When an
      earlier period already judged the step open (``judged_open_before``: the caller saw it on an earlier sheet
      of the officer as assigned and not completed), the period it finishes in judges only what changed, its
      completion: a product completed but not assigned (``Product.assigned`` False), not late again (its delay
      was already taken there, as the whole product), with an evidence line saying so. Without an earlier sheet
      (no evaluation then) the finishing period assigns it as usual.
    - The applicant's waits move the planned end (``_net_planned_end``), and each is shown on the product
      ("Chờ công dân bổ sung hồ sơ 12/03/2026–20/03/2026: không tính chậm").
    - A step still open when the dossier was stopped or withdrawn on the applicant's side counts as completed (it
      is not unfinished work of the officer) and is late only if its planned end had already passed when the
      applicant's wait or the ending began (Art. 14(2): the objective cause is exempt, an earlier delay is not).
    """
    finished = record.finished_at if record.finished_at is not None and record.finished_at < end else None
    waits = _clip_waits(record, finished or end)
    planned = _net_planned_end(record, waits)
    if finished is None:
        if planned is None or not start <= planned < end:
            return None
        completed, late = False, True
    elif finished < start:
        return None
    else:
        completed, late = True, planned is not None and finished > planned
    excuses = []
    for wait, wait_end in waits:
        if planned is None or wait.in_plan or wait.start < planned:
            shown_end = wait_end or (finished if record.ended_by_applicant else None)
            excuses.append(f"{wait.label(shown_end)}: {EXCUSE_NOT_LATE}")
    if finished is not None and record.ended_by_applicant:
        ending = f"{ENDING_LABELS[record.ended_by_applicant]} ngày {finished:%d/%m/%Y}: {EXCUSE_NOT_UNFINISHED}"
        excuses.append(ending if late else f"{ending}, {EXCUSE_NOT_LATE}")
    assigned = True
    if finished is not None and judged_open_before:
        assigned, late = False, False
        excuses.append(EXCUSE_JUDGED_BEFORE.format(finished=finished))
    return Product(
        record.ref,
        record.dossier_code,
        record.step_name,
        record.weight,
        assigned=assigned,
        completed=completed,
        late=late,
        errors=record.errors,
        not_satisfied=record.not_satisfied,
        excuses=tuple(excuses),
    )


def online_answer_late(answer_hours):
    """True when an online submission was accepted or answered after 08 working hours (Decree 118/2025
    Art. 17(2)(c)); ``answer_hours``: working hours from its arrival in the system to the answer (None: not an
    online submission)."""
    if answer_hours is None:
        return False
    _require_number(answer_hours, 0, math.inf, "Số giờ làm việc đến khi trả lời hồ sơ trực tuyến")
    return answer_hours > ONLINE_ANSWER_HOURS


def online_late_reason(answer_hours, submitted_at=None, answered_at=None):
    """The evidence line of a late online answer, with its working hours and, when given, when it was submitted
    and answered, e.g. "... (điểm c khoản 2 Điều 17 Nghị định 118/2025/NĐ-CP): trả lời sau 25 giờ làm việc (nộp
    lúc 08:00 01/06/2026, trả lời lúc 09:00 04/06/2026)"."""
    reason = f"{REASON_ONLINE_LATE}: trả lời sau {_number(round_half_up(answer_hours))} giờ làm việc"
    if submitted_at is not None and answered_at is not None:
        reason += f" (nộp lúc {submitted_at:%H:%M %d/%m/%Y}, trả lời lúc {answered_at:%H:%M %d/%m/%Y})"
    return reason


def answer_product(
    ref,
    dossier_code,
    step_name,
    weight=1.0,
    *,
    answer_hours=None,
    submitted_at=None,
    answered_at=None,
    excused=False,
    **values,
):
    """The product of the officer who received or answered a submission at the counter: one delay (progress
    deduction, Decree 335/2025 Art. 14(2)(c)) when an online one was answered after 08 working hours, unless
    the competent level ``excused`` it; the evidence line gives the hours (``online_late_reason``).

    Who is charged, and when: an online submission is nobody's product until someone answers it (the system
    alerts the unit's receivers within 02 hours, Decree 118/2025 Art. 17(2)(b), but assigns it to no one), so a
    submission still unanswered when a period ends, even past its 08 working hours, is charged to no one in that
    period; it is charged in the period it is answered, to the officer who answers it (the one whose answer came
    late), with the whole wait in working hours and the submission and answer times on the line, so a delay that
    began before the period shows it. Never charged twice: the answer happens once. A submission withdrawn before
    any answer is charged to no one (no officer answered it). Which officer an agency's regulation charges instead
    (the one on duty at the 8th hour) is UNCONFIRMED; this is the reading that charges only who acted.
    """
    late = online_answer_late(answer_hours)
    return Product(
        ref,
        dossier_code,
        step_name,
        weight,
        late=late,
        excused=excused,
        late_reason=online_late_reason(answer_hours, submitted_at, answered_at) if late else REASON_ONLINE_LATE,
        **values,
    )


def band(total, disqualified=False, rules=DEFAULT_RULES):
    """Quality level of a score (Art. 20(1)-(4)): 'excellent' ≥ 90, 'good' 70-<90, 'completed' 50-<70, else
    'not_completed'; a disqualifier of Art. 20(4)(b)-(d) makes it 'not_completed' whatever the score."""
    _require_number(total, 0, 100, "Tổng điểm")
    if disqualified or total < rules.completed_min:
        return "not_completed"
    if total >= rules.excellent_min:
        return "excellent"
    if total >= rules.good_min:
        return "good"
    return "completed"


def band_label(level):
    """Vietnamese name of a level, e.g. 'Hoàn thành tốt nhiệm vụ'."""
    return BAND_LABELS[level]


def band_code(level):
    """Short code of a level: HTXSNV, HTTNV, HTNV or KHTNV."""
    return BAND_CODES[level]


def _check_disqualifiers(codes):
    codes = tuple(codes)
    unknown = [code for code in codes if code not in DISQUALIFIERS]
    if unknown:
        raise ValueError(f"Trường hợp không hoàn thành nhiệm vụ không xác định: {', '.join(map(str, unknown))}.")
    return codes


class _Level:
    """The label and code of a result's level ``band``, as printed on the forms."""

    @property
    def band_label(self):
        return band_label(self.band)

    @property
    def band_code(self):
        return band_code(self.band)


@dataclass(frozen=True)
class Score(_Level):
    """A period's score: general points + task points = total (0-100), its level and the evidence behind it.

    ``evidence`` holds the task deductions followed by the 'service' lines; ``disqualifiers`` the codes of
    Art. 20(4)(b)-(d) that forced the level (see ``officer_score_data.DISQUALIFIERS``).
    """

    general_points: float
    task_points: float
    task: TaskResult
    total: float
    band: str
    evidence: tuple
    disqualifiers: tuple = ()

    @property
    def disqualifier_reasons(self):
        return tuple(DISQUALIFIERS[code] for code in self.disqualifiers)


def _task_points(task, entered, rules, reason=None):
    """The task points the sheet uses: the evaluator's entry when there is one, else the computed points.

    With products the computed points stand unless the evaluator replaces them AND says why (``reason``): an
    entry is then never silently ignored, and an entry without a reason is refused rather than dropped. The
    computed points stay on the result (``Score.task.points``) to be shown beside the entry.
    """
    if entered is None:
        if task.points is None:
            raise ValueError("Không có sản phẩm được giao trong kỳ: cần nhập điểm kết quả thực hiện nhiệm vụ.")
        return task.points
    if task.points is not None and not (reason or "").strip():
        raise ValueError(
            "Điểm kết quả thực hiện nhiệm vụ đã được tính từ sản phẩm được giao; điểm nhập thay thế phải nêu lý do."
        )
    _require_number(entered, 0, rules.task_max, "Điểm kết quả thực hiện nhiệm vụ")
    return round_half_up(entered, rules.decimals)


def officer_score(
    products,
    general,
    rules=DEFAULT_RULES,
    disqualifiers=(),
    *,
    task_points=None,
    task_points_reason=None,
    leader_components=(),
):
    """Score of one officer for one month or quarter (Art. 12, 14, 20).

    ``task_points`` is the evaluator's entry: the score when no product was assigned (see ``TaskResult``), or a
    replacement of the computed points given with its ``task_points_reason`` (see ``_task_points``).
    The total is rounded to ``rules.decimals`` and the level is taken from the rounded total, the number printed
    on the form.
    """
    products = tuple(products)
    task = task_result(products, rules, leader_components)
    points = _task_points(task, task_points, rules, task_points_reason)
    codes = _check_disqualifiers(disqualifiers)
    total = round_half_up(general.total + points, rules.decimals)
    return Score(
        general.total,
        points,
        task,
        total,
        band(total, bool(codes), rules),
        task.evidence + service_evidence(products),
        codes,
    )


@dataclass(frozen=True)
class YearResult(_Level):
    """Year-end result: the average of the period totals and its level (Art. 21)."""

    average: float
    band: str
    periods: int


def yearly_band(period_totals, disqualified=False, rules=DEFAULT_RULES):
    """Year-end level from the monthly or quarterly totals (Art. 21): their average, rated before 15 December.

    Pass only the periods actually worked: for absence with a lawful reason, sickness or maternity leave the year
    is rated on the actual working period (Art. 21). A transferred officer's totals from the former agency are
    included by the caller (the former agency sends them, Art. 21). ``disqualified``: Art. 20(4)(b)-(d).
    """
    totals = tuple(period_totals)
    if not totals:
        raise ValueError("Chưa có kết quả theo dõi, đánh giá của tháng hoặc quý nào trong năm.")
    for value in totals:
        _require_number(value, 0, 100, "Tổng điểm của kỳ đánh giá")
    average = round_half_up(math.fsum(totals) / len(totals), rules.decimals)
    return YearResult(average, band(average, disqualified, rules), len(totals))


@dataclass(frozen=True)
class CapViolation:
    """A group where more officers are rated excellent than Art. 20(5)(a) allows."""

    group: Any
    excellent: int
    good: int
    allowed: int
    excess: int
    ratio: Fraction

    def message(self):
        """Vietnamese text naming the group, the counts and how many are over the limit."""
        where = "Cơ quan, đơn vị" if self.group is None else f"Nhóm «{_group_label(self.group)}»"
        percent = _number(float(self.ratio * 100))
        return (
            f"{where}: {self.excellent} công chức xếp loại «{BAND_LABELS['excellent']}», vượt {self.excess} so "
            f"với mức tối đa {self.allowed} ({percent}% của {self.good} công chức xếp loại "
            f"«{BAND_LABELS['good']}»; Điều 20 khoản 5 điểm a Nghị định 335/2025/NĐ-CP)."
        )


def _group_label(group):
    if isinstance(group, tuple):
        return " - ".join(map(str, group))
    return str(group)


def _exact_ratio(ratio):
    """The ratio as an exact fraction, so that 20 % of 35 is 7 and not 6.999... rounded down."""
    if isinstance(ratio, bool) or not isinstance(ratio, (int, float, Fraction, Decimal)):
        raise ValueError(f"Tỷ lệ xếp loại xuất sắc không hợp lệ: {ratio!r}.")
    exact = ratio if isinstance(ratio, Fraction) else Fraction(str(ratio))
    if not 0 <= exact <= 1:
        raise ValueError(f"Tỷ lệ xếp loại xuất sắc phải từ 0 đến 1, nhận được {ratio}.")
    return exact


def _count_by_group(bands_by_officer, group_of):
    counts = {}
    for officer, level in bands_by_officer.items():
        if level not in BANDS:
            raise ValueError(f"Mức xếp loại không xác định: {level!r}.")
        if group_of is not None and officer not in group_of:
            raise ValueError(f"Chưa xác định nhóm nhiệm vụ tương đồng của công chức {officer!r}.")
        group = group_of[officer] if group_of is not None else None
        tally = counts.setdefault(group, {"excellent": 0, "good": 0})
        if level in tally:
            tally[level] += 1
    return counts


# How a group too small to hold one "excellent" is capped (floor(20 % x good) is 0 for fewer than 5 good):
# 'none': literally, no excellent in it (Art. 20(5)(a) read as written); 'one': it may hold one; 'pool': its
# officers are capped with the whole agency (the clause caps the agency too). The decree's text read says nothing
# of small groups: which rule applies is UNCONFIRMED. Default 'none', the only one that never lets a group exceed
# the ratio as written; the competent level chooses another on the evaluation period.
SMALL_GROUP_RULES = ("none", "one", "pool")
DEFAULT_SMALL_GROUP_RULE = "none"


@dataclass(frozen=True)
class GroupCap:
    """The cap of one group (Art. 20(5)(a)): its counts and how many excellent it may hold. ``group`` None is the
    whole agency (the pool of the small groups under the 'pool' rule)."""

    group: Any
    excellent: int
    good: int
    allowed: int
    ratio: Fraction

    @property
    def over(self):
        return self.excellent > self.allowed

    def status(self):
        """e.g. "Nhóm «Văn thư»: 1 xuất sắc / 3 tốt — vượt tỷ lệ 20% (tối đa 0)"."""
        where = "Cơ quan, đơn vị" if self.group is None else f"Nhóm «{_group_label(self.group)}»"
        verdict = "vượt tỷ lệ" if self.over else "trong tỷ lệ"
        percent = _number(float(self.ratio * 100))
        return f"{where}: {self.excellent} xuất sắc / {self.good} tốt — {verdict} {percent}% (tối đa {self.allowed})"


def cap_status(bands_by_officer, group_of=None, ratio=EXCELLENT_RATIO, small_group=DEFAULT_SMALL_GROUP_RULE):
    """The cap of every group (Art. 20(5)(a)), in the order groups first appear, whether over or not.

    The limit is floor(ratio x good), computed exactly: 10 good allow 2 excellent, 4 good allow none (see
    ``SMALL_GROUP_RULES`` for the groups where that is 0). Call once per agency, over the sheets to be counted
    together (the approved ones and those being approved, or all of a period to show where it stands).
    """
    if small_group not in SMALL_GROUP_RULES:
        raise ValueError(f"Quy tắc cho nhóm nhỏ không xác định: {small_group!r}.")
    exact = _exact_ratio(ratio)
    tallies = _count_by_group(bands_by_officer, group_of)
    caps, pooled = [], False
    for group, tally in tallies.items():
        allowed = math.floor(exact * tally["good"])
        if allowed == 0 and small_group == "one":
            allowed = 1
        if allowed == 0 and small_group == "pool" and group is not None:
            pooled = True
            continue
        caps.append(GroupCap(group, tally["excellent"], tally["good"], allowed, exact))
    if pooled:
        excellent = sum(tally["excellent"] for tally in tallies.values())
        good = sum(tally["good"] for tally in tallies.values())
        caps.append(GroupCap(None, excellent, good, math.floor(exact * good), exact))
    return caps


def cap_violations(bands_by_officer, group_of=None, ratio=EXCELLENT_RATIO, small_group=DEFAULT_SMALL_GROUP_RULE):
    """Groups where excellent officers exceed ``ratio`` of the officers rated good (Art. 20(5)(a)).

    The decree: excellent "không vượt quá 20% tổng số công chức được xếp loại Hoàn thành tốt nhiệm vụ" within one
    agency and within each group of officers with similar tasks. A count of people is whole, so the limit is
    floor(ratio x good), computed exactly: 10 good allow 2 excellent, 4 good allow none (``small_group``: see
    ``SMALL_GROUP_RULES``). "Good" counts only officers rated good, not the excellent ones. Call once per agency;
    ``group_of`` maps each officer to the group of similar tasks (None: the whole agency is one group; keys may be
    tuples such as (unit, group)). ``ratio`` may be raised where the competent level allows it for outstanding
    organisations (Art. 20(5)(b), ratio UNCONFIRMED). Groups are reported in the order they first appear.
    """
    return [
        CapViolation(cap.group, cap.excellent, cap.good, cap.allowed, cap.excellent - cap.allowed, cap.ratio)
        for cap in cap_status(bands_by_officer, group_of, ratio, small_group)
        if cap.over
    ]

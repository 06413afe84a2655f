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
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from .officer_score_data import (
    BAND_CODES,
    BAND_LABELS,
    BANDS,
    CRITERION_LABELS,
    DISQUALIFIERS,
    GENERAL_CRITERIA,
    REASON_LATE,
    REASON_NOT_COMPLETED,
    REASON_NOT_COMPLETED_LATE,
    REASON_NOT_SATISFIED,
)

# Art. 20(5)(a): excellent officers at most 20 % of those rated good, per agency and group of similar tasks.
EXCELLENT_RATIO = 0.2


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

    ``late``: finished after the step's planned end on the control slip (one delay). ``errors``: one reason per
    failed quality check (returned for an error, an item the receiver should have caught, a justified
    complaint). ``excused``: the competent level confirmed an objective cause, so neither the quality nor the
    progress deduction applies (Art. 14(2)(b)-(c)). ``assigned`` False marks work done beyond the assignment: it
    counts in what was completed but not in what was assigned.
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

    def __post_init__(self):
        _require_positive_weight(self.weight)
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
        lines += _deduction_lines(product, "progress", (REASON_LATE,), rules.delay_deduction)
    return lines


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
    evidence = tuple(line for _product, lines in evidence_by_product for line in lines)
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


def _task_points(task, entered, rules):
    if entered is None:
        if task.points is None:
            raise ValueError("Không có sản phẩm được giao trong kỳ: cần nhập điểm kết quả thực hiện nhiệm vụ.")
        return task.points
    if task.points is not None:
        raise ValueError("Điểm kết quả thực hiện nhiệm vụ đã được tính từ sản phẩm được giao, không nhập thêm.")
    _require_number(entered, 0, rules.task_max, "Điểm kết quả thực hiện nhiệm vụ")
    return round_half_up(entered, rules.decimals)


def officer_score(products, general, rules=DEFAULT_RULES, disqualifiers=(), *, task_points=None, leader_components=()):
    """Score of one officer for one month or quarter (Art. 12, 14, 20).

    ``task_points`` is the evaluator's entry, accepted only when no product was assigned (see ``TaskResult``).
    The total is rounded to ``rules.decimals`` and the level is taken from the rounded total, the number printed
    on the form.
    """
    products = tuple(products)
    task = task_result(products, rules, leader_components)
    points = _task_points(task, task_points, rules)
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


def cap_violations(bands_by_officer, group_of=None, ratio=EXCELLENT_RATIO):
    """Groups where excellent officers exceed ``ratio`` of the officers rated good (Art. 20(5)(a)).

    The decree: excellent "không vượt quá 20% tổng số công chức được xếp loại Hoàn thành tốt nhiệm vụ" within one
    agency and within each group of officers with similar tasks. A count of people is whole, so the limit is
    floor(ratio x good), computed exactly: 10 good allow 2 excellent, 4 good allow none. "Good" counts only
    officers rated good, not the excellent ones. Call once per agency; ``group_of`` maps each officer to the
    group of similar tasks (None: the whole agency is one group; keys may be tuples such as (unit, group)).
    ``ratio`` may be raised where the competent level allows it for outstanding organisations (Art. 20(5)(b),
    ratio UNCONFIRMED). Groups are reported in the order they first appear.
    """
    exact = _exact_ratio(ratio)
    violations = []
    for group, tally in _count_by_group(bands_by_officer, group_of).items():
        allowed = math.floor(exact * tally["good"])
        if tally["excellent"] > allowed:
            violations.append(
                CapViolation(group, tally["excellent"], tally["good"], allowed, tally["excellent"] - allowed, exact)
            )
    return violations

"""Decree 335/2025/NĐ-CP scoring: task results from dossier steps, general criteria, levels, the 20 % cap, year end."""

import dataclasses
import math
import random
import re
from datetime import datetime, timedelta
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from q1_reporting.core.officer_score import (
    DEFAULT_RULES,
    EXCELLENT_RATIO,
    ONLINE_ANSWER_HOURS,
    GeneralCriteria,
    Product,
    ScoringRules,
    StepRecord,
    Wait,
    WeightTable,
    answer_product,
    band,
    band_code,
    band_label,
    cap_status,
    cap_violations,
    judge_step,
    officer_score,
    round_half_up,
    service_evidence,
    task_result,
    yearly_band,
)
from q1_reporting.core.officer_score_data import (
    BANDS,
    DISQUALIFIERS,
    ERROR_JUSTIFIED_COMPLAINT,
    ERROR_MISSED_ITEM,
    ERROR_RETURNED,
    GENERAL_CRITERIA,
    REASON_LATE,
    REASON_NOT_COMPLETED,
    REASON_NOT_COMPLETED_LATE,
    REASON_NOT_SATISFIED,
    REASON_ONLINE_LATE,
)

FULL_GENERAL = GeneralCriteria(5, 5, 2.5, 2.5, 2.5, 2.5, 10)


def step(index, **changes):
    values = dict(ref=index, dossier_code=f"H29.39.01-260305-{index:04d}", step_name="Thẩm định hồ sơ")
    values.update(changes)
    return Product(**values)


def steps(count, **changes):
    return [step(index, **changes) for index in range(count)]


def general(total_of_innovation=10.0, attitude=2.5):
    return GeneralCriteria(5, 5, 2.5, 2.5, 2.5, attitude, total_of_innovation)


# --- Task results (Art. 14) ------------------------------------------------------------------------------------


def test_all_on_time_scores_full_task_points():
    result = task_result(steps(10))
    assert (result.quantity_pct, result.quality_pct, result.progress_pct) == (100.0, 100.0, 100.0)
    assert result.points == 70.0
    assert result.evidence == ()


def test_two_late_steps_of_ten_give_progress_95():
    products = steps(10)
    products[3] = dataclasses.replace(products[3], late=True)
    products[7] = dataclasses.replace(products[7], late=True)
    result = task_result(products)
    assert result.quantity_pct == 100.0
    assert result.quality_pct == 100.0
    assert result.progress_pct == 95.0
    # (100 + 100 + 95) / 3 x 70 % = 68.8333...
    assert result.points == 68.83
    assert [(line.ref, line.criterion, line.reason, line.points_deducted) for line in result.evidence] == [
        (3, "progress", REASON_LATE, 0.25),
        (7, "progress", REASON_LATE, 0.25),
    ]
    assert result.evidence[0].dossier_code == "H29.39.01-260305-0003"
    assert result.evidence[0].step_name == "Thẩm định hồ sơ"
    assert result.evidence[0].criterion_label == "Tiến độ"


def test_each_failed_check_takes_a_quarter_of_that_products_weighted_quality():
    products = [step(0, weight=2.0, errors=(ERROR_RETURNED,)), step(1), step(2)]
    result = task_result(products)
    # Assigned 4 converted products; the weight-2 product keeps 75 % of its quality: (1.5 + 1 + 1) / 4.
    assert result.quality_pct == 87.5
    assert result.quantity_pct == 100.0
    assert result.progress_pct == 100.0
    assert [(line.criterion, line.reason, line.points_deducted) for line in result.evidence] == [
        ("quality", ERROR_RETURNED, 0.25)
    ]


def test_deductions_stop_at_the_products_whole_points():
    reasons = (ERROR_RETURNED, ERROR_MISSED_ITEM, ERROR_JUSTIFIED_COMPLAINT, ERROR_RETURNED, ERROR_RETURNED)
    result = task_result([step(0, errors=reasons), step(1)])
    assert result.quality_pct == 50.0
    assert [line.points_deducted for line in result.evidence] == [0.25, 0.25, 0.25, 0.25, 0.0]
    assert [line.reason for line in result.evidence] == list(reasons)


def test_unfinished_step_counts_in_assigned_only():
    products = steps(3) + [step(3, completed=False), step(4, completed=False, late=True)]
    result = task_result(products)
    assert result.quantity_pct == 60.0
    assert result.quality_pct == 60.0
    assert result.progress_pct == 60.0
    assert result.points == 42.0
    assert [(line.ref, line.criterion, line.reason, line.points_deducted) for line in result.evidence] == [
        (3, "quantity", REASON_NOT_COMPLETED, 1.0),
        (4, "quantity", REASON_NOT_COMPLETED_LATE, 1.0),
    ]


def test_excused_step_loses_nothing():
    products = [step(0, late=True, errors=(ERROR_RETURNED,), excused=True), step(1)]
    result = task_result(products)
    assert result.points == 70.0
    assert result.evidence == ()


def test_work_beyond_the_assignment_fills_up_to_100_percent():
    products = [step(0, completed=False), step(1), step(2, assigned=False), step(3, assigned=False)]
    result = task_result(products)
    assert result.quantity_pct == 100.0
    assert result.points == 70.0
    # Work neither assigned nor done leaves no trace.
    assert task_result([step(0), step(1, assigned=False, completed=False)]).evidence == ()


def test_nothing_assigned_has_no_task_points():
    result = task_result([step(0, assigned=False, errors=(ERROR_RETURNED,))])
    assert (result.quantity_pct, result.quality_pct, result.progress_pct, result.points) == (None, None, None, None)
    assert [line.criterion for line in result.evidence] == ["quality"]
    assert task_result([]).points is None


def test_leader_components_are_averaged_with_a_b_c():
    result = task_result(steps(4), leader_components=(100.0, 50.0, 100.0))
    # (100 + 100 + 100 + 100 + 50 + 100) / 6 x 70 % = 64.1666...
    assert result.points == 64.17
    with pytest.raises(ValueError, match="lãnh đạo"):
        task_result(steps(1), leader_components=(120,))


def test_rules_change_the_deduction():
    rules = ScoringRules(delay_deduction=0.5)
    assert task_result([step(0, late=True), step(1)], rules).progress_pct == 75.0


def test_products_accept_any_iterable_and_list_of_errors():
    product = step(0, errors=[ERROR_RETURNED])
    assert product.errors == (ERROR_RETURNED,)
    score = officer_score((p for p in [step(0, not_satisfied=True)]), FULL_GENERAL)
    assert [line.criterion for line in score.evidence] == ["service"]


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"weight": 0}, "Hệ số quy đổi"),
        ({"weight": -1.0}, "Hệ số quy đổi"),
        ({"weight": float("nan")}, "Hệ số quy đổi"),
        ({"errors": "sai"}, "dãy các lý do"),
        ({"errors": ("",)}, "lý do bằng chữ"),
    ],
)
def test_bad_product_is_refused(changes, message):
    with pytest.raises(ValueError, match=message):
        step(0, **changes)


# --- Citizens' ratings -----------------------------------------------------------------------------------------


def test_not_satisfied_rating_is_service_evidence_and_deducts_nothing_by_default():
    products = [step(0, not_satisfied=True), step(1)]
    assert task_result(products).points == 70.0
    lines = service_evidence(products)
    assert [(line.ref, line.criterion, line.reason, line.points_deducted) for line in lines] == [
        (0, "service", REASON_NOT_SATISFIED, 0.0)
    ]
    assert lines[0].criterion_label == "Thái độ phục vụ"


def test_rule_flag_turns_not_satisfied_into_a_failed_quality_check():
    products = [step(0, not_satisfied=True), step(1)]
    rules = ScoringRules(not_satisfied_deducts_quality=True)
    result = task_result(products, rules)
    assert result.quality_pct == 87.5
    assert [(line.criterion, line.reason) for line in result.evidence] == [("quality", REASON_NOT_SATISFIED)]
    score = officer_score(products, FULL_GENERAL, rules)
    assert [line.criterion for line in score.evidence] == ["quality", "service"]


# --- General criteria (Art. 12(2), form 01) ---------------------------------------------------------------------


def test_general_criteria_total_and_maxima():
    assert FULL_GENERAL.total == 30.0
    assert GeneralCriteria().total == 0.0
    assert math.fsum(maximum for _name, _label, maximum in GENERAL_CRITERIA) == 30.0
    assert GeneralCriteria(4.5, 5, 2, 2.5, 2.5, 1.5, 7).total == 25.0


@pytest.mark.parametrize(
    "field, value",
    [
        ("qualities", 5.5),
        ("discipline", -0.5),
        ("competence", 3),
        ("task_fulfilment", 2.75),
        ("responsibility", float("inf")),
        ("service_attitude", 2.6),
        ("innovation", 10.5),
        ("innovation", "7"),
        ("qualities", True),
    ],
)
def test_general_criteria_out_of_range_is_refused_in_vietnamese(field, value):
    label = next(label for name, label, _maximum in GENERAL_CRITERIA if name == field)
    with pytest.raises(ValueError, match=re.escape(label.split(",")[0])):
        GeneralCriteria(**{field: value})


def test_range_message_uses_decimal_comma():
    with pytest.raises(ValueError, match="phải từ 0 đến 2,5, nhận được 2,6"):
        GeneralCriteria(service_attitude=2.6)


# --- Levels (Art. 20) --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "total, expected",
    [
        (100, "excellent"),
        (90, "excellent"),
        (89.99, "good"),
        (70, "good"),
        (69.99, "completed"),
        (50, "completed"),
        (49.99, "not_completed"),
        (0, "not_completed"),
    ],
)
def test_band_thresholds(total, expected):
    assert band(total) == expected


def test_band_labels_and_codes():
    assert [band_label(level) for level in BANDS] == [
        "Hoàn thành xuất sắc nhiệm vụ",
        "Hoàn thành tốt nhiệm vụ",
        "Hoàn thành nhiệm vụ",
        "Không hoàn thành nhiệm vụ",
    ]
    assert [band_code(level) for level in BANDS] == ["HTXSNV", "HTTNV", "HTNV", "KHTNV"]


def test_band_refuses_scores_off_the_scale():
    for total in (-0.01, 100.01, float("nan")):
        with pytest.raises(ValueError, match="Tổng điểm"):
            band(total)


def test_disqualifier_forces_not_completed():
    assert band(98, disqualified=True) == "not_completed"
    score = officer_score(steps(5), FULL_GENERAL, disqualifiers=("discipline",))
    assert score.total == 100.0
    assert score.band == "not_completed"
    assert score.band_code == "KHTNV"
    assert score.disqualifier_reasons == (DISQUALIFIERS["discipline"],)
    assert "khiển trách" in score.disqualifier_reasons[0]


def test_unknown_disqualifier_is_refused():
    with pytest.raises(ValueError, match="không xác định: late_reports"):
        officer_score(steps(1), FULL_GENERAL, disqualifiers=("late_reports",))


# --- Total (Art. 12) ---------------------------------------------------------------------------------------------


def test_officer_score_adds_general_and_task_points():
    products = steps(10)
    products[0] = dataclasses.replace(products[0], late=True)
    products[1] = dataclasses.replace(products[1], late=True)
    score = officer_score(products, general(total_of_innovation=8.0))
    assert score.general_points == 28.0
    assert score.task_points == 68.83
    assert score.total == 96.83
    assert score.band == "excellent"
    assert score.band_label == "Hoàn thành xuất sắc nhiệm vụ"
    assert [line.criterion for line in score.evidence] == ["progress", "progress"]


def test_total_just_under_90_is_good():
    products = steps(10)
    products[0] = dataclasses.replace(products[0], errors=(ERROR_MISSED_ITEM,))
    # Quality 97.5 %: task points (100 + 97.5 + 100) / 3 x 70 % = 69.4166... -> 69.42; general 20.5.
    score = officer_score(products, GeneralCriteria(5, 5, 2.5, 2.5, 2.5, 1.5, 1.5))
    assert score.total == 89.92
    assert score.band == "good"


def test_task_points_entered_score_an_empty_period_or_replace_the_computed_ones_with_a_reason():
    score = officer_score([], FULL_GENERAL, task_points=61.5)
    assert (score.task_points, score.total, score.band) == (61.5, 91.5, "excellent")
    assert score.task.points is None
    with pytest.raises(ValueError, match="cần nhập điểm"):
        officer_score([], FULL_GENERAL)
    # With products an entry is never dropped silently: refused without a reason, used with one, and the computed
    # points stay beside it (two steps on time: 70).
    with pytest.raises(ValueError, match="phải nêu lý do"):
        officer_score(steps(2), FULL_GENERAL, task_points=50)
    with pytest.raises(ValueError, match="phải nêu lý do"):
        officer_score(steps(2), FULL_GENERAL, task_points=50, task_points_reason="  ")
    score = officer_score(steps(2), FULL_GENERAL, task_points=50, task_points_reason="Hồ sơ giao thêm ngoài hệ thống")
    assert (score.task.points, score.task_points, score.total) == (70.0, 50.0, 80.0)
    with pytest.raises(ValueError, match="Điểm kết quả thực hiện nhiệm vụ"):
        officer_score([], FULL_GENERAL, task_points=70.5)


def test_rounding_is_half_up_on_the_decimal_text():
    assert round_half_up(68.835) == 68.84
    assert round_half_up(2.675) == 2.68
    assert round_half_up(89.994999) == 89.99
    assert round_half_up(89.995) == 90.0
    assert round_half_up(64.5, 0) == 65.0


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"excellent_min": 60}, "tăng dần"),
        ({"delay_deduction": 1.5}, "chậm tiến độ"),
        ({"decimals": 9}, "chữ số thập phân"),
        ({"task_max": -1}, "Điểm tối đa"),
    ],
)
def test_bad_rules_are_refused(changes, message):
    with pytest.raises(ValueError, match=message):
        ScoringRules(**changes)


def test_default_rules_are_the_decrees_numbers():
    assert (DEFAULT_RULES.task_max, DEFAULT_RULES.error_deduction, DEFAULT_RULES.delay_deduction) == (70, 0.25, 0.25)
    assert (DEFAULT_RULES.excellent_min, DEFAULT_RULES.good_min, DEFAULT_RULES.completed_min) == (90, 70, 50)
    assert DEFAULT_RULES.not_satisfied_deducts_quality is False
    assert EXCELLENT_RATIO == 0.2


# --- Converted-product weights ------------------------------------------------------------------------------------


def test_weight_table_prefers_step_then_procedure_then_default():
    table = WeightTable(default=1.0, by_procedure={"1.001": 1.5}, by_step={("1.001", "tham_dinh"): 3.0})
    assert table.weight_for("1.001", "tham_dinh") == 3.0
    assert table.weight_for("1.001", "tiep_nhan") == 1.5
    assert table.weight_for("2.002", "tham_dinh") == 1.0
    with pytest.raises(ValueError, match="Hệ số quy đổi"):
        WeightTable(by_procedure={"1.001": 0})


# --- The 20 % cap (Art. 20(5)(a)) ---------------------------------------------------------------------------------


def test_ten_good_allow_two_excellent():
    bands = {f"good{i}": "good" for i in range(10)} | {"x1": "excellent", "x2": "excellent"}
    assert cap_violations(bands) == []


def test_third_excellent_of_ten_good_is_one_too_many():
    bands = {f"good{i}": "good" for i in range(10)} | {f"x{i}": "excellent" for i in range(3)}
    [violation] = cap_violations(bands)
    assert (violation.group, violation.excellent, violation.good, violation.allowed, violation.excess) == (
        None,
        3,
        10,
        2,
        1,
    )
    assert violation.message() == (
        "Cơ quan, đơn vị: 3 công chức xếp loại «Hoàn thành xuất sắc nhiệm vụ», vượt 1 so với mức tối đa 2 "
        "(20% của 10 công chức xếp loại «Hoàn thành tốt nhiệm vụ»; Điều 20 khoản 5 điểm a Nghị định "
        "335/2025/NĐ-CP)."
    )


def test_fewer_than_five_good_allow_no_excellent():
    [violation] = cap_violations({"a": "excellent", "b": "good", "c": "good", "d": "good", "e": "good"})
    assert (violation.allowed, violation.excess) == (0, 1)


def test_cap_is_checked_per_group_of_similar_tasks():
    bands = {
        "r1": "excellent",
        "r2": "good",
        "r3": "good",
        "r4": "good",
        "r5": "good",
        "r6": "good",
        "j1": "excellent",
        "j2": "good",
        "j3": "completed",
        "j4": "not_completed",
    }
    group_of = {
        officer: ("Phường Sài Gòn", "Tiếp nhận") if officer.startswith("r") else ("Phường Sài Gòn", "Tư pháp")
        for officer in bands
    }
    [violation] = cap_violations(bands, group_of)
    assert violation.group == ("Phường Sài Gòn", "Tư pháp")
    assert (violation.excellent, violation.good, violation.allowed, violation.excess) == (1, 1, 0, 1)
    assert violation.message().startswith("Nhóm «Phường Sài Gòn - Tư pháp»: 1 công chức")


def test_cap_ratio_is_exact_and_configurable():
    bands = {f"g{i}": "good" for i in range(35)} | {f"x{i}": "excellent" for i in range(7)}
    assert cap_violations(bands) == []
    bands_100 = {f"g{i}": "good" for i in range(100)} | {f"x{i}": "excellent" for i in range(29)}
    assert cap_violations(bands_100, ratio=0.29) == []
    [violation] = cap_violations({"a": "excellent", "b": "good", "c": "good", "d": "good", "e": "good"}, ratio=0.225)
    assert violation.ratio == Fraction(9, 40)
    assert "(22,5% của 4 công chức" in violation.message()


def test_cap_refuses_bad_input():
    with pytest.raises(ValueError, match="Mức xếp loại không xác định"):
        cap_violations({"a": "HTXSNV"})
    with pytest.raises(ValueError, match="nhóm nhiệm vụ tương đồng"):
        cap_violations({"a": "good", "b": "excellent"}, {"a": "g"})
    with pytest.raises(ValueError, match="từ 0 đến 1"):
        cap_violations({"a": "good"}, ratio=1.5)


# --- Year end (Art. 21) -----------------------------------------------------------------------------------------


def test_year_is_the_average_of_the_periods():
    year = yearly_band([92, 88, 91, 90])
    assert (year.average, year.band, year.periods, year.band_code) == (90.25, "excellent", 4, "HTXSNV")
    assert year.band_label == "Hoàn thành xuất sắc nhiệm vụ"
    assert yearly_band([89.99, 90.0, 89.99]).average == 89.99
    assert yearly_band([95, 96], disqualified=True).band == "not_completed"


def test_year_needs_periods_on_the_scale():
    with pytest.raises(ValueError, match="Chưa có kết quả"):
        yearly_band([])
    with pytest.raises(ValueError, match="Tổng điểm của kỳ"):
        yearly_band([90, 101])


# --- Properties ---------------------------------------------------------------------------------------------------

ERROR_REASONS = st.sampled_from([ERROR_RETURNED, ERROR_MISSED_ITEM, ERROR_JUSTIFIED_COMPLAINT])


@st.composite
def products_strategy(draw, min_size=0):
    count = draw(st.integers(min_value=min_size, max_value=12))
    return [
        Product(
            ref=index,
            dossier_code=f"H29-{index}",
            step_name="Bước",
            weight=draw(st.sampled_from([0.5, 1.0, 1.5, 2.0, 3.0]) | st.floats(0.01, 20)),
            assigned=draw(st.booleans() | st.just(True)),
            completed=draw(st.booleans() | st.just(True)),
            late=draw(st.booleans()),
            errors=tuple(draw(st.lists(ERROR_REASONS, max_size=5))),
            not_satisfied=draw(st.booleans()),
            excused=draw(st.integers(0, 5).map(lambda n: n == 0)),
        )
        for index in range(count)
    ]


def general_strategy():
    return st.builds(GeneralCriteria, *[st.floats(0, maximum) for _name, _label, maximum in GENERAL_CRITERIA])


RULES = st.sampled_from(
    [
        DEFAULT_RULES,
        ScoringRules(not_satisfied_deducts_quality=True),
        ScoringRules(error_deduction=0.3, delay_deduction=0.4),
    ]
)


def score_or_none(products, general_criteria, rules=DEFAULT_RULES):
    if task_result(products, rules).points is None:
        return None
    return officer_score(products, general_criteria, rules)


@given(products_strategy(), general_strategy(), RULES)
def test_scores_stay_on_the_scale(products, general_criteria, rules):
    result = task_result(products, rules)
    if result.points is None:
        assert not any(product.assigned for product in products)
        return
    for pct in (result.quantity_pct, result.quality_pct, result.progress_pct):
        assert 0 <= pct <= 100
    assert result.quality_pct <= result.quantity_pct and result.progress_pct <= result.quantity_pct
    assert 0 <= result.points <= 70
    score = officer_score(products, general_criteria, rules)
    assert 0 <= score.total <= 100
    assert 0 <= score.general_points <= 30


@given(products_strategy(min_size=1), general_strategy(), RULES, st.data())
def test_making_a_late_step_on_time_never_lowers_the_score(products, general_criteria, rules, data):
    index = data.draw(st.integers(0, len(products) - 1))
    before = score_or_none(products, general_criteria, rules)
    products[index] = dataclasses.replace(products[index], late=False)
    after = score_or_none(products, general_criteria, rules)
    if before is not None:
        assert after.task.progress_pct >= before.task.progress_pct
        assert after.total >= before.total
        assert BANDS.index(after.band) <= BANDS.index(before.band)


@given(products_strategy(min_size=1), general_strategy(), RULES, st.data())
def test_removing_an_error_never_lowers_the_score(products, general_criteria, rules, data):
    index = data.draw(st.integers(0, len(products) - 1))
    product = products[index]
    if not product.errors:
        return
    drop = data.draw(st.integers(0, len(product.errors) - 1))
    before = score_or_none(products, general_criteria, rules)
    products[index] = dataclasses.replace(product, errors=product.errors[:drop] + product.errors[drop + 1 :])
    after = score_or_none(products, general_criteria, rules)
    if before is not None:
        assert after.task.quality_pct >= before.task.quality_pct
        assert after.total >= before.total


@given(products_strategy(min_size=1), RULES, st.data())
def test_excusing_a_step_never_lowers_the_score(products, rules, data):
    index = data.draw(st.integers(0, len(products) - 1))
    before = task_result(products, rules)
    products[index] = dataclasses.replace(products[index], excused=True)
    after = task_result(products, rules)
    if before.points is not None:
        assert after.points >= before.points
    assert not any(line.ref == index and line.criterion in ("quality", "progress") for line in after.evidence)


@given(products_strategy(), RULES)
def test_evidence_accounts_for_every_point_lost(products, rules):
    """Rebuilding the percentages from the evidence lines alone gives the computed ones."""
    result = task_result(products, rules)
    if result.points is None:
        return
    assigned = math.fsum(product.weight for product in products if product.assigned)
    weights = {product.ref: product.weight for product in products}
    lost = {
        criterion: math.fsum(
            weights[line.ref] * line.points_deducted for line in result.evidence if line.criterion == criterion
        )
        for criterion in ("quantity", "quality", "progress")
    }
    beyond = math.fsum(product.weight for product in products if product.completed and not product.assigned)
    expected_quantity = min(100.0, 100 * (assigned - lost["quantity"] + beyond) / assigned)
    assert result.quantity_pct == pytest.approx(expected_quantity)
    done = assigned - lost["quantity"] + beyond
    assert result.quality_pct == pytest.approx(min(100.0, 100 * (done - lost["quality"]) / assigned))
    assert result.progress_pct == pytest.approx(min(100.0, 100 * (done - lost["progress"]) / assigned))
    for line in result.evidence:
        assert 0 <= line.points_deducted <= 1
        assert line.dossier_code == f"H29-{line.ref}"


@given(products_strategy(), RULES)
def test_order_of_products_does_not_change_the_result(products, rules):
    shuffled = list(products)
    random.Random(len(products)).shuffle(shuffled)
    before, after = task_result(products, rules), task_result(shuffled, rules)
    if before.points is None:
        assert after.points is None
    else:
        assert (after.quantity_pct, after.quality_pct, after.progress_pct, after.points) == pytest.approx(
            (before.quantity_pct, before.quality_pct, before.progress_pct, before.points)
        )
    assert sorted(map(repr, after.evidence)) == sorted(map(repr, before.evidence))


@given(st.floats(0, 100), st.floats(0, 100))
def test_bands_are_monotone_in_the_total(low, high):
    low, high = min(low, high), max(low, high)
    assert BANDS.index(band(high)) <= BANDS.index(band(low))


@given(st.floats(0, 100), st.sampled_from(sorted(DISQUALIFIERS)))
def test_any_disqualifier_forces_not_completed(total, code):
    assert band(total, disqualified=True) == "not_completed"
    assert officer_score([], FULL_GENERAL, disqualifiers=(code,), task_points=70).band == "not_completed"


@given(
    st.lists(st.sampled_from(BANDS), max_size=40),
    st.lists(st.sampled_from("ABC"), min_size=40, max_size=40),
    st.sampled_from([0.2, 0.25, 0.1, Fraction(1, 3)]),
)
@settings(max_examples=200)
def test_cap_never_lets_excellent_exceed_the_ratio_of_good(levels, groups, ratio):
    bands = {f"o{i}": level for i, level in enumerate(levels)}
    group_of = {f"o{i}": groups[i] for i in range(len(levels))}
    exact = Fraction(str(ratio)) if not isinstance(ratio, Fraction) else ratio
    flagged = {violation.group: violation for violation in cap_violations(bands, group_of, ratio)}
    for group in set(group_of.values()):
        members = [bands[o] for o in bands if group_of[o] == group]
        excellent, good = members.count("excellent"), members.count("good")
        if group in flagged:
            violation = flagged[group]
            assert (violation.excellent, violation.good) == (excellent, good)
            assert violation.allowed <= exact * good < violation.allowed + 1
            assert violation.excess == excellent - violation.allowed > 0
            # Demoting the excess to good would satisfy the cap.
            assert excellent - violation.excess <= exact * (good + violation.excess)
        else:
            assert excellent <= exact * good


@given(st.lists(st.floats(0, 100), min_size=1, max_size=12))
def test_year_average_lies_between_the_periods(totals):
    year = yearly_band(totals)
    assert min(totals) - 0.005 <= year.average <= max(totals) + 0.005
    assert year.band == band(year.average)


@given(st.lists(st.floats(0, 100), min_size=1, max_size=12), st.data())
def test_a_better_period_never_lowers_the_year(totals, data):
    index = data.draw(st.integers(0, len(totals) - 1))
    better = list(totals)
    better[index] = data.draw(st.floats(totals[index], 100))
    assert yearly_band(better).average >= yearly_band(totals).average


# --- Issue 11: the applicant's waits, the period a step is judged in, the online answer, the cap of small groups ----

MARCH = (datetime(2026, 3, 1), datetime(2026, 4, 1))
FEBRUARY = (datetime(2026, 2, 1), datetime(2026, 3, 1))
JANUARY = (datetime(2026, 1, 1), datetime(2026, 2, 1))


def record(**changes):
    """Thẩm định taken 10/03/2026 09:00, planned to end 12/03/2026 17:00 on the control slip."""
    values = dict(
        ref=("step", 1),
        dossier_code="H29-260310-0001",
        step_name="Thẩm định hồ sơ",
        taken_at=datetime(2026, 3, 10, 9),
        planned_end=datetime(2026, 3, 12, 17),
    )
    values.update(changes)
    return StepRecord(**values)


SUPPLEMENT_OPEN = Wait("supplement", datetime(2026, 3, 11, 10))


def test_a_step_left_open_during_a_supplement_wait_is_not_judged_while_the_applicant_is_awaited():
    # Issue 11: the step open during the wait counted as not completed and late in March. Asked on 11/03, before
    # the planned end (12/03), not back by 31/03: the step has no planned end yet and is judged when it ends.
    assert judge_step(record(waits=[SUPPLEMENT_OPEN]), *MARCH) is None
    # Without the wait the same open step is judged in March (its planned end), not completed and late.
    product = judge_step(record(), *MARCH)
    assert (product.completed, product.late) == (False, True)


def test_the_wait_moves_the_planned_end_and_is_shown_on_the_product():
    # Back on 20/03 10:00 after 9 days (11/03 10:00 -> 20/03 10:00): planned end 12/03 17:00 + 9 days = 21/03 17:00.
    wait = Wait("supplement", datetime(2026, 3, 11, 10), datetime(2026, 3, 20, 10))
    on_time = judge_step(record(waits=[wait], finished_at=datetime(2026, 3, 21, 16)), *MARCH)
    assert (on_time.completed, on_time.late) == (True, False)
    assert on_time.excuses == ("Chờ công dân bổ sung hồ sơ 11/03/2026–20/03/2026: không tính chậm",)
    late = judge_step(record(waits=[wait], finished_at=datetime(2026, 3, 21, 18)), *MARCH)
    assert late.late
    # The control slip already replanned on resume (in_plan): the wait is shown, not added a second time.
    replanned = record(waits=[dataclasses.replace(wait, in_plan=True)], planned_end=datetime(2026, 3, 20, 17))
    assert judge_step(dataclasses.replace(replanned, finished_at=datetime(2026, 3, 20, 16)), *MARCH).late is False
    assert judge_step(dataclasses.replace(replanned, finished_at=datetime(2026, 3, 21, 16)), *MARCH).late is True
    # The excuse is an evidence line that deducts nothing: one product on time scores the full 70.
    result = task_result([on_time])
    assert result.points == 70.0
    assert [(line.criterion, line.points_deducted) for line in result.evidence] == [("excused", 0.0)]


def test_a_closure_by_the_watchdog_is_neither_unfinished_nor_late():
    # Issue 11: asked on 11/03 10:00, never supplemented, closed by the watchdog 15 days later (26/03 10:00); the
    # step open since 10/03 was closed with the dossier and counted late. Now: completed, on time, both excuses.
    closed = datetime(2026, 3, 26, 10)
    wait = Wait("supplement", datetime(2026, 3, 11, 10), closed)
    product = judge_step(record(waits=[wait], finished_at=closed, ended_by_applicant="stopped"), *MARCH)
    assert (product.completed, product.late) == (True, False)
    assert product.excuses == (
        "Chờ công dân bổ sung hồ sơ 11/03/2026–26/03/2026: không tính chậm",
        "Hồ sơ dừng giải quyết (theo đề nghị của người nộp hoặc do không bổ sung hồ sơ) ngày 26/03/2026: "
        "bước đang xử lý không tính là chưa hoàn thành, không tính chậm",
    )
    assert task_result([product]).points == 70.0


def test_a_stop_at_the_applicants_request_does_not_excuse_a_delay_that_came_before_it():
    # Planned end 12/03 17:00, the applicant asks to stop on 16/03: the step was 4 days late already. Quantity is
    # excused (completed), progress is not: one delay, 75 % progress; task points (100 + 100 + 75) / 3 x 70 % =
    # 64.17.
    product = judge_step(record(finished_at=datetime(2026, 3, 16, 9), ended_by_applicant="stopped"), *MARCH)
    assert (product.completed, product.late) == (True, True)
    assert task_result([product]).progress_pct == 75.0
    assert task_result([product]).points == 64.17
    # A fee wait asked after the planned end had passed does not excuse the delay either, and is not shown.
    fee_late = Wait("payment", datetime(2026, 3, 13, 9))
    product = judge_step(record(waits=[fee_late]), *MARCH)
    assert (product.completed, product.late, product.excuses) == (False, True, ())


def test_a_stale_step_is_judged_once_open_and_once_when_it_ends():
    # Issue 11: taken 05/01/2026, planned to end 09/01, still open in February and March, finished 10/03. It was
    # counted again in every later period; now January judges it open (not completed, late), February nothing,
    # March the completion (late). Before the finish, March judged nothing either.
    stale = record(taken_at=datetime(2026, 1, 5, 9), planned_end=datetime(2026, 1, 9, 17))
    assert judge_step(stale, *JANUARY).completed is False
    assert judge_step(stale, *FEBRUARY) is None
    assert judge_step(stale, *MARCH) is None
    finished = dataclasses.replace(stale, finished_at=datetime(2026, 3, 10, 9))
    assert judge_step(finished, *FEBRUARY) is None
    product = judge_step(finished, *MARCH)
    assert (product.completed, product.late) == (True, True)
    # An open step planned to end in April is not judged in March.
    assert judge_step(record(planned_end=datetime(2026, 4, 2, 17)), *MARCH) is None


def test_a_step_judged_open_before_is_judged_in_its_finishing_period_only_for_its_completion():
    # The stale step above, judged open in January (assigned, not completed: the whole product lost). In March,
    # where it finishes, it is not assigned again nor late again: completed beyond the assignment, one evidence line.
    stale = record(taken_at=datetime(2026, 1, 5, 9), planned_end=datetime(2026, 1, 9, 17))
    finished = dataclasses.replace(stale, finished_at=datetime(2026, 3, 10, 9))
    product = judge_step(finished, *MARCH, judged_open_before=True)
    assert (product.assigned, product.completed, product.late) == (False, True, False)
    assert product.excuses == (
        "Đã tính là sản phẩm được giao chưa hoàn thành ở kỳ đánh giá trước; hoàn thành ngày 10/03/2026: "
        "không tính giao lại, không tính chậm lần nữa",
    )
    # Alone, nothing is assigned in March: no computed points (the evaluator enters them).
    assert task_result([product]).points is None
    # Beside one step of March finished late: assigned 1 (the March step), completed 2 (capped at 100 %),
    # progress (0.75 + 1) / 1 capped at 100 %: 70 points; without the earlier judgement, assigned 2 and both late:
    # progress (0.75 + 0.75) / 2 = 75 %, (100 + 100 + 75) / 3 x 70 % = 64.17.
    march_late = judge_step(record(finished_at=datetime(2026, 3, 13, 9)), *MARCH)
    assert task_result([march_late, product]).points == 70.0
    assert task_result([march_late, judge_step(finished, *MARCH)]).points == 64.17
    # Only a step finishing in the window is concerned: an open one is judged as before.
    assert judge_step(stale, *JANUARY, judged_open_before=True).assigned is True


def test_an_online_answer_after_8_working_hours_is_one_delay_of_the_receiver():
    assert ONLINE_ANSWER_HOURS == 8
    # Three receptions of the month, one of them an online submission answered after 9.5 working hours: progress
    # (3 - 0.25) / 3 = 91.67 %; task points (100 + 100 + 91.67) / 3 x 70 % = 68.06.
    products = [
        answer_product(("reception", 1), "H29-1", "Tiếp nhận hồ sơ", answer_hours=9.5),
        answer_product(("reception", 2), "H29-2", "Tiếp nhận hồ sơ", answer_hours=8),
        answer_product(("reception", 3), "H29-3", "Tiếp nhận hồ sơ"),
    ]
    result = task_result(products)
    assert result.points == 68.06
    assert [(line.ref, line.criterion, line.reason, line.points_deducted) for line in result.evidence] == [
        (("reception", 1), "progress", f"{REASON_ONLINE_LATE}: trả lời sau 9,5 giờ làm việc", 0.25)
    ]
    excused = answer_product(("reception", 1), "H29-1", "Tiếp nhận hồ sơ", answer_hours=9.5, excused=True)
    assert task_result([excused]).points == 70.0
    with pytest.raises(ValueError):
        answer_product(("reception", 1), "H29-1", "Tiếp nhận hồ sơ", answer_hours=-1)


def test_an_online_submission_unanswered_at_the_end_of_a_period_is_charged_to_whoever_answers_it():
    # Submitted Tue 30/06/2026 16:00, unanswered when June ends, received Thu 02/07 09:00 (shifts 07:30-11:30,
    # 13:00-17:00): 1 + 8 + 1.5 = 10.5 working hours, counted by the caller. The July product of the officer who
    # received it carries one delay, and its line gives the hours and both times.
    product = answer_product(
        ("reception", 7),
        "H29-260630-0007",
        "Tiếp nhận hồ sơ",
        answer_hours=10.5,
        submitted_at=datetime(2026, 6, 30, 16),
        answered_at=datetime(2026, 7, 2, 9),
    )
    [line] = task_result([product]).evidence
    assert (line.criterion, line.points_deducted) == ("progress", 0.25)
    assert line.reason == (
        f"{REASON_ONLINE_LATE}: trả lời sau 10,5 giờ làm việc (nộp lúc 16:00 30/06/2026, trả lời lúc 09:00 02/07/2026)"
    )
    # (100 + 100 + 75) / 3 x 70 % = 64.17
    assert task_result([product]).points == 64.17
    # Within 8 hours: no line, whatever the times.
    on_time = answer_product(
        ("reception", 8), "H29-8", "Tiếp nhận hồ sơ", answer_hours=8, answered_at=datetime(2026, 7, 2)
    )
    assert task_result([on_time]).evidence == ()


def test_a_lone_officer_can_be_excellent_only_under_a_permissive_small_group_rule():
    # Issue 11: a lone officer in a group could never be excellent (20 % of 0 good is 0).
    bands = {"lone": "excellent", **{f"g{i}": "good" for i in range(5)}}
    group_of = {"lone": "Văn thư", **{f"g{i}": "Một cửa" for i in range(5)}}
    [violation] = cap_violations(bands, group_of)
    assert (violation.group, violation.allowed) == ("Văn thư", 0)
    assert cap_violations(bands, group_of, small_group="one") == []
    # Pooled with the whole unit: 1 excellent / 5 good in the unit allows 1.
    assert cap_violations(bands, group_of, small_group="pool") == []
    [pooled] = cap_violations({**bands, "lone2": "excellent"}, {**group_of, "lone2": "Kế toán"}, small_group="pool")
    assert (pooled.group, pooled.excellent, pooled.good, pooled.allowed) == (None, 2, 5, 1)
    # 'one' lets a small group hold one excellent, not two.
    [two] = cap_violations({"a": "excellent", "b": "excellent", "c": "good"}, small_group="one")
    assert (two.allowed, two.excess) == (1, 1)
    with pytest.raises(ValueError):
        cap_status(bands, group_of, small_group="round")


def test_cap_status_reads_each_group_while_the_sheets_are_not_all_approved():
    bands = {"a": "excellent", "b": "good", "c": "good", "d": "good", "e": "completed"}
    [status] = cap_status(bands, {key: "Một cửa" for key in bands})
    assert status.over
    assert status.status() == "Nhóm «Một cửa»: 1 xuất sắc / 3 tốt — vượt tỷ lệ 20% (tối đa 0)"
    [ok] = cap_status({**bands, "f": "good", "g": "good"}, None)
    assert ok.status() == "Cơ quan, đơn vị: 1 xuất sắc / 5 tốt — trong tỷ lệ 20% (tối đa 1)"


@st.composite
def waits_strategy(draw):
    start = draw(st.datetimes(datetime(2026, 2, 20), datetime(2026, 4, 10)))
    length = draw(st.none() | st.timedeltas(timedelta(hours=1), timedelta(days=20)))
    kind = draw(st.sampled_from(["supplement", "payment"]))
    return Wait(kind, start, start + length if length is not None else None, draw(st.booleans()))


WAITS = waits_strategy()


@st.composite
def records_strategy(draw):
    taken = draw(st.datetimes(datetime(2026, 2, 1), datetime(2026, 3, 31)))
    planned = taken + draw(st.timedeltas(timedelta(hours=1), timedelta(days=15)))
    finished = draw(st.none() | st.timedeltas(timedelta(minutes=1), timedelta(days=40)).map(lambda d: taken + d))
    return StepRecord(
        ("step", draw(st.integers(0, 10**6))),
        "H29",
        "Bước",
        taken,
        planned,
        finished,
        weight=draw(st.sampled_from([0.5, 1.0, 2.0])),
        errors=tuple(draw(st.lists(ERROR_REASONS, max_size=2))),
    )


@given(st.lists(records_strategy(), min_size=1, max_size=8), st.data())
@settings(max_examples=300)
def test_a_wait_of_the_applicant_never_lowers_an_officers_score(records, data):
    """Adding waits to steps finished in the period, or ending them on the applicant's side, never lowers the task
    points; a step that was on time never becomes late, and no product is lost."""
    # every step finished by the end of March (in February ones are judged by neither side)
    last = datetime(2026, 3, 31, 23)
    records = [
        dataclasses.replace(r, finished_at=max(r.taken_at + timedelta(minutes=1), min(r.finished_at or last, last)))
        for r in records
    ]
    before = [judge_step(r, *MARCH) for r in records]
    changed = []
    for r in records:
        waits = data.draw(st.lists(WAITS, max_size=3))
        ending = data.draw(st.sampled_from([None, None, "stopped", "withdrawn"]))
        changed.append(dataclasses.replace(r, waits=tuple(waits), ended_by_applicant=ending))
    after = [judge_step(r, *MARCH) for r in changed]
    assert [p is None for p in before] == [p is None for p in after]
    for old, new in zip(before, after, strict=True):
        if old is not None:
            assert new.completed >= old.completed and new.late <= old.late
    old_points = task_result([p for p in before if p]).points
    new_points = task_result([p for p in after if p]).points
    if old_points is not None:
        assert new_points >= old_points


@given(records_strategy(), st.lists(WAITS, max_size=3))
@settings(max_examples=300)
def test_a_step_is_judged_open_at_most_once_and_finished_only_in_the_month_it_ends(rec, waits):
    rec = dataclasses.replace(rec, waits=tuple(waits))
    months = [(datetime(2026, m, 1), datetime(2026 + m // 12, m % 12 + 1, 1)) for m in range(1, 13)]
    judged = [(window, judge_step(rec, *window)) for window in months]
    open_judgements = [window for window, product in judged if product is not None and not product.completed]
    finished_judgements = [window for window, product in judged if product is not None and product.completed]
    assert len(open_judgements) <= 1
    if rec.finished_at is None:
        assert finished_judgements == []
    else:
        assert finished_judgements == [w for w in months if w[0] <= rec.finished_at < w[1]]
        # judged open only in a month before the one it ends in
        assert all(w[1] <= rec.finished_at for w in open_judgements)


@given(records_strategy(), st.lists(WAITS, max_size=3), st.sampled_from([1, 3]))
@settings(max_examples=300)
def test_a_product_is_assigned_in_exactly_one_period(rec, waits, months_per_period):
    """Periods judged in order, each told whether an earlier one judged the step open (as the period model reads
    the earlier sheets): a finished step is assigned in exactly one period and completed in exactly one; an open
    one is assigned at most once."""
    rec = dataclasses.replace(rec, waits=tuple(waits))
    windows = [
        (
            datetime(2026, m, 1),
            datetime(2026 + (m + months_per_period - 1) // 12, (m + months_per_period - 1) % 12 + 1, 1),
        )
        for m in range(1, 13, months_per_period)
    ]
    judged_open, products = False, []
    for window in windows:
        product = judge_step(rec, *window, judged_open_before=judged_open)
        if product is not None:
            products.append(product)
            judged_open = judged_open or (product.assigned and not product.completed)
    assigned = [p for p in products if p.assigned]
    completed = [p for p in products if p.completed]
    if rec.finished_at is not None:
        assert len(assigned) == 1 and len(completed) == 1
    else:
        assert len(assigned) <= 1 and completed == []
    # a product judged twice was open first, then completed without being assigned or late again
    if len(products) == 2:
        first, second = products
        assert (first.assigned, first.completed) == (True, False)
        assert (second.assigned, second.completed, second.late) == (False, True, False)


@given(
    st.lists(st.sampled_from(BANDS), max_size=30),
    st.lists(st.sampled_from("ABCD"), min_size=30, max_size=30),
    st.sampled_from(["none", "one", "pool"]),
)
def test_small_group_rules_never_change_the_cap_of_a_group_of_five_good_or_more(levels, groups, rule):
    bands = {f"o{i}": level for i, level in enumerate(levels)}
    group_of = {f"o{i}": groups[i] for i in range(len(levels))}
    strict = {cap.group: cap for cap in cap_status(bands, group_of)}
    for cap in cap_status(bands, group_of, small_group=rule):
        if cap.group is not None and cap.good >= 5:
            assert cap == strict[cap.group]
        elif cap.group is not None:
            assert cap.allowed == (1 if rule == "one" else 0)

"""Decree 335/2025/NĐ-CP scoring: task results from dossier steps, general criteria, levels, the 20 % cap, year end."""

import dataclasses
import math
import random
import re
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from q1_reporting.core.officer_score import (
    DEFAULT_RULES,
    EXCELLENT_RATIO,
    GeneralCriteria,
    Product,
    ScoringRules,
    WeightTable,
    band,
    band_code,
    band_label,
    cap_violations,
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


def test_task_points_entered_only_when_nothing_was_assigned():
    score = officer_score([], FULL_GENERAL, task_points=61.5)
    assert (score.task_points, score.total, score.band) == (61.5, 91.5, "excellent")
    assert score.task.points is None
    with pytest.raises(ValueError, match="cần nhập điểm"):
        officer_score([], FULL_GENERAL)
    with pytest.raises(ValueError, match="không nhập thêm"):
        officer_score(steps(2), FULL_GENERAL, task_points=50)
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

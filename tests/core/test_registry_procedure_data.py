"""Per-procedure data as plain values: emptiness, required items by stage, printed texts (Vietnamese style) and the
copy of a register's columns into a procedure's definition."""

from datetime import date, datetime

import pytest
from q1_registry.core.procedure_data import (
    format_number,
    format_value,
    is_empty,
    merge_definitions,
    missing_required,
    printed_lines,
    stage_reached,
    value_problem,
    values_problems,
)

DEFINITIONS = [
    {"name": "title", "string": "Dữ liệu chung", "type": "separator"},
    {"name": "shop", "string": "Tên hộ kinh doanh", "type": "char"},
    {"name": "capital", "string": "Vốn", "type": "integer"},
    {"name": "area", "string": "Diện tích (m²)", "type": "float"},
    {"name": "opened", "string": "Ngày khai trương", "type": "date"},
    {"name": "visit", "string": "Kiểm tra lúc", "type": "datetime"},
    {
        "name": "trade",
        "string": "Ngành nghề",
        "type": "selection",
        "selection": [["food", "Ăn uống"], ["shop", "Bán lẻ"]],
    },
    {"name": "labels", "string": "Nhãn", "type": "tags", "tags": [["a", "Ưu tiên", 1], ["b", "Đã xác minh", 2]]},
    {"name": "safety", "string": "Có giấy ATTP", "type": "boolean"},
    {"name": "owner", "string": "Chủ hộ", "type": "many2one", "comodel": "res.partner"},
    {"name": "staff", "string": "Người làm", "type": "many2many", "comodel": "res.partner"},
]


@pytest.mark.parametrize(
    ("kind", "value", "empty"),
    [
        ("char", False, True),
        ("char", "   ", True),
        ("char", "Phở", False),
        ("integer", 0, False),
        ("integer", False, True),
        ("integer", None, True),
        ("float", 0.0, False),
        ("tags", [], True),
        ("many2many", [3], False),
        ("many2one", False, True),
        ("date", "2026-02-05", False),
    ],
)
def test_is_empty(kind, value, empty):
    assert is_empty(kind, value) is empty


def test_stage_order_is_sequence_then_id():
    assert stage_reached((4, 20), (4, 12))
    assert not stage_reached((4, 12), (4, 20))
    assert stage_reached((7, 1), (3, 9))
    assert stage_reached((3, 9), (3, 9))


def test_missing_required_by_stage_in_definition_order():
    rules = {"trade": (7, 7), "shop": (3, 3), "capital": (3, 3), "safety": (3, 3), "title": (1, 1), "gone": (1, 1)}
    values = {"capital": 0, "shop": " "}
    assert missing_required(DEFINITIONS, values, rules, (2, 2)) == []
    # at reception: the shop's name (blank) is missing; a capital of 0 is a value; yes/no and separators never are
    assert missing_required(DEFINITIONS, values, rules, (3, 3)) == ["shop"]
    assert missing_required(DEFINITIONS, values, rules, (7, 7)) == ["shop", "trade"]
    assert missing_required(DEFINITIONS, {"shop": "Phở Hà", "trade": "food"}, rules, (9, 9)) == ["capital"]
    assert missing_required([], values, rules, (9, 9)) == []
    assert missing_required(DEFINITIONS, None, {}, (9, 9)) == []


@pytest.mark.parametrize(
    ("value", "digits", "text"),
    [
        (0, None, "0"),
        (1500000, None, "1.500.000"),
        (-1234, None, "-1.234"),
        (12345.5, 2, "12.345,5"),
        (0.125, 2, "0,13"),
        (1000.0, 2, "1.000"),
        (-0.5, 2, "-0,5"),
    ],
)
def test_format_number_vietnamese(value, digits, text):
    assert format_number(value, digits) == text


def test_format_number_refuses_booleans():
    with pytest.raises(ValueError):
        format_number(True)


def by_name(name):
    return next(item for item in DEFINITIONS if item["name"] == name)


def test_format_value_by_type():
    assert format_value(by_name("shop"), " Phở Hà ") == "Phở Hà"
    assert format_value(by_name("capital"), 150000000) == "150.000.000"
    assert format_value(by_name("area"), 42.75) == "42,75"
    assert format_value(by_name("opened"), "2026-02-05") == "05/02/2026"
    assert format_value(by_name("opened"), date(2026, 12, 1)) == "01/12/2026"
    assert format_value(by_name("visit"), datetime(2026, 2, 5, 14, 30)) == "05/02/2026 14:30"
    assert format_value(by_name("visit"), "2026-02-05 09:05:00") == "05/02/2026 09:05"
    assert format_value(by_name("trade"), "food") == "Ăn uống"
    assert format_value(by_name("trade"), "removed-option") == ""
    assert format_value(by_name("labels"), ["b", "a", "zz"]) == "Đã xác minh, Ưu tiên"
    assert format_value(by_name("safety"), True) == "Có"
    assert format_value(by_name("safety"), False) == "Không"
    assert format_value(by_name("owner"), 7, {7: "Nguyễn Thị Hà"}) == "Nguyễn Thị Hà"
    assert format_value(by_name("owner"), [7, "Hà"], {7: "Nguyễn Thị Hà"}) == "Nguyễn Thị Hà"
    assert format_value(by_name("owner"), 8, {7: "Nguyễn Thị Hà"}) == ""
    assert format_value(by_name("staff"), [7, 9], {7: "Hà", 9: "Minh"}) == "Hà, Minh"
    assert format_value(by_name("title"), "x") == ""
    assert format_value(by_name("shop"), False) == ""


def test_printed_lines_only_marked_items_with_a_value_in_order():
    values = {"trade": "food", "shop": "Phở Hà", "capital": 0, "opened": False, "safety": False, "owner": 7}
    printed = {"trade", "shop", "capital", "opened", "safety", "owner", "title"}
    assert printed_lines(DEFINITIONS, values, printed, {"owner": {7: "Nguyễn Thị Hà"}}) == [
        ("Tên hộ kinh doanh", "Phở Hà"),
        ("Vốn", "0"),
        ("Ngành nghề", "Ăn uống"),
        ("Có giấy ATTP", "Không"),
        ("Chủ hộ", "Nguyễn Thị Hà"),
    ]
    assert printed_lines(DEFINITIONS, values, set()) == []


def test_merge_definitions_keeps_register_names_and_own_items():
    register = [
        {"name": "shop", "string": "Tên hộ (sổ)", "type": "char"},
        {"name": "addr", "string": "Địa điểm", "type": "char"},
    ]
    current = [
        {"name": "note", "string": "Ghi chú", "type": "char"},
        {"name": "shop", "string": "Tên cũ", "type": "char"},
    ]
    merged = merge_definitions(current, register)
    assert [item["name"] for item in merged] == ["shop", "addr", "note"]
    assert merged[0]["string"] == "Tên hộ (sổ)"
    merged[0]["string"] = "changed"
    assert register[0]["string"] == "Tên hộ (sổ)"
    assert merge_definitions(None, None) == []


@pytest.mark.parametrize(
    ("name", "value", "problem"),
    [
        ("shop", "Phở Hà", None),
        ("shop", False, None),
        ("shop", 12, "wrong_type"),
        ("shop", "x" * 1001, "too_long"),
        ("shop", "hai\ndòng", "control"),
        ("capital", 150_000_000, None),
        ("capital", 0, None),
        ("capital", True, "wrong_type"),
        ("capital", "100", "wrong_type"),
        ("capital", 1.5, "wrong_type"),
        ("capital", 10**16, "out_of_range"),
        ("area", float("nan"), "wrong_type"),
        ("area", 42.75, None),
        ("opened", "2026-02-05", None),
        ("opened", "05/02/2026", "bad_date"),
        ("opened", "1850-01-01", "out_of_range"),
        ("visit", "2026-02-05 09:05:00", None),
        ("trade", "food", None),
        ("trade", "weapons", "unknown_choice"),
        ("labels", ["a"], None),
        ("labels", ["zz"], "unknown_choice"),
        ("labels", "a", "wrong_type"),
        ("safety", True, None),
        ("safety", "yes", "wrong_type"),
        ("owner", 7, None),
        ("owner", [7, "Hà"], None),
        ("owner", "7", "wrong_type"),
        ("owner", -1, "wrong_type"),
        ("staff", [7, [9, "Minh"]], None),
        ("staff", [7, "x"], "wrong_type"),
    ],
)
def test_value_problem(name, value, problem):
    assert value_problem(by_name(name), value) == problem


def test_values_problems_dict_and_widget_list():
    assert values_problems(DEFINITIONS, {"shop": 5, "capital": 3, "unknown": object()}) == [
        (by_name("shop"), "wrong_type")
    ]
    # the web client's list carries its own definitions (a type changed in the same save applies)
    widget = [dict(by_name("shop"), type="integer", value=5), dict(by_name("trade"), value="weapons")]
    assert [code for _definition, code in values_problems(DEFINITIONS, widget)] == ["unknown_choice"]
    assert values_problems(DEFINITIONS, None) == []

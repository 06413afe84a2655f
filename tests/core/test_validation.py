"""Checks of typed-in values: every refusal names its rule, every accepted value comes back as it is stored."""

import math
from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from q1_dossier.core import validation as v
from q1_dossier.core.validation import InputError


def code_of(call, *args, **kwargs):
    with pytest.raises(InputError) as caught:
        call(*args, **kwargs)
    return caught.value.code


# -- text --------------------------------------------------------------------------------------------------------


def test_text_is_stripped_and_empty_optional_text_is_false():
    assert v.clean_text("  Nguyễn Văn A \t") == "Nguyễn Văn A"
    assert v.clean_text("   ") is False
    assert v.clean_text(None) is False
    assert v.clean_text(False) is False


@pytest.mark.parametrize("value", ["", "   ", "\u00a0 ", None, False])
def test_required_text_refuses_empty_and_blank(value):
    assert code_of(v.clean_text, value, required=True) == v.EMPTY


def test_length_counted_after_stripping():
    assert v.clean_text(" " + "a" * 200 + " ", max_length=200) == "a" * 200
    error = pytest.raises(InputError, v.clean_text, "a" * 10_000, max_length=200).value
    assert (error.code, error.params) == (v.TOO_LONG, {"length": 10_000, "max": 200})


@pytest.mark.parametrize("value", ["Lê\x00Văn", "a\rb", "a\nb", "bell\x07", "del\x7f"])
def test_one_line_text_refuses_control_characters(value):
    assert code_of(v.clean_text, value) == v.CONTROL_CHARACTERS


def test_multiline_text_keeps_tabs_and_line_breaks_but_not_nul():
    assert v.clean_text("1. Tờ khai\r\n2.\tGiấy chứng sinh", multiline=True) == "1. Tờ khai\r\n2.\tGiấy chứng sinh"
    assert code_of(v.clean_text, "a\x00b", multiline=True) == v.CONTROL_CHARACTERS


@pytest.mark.parametrize("value", [12, 1.5, ["a"], {"a": 1}, b"bytes"])
def test_text_refuses_other_types(value):
    assert code_of(v.clean_text, value) == v.WRONG_TYPE


@given(st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=300))
def test_clean_text_is_idempotent_and_bounded(text):
    try:
        cleaned = v.clean_text(text, max_length=200)
    except InputError as error:
        assert error.code == v.TOO_LONG and len(text.strip()) > 200
    else:
        assert cleaned is False or (cleaned == cleaned.strip() and 0 < len(cleaned) <= 200)
        assert cleaned is False or v.clean_text(cleaned, max_length=200) == cleaned


# -- e-mail ------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["a@b.vn", "nguyen.van-a+mot@mail.hochiminhcity.gov.vn", " x_y@example.com "])
def test_email_accepted(value):
    assert v.clean_email(value) == value.strip()


@pytest.mark.parametrize(
    "value, code",
    [
        ("khong-co-a-cong", v.BAD_EMAIL),
        ("a@b", v.BAD_EMAIL),
        ("a@@b.vn", v.BAD_EMAIL),
        ("a b@c.vn", v.BAD_EMAIL),
        ("a@b.vn, c@d.vn", v.BAD_EMAIL),
        ("<a@b.vn>", v.BAD_EMAIL),
        ("a@-b.vn", v.BAD_EMAIL),
        ("a@b.vn\r\nBcc: all@ministry.gov.vn", v.CONTROL_CHARACTERS),
        ("a@b.vn\nBcc: x@y.vn", v.CONTROL_CHARACTERS),
        ("a" * 250 + "@b.vn", v.TOO_LONG),
    ],
)
def test_email_refused(value, code):
    assert code_of(v.clean_email, value) == code


def test_empty_email_is_none_given():
    assert v.clean_email("") is False and v.clean_email(False) is False


@given(st.text(max_size=60))
def test_an_accepted_email_has_one_at_and_no_whitespace(text):
    try:
        email = v.clean_email(text)
    except InputError:
        return
    assert email is False or (email.count("@") == 1 and not any(c.isspace() for c in email))


# -- numbers -----------------------------------------------------------------------------------------------------


def test_integer_bounds_default_to_postgresql_int4():
    assert v.check_integer(2**31 - 1) == 2**31 - 1
    assert v.check_integer(-(2**31)) == -(2**31)
    assert code_of(v.check_integer, 2**31) == v.OUT_OF_RANGE
    assert code_of(v.check_integer, 10**30) == v.OUT_OF_RANGE
    assert code_of(v.check_integer, -(2**31) - 1) == v.OUT_OF_RANGE


@pytest.mark.parametrize("value", ["5", True, None, 2.5, math.nan, math.inf, [5]])
def test_integer_refuses_non_integers(value):
    assert code_of(v.check_integer, value) == v.NOT_INTEGER


def test_integer_accepts_a_whole_float():
    assert v.check_integer(7.0) == 7 and isinstance(v.check_integer(7.0), int)


@pytest.mark.parametrize("value", [math.nan, math.inf, -math.inf, "1.5", None, True])
def test_number_refuses_nan_infinities_and_other_types(value):
    assert code_of(v.check_number, value) == v.NOT_FINITE


def test_number_bounds():
    assert v.check_number(2.5, 0, 2.5) == 2.5
    assert code_of(v.check_number, 2.51, 0, 2.5) == v.OUT_OF_RANGE
    assert code_of(v.check_number, -0.01, 0) == v.OUT_OF_RANGE
    assert code_of(v.check_number, 1e9, -70, 70) == v.OUT_OF_RANGE


@given(st.integers(), st.integers(), st.integers())
def test_check_integer_accepts_exactly_the_closed_interval(value, a, b):
    low, high = min(a, b), max(a, b)
    try:
        assert v.check_integer(value, low, high) == value
    except InputError as error:
        assert error.code == v.OUT_OF_RANGE and not low <= value <= high
    else:
        assert low <= value <= high


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_check_number_never_lets_a_non_finite_through(value):
    try:
        assert math.isfinite(v.check_number(value))
    except InputError as error:
        assert error.code == v.NOT_FINITE and not math.isfinite(value)


# -- dates -------------------------------------------------------------------------------------------------------


def test_dates_from_rpc_strings():
    assert v.to_date("2026-03-05") == date(2026, 3, 5)
    assert v.to_date(date(2026, 3, 5)) == date(2026, 3, 5)
    assert v.to_date(datetime(2026, 3, 5, 9, 30)) == date(2026, 3, 5)
    assert v.to_datetime("2026-03-05 09:30:00") == datetime(2026, 3, 5, 9, 30)
    assert v.to_datetime("2026-03-05") == datetime(2026, 3, 5)
    assert v.to_datetime(date(2026, 3, 5)) == datetime(2026, 3, 5)


@pytest.mark.parametrize(
    "value", ["05/03/2026", "2026-02-30", "tomorrow", 20260305, None, "2026-03-05 09:00", ["2026-03-05"]]
)
def test_bad_dates(value):
    assert code_of(v.to_date, value) == v.BAD_DATE


@pytest.mark.parametrize("value", ["2026-03-05 25:00", "now", 1741160000, "2026-13-01 10:00"])
def test_bad_datetimes(value):
    assert code_of(v.to_datetime, value) == v.BAD_DATETIME


def test_birth_date_between_1900_and_today():
    today = date(2026, 3, 5)
    assert v.check_birth_date("1990-05-01", today) == date(1990, 5, 1)
    assert v.check_birth_date(today, today) == today
    assert v.check_birth_date(date(1900, 1, 1), today) == date(1900, 1, 1)
    assert code_of(v.check_birth_date, date(2099, 1, 1), today) == v.IN_FUTURE
    assert code_of(v.check_birth_date, date(2026, 3, 6), today) == v.IN_FUTURE
    assert code_of(v.check_birth_date, date(1800, 1, 1), today) == v.TOO_EARLY


def test_years():
    assert v.check_year(2026) == 2026
    for year in (0, 1999, 2101, -2026, 99999):
        assert code_of(v.check_year, year) == v.OUT_OF_RANGE


# -- choices and time limits -------------------------------------------------------------------------------------


def test_choice():
    assert v.check_choice("direct", ("direct", "postal", "online")) == "direct"
    error = pytest.raises(InputError, v.check_choice, "fax", ("direct", "postal")).value
    assert error.code == v.UNKNOWN_CHOICE and error.params["choices"] == ("direct", "postal")
    assert code_of(v.check_choice, ["direct"], ("direct",)) == v.UNKNOWN_CHOICE


@pytest.mark.parametrize(
    "limit, unit, same_day, ok",
    [
        (5, "day", False, True),
        (0, "day", True, True),
        (0, "day", False, False),
        (-7, "day", False, False),
        (365, "day", False, True),
        (366, "day", False, False),
        (5_000_000, "day", False, False),
        (8, "hour", False, True),
        (0, "hour", False, False),
        (240, "hour", False, True),
        (241, "hour", False, False),
    ],
)
def test_time_limits(limit, unit, same_day, ok):
    if ok:
        assert v.check_time_limit(limit, unit, same_day) == limit
    else:
        assert code_of(v.check_time_limit, limit, unit, same_day) == v.OUT_OF_RANGE


def test_shown_value_is_short_and_visible():
    assert v.shown("a" * 10_000) == "a" * 39 + "…"
    assert v.shown("a\r\nb") == "a\\x0d\\x0ab"
    assert v.shown(12) == "12"

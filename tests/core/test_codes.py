"""Dossier codes: <unit>-<yyMMdd>-<NNNN> by default, configurable template."""

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from q1_dossier.core.codes import DEFAULT_PATTERN, dossier_code


@pytest.mark.parametrize(
    "unit, day, seq, code",
    [
        ("H29.35", date(2026, 3, 5), 7, "H29.35-260305-0007"),
        ("H29.35", date(2026, 12, 31), 1, "H29.35-261231-0001"),
        ("H15.50.05.13", date(2026, 10, 8), 975, "H15.50.05.13-261008-0975"),  # observed 2026 code
        ("H29.35", date(2030, 1, 9), 9999, "H29.35-300109-9999"),
        ("H29.35", date(2026, 3, 5), 10000, "H29.35-260305-10000"),  # widens past four digits
        (" H29.35 ", date(2026, 3, 5), 12, "H29.35-260305-0012"),
        ("H29.35", datetime(2026, 3, 5, 16, 45), 3, "H29.35-260305-0003"),
    ],
)
def test_default_pattern(unit, day, seq, code):
    assert dossier_code(unit, day, seq) == code


@pytest.mark.parametrize(
    "pattern, code",
    [
        ("{unit}-{yy}{mm}{dd}-{seq:04d}", "H29.35-260305-0007"),
        ("{unit}-{yy}{mm}{dd}-00{seq:04d}", "H29.35-260305-000007"),  # TT 04/2025 "AAXXXX" style
        ("{unit}.{yyyy}{mm}{dd}.{seq:06d}", "H29.35.20260305.000007"),
        ("{yyyy}/{mm}/{dd}/{unit}/{seq}", "2026/03/05/H29.35/7"),
    ],
)
def test_configurable_pattern(pattern, code):
    assert dossier_code("H29.35", date(2026, 3, 5), 7, pattern=pattern) == code


def test_default_pattern_is_documented_value():
    assert DEFAULT_PATTERN == "{unit}-{yy}{mm}{dd}-{seq:04d}"


@pytest.mark.parametrize(
    "unit, seq, fragment",
    [
        ("", 1, "đơn vị tiếp nhận"),
        ("   ", 1, "đơn vị tiếp nhận"),
        (None, 1, "đơn vị tiếp nhận"),
        ("H29.35", 0, "Số thứ tự"),
        ("H29.35", -3, "Số thứ tự"),
        ("H29.35", 1.0, "Số thứ tự"),
        ("H29.35", True, "Số thứ tự"),
    ],
)
def test_invalid_arguments(unit, seq, fragment):
    with pytest.raises(ValueError, match=fragment):
        dossier_code(unit, date(2026, 3, 5), seq)


@pytest.mark.parametrize("pattern", ["{unit}-{year}-{seq}", "{unit}-{yy:04d}-{seq}", "{unit}-{0}", "{unit"])
def test_invalid_pattern(pattern):
    with pytest.raises(ValueError, match="Mẫu mã hồ sơ"):
        dossier_code("H29.35", date(2026, 3, 5), 1, pattern=pattern)


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2068, 12, 31)), st.integers(1, 10**6)
)  # strptime %y: 2000–2068
def test_default_code_encodes_date_and_sequence(day, seq):
    unit, stamp, number = dossier_code("H29.35", day, seq).rsplit("-", 2)
    assert unit == "H29.35"
    assert datetime.strptime(stamp, "%y%m%d").date() == day
    assert int(number) == seq and len(number) == max(4, len(str(seq)))


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)), st.integers(1, 9999), st.integers(1, 9999))
def test_codes_of_one_day_sort_by_sequence(day, a, b):
    assert (dossier_code("H29.35", day, a) < dossier_code("H29.35", day, b)) == (a < b)

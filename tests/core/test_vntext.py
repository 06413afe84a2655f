"""Amounts in words (checked against an independent parser) and Decree 30/2020 dates."""

from datetime import date, datetime
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from q1_dossier.core.vntext import amount_in_words, format_vn_date

DIGIT_VALUES = {
    "không": 0,
    "một": 1,
    "mốt": 1,
    "hai": 2,
    "ba": 3,
    "bốn": 4,
    "tư": 4,
    "năm": 5,
    "lăm": 5,
    "sáu": 6,
    "bảy": 7,
    "tám": 8,
    "chín": 9,
}
SCALE_VALUES = {"nghìn": 10**3, "triệu": 10**6}


def parse_amount(text):
    """Inverse of amount_in_words, written independently: a left-to-right accumulator.

    ``group`` holds the current 0..999 group, ``below_billion`` the groups already closed by "nghìn"/"triệu",
    and "tỷ" multiplies everything said so far (10**12 is "nghìn tỷ", 10**18 "tỷ tỷ").
    """
    words = text.split()
    assert words[-1] == "đồng" and text[0].isupper()
    total = below_billion = group = 0
    last_digit = None
    for word in [words[0].lower()] + words[1:-1]:
        if word in DIGIT_VALUES:
            last_digit = DIGIT_VALUES[word]
            group += last_digit
        elif word == "trăm":
            group += last_digit * 100 - last_digit
        elif word == "mươi":
            group += last_digit * 10 - last_digit
        elif word == "mười":
            group += 10
        elif word == "linh":
            pass
        elif word in SCALE_VALUES:
            below_billion += group * SCALE_VALUES[word]
            group = 0
        elif word == "tỷ":
            total = (total + below_billion + group) * 10**9
            below_billion = group = 0
        else:
            raise AssertionError(f"unexpected word {word!r} in {text!r}")
    return total + below_billion + group


@pytest.mark.parametrize(
    "n, words",
    [
        # DESIGN §3 examples (normative)
        (0, "Không đồng"),
        (21, "Hai mươi mốt đồng"),
        (105, "Một trăm linh năm đồng"),
        (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
        (1_000_005, "Một triệu không trăm linh năm đồng"),
        (1_250_000, "Một triệu hai trăm năm mươi nghìn đồng"),
        # units and teens
        (1, "Một đồng"),
        (5, "Năm đồng"),
        (10, "Mười đồng"),
        (11, "Mười một đồng"),
        (14, "Mười bốn đồng"),
        (15, "Mười lăm đồng"),
        (19, "Mười chín đồng"),
        # tens: "mốt", "tư", "lăm"
        (20, "Hai mươi đồng"),
        (24, "Hai mươi tư đồng"),
        (25, "Hai mươi lăm đồng"),
        (31, "Ba mươi mốt đồng"),
        (55, "Năm mươi lăm đồng"),
        (94, "Chín mươi tư đồng"),
        (99, "Chín mươi chín đồng"),
        # hundreds: "linh"
        (100, "Một trăm đồng"),
        (101, "Một trăm linh một đồng"),
        (104, "Một trăm linh bốn đồng"),
        (110, "Một trăm mười đồng"),
        (115, "Một trăm mười lăm đồng"),
        (121, "Một trăm hai mươi mốt đồng"),
        (999, "Chín trăm chín mươi chín đồng"),
        # zero hundreds inside a number, skipped zero groups
        (1_000, "Một nghìn đồng"),
        (1_001, "Một nghìn không trăm linh một đồng"),
        (1_010, "Một nghìn không trăm mười đồng"),
        (1_021, "Một nghìn không trăm hai mươi mốt đồng"),
        (1_100, "Một nghìn một trăm đồng"),
        (10_000, "Mười nghìn đồng"),
        (15_000, "Mười lăm nghìn đồng"),
        (50_000, "Năm mươi nghìn đồng"),
        (100_000, "Một trăm nghìn đồng"),
        (205_000, "Hai trăm linh năm nghìn đồng"),
        (1_000_000, "Một triệu đồng"),
        (21_000_000, "Hai mươi mốt triệu đồng"),
        (1_000_000_000, "Một tỷ đồng"),
        (1_000_000_001, "Một tỷ không trăm linh một đồng"),
        (2_500_000_000, "Hai tỷ năm trăm triệu đồng"),
        (2_000_000_000_000, "Hai nghìn tỷ đồng"),
        (1_005_000_000_000_000, "Một triệu không trăm linh năm nghìn tỷ đồng"),
        (1_000_000_000_000_000, "Một triệu tỷ đồng"),
        (10**18, "Một tỷ tỷ đồng"),
        # typical fees
        (35_000, "Ba mươi lăm nghìn đồng"),
        (2_024_000, "Hai triệu không trăm hai mươi tư nghìn đồng"),
    ],
)
def test_amount_in_words(n, words):
    assert amount_in_words(n) == words


@pytest.mark.parametrize("value", [-1, -1_000, 1.0, 1.5, True, False, "100", None])
def test_amount_in_words_rejects_non_amounts(value):
    with pytest.raises(ValueError):
        amount_in_words(value)


def test_parser_reads_the_normative_examples():
    assert parse_amount("Một triệu không trăm linh năm nghìn đồng") == 1_005_000
    assert parse_amount("Hai nghìn tỷ đồng") == 2 * 10**12


# Amounts with many zeros and with the special units (1, 4, 5, 10–15, 20–25) exercise the rules harder than
# uniformly random integers, which almost never contain a zero group.
tricky_groups = st.sampled_from(
    [0, 0, 0, 1, 4, 5, 10, 11, 14, 15, 20, 21, 24, 25, 100, 101, 105, 110, 115, 999]
) | st.integers(0, 999)


@st.composite
def amounts(draw):
    groups = draw(st.lists(tricky_groups, min_size=1, max_size=6))
    return sum(g * 1000**i for i, g in enumerate(groups))


@settings(max_examples=1000)
@given(st.integers(0, 10**18) | amounts())
def test_amount_in_words_round_trips(n):
    assert parse_amount(amount_in_words(n)) == n


@settings(max_examples=500)
@given(st.integers(0, 10**18) | amounts())
def test_amount_in_words_follows_the_spoken_conventions(n):
    words = amount_in_words(n).lower().split()
    pairs = list(pairwise(words))
    assert ("mươi", "một") not in pairs and ("mươi", "năm") not in pairs and ("mươi", "bốn") not in pairs
    assert ("mười", "năm") not in pairs and ("mười", "mốt") not in pairs and ("mười", "tư") not in pairs
    assert "  " not in amount_in_words(n)
    for i, word in enumerate(words[:-2]):
        # After "trăm" a lone unit needs "linh" ("một trăm linh năm", never "một trăm năm").
        if word == "trăm" and words[i + 1] in DIGIT_VALUES:
            assert words[i + 2] == "mươi"
    if n:
        assert words[0] != "không" and "linh" not in words[:1]


@pytest.mark.parametrize(
    "d, place, text",
    [
        (date(2026, 2, 5), None, "ngày 05 tháng 02 năm 2026"),
        (date(2026, 1, 1), None, "ngày 01 tháng 01 năm 2026"),
        (date(2026, 3, 15), None, "ngày 15 tháng 3 năm 2026"),
        (date(2026, 12, 5), None, "ngày 05 tháng 12 năm 2026"),
        (date(2026, 10, 31), None, "ngày 31 tháng 10 năm 2026"),
        (date(2026, 2, 28), None, "ngày 28 tháng 02 năm 2026"),
        (date(2026, 9, 9), None, "ngày 09 tháng 9 năm 2026"),
        (date(2026, 2, 5), "Sài Gòn", "Sài Gòn, ngày 05 tháng 02 năm 2026"),
        (date(2026, 2, 5), "  Bến Thành ", "Bến Thành, ngày 05 tháng 02 năm 2026"),
        (date(2026, 2, 5), "", "ngày 05 tháng 02 năm 2026"),
        (datetime(2026, 7, 1, 9, 30), "Tân Định", "Tân Định, ngày 01 tháng 7 năm 2026"),
    ],
)
def test_format_vn_date(d, place, text):
    assert format_vn_date(d, place) == text


def test_format_vn_date_rejects_non_dates():
    with pytest.raises(ValueError):
        format_vn_date("2026-02-05")

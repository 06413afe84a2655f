"""Citizen identification numbers, phone numbers and organisations' tax codes."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from q1_dossier.core.identity import (
    MOBILE_PREFIXES,
    PROVINCE_CODES,
    normalize_phone,
    validate_citizen_id,
    validate_tax_code,
)

# -- citizen identification number ---------------------------------------------------------------------------


def test_province_list_has_the_63_pre_2025_provinces():
    assert len(PROVINCE_CODES) == 63
    assert PROVINCE_CODES["001"] == "Hà Nội" and PROVINCE_CODES["079"] == "Hồ Chí Minh"
    assert PROVINCE_CODES["096"] == "Cà Mau" and "003" not in PROVINCE_CODES


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("079085001234", "079085001234"),
        ("079 085 001 234", "079085001234"),
        ("079.085.001.234", "079085001234"),
        (" 001190123456 ", "001190123456"),
        ("096305000001", "096305000001"),
    ],
)
def test_valid_citizen_ids(raw, expected):
    assert validate_citizen_id(raw) == expected


@pytest.mark.parametrize(
    "raw, fragment",
    [
        ("07908500123", "đúng 12 chữ số"),  # 11 digits
        ("0790850012345", "đúng 12 chữ số"),  # 13 digits
        ("079085-001234", "đúng 12 chữ số"),  # dashes are not ignored
        ("07908500123A", "đúng 12 chữ số"),
        ("０７９０８５００１２３４", "đúng 12 chữ số"),  # full-width digits
        ("024123456", "đúng 12 chữ số"),  # an old 9-digit CMND
        ("003085001234", "Mã tỉnh 003"),
        ("097085001234", "Mã tỉnh 097"),
        ("000085001234", "Mã tỉnh 000"),
        ("", "không được để trống"),
        ("   ", "không được để trống"),
    ],
)
def test_invalid_citizen_ids(raw, fragment):
    with pytest.raises(ValueError, match=fragment):
        validate_citizen_id(raw)


def test_citizen_id_must_be_a_string():
    with pytest.raises(ValueError):
        validate_citizen_id(79085001234)


@pytest.mark.parametrize(
    "number, birth, sex",
    [
        ("079085001234", date(1985, 6, 1), "male"),
        ("079185001234", date(1985, 6, 1), "female"),
        ("079205001234", date(2005, 1, 31), "male"),
        ("079312001234", 2012, "female"),  # a birth year alone is enough
        ("079400001234", date(2100, 1, 1), "male"),
        ("079799001234", date(2299, 1, 1), "female"),
        ("079800001234", date(2300, 1, 1), "male"),  # 24th century, Circular 07/2016/TT-BCA Art. 7
    ],
)
def test_century_sex_digit_matches(number, birth, sex):
    assert validate_citizen_id(number, birth_date=birth, sex=sex) == number


@pytest.mark.parametrize(
    "number, birth",
    [
        ("079085001234", date(1986, 6, 1)),
        ("079085001234", date(2085, 6, 1)),  # right last two digits, wrong century
        ("079205001234", date(1905, 6, 1)),
        ("079885001234", date(1885, 1, 1)),  # 8 is the 24th century, not the 19th
    ],
)
def test_birth_year_mismatch(number, birth):
    with pytest.raises(ValueError, match="không khớp với năm sinh"):
        validate_citizen_id(number, birth_date=birth)


@pytest.mark.parametrize("number, sex", [("079085001234", "female"), ("079385001234", "male")])
def test_sex_mismatch(number, sex):
    with pytest.raises(ValueError, match="không khớp với giới tính"):
        validate_citizen_id(number, sex=sex)


def test_unknown_sex_value_is_rejected():
    with pytest.raises(ValueError):
        validate_citizen_id("079085001234", sex="nam")


@given(
    st.sampled_from(sorted(PROVINCE_CODES)),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)),
    st.sampled_from(["male", "female"]),
    st.integers(0, 999_999),
)
def test_any_well_formed_number_validates_with_its_own_data(province, birth, sex, serial):
    century_digit = (birth.year // 100 - 19) * 2 + (sex == "female")
    number = f"{province}{century_digit}{birth.year % 100:02d}{serial:06d}"
    assert validate_citizen_id(number, birth_date=birth, sex=sex) == number
    spaced = " ".join([number[:3], number[3:6], number[6:]])
    assert validate_citizen_id(spaced) == number


# -- phone numbers -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("0912345678", "0912345678"),
        ("091 234 5678", "0912345678"),
        ("091.234.5678", "0912345678"),
        ("091-234-5678", "0912345678"),
        ("(091) 234 5678", "0912345678"),
        ("+84912345678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("+84 (0) 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("0084912345678", "0912345678"),
        ("0321234567", "0321234567"),  # Viettel 03x
        ("0559876543", "0559876543"),
        ("0706543210", "0706543210"),
        ("0862223333", "0862223333"),
        ("0991234567", "0991234567"),
        ("028 3829 1234", "02838291234"),  # Hồ Chí Minh City landline
        ("+84 28 3829 1234", "02838291234"),
        ("024.3825.1234", "02438251234"),  # Hà Nội landline
        ("0236 3822 123", "02363822123"),  # Đà Nẵng landline
    ],
)
def test_valid_phones(raw, expected):
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "091234567",  # 9 digits
        "09123456789",  # 11-digit mobile
        "0951234567",  # 095 is not assigned
        "0311234567",  # 031 is not a mobile prefix
        "0123456789",  # old 11-digit era prefix 012, now 10 digits: invalid
        "01234567890",  # old 11-digit mobile
        "912345678",  # missing trunk zero
        "0283829123",  # landline one digit short
        "+1 202 555 0100",
        "091234567a",
        "091/234/5678",
        "",
    ],
)
def test_invalid_phones(raw):
    with pytest.raises(ValueError, match="điện thoại"):
        normalize_phone(raw)


@given(
    st.sampled_from(sorted(MOBILE_PREFIXES)),
    st.integers(0, 9_999_999),
    st.sampled_from(["0{}", "+84{}", "84{}", "+84 {}"]),
)
def test_every_mobile_prefix_normalises(prefix, rest, template):
    number = f"{prefix}{rest:07d}"
    assert normalize_phone(template.format(number[1:])) == number


# -- tax codes -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("0100109106", "0100109106"),  # Viettel
        ("0300588569", "0300588569"),  # Vinamilk
        ("0101248141", "0101248141"),  # FPT
        ("0100109106-001", "0100109106-001"),  # dependent unit
        (" 0300588569 ", "0300588569"),
    ],
)
def test_valid_tax_codes(raw, expected):
    assert validate_tax_code(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "0100109107",  # wrong check digit
        "0300588568",
        "010010910",  # 9 digits
        "01001091066",  # 11 digits
        "0100109106-01",  # branch with 2 digits
        "0100109106-000",  # branch 000 is the parent itself
        "0100109106-0a1",
        "01001O9106",  # letter O instead of zero
        "079085001234",  # a personal number is not an organisation's code
        "",
    ],
)
def test_invalid_tax_codes(raw):
    with pytest.raises(ValueError, match="Mã số thuế|Mã đơn vị phụ thuộc|không được để trống"):
        validate_tax_code(raw)


def test_tax_code_whose_check_would_be_ten_is_invalid():
    # Weighted sum ≡ 0 (mod 11) gives a "check digit" of 10: no such code is issued.
    body = "000000000"
    assert sum(int(d) for d in body) == 0
    for last in "0123456789":
        with pytest.raises(ValueError):
            validate_tax_code(body + last)


@given(st.integers(0, 999_999_999))
def test_exactly_one_check_digit_or_none_is_accepted(body):
    digits = f"{body:09d}"
    accepted = []
    for last in "0123456789":
        try:
            validate_tax_code(digits + last)
            accepted.append(last)
        except ValueError:
            pass
    weighted = sum(int(d) * w for d, w in zip(digits, (31, 29, 23, 19, 17, 13, 7, 5, 3), strict=True))
    assert len(accepted) == (0 if weighted % 11 == 0 else 1)

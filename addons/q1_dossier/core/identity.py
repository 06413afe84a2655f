"""Checks of the identifiers an applicant gives at reception.

Decree 118/2025/NĐ-CP Art. 17(1)(a) makes the personal identification number (số định danh cá nhân) the key
of every dossier filed by a citizen; the phone number receives the SMS notices of Art. 19(6). The checks are
offline and structural: they catch typing errors, not whether the person or company exists.
"""

from datetime import date

# Birth-registration province codes, Circular 07/2016/TT-BCA Appendix I (kept by Circular 59/2021/TT-BCA).
# These are the 63 pre-July-2025 provinces: numbers already issued keep them after the 2025 mergers.
PROVINCE_CODES = {
    "001": "Hà Nội",
    "002": "Hà Giang",
    "004": "Cao Bằng",
    "006": "Bắc Kạn",
    "008": "Tuyên Quang",
    "010": "Lào Cai",
    "011": "Điện Biên",
    "012": "Lai Châu",
    "014": "Sơn La",
    "015": "Yên Bái",
    "017": "Hòa Bình",
    "019": "Thái Nguyên",
    "020": "Lạng Sơn",
    "022": "Quảng Ninh",
    "024": "Bắc Giang",
    "025": "Phú Thọ",
    "026": "Vĩnh Phúc",
    "027": "Bắc Ninh",
    "030": "Hải Dương",
    "031": "Hải Phòng",
    "033": "Hưng Yên",
    "034": "Thái Bình",
    "035": "Hà Nam",
    "036": "Nam Định",
    "037": "Ninh Bình",
    "038": "Thanh Hóa",
    "040": "Nghệ An",
    "042": "Hà Tĩnh",
    "044": "Quảng Bình",
    "045": "Quảng Trị",
    "046": "Thừa Thiên Huế",
    "048": "Đà Nẵng",
    "049": "Quảng Nam",
    "051": "Quảng Ngãi",
    "052": "Bình Định",
    "054": "Phú Yên",
    "056": "Khánh Hòa",
    "058": "Ninh Thuận",
    "060": "Bình Thuận",
    "062": "Kon Tum",
    "064": "Gia Lai",
    "066": "Đắk Lắk",
    "067": "Đắk Nông",
    "068": "Lâm Đồng",
    "070": "Bình Phước",
    "072": "Tây Ninh",
    "074": "Bình Dương",
    "075": "Đồng Nai",
    "077": "Bà Rịa - Vũng Tàu",
    "079": "Hồ Chí Minh",
    "080": "Long An",
    "082": "Tiền Giang",
    "083": "Bến Tre",
    "084": "Trà Vinh",
    "086": "Vĩnh Long",
    "087": "Đồng Tháp",
    "089": "An Giang",
    "091": "Kiên Giang",
    "092": "Cần Thơ",
    "093": "Hậu Giang",
    "094": "Sóc Trăng",
    "095": "Bạc Liêu",
    "096": "Cà Mau",
}

# Fourth digit: century of birth and sex, Circular 07/2016/TT-BCA Art. 7 (Circular 59/2021/TT-BCA Art. 4):
# 20th century male 0 / female 1, 21st 2/3, 22nd 4/5, 23rd 6/7, 24th 8/9.
_CENTURY_DIGITS = {
    0: (1900, "male"),
    1: (1900, "female"),
    2: (2000, "male"),
    3: (2000, "female"),
    4: (2100, "male"),
    5: (2100, "female"),
    6: (2200, "male"),
    7: (2200, "female"),
    8: (2300, "male"),
    9: (2300, "female"),
}
_SEX_WORDS = {"male": "nam", "female": "nữ"}

# Mobile prefixes in use since the 2018 switch from 11 to 10 digits (Ministry of Information and
# Communications numbering plan); landlines are 02 + area code, 11 digits in all.
MOBILE_PREFIXES = frozenset(
    [f"03{d}" for d in range(2, 10)]
    + ["052", "055", "056", "058", "059", "070"]
    + [f"07{d}" for d in range(6, 10)]
    + [f"08{d}" for d in range(1, 10)]
    + ["090", "091", "092", "093", "094", "096", "097", "098", "099"]
)

_TAX_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def validate_citizen_id(s, birth_date=None, sex=None):
    """Return the 12 digits of a personal identification number (CCCD) or raise ``ValueError``.

    Structure (Decree 137/2015/NĐ-CP Art. 13, Circular 07/2016/TT-BCA Art. 7): 3-digit province of birth
    registration, 1 century/sex digit, 2 last digits of the birth year, 6 random digits. ``birth_date`` (a date
    or a year) and ``sex`` (``'male'``/``'female'``) are cross-checked when given. Spaces and dots are ignored.
    """
    digits = _strip(s, " .", "Số định danh cá nhân")
    if not digits.isdigit() or not digits.isascii() or len(digits) != 12:
        raise ValueError("Số định danh cá nhân phải gồm đúng 12 chữ số.")
    province = digits[:3]
    if province not in PROVINCE_CODES:
        raise ValueError(f"Mã tỉnh {province} trong số định danh cá nhân không hợp lệ.")
    century, coded_sex = _CENTURY_DIGITS[int(digits[3])]
    if birth_date is not None:
        _check_birth_year(century + int(digits[4:6]), birth_date)
    if sex is not None:
        _check_sex(coded_sex, sex)
    return digits


def normalize_phone(s):
    """Return a Vietnamese phone number in its domestic ``0…`` form or raise ``ValueError``.

    Accepts ``+84``/``84``/``0084`` prefixes, spaces, dots, dashes and parentheses. Mobiles have 10 digits with
    a prefix in ``MOBILE_PREFIXES``; landlines have 11 digits starting with 02.
    """
    raw = s
    number = _strip(s, " .-()\u00a0", "Số điện thoại")
    for prefix in ("+84", "0084", "84"):
        if number.startswith(prefix) and len(number) > 9:
            # "+84 (0) 912..." is a common way of writing; drop the trunk zero too.
            number = "0" + number[len(prefix) :].removeprefix("0")
            break
    if number.isascii() and number.isdigit():
        if len(number) == 10 and number[:3] in MOBILE_PREFIXES:
            return number
        if len(number) == 11 and number.startswith("02"):
            return number
    raise ValueError(f"Số điện thoại «{raw}» không hợp lệ.")


def validate_tax_code(s):
    """Return an organisation's tax code (mã số thuế) or raise ``ValueError``.

    10 digits, or 10 digits + "-" + 3-digit dependent-unit number (Circular 105/2020/TT-BTC Art. 5). The 10th
    digit is a check digit: ``10 - (sum of the first nine digits weighted 31, 29, 23, 19, 17, 13, 7, 5, 3) mod
    11``; a result of 10 has no digit, so such a number is never issued. Spaces are ignored.
    """
    code = _strip(s, " ", "Mã số thuế")
    main, dash, branch = code.partition("-")
    if not (len(main) == 10 and main.isascii() and main.isdigit()):
        raise ValueError("Mã số thuế phải gồm 10 chữ số, hoặc 10 chữ số, dấu '-' và 3 chữ số đơn vị phụ thuộc.")
    if dash and not (len(branch) == 3 and branch.isascii() and branch.isdigit() and branch != "000"):
        raise ValueError("Mã đơn vị phụ thuộc trong mã số thuế phải gồm 3 chữ số từ 001 đến 999.")
    total = sum(int(digit) * weight for digit, weight in zip(main[:9], _TAX_WEIGHTS, strict=True))
    check = 10 - total % 11
    if check == 10 or int(main[9]) != check:
        raise ValueError(f"Mã số thuế {main} sai chữ số kiểm tra.")
    return code


def _strip(s, ignored, label):
    if not isinstance(s, str) or not s.strip():
        raise ValueError(f"{label} không được để trống.")
    return s.translate({ord(c): None for c in ignored})


def _check_birth_year(coded_year, birth_date):
    year = birth_date.year if isinstance(birth_date, date) else birth_date
    if coded_year != year:
        raise ValueError(f"Số định danh cá nhân (năm sinh {coded_year}) không khớp với năm sinh {year}.")


def _check_sex(coded_sex, sex):
    if sex not in _SEX_WORDS:
        raise ValueError(f"Giới tính phải là 'male' hoặc 'female', nhận được {sex!r}.")
    if coded_sex != sex:
        raise ValueError(
            f"Số định danh cá nhân (giới tính {_SEX_WORDS[coded_sex]}) không khớp với giới tính {_SEX_WORDS[sex]}."
        )

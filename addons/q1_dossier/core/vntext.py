"""Vietnamese text for printed documents: amounts of money in words and dates.

Receipts and fee slips print the amount in words ("Bằng chữ: ..."); administrative documents print the date as
"ngày ... tháng ... năm ..." (Decree 30/2020/NĐ-CP, Appendix I). Written here rather than taken from num2words,
whose Vietnamese output breaks the conventions below (e.g. "mốt", "tư", "linh", "không trăm").
"""

from datetime import date

_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_BILLION = 10**9
# Below a billion the groups of three digits are read with these scale words, highest first.
_SCALES = ((10**6, "triệu"), (10**3, "nghìn"), (1, ""))


def amount_in_words(n):
    """Vietnamese words for a non-negative amount of VND, capitalised, ending in " đồng".

    >>> amount_in_words(1_005_000)
    'Một triệu không trăm linh năm nghìn đồng'
    """
    if isinstance(n, bool) or not isinstance(n, int):
        raise ValueError(f"Số tiền phải là số nguyên (đồng), nhận được {n!r}.")
    if n < 0:
        raise ValueError(f"Số tiền không được âm: {n}.")
    words = _number_words(n, leading=True) if n else _DIGITS[0]
    return words[0].upper() + words[1:] + " đồng"


def format_vn_date(d, place=None):
    """``"ngày 05 tháng 02 năm 2026"``, preceded by ``"<place>, "`` when a place is given.

    Decree 30/2020/NĐ-CP, Appendix I: days below 10 and the months January and February take a leading zero
    (so "tháng 02" cannot be misread as "tháng 12").
    """
    if not isinstance(d, date):
        raise ValueError(f"Ngày không hợp lệ: {d!r}.")
    month = f"{d.month:02d}" if d.month <= 2 else str(d.month)
    text = f"ngày {d.day:02d} tháng {month} năm {d.year}"
    if place and place.strip():
        return f"{place.strip()}, {text}"
    return text


def _number_words(n, leading):
    """Words for n >= 1; ``leading`` is False when higher groups were already said."""
    if n >= _BILLION:
        # "tỷ" is the largest scale word: 10**12 is "nghìn tỷ", 10**15 "triệu tỷ", 10**18 "tỷ tỷ".
        high, low = divmod(n, _BILLION)
        words = _number_words(high, leading) + " tỷ"
        return words + " " + _number_words(low, leading=False) if low else words
    parts = []
    for scale, name in _SCALES:
        group = n // scale % 1000
        if group:
            parts.append(_group_words(group, leading))
            if name:
                parts.append(name)
            leading = False
    return " ".join(parts)


def _group_words(group, leading):
    """Words for 1..999. Inside a number a zero hundreds digit is still said ("không trăm")."""
    hundreds, tens, units = group // 100, group // 10 % 10, group % 10
    words = []
    if hundreds or not leading:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append("linh")
            words.append(_DIGITS[units])
    elif tens == 1:
        words.append("mười")
        if units:
            words.append("lăm" if units == 5 else _DIGITS[units])
    else:
        words += [_DIGITS[tens], "mươi"]
        if units:
            words.append(_UNIT_AFTER_MUOI.get(units, _DIGITS[units]))
    return " ".join(words)


# After "mươi" (20+) the units 1, 4 and 5 change their sound: "hai mươi mốt", "hai mươi tư", "hai mươi lăm".
_UNIT_AFTER_MUOI = {1: "mốt", 4: "tư", 5: "lăm"}

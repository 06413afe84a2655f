"""Dossier codes (mã số hồ sơ) printed on the receipt and used for look-up on the national portal.

Decree 118/2025/NĐ-CP Art. 28(2): the code is the electronic identifier of the competent agency followed by the
date of reception and the sequence number of the day. Circular 03/2025/TT-VPCP Art. 13 (as amended by Circular
04/2025/TT-VPCP Art. 23(2)) writes it ``<agency ID>-YYMMDD-XXXX`` with a sequence of at least four digits.
Because the base clauses may set another layout, the layout is a configurable template.
"""

from datetime import datetime

# Template fields: {unit} receiving unit's identifier; {yy} {yyyy} {mm} {dd} zero-padded strings of the
# reception date; {seq} the sequence number of the day as an int, so a width spec applies to it
# ("{seq:04d}" pads to at least four digits and widens past 9999, as the Circular requires).
DEFAULT_PATTERN = "{unit}-{yy}{mm}{dd}-{seq:04d}"


def dossier_code(unit_code, received_on, seq, pattern=DEFAULT_PATTERN):
    """The code of the ``seq``-th dossier received on ``received_on`` by ``unit_code``.

    >>> from datetime import date
    >>> dossier_code("H29.35", date(2026, 3, 5), 7)
    'H29.35-260305-0007'
    """
    unit = unit_code.strip() if isinstance(unit_code, str) else ""
    if not unit:
        raise ValueError("Mã đơn vị tiếp nhận không được để trống.")
    if isinstance(seq, bool) or not isinstance(seq, int) or seq < 1:
        raise ValueError(f"Số thứ tự hồ sơ trong ngày phải là số nguyên dương, nhận được {seq!r}.")
    day = received_on.date() if isinstance(received_on, datetime) else received_on
    fields = {
        "unit": unit,
        "yy": f"{day.year % 100:02d}",
        "yyyy": f"{day.year:04d}",
        "mm": f"{day.month:02d}",
        "dd": f"{day.day:02d}",
        "seq": seq,
    }
    try:
        return pattern.format(**fields)
    except (KeyError, IndexError, ValueError) as error:
        raise ValueError(f"Mẫu mã hồ sơ «{pattern}» không hợp lệ: {error}.") from None

"""Reporting periods of the statutory reports.

Decree 09/2019/NĐ-CP sets the cut-off convention still used by 2025 circulars (e.g. Circular 19/2025/TT-BTP):
a month runs from the 15th of the month before to the 14th, a quarter from the 15th of the month before the
quarter to the 14th of its last month, a year from 15 December of the year before to 14 December
(legal-2025-regime.md §3). The calendar convention gives calendar months, quarters and years.
"""

from datetime import date, timedelta

KINDS = ("month", "quarter", "half", "nine_months", "year")
CONVENTIONS = ("cutoff", "calendar")
ROMAN = ("I", "II", "III", "IV")
INDEX_RANGE = {"month": 12, "quarter": 4, "half": 2}


def _months(kind, index):
    """First and last calendar month (1-12) the period covers."""
    if kind == "month":
        return index, index
    if kind == "quarter":
        return 3 * index - 2, 3 * index
    if kind == "half":
        return 6 * index - 5, 6 * index
    if kind == "nine_months":
        return 1, 9
    return 1, 12


def _check(kind, year, index, convention):
    if kind not in KINDS:
        raise ValueError(f"Loại kỳ báo cáo không hợp lệ: {kind!r} (tháng, quý, 6 tháng, 9 tháng hoặc năm).")
    if convention not in CONVENTIONS:
        raise ValueError(f"Cách tính kỳ báo cáo không hợp lệ: {convention!r}.")
    if not isinstance(year, int) or not 1900 <= year <= 9999:
        raise ValueError(f"Năm báo cáo không hợp lệ: {year!r}.")
    limit = INDEX_RANGE.get(kind)
    if limit and not (isinstance(index, int) and 1 <= index <= limit):
        raise ValueError(f"Số thứ tự kỳ báo cáo không hợp lệ: {index!r} (từ 1 đến {limit}).")


def report_window(kind, year, index=1, convention="cutoff"):
    """``(first day, last day)`` of a reporting period, both inclusive."""
    _check(kind, year, index, convention)
    first_month, last_month = _months(kind, index)
    if convention == "calendar":
        last_day = date(year + (last_month == 12), last_month % 12 + 1, 1) - timedelta(days=1)
        return date(year, first_month, 1), last_day
    start = date(year - 1, 12, 15) if first_month == 1 else date(year, first_month - 1, 15)
    return start, date(year, last_month, 14)


def window_label(kind, year, index=1):
    """The period as written on the report, e.g. "Quý I năm 2026"."""
    _check(kind, year, index, "cutoff")
    if kind == "month":
        return f"Tháng {index} năm {year}"
    if kind == "quarter":
        return f"Quý {ROMAN[index - 1]} năm {year}"
    if kind == "half":
        return f"6 tháng {'đầu' if index == 1 else 'cuối'} năm {year}"
    if kind == "nine_months":
        return f"9 tháng năm {year}"
    return f"Năm {year}"


def cutoff_month(d):
    """First day of the month whose cut-off window holds ``d`` (from the 15th, the next month's)."""
    if d.day < 15:
        return d.replace(day=1)
    return date(d.year + (d.month == 12), d.month % 12 + 1, 1)

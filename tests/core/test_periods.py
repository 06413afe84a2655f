from datetime import date, timedelta
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st
from q1_reporting.core.periods import cutoff_month, report_window, window_label


@pytest.mark.parametrize(
    "kind, index, expected",
    [
        ("month", 1, (date(2025, 12, 15), date(2026, 1, 14))),
        ("month", 3, (date(2026, 2, 15), date(2026, 3, 14))),
        ("month", 12, (date(2026, 11, 15), date(2026, 12, 14))),
        ("quarter", 1, (date(2025, 12, 15), date(2026, 3, 14))),
        ("quarter", 3, (date(2026, 6, 15), date(2026, 9, 14))),
        ("half", 1, (date(2025, 12, 15), date(2026, 6, 14))),
        ("half", 2, (date(2026, 6, 15), date(2026, 12, 14))),
        ("nine_months", 1, (date(2025, 12, 15), date(2026, 9, 14))),
        ("year", 1, (date(2025, 12, 15), date(2026, 12, 14))),
    ],
)
def test_cutoff_windows_decree_09_2019(kind, index, expected):
    assert report_window(kind, 2026, index) == expected


@pytest.mark.parametrize(
    "kind, index, expected",
    [
        ("month", 2, (date(2028, 2, 1), date(2028, 2, 29))),
        ("month", 12, (date(2028, 12, 1), date(2028, 12, 31))),
        ("quarter", 4, (date(2028, 10, 1), date(2028, 12, 31))),
        ("half", 1, (date(2028, 1, 1), date(2028, 6, 30))),
        ("nine_months", 1, (date(2028, 1, 1), date(2028, 9, 30))),
        ("year", 1, (date(2028, 1, 1), date(2028, 12, 31))),
    ],
)
def test_calendar_windows(kind, index, expected):
    assert report_window(kind, 2028, index, convention="calendar") == expected


@pytest.mark.parametrize(
    "args",
    [("week", 2026, 1), ("month", 2026, 13), ("quarter", 2026, 0), ("half", 2026, 3), ("month", 2026, 1, "lunar")],
)
def test_bad_periods_are_refused_in_vietnamese(args):
    with pytest.raises(ValueError, match="không hợp lệ"):
        report_window(*args)


def test_labels():
    assert window_label("month", 2026, 3) == "Tháng 3 năm 2026"
    assert window_label("quarter", 2026, 4) == "Quý IV năm 2026"
    assert window_label("half", 2026, 1) == "6 tháng đầu năm 2026"
    assert window_label("half", 2026, 2) == "6 tháng cuối năm 2026"
    assert window_label("nine_months", 2026) == "9 tháng năm 2026"
    assert window_label("year", 2026) == "Năm 2026"


def test_index_is_ignored_for_nine_months_and_year():
    assert report_window("year", 2026, 7) == report_window("year", 2026)
    assert report_window("nine_months", 2026, 0, "calendar") == (date(2026, 1, 1), date(2026, 9, 30))
    assert window_label("year", 2026, 5) == "Năm 2026"


def test_bad_labels_are_refused():
    with pytest.raises(ValueError, match="không hợp lệ"):
        window_label("quarter", 2026, 5)
    with pytest.raises(ValueError, match="Năm báo cáo"):
        report_window("month", "2026", 1)


@pytest.mark.parametrize(
    "day, expected",
    [
        (date(2026, 3, 14), date(2026, 3, 1)),
        (date(2026, 3, 15), date(2026, 4, 1)),
        (date(2026, 12, 14), date(2026, 12, 1)),
        (date(2026, 12, 15), date(2027, 1, 1)),
        (date(2026, 1, 1), date(2026, 1, 1)),
    ],
)
def test_cutoff_month_examples(day, expected):
    assert cutoff_month(day) == expected


@given(st.integers(2000, 2100), st.integers(1, 12))
def test_cutoff_month_matches_the_month_window(year, month):
    start, end = report_window("month", year, month)
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    assert all(cutoff_month(d) == date(year, month, 1) for d in days)
    # the days around the window belong to the neighbouring months
    for outside in (
        start - timedelta(days=1),
        start - timedelta(days=20),
        end + timedelta(days=1),
        end + timedelta(days=20),
    ):
        assert cutoff_month(outside) != date(year, month, 1)


@given(st.dates(date(2000, 1, 1), date(2100, 12, 31)))
def test_every_day_lies_in_the_window_of_its_cutoff_month(day):
    month = cutoff_month(day)
    start, end = report_window("month", month.year, month.month)
    assert start <= day <= end


@given(st.integers(2000, 2100), st.sampled_from(["cutoff", "calendar"]))
def test_consecutive_years_leave_no_gap(year, convention):
    assert report_window("year", year + 1, convention=convention)[0] == (
        report_window("year", year, convention=convention)[1] + timedelta(days=1)
    )
    assert report_window("month", year + 1, 1, convention)[0] == (
        report_window("month", year, 12, convention)[1] + timedelta(days=1)
    )


@given(st.integers(2000, 2100), st.sampled_from(["cutoff", "calendar"]))
def test_months_tile_quarters_and_the_year(year, convention):
    months = [report_window("month", year, m, convention) for m in range(1, 13)]
    for previous, following in pairwise(months):
        assert following[0] == previous[1] + timedelta(days=1)
    assert (months[0][0], months[-1][1]) == report_window("year", year, convention=convention)
    for quarter in range(1, 5):
        assert report_window("quarter", year, quarter, convention) == (
            months[3 * quarter - 3][0],
            months[3 * quarter - 1][1],
        )
    assert report_window("nine_months", year, convention=convention) == (months[0][0], months[8][1])
    assert report_window("half", year, 1, convention) == (months[0][0], months[5][1])
    assert report_window("half", year, 2, convention) == (months[6][0], months[11][1])

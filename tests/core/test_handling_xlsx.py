import io
from datetime import date, datetime, timedelta

import openpyxl
import pytest
from hypothesis import given, settings, strategies as st

from q1_reporting.core.handling_report import DossierFact, HandlingRow, LateRow, handling_table
from q1_reporting.core.handling_xlsx import (
    CHECK_COL, FIRST_DATA_ROW, HEADER_ROW, NUMBER_ROW, ReportMeta, write_handling_report_xlsx)

META = ReportMeta(
    authority="ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH", unit="ỦY BAN NHÂN DÂN PHƯỜNG SÀI GÒN",
    title="BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH", period_label="Tháng 3 năm 2026",
    start=date(2026, 2, 15), end=date(2026, 3, 14), group_label="Lĩnh vực",
    date_line="Sài Gòn, ngày 16 tháng 3 năm 2026", signer_title="CHỦ TỊCH", signer_name="Nguyễn Văn A",
    key_labels={1: "Hộ tịch", 2: "Chứng thực"})
ROWS = [HandlingRow(1, 5, 2, 2, 1, 3, 1, 1, 1, 2, 1, 1), HandlingRow(2, 4, 0, 4, 0, 4, 4, 0, 0, 0, 0, 0),
        HandlingRow(None, 9, 2, 6, 1, 7, 5, 1, 1, 2, 1, 1)]
LATE = [LateRow("H29.39.01-260302-0001", "Đăng ký khai sinh", "Lê Thị B", "Phường Sài Gòn",
                date(2026, 3, 2), date(2026, 3, 9), date(2026, 3, 11), 2, "Chờ xác minh"),
        LateRow("H29.39.01-260303-0002", "Chứng thực chữ ký", "Trần Văn C", "Phường Sài Gòn",
                date(2026, 3, 3), date(2026, 3, 6), None, 8, "")]


def workbook(rows=ROWS, late=LATE):
    stream = io.BytesIO()
    write_handling_report_xlsx(stream, rows, META, late)
    stream.seek(0)
    return openpyxl.load_workbook(stream)


def test_header_merges_and_texts_follow_the_form():
    sheet = workbook()["Biểu tổng hợp"]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    h = HEADER_ROW + 1   # openpyxl rows are 1-based
    for expected in (f"A{h}:A{h + 2}", f"B{h}:B{h + 2}", f"C{h}:F{h}", f"G{h}:J{h}", f"K{h}:M{h}",
                     f"C{h + 1}:C{h + 2}", f"D{h + 1}:F{h + 1}", f"H{h + 1}:H{h + 2}", f"N{h}:N{h + 2}"):
        assert expected in merged
    assert sheet[f"C{h}"].value == "Số hồ sơ nhận giải quyết"
    assert sheet[f"D{h + 1}"].value == "Trong đó"
    assert sheet[f"D{h + 2}"].value == "Số mới tiếp nhận trực tuyến"
    assert sheet[f"B{h}"].value == "Lĩnh vực"
    assert [sheet.cell(NUMBER_ROW + 1, c).value for c in range(1, 14)] == [f"({n})" for n in range(1, 14)]
    assert sheet["A2"].value == META.unit
    assert "từ ngày 15/02/2026 đến ngày 14/03/2026" in sheet["A5"].value


def test_counts_formulas_and_checks():
    sheet = workbook()["Biểu tổng hợp"]
    first = FIRST_DATA_ROW + 1
    assert sheet[f"B{first}"].value == "Hộ tịch"
    assert [sheet.cell(first, c).value for c in (4, 5, 6, 8, 9, 10, 12, 13)] == [2, 2, 1, 1, 1, 1, 1, 1]
    assert sheet[f"C{first}"].value == f"=D{first}+E{first}+F{first}"
    assert sheet[f"G{first}"].value == f"=H{first}+I{first}+J{first}"
    assert sheet[f"K{first}"].value == f"=L{first}+M{first}"
    assert sheet.cell(first, CHECK_COL + 1).value == f'=IF(C{first}=G{first}+K{first},"Đúng","Sai")'
    total = first + 2
    assert sheet[f"A{total}"].value == "Tổng cộng"
    assert sheet[f"D{total}"].value == f"=SUM(D{first}:D{first + 1})"


def test_cached_values_are_the_numbers():
    stream = io.BytesIO()
    write_handling_report_xlsx(stream, ROWS, META, LATE)
    stream.seek(0)
    sheet = openpyxl.load_workbook(stream, data_only=True)["Biểu tổng hợp"]
    total = FIRST_DATA_ROW + 3
    assert [sheet.cell(total, c).value for c in range(3, 14)] == [9, 2, 6, 1, 7, 5, 1, 1, 2, 1, 1]
    assert sheet.cell(total, CHECK_COL + 1).value == "Đúng"


def test_late_sheet_has_dates_and_pending_text():
    sheet = workbook()["Hồ sơ quá hạn"]
    assert sheet["A1"].value == "DANH SÁCH HỒ SƠ GIẢI QUYẾT QUÁ HẠN"
    assert sheet["B5"].value == "H29.39.01-260302-0001"
    assert sheet["F5"].value == datetime(2026, 3, 2) and "dd/mm/yyyy" in sheet["F5"].number_format
    assert sheet["H5"].value == datetime(2026, 3, 11)
    assert sheet["H6"].value == "Đang giải quyết"
    assert (sheet["I6"].value, sheet["J5"].value) == (8, "Chờ xác minh")


def test_rows_without_total_are_refused():
    with pytest.raises(ValueError, match="tổng cộng"):
        write_handling_report_xlsx(io.BytesIO(), ROWS[:-1], META)


DAY0 = date(2026, 2, 1)
facts = st.lists(st.builds(
    lambda key, channel, received, span, finished: DossierFact(
        key, channel, DAY0 + timedelta(days=received), DAY0 + timedelta(days=received + span),
        None if finished is None else DAY0 + timedelta(days=received + finished)),
    st.sampled_from([1, 2, 3]), st.sampled_from(["online", "direct", "postal"]), st.integers(0, 50),
    st.integers(0, 15), st.none() | st.integers(0, 30)), max_size=40)


@settings(max_examples=25, deadline=None)
@given(facts)
def test_any_table_round_trips_with_every_check_true(fact_list):
    rows = handling_table(fact_list, META.start, META.end)
    stream = io.BytesIO()
    write_handling_report_xlsx(stream, rows, META)
    stream.seek(0)
    sheet = openpyxl.load_workbook(stream, data_only=True)["Biểu tổng hợp"]
    for offset, row in enumerate(rows):
        line = FIRST_DATA_ROW + 1 + offset
        assert sheet.cell(line, 3).value == row.received
        assert sheet.cell(line, 7).value == row.resolved
        assert sheet.cell(line, CHECK_COL + 1).value == "Đúng"

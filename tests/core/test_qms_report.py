"""q1_quality.core.qms_report: the yearly QMS workbook, read back with openpyxl."""

import io
from datetime import date

import openpyxl
from q1_quality.core.qms_report import (
    FIRST_DATA_ROW,
    SHEETS,
    AuditRow,
    IndicatorRow,
    NonconformityRow,
    QmsReport,
    ReviewRow,
    number,
    write_qms_report_xlsx,
)


def report(**kwargs):
    months = (None, None, 83.33, 100.0, *([None] * 8))
    statuses = (None, None, "missed", "met", *([None] * 8))
    values = dict(
        authority="UBND THÀNH PHỐ HỒ CHÍ MINH",
        unit="UBND PHƯỜNG SÀI GÒN",
        year=2026,
        date_line="Sài Gòn, ngày 15 tháng 12 năm 2026",
        signer_title="CHỦ TỊCH",
        signer_name="Nguyễn Văn A",
        indicators=(
            IndicatorRow("Giải quyết đúng hạn", "Tỷ lệ đúng hạn", "min", 98.0, True, months, statuses, 90.5, "missed"),
        ),
        audits=(AuditRow("ĐG-01", "Đánh giá nội bộ lần 1", date(2026, 6, 10), "Đã đóng", 3, 2),),
        nc_states=("Mới", "Đã đóng"),
        nonconformities=(NonconformityRow("Hồ sơ trễ hạn", 4, {"Mới": 1, "Đã đóng": 3}),),
        nc_closed_on_time=(3, 4, 75.0),
        reviews=(ReviewRow("XX-01", "Họp xem xét của lãnh đạo năm 2026", date(2026, 12, 10), "Đã đóng"),),
    )
    values.update(kwargs)
    return QmsReport(**values)


def read(rep):
    stream = io.BytesIO()
    write_qms_report_xlsx(stream, rep)
    stream.seek(0)
    return stream.getvalue(), openpyxl.load_workbook(stream)


def test_sheets_and_figures():
    _raw, book = read(report())
    assert book.sheetnames == list(SHEETS)
    sheet = book[SHEETS[0]]
    row = FIRST_DATA_ROW + 1  # openpyxl counts from 1
    assert sheet.cell(row, 3).value == "Tỷ lệ đúng hạn"
    assert sheet.cell(row, 4).value == "≥ 98 %"
    assert sheet.cell(row, 5).value == "—"
    assert sheet.cell(row, 7).value == 83.33
    assert sheet.cell(row, 8).value == 100.0
    assert sheet.cell(row, 17).value == 90.5
    assert sheet.cell(row, 18).value == "Không đạt"
    assert sheet.cell(4, 1).value == "Năm 2026"
    audits = book[SHEETS[1]]
    assert audits.cell(row, 3).value == "Đánh giá nội bộ lần 1"
    assert audits.cell(row, 4).value.date() == date(2026, 6, 10)
    assert audits.cell(row + 1, 6).value == 3
    ncs = book[SHEETS[2]]
    assert [ncs.cell(row, c).value for c in range(1, 5)] == ["Hồ sơ trễ hạn", 4, 1, 3]
    assert ncs.cell(row + 3, 2).value == "3/4"
    assert ncs.cell(row + 3, 3).value == "75 %"
    assert book[SHEETS[3]].cell(row, 3).value == "Họp xem xét của lãnh đạo năm 2026"


def test_same_bytes_for_the_same_report_and_empty_sections():
    first, _book = read(report(indicators=(), audits=(), nonconformities=(), reviews=()))
    second, book = read(report(indicators=(), audits=(), nonconformities=(), reviews=()))
    assert first == second
    assert book[SHEETS[0]].cell(FIRST_DATA_ROW + 1, 1).value == "Không có"


def test_number():
    assert number(83.3333) == "83,33"
    assert number(100.0) == "100"
    assert number(None) == "—"

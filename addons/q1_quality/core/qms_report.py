"""The yearly report of a unit's quality-management system (ISO 9001 9.1, 9.2, 9.3, 10.2): what it holds and how
the XLSX workbook lays it out. The Odoo layer (q1.qms.report.wizard) gathers the figures; this module writes them.

Sheets: "Mục tiêu" (objectives: one row per indicator, its target, the twelve months, the year value and status),
"Đánh giá nội bộ" (internal audits), "Sự không phù hợp" (nonconformities by kind and state, closed on time) and
"Xem xét của lãnh đạo" (management reviews). Every sheet opens with the unit and the national motto. The bytes
depend only on the arguments (``QmsReport.created``, never the clock).
"""

from dataclasses import dataclass, field
from datetime import date, datetime

import xlsxwriter

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
TITLE = "BÁO CÁO KẾT QUẢ DUY TRÌ, ÁP DỤNG HỆ THỐNG QUẢN LÝ CHẤT LƯỢNG THEO TIÊU CHUẨN TCVN ISO 9001:2015"
STATUS_LABELS = {"met": "Đạt", "at_risk": "Có nguy cơ", "missed": "Không đạt", "no_data": "Chưa có số liệu"}
DIRECTION_LABELS = {"min": "≥", "max": "≤"}
SHEETS = ("Mục tiêu", "Đánh giá nội bộ", "Sự không phù hợp", "Xem xét của lãnh đạo")
OBJECTIVE_HEADERS = (
    "STT",
    "Mục tiêu",
    "Chỉ tiêu",
    "Chỉ tiêu đặt ra",
    *(f"T{m}" for m in range(1, 13)),
    "Cả năm",
    "Đánh giá",
)
FIRST_DATA_ROW = 6  # 0-based: rows 0-3 heading, 4 blank, 5 header
EMPTY = "Không có"


@dataclass(frozen=True)
class IndicatorRow:
    objective: str
    name: str
    direction: str  # "min" | "max"
    target: float
    percent: bool
    months: tuple  # 12 values, None where the month has no value or no data
    month_statuses: tuple  # 12 statuses ("met"...) or None
    year_value: float | None
    year_status: str


@dataclass(frozen=True)
class AuditRow:
    reference: str
    name: str
    day: date | None
    state: str
    findings: int
    nonconformities: int


@dataclass(frozen=True)
class NonconformityRow:
    kind: str  # label
    total: int
    by_state: dict  # state label -> count


@dataclass(frozen=True)
class ReviewRow:
    reference: str
    name: str
    day: date | None
    state: str


@dataclass(frozen=True)
class QmsReport:
    authority: str
    unit: str
    year: int
    date_line: str
    signer_title: str
    signer_name: str
    indicators: tuple = ()
    audits: tuple = ()
    nc_states: tuple = ()  # state labels, in column order
    nonconformities: tuple = ()
    nc_closed_on_time: tuple = (0, 0, None)  # (on time, judged, percentage or None)
    reviews: tuple = ()
    created: datetime = field(default_factory=lambda: datetime(2000, 1, 1))


def target_text(row):
    unit = " %" if row.percent else " ngày"
    return f"{DIRECTION_LABELS.get(row.direction, '')} {number(row.target)}{unit}"


def number(value):
    """A figure as printed: at most two decimals, a comma as decimal separator, no thousands separator."""
    if value is None:
        return "—"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def year_text(year):
    """A year without thousands separator."""
    return str(int(year))


def _heading(sheet, report, formats, title, width):
    sheet.merge_range(0, 0, 0, 3, report.authority, formats["center"])
    sheet.merge_range(1, 0, 1, 3, report.unit, formats["bold_center"])
    for row, text in enumerate(MOTTO):
        if width > 4:
            sheet.merge_range(row, 4, row, width, text, formats["bold_center"])
        else:
            sheet.write_string(row, 4, text, formats["bold_center"])
    sheet.merge_range(2, 0, 2, width, title, formats["title"])
    sheet.merge_range(3, 0, 3, width, f"Năm {year_text(report.year)}", formats["italic_center"])


def write_qms_report_xlsx(stream, report):
    """Write ``report`` (a QmsReport) to ``stream`` as an .xlsx workbook."""
    workbook = xlsxwriter.Workbook(stream, {"in_memory": True})
    workbook.set_properties({"title": TITLE, "created": report.created})
    formats = {
        "center": workbook.add_format({"align": "center", "valign": "vcenter"}),
        "bold_center": workbook.add_format({"bold": True, "align": "center", "valign": "vcenter"}),
        "italic_center": workbook.add_format({"italic": True, "align": "center"}),
        "title": workbook.add_format({"bold": True, "align": "center", "valign": "vcenter", "text_wrap": True}),
        "header": workbook.add_format(
            {
                "bold": True,
                "border": 1,
                "align": "center",
                "valign": "vcenter",
                "text_wrap": True,
                "bg_color": "#EEEEEE",
            }
        ),
        "cell": workbook.add_format({"border": 1, "valign": "top", "text_wrap": True}),
        "num": workbook.add_format({"border": 1, "num_format": "0.00", "align": "right"}),
        "int": workbook.add_format({"border": 1, "num_format": "0", "align": "center"}),
        "date": workbook.add_format({"border": 1, "num_format": "dd/mm/yyyy", "align": "center"}),
        "missed": workbook.add_format({"border": 1, "num_format": "0.00", "align": "right", "font_color": "#C00000"}),
        "at_risk": workbook.add_format({"border": 1, "num_format": "0.00", "align": "right", "font_color": "#B07000"}),
    }

    _write_objectives(workbook, report, formats)
    _write_audits(workbook, report, formats)
    _write_nonconformities(workbook, report, formats)
    _write_reviews(workbook, report, formats)
    workbook.close()


def _write_objectives(workbook, report, formats):
    sheet = workbook.add_worksheet(SHEETS[0])
    width = len(OBJECTIVE_HEADERS) - 1
    _heading(sheet, report, formats, TITLE, width)
    sheet.set_row(2, 36)
    sheet.write_string(4, 0, "I. KẾT QUẢ THỰC HIỆN MỤC TIÊU CHẤT LƯỢNG", workbook.add_format({"bold": True}))
    for col, header in enumerate(OBJECTIVE_HEADERS):
        sheet.write_string(FIRST_DATA_ROW - 1, col, header, formats["header"])
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 2, 30)
    sheet.set_column(3, 3, 13)
    sheet.set_column(4, 15, 7)
    sheet.set_column(16, 17, 12)
    row = FIRST_DATA_ROW
    for index, indicator in enumerate(report.indicators, start=1):
        sheet.write_number(row, 0, index, formats["int"])
        sheet.write_string(row, 1, indicator.objective, formats["cell"])
        sheet.write_string(row, 2, indicator.name, formats["cell"])
        sheet.write_string(row, 3, target_text(indicator), formats["cell"])
        for month, value in enumerate(indicator.months):
            status = indicator.month_statuses[month]
            if value is None:
                sheet.write_string(row, 4 + month, "—", formats["int"])
            else:
                sheet.write_number(row, 4 + month, value, formats.get(status, formats["num"]))
        if indicator.year_value is None:
            sheet.write_string(row, 16, "—", formats["int"])
        else:
            sheet.write_number(row, 16, indicator.year_value, formats["num"])
        sheet.write_string(row, 17, STATUS_LABELS.get(indicator.year_status, ""), formats["cell"])
        row += 1
    if not report.indicators:
        sheet.merge_range(row, 0, row, width, EMPTY, formats["cell"])
        row += 1
    row += 1
    sheet.write_string(row, 11, report.date_line, formats["italic_center"])
    sheet.write_string(row + 1, 11, report.signer_title, formats["bold_center"])
    sheet.write_string(row + 5, 11, report.signer_name, formats["bold_center"])


def _write_headers(sheet, headers, formats):
    for col, header in enumerate(headers):
        sheet.write_string(FIRST_DATA_ROW - 1, col, header, formats["header"])


def _write_day(sheet, row, col, day, formats):
    """A date cell (dd/mm/yyyy by its format), or an empty cell when there is no day."""
    if day:
        sheet.write_datetime(row, col, datetime(day.year, day.month, day.day), formats["date"])
    else:
        sheet.write_string(row, col, "", formats["cell"])


def _write_audits(workbook, report, formats):
    sheet = workbook.add_worksheet(SHEETS[1])
    _heading(sheet, report, formats, "II. ĐÁNH GIÁ NỘI BỘ", 5)
    headers = ("STT", "Số hiệu", "Cuộc đánh giá", "Ngày", "Tình trạng", "Phát hiện", "Sự không phù hợp")
    _write_headers(sheet, headers, formats)
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, 14)
    sheet.set_column(2, 2, 40)
    sheet.set_column(3, 6, 13)
    row = FIRST_DATA_ROW
    for index, audit in enumerate(report.audits, start=1):
        sheet.write_number(row, 0, index, formats["int"])
        sheet.write_string(row, 1, audit.reference or "", formats["cell"])
        sheet.write_string(row, 2, audit.name or "", formats["cell"])
        _write_day(sheet, row, 3, audit.day, formats)
        sheet.write_string(row, 4, audit.state, formats["cell"])
        sheet.write_number(row, 5, audit.findings, formats["int"])
        sheet.write_number(row, 6, audit.nonconformities, formats["int"])
        row += 1
    sheet.write_string(row, 2, "Tổng số cuộc đánh giá", formats["header"])
    sheet.write_number(row, 3, len(report.audits), formats["int"])
    sheet.write_number(row, 5, sum(a.findings for a in report.audits), formats["int"])
    sheet.write_number(row, 6, sum(a.nonconformities for a in report.audits), formats["int"])


def _write_nonconformities(workbook, report, formats):
    sheet = workbook.add_worksheet(SHEETS[2])
    states = tuple(report.nc_states)
    _heading(sheet, report, formats, "III. SỰ KHÔNG PHÙ HỢP VÀ HÀNH ĐỘNG KHẮC PHỤC", max(len(states) + 1, 5))
    headers = ("Loại", "Tổng số", *states)
    _write_headers(sheet, headers, formats)
    sheet.set_column(0, 0, 36)
    sheet.set_column(1, len(headers), 13)
    row = FIRST_DATA_ROW
    for nc in report.nonconformities:
        sheet.write_string(row, 0, nc.kind, formats["cell"])
        sheet.write_number(row, 1, nc.total, formats["int"])
        for col, state in enumerate(states, start=2):
            sheet.write_number(row, col, nc.by_state.get(state, 0), formats["int"])
        row += 1
    sheet.write_string(row, 0, "Tổng cộng", formats["header"])
    sheet.write_number(row, 1, sum(nc.total for nc in report.nonconformities), formats["int"])
    for col, state in enumerate(states, start=2):
        sheet.write_number(row, col, sum(nc.by_state.get(state, 0) for nc in report.nonconformities), formats["int"])
    on_time, judged, rate = report.nc_closed_on_time
    row += 2
    sheet.write_string(row, 0, "Khắc phục đúng hạn (đã đến hạn trong năm)", formats["cell"])
    sheet.write_string(row, 1, f"{on_time}/{judged}", formats["cell"])
    sheet.write_string(row, 2, f"{number(rate)} %" if rate is not None else "—", formats["cell"])


def _write_reviews(workbook, report, formats):
    sheet = workbook.add_worksheet(SHEETS[3])
    _heading(sheet, report, formats, "IV. XEM XÉT CỦA LÃNH ĐẠO", 4)
    headers = ("STT", "Số hiệu", "Cuộc họp", "Ngày", "Tình trạng")
    _write_headers(sheet, headers, formats)
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, 14)
    sheet.set_column(2, 2, 44)
    sheet.set_column(3, 4, 13)
    row = FIRST_DATA_ROW
    for index, review in enumerate(report.reviews, start=1):
        sheet.write_number(row, 0, index, formats["int"])
        sheet.write_string(row, 1, review.reference or "", formats["cell"])
        sheet.write_string(row, 2, review.name or "", formats["cell"])
        _write_day(sheet, row, 3, review.day, formats)
        sheet.write_string(row, 4, review.state, formats["cell"])
        row += 1
    if not report.reviews:
        sheet.merge_range(row, 0, row, 4, EMPTY, formats["cell"])

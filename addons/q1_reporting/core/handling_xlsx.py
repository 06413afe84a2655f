"""The statutory handling report as an .xlsx workbook, laid out as the official form (Biểu 06 columns).

Sheet 1 is the table: the unit and the national motto, the title and period, a three-row header with merged
cells, the column numbers (1)…(13), one row per field or unit, the total row, and the signature block. The
three "Tổng số" columns and the total row are formulas (with their values cached, so viewers that do not
recalculate show them), and a last column "Kiểm tra" checks received = resolved + pending on every row.
Sheet 2 lists the dossiers resolved late or overdue with their reasons.
"""
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Mapping

import xlsxwriter
from xlsxwriter.utility import xl_rowcol_to_cell

from .handling_report import HEADER, PENDING_COLUMNS, RECEIVED_COLUMNS, RESOLVED_COLUMNS

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
# Counts in sheet order (columns C…M, the form's (3)…(13)): received total and its three parts, resolved total
# and its three parts, pending total and its two parts.
SHEET_FIELDS = tuple(column[0] for column in HEADER[2:])
TOTAL_PARTS = {"received": RECEIVED_COLUMNS, "resolved": RESOLVED_COLUMNS, "pending": PENDING_COLUMNS}
FIRST_COUNT_COL = 2
CHECK_COL = FIRST_COUNT_COL + len(SHEET_FIELDS)
HEADER_ROW = 6          # 0-based: rows 6-8 header, 9 column numbers
NUMBER_ROW = 9
FIRST_DATA_ROW = 10
LATE_HEADERS = (
    ("STT", 6), ("Mã hồ sơ", 22), ("Tên thủ tục hành chính", 40), ("Tên cá nhân, tổ chức", 26),
    ("Đơn vị giải quyết", 24), ("Ngày tiếp nhận", 13), ("Hạn giải quyết", 13), ("Ngày kết thúc xử lý", 15),
    ("Số ngày quá hạn", 10), ("Lý do quá hạn", 40),
)


@dataclass(frozen=True)
class ReportMeta:
    authority: str
    unit: str
    title: str
    period_label: str
    start: date
    end: date
    group_label: str
    date_line: str
    signer_title: str
    signer_name: str = ""
    key_labels: Mapping = field(default_factory=dict)

    def label(self, key):
        return self.key_labels.get(key, str(key))

    def window_text(self):
        return f"Kỳ báo cáo: {self.period_label} (từ ngày {self.start:%d/%m/%Y} đến ngày {self.end:%d/%m/%Y})"


def _formats(book):
    base = {"font_name": "Times New Roman", "font_size": 12}

    def fmt(**extra):
        return book.add_format({**base, **extra})

    boxed = {"border": 1, "valign": "vcenter"}
    return {
        "plain": fmt(), "bold_center": fmt(bold=True, align="center"),
        "center": fmt(align="center"), "motto": fmt(bold=True, underline=True, align="center"),
        "title": fmt(bold=True, align="center", font_size=14), "italic_center": fmt(italic=True, align="center"),
        "header": fmt(bold=True, align="center", text_wrap=True, **boxed),
        "number": fmt(italic=True, align="center", font_size=10, **boxed),
        "cell": fmt(align="center", **boxed), "label": fmt(text_wrap=True, **boxed),
        "total_cell": fmt(bold=True, align="center", **boxed), "total_label": fmt(bold=True, **boxed),
        "date_cell": fmt(align="center", num_format="dd/mm/yyyy", **boxed),
        "wrap_cell": fmt(text_wrap=True, **boxed),
    }


def _write_heading(sheet, f, meta, last_col):
    half = last_col // 2
    sheet.merge_range(0, 0, 0, half - 1, meta.authority, f["center"])
    sheet.merge_range(1, 0, 1, half - 1, meta.unit, f["bold_center"])
    sheet.merge_range(0, half, 0, last_col, MOTTO[0], f["bold_center"])
    sheet.merge_range(1, half, 1, last_col, MOTTO[1], f["motto"])
    sheet.merge_range(3, 0, 3, last_col, meta.title, f["title"])
    sheet.merge_range(4, 0, 4, last_col, meta.window_text(), f["italic_center"])


def _span(sheet, first_row, first_col, last_row, last_col, text, cell_format):
    """Write ``text`` over a block, merged when the block has more than one cell."""
    if (first_row, first_col) == (last_row, last_col):
        sheet.write(first_row, first_col, text, cell_format)
    else:
        sheet.merge_range(first_row, first_col, last_row, last_col, text, cell_format)


def _runs(labels):
    """``(label, first index, last index)`` of each run of equal, non-None consecutive labels."""
    runs = []
    for index, label in enumerate(labels):
        if label is not None and runs and runs[-1][0] == label and runs[-1][2] == index - 1:
            runs[-1] = (label, runs[-1][1], index)
        elif label is not None:
            runs.append((label, index, index))
    return runs


def _write_table_header(sheet, f, meta):
    """The three header rows of the form from ``HEADER``: groups on top, "Trong đó" in the middle row."""
    top, mid, low = HEADER_ROW, HEADER_ROW + 1, HEADER_ROW + 2
    for text, first, last in _runs([column[1] for column in HEADER]):
        _span(sheet, top, first, top, last, text, f["header"])
    for text, first, last in _runs([column[2] for column in HEADER]):
        _span(sheet, mid, first, mid, last, text, f["header"])
    for col, (_field, group, subgroup, text) in enumerate(HEADER):
        text = meta.group_label if text is None else text
        if group is None:
            _span(sheet, top, col, low, col, text, f["header"])
        elif subgroup is None:
            _span(sheet, mid, col, low, col, text, f["header"])
        else:
            sheet.write(low, col, text, f["header"])
    _span(sheet, top, CHECK_COL, low, CHECK_COL, "Kiểm tra", f["header"])
    for col in range(CHECK_COL):
        sheet.write(NUMBER_ROW, col, f"({col + 1})", f["number"])
    sheet.write(NUMBER_ROW, CHECK_COL, "", f["number"])


def _col(name):
    return FIRST_COUNT_COL + SHEET_FIELDS.index(name)


def _write_counts(sheet, row_index, row, cell_format, sum_rows=None):
    """The counts of ``row``: totals as formulas of their parts, or (total row) SUM over the data rows."""
    for name in SHEET_FIELDS:
        col = _col(name)
        value = getattr(row, name)
        if sum_rows:
            first, last = sum_rows
            formula = f"=SUM({xl_rowcol_to_cell(first, col)}:{xl_rowcol_to_cell(last, col)})"
            sheet.write_formula(row_index, col, formula, cell_format, value)
        elif name in TOTAL_PARTS:
            parts = "+".join(xl_rowcol_to_cell(row_index, _col(part)) for part in TOTAL_PARTS[name])
            sheet.write_formula(row_index, col, f"={parts}", cell_format, value)
        else:
            sheet.write_number(row_index, col, value, cell_format)
    received, resolved, pending = (xl_rowcol_to_cell(row_index, _col(n)) for n in ("received", "resolved", "pending"))
    check = "Đúng" if row.received == row.resolved + row.pending else "Sai"
    sheet.write_formula(row_index, CHECK_COL, f'=IF({received}={resolved}+{pending},"Đúng","Sai")',
                        cell_format, check)


def _write_signature(sheet, f, meta, row_index):
    first = CHECK_COL - 5
    for offset, (text, style) in enumerate(((meta.date_line, "italic_center"), (meta.signer_title, "bold_center"),
                                            ("(Ký, ghi rõ họ tên và đóng dấu)", "italic_center"))):
        sheet.merge_range(row_index + offset, first, row_index + offset, CHECK_COL, text, f[style])
    sheet.merge_range(row_index + 7, first, row_index + 7, CHECK_COL, meta.signer_name, f["bold_center"])


def _write_summary(book, f, rows, meta):
    sheet = book.add_worksheet("Biểu tổng hợp")
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(HEADER_ROW, NUMBER_ROW)
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, 32)
    sheet.set_column(FIRST_COUNT_COL, CHECK_COL, 11)
    sheet.set_row(HEADER_ROW + 2, 78)
    _write_heading(sheet, f, meta, CHECK_COL)
    _write_table_header(sheet, f, meta)
    body, total = rows[:-1], rows[-1]
    for index, row in enumerate(body):
        row_index = FIRST_DATA_ROW + index
        sheet.write_number(row_index, 0, index + 1, f["cell"])
        sheet.write(row_index, 1, meta.label(row.key), f["label"])
        _write_counts(sheet, row_index, row, f["cell"])
    total_index = FIRST_DATA_ROW + len(body)
    sheet.merge_range(total_index, 0, total_index, 1, "Tổng cộng", f["total_label"])
    data_rows = (FIRST_DATA_ROW, total_index - 1) if body else None
    if data_rows:
        _write_counts(sheet, total_index, total, f["total_cell"], sum_rows=data_rows)
    else:
        _write_counts(sheet, total_index, total, f["total_cell"])
    _write_signature(sheet, f, meta, total_index + 2)


def _as_datetime(value):
    return datetime(value.year, value.month, value.day)


def _write_late(book, f, meta, late_rows):
    sheet = book.add_worksheet("Hồ sơ quá hạn")
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    last = len(LATE_HEADERS) - 1
    sheet.merge_range(0, 0, 0, last, "DANH SÁCH HỒ SƠ GIẢI QUYẾT QUÁ HẠN", f["title"])
    sheet.merge_range(1, 0, 1, last, meta.window_text(), f["italic_center"])
    for col, (text, width) in enumerate(LATE_HEADERS):
        sheet.set_column(col, col, width)
        sheet.write(3, col, text, f["header"])
    sheet.repeat_rows(3)
    for index, late in enumerate(late_rows):
        row = 4 + index
        sheet.write_number(row, 0, index + 1, f["cell"])
        for col, value in enumerate((late.code, late.procedure, late.applicant, late.unit), start=1):
            sheet.write_string(row, col, value or "", f["wrap_cell"])
        sheet.write_datetime(row, 5, _as_datetime(late.received_on), f["date_cell"])
        sheet.write_datetime(row, 6, _as_datetime(late.due), f["date_cell"])
        if late.finished_on:
            sheet.write_datetime(row, 7, _as_datetime(late.finished_on), f["date_cell"])
        else:
            sheet.write_string(row, 7, "Đang giải quyết", f["cell"])
        sheet.write_number(row, 8, late.days_late, f["cell"])
        sheet.write_string(row, 9, late.reason or "", f["wrap_cell"])


def write_handling_report_xlsx(target, rows, meta, late_rows=()):
    """Write the report (``rows`` from ``handling_table``, total row last) and its late dossiers to ``target``."""
    if not rows or rows[-1].key is not None:
        raise ValueError("Bảng số liệu phải kết thúc bằng dòng tổng cộng.")
    book = xlsxwriter.Workbook(target, {"in_memory": True})
    try:
        formats = _formats(book)
        _write_summary(book, formats, rows, meta)
        _write_late(book, formats, meta, late_rows)
    finally:
        book.close()

"""The statutory handling report as an .xlsx workbook, laid out as the official form (Biểu 06 columns).

Sheet 1 is the table: the unit and the national motto, the title and period, a three-row header with merged
cells, the column numbers (1)…(13), one row per field or unit, the total row, and the signature block. The
three "Tổng số" columns and the total row are formulas (with their values cached, so viewers that do not
recalculate show them), and a last column "Kiểm tra" checks received = resolved + pending on every row.
Sheet 2 lists the dossiers resolved late or overdue with their reasons, one row each, written in one pass
with formats built once (a ward's list may run to tens of thousands of rows).

The bytes depend only on the arguments: xlsxwriter dates the parts of the package 01/01/1980 and the workbook's
"created" property is ``ReportMeta.created`` (never the clock), so an issued report exports the same file forever.

Positions are module constants (0-based rows and columns as xlsxwriter counts them, plus the column letters
the formulas use) so that tests and other writers address the same cells.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from .handling_report import HEADER, PENDING_COLUMNS, RECEIVED_COLUMNS, RESOLVED_COLUMNS

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
# Counts in sheet order (columns C…M, the form's (3)…(13)): received total and its three parts, resolved total
# and its three parts, pending total and its two parts.
SHEET_FIELDS = tuple(column[0] for column in HEADER[2:])
TOTAL_PARTS = {"received": RECEIVED_COLUMNS, "resolved": RESOLVED_COLUMNS, "pending": PENDING_COLUMNS}
SUMMARY_SHEET = "Biểu tổng hợp"
LATE_SHEET = "Hồ sơ quá hạn"
FIRST_COUNT_COL = 2
CHECK_COL = FIRST_COUNT_COL + len(SHEET_FIELDS)
HEADER_ROW = 6  # 0-based: rows 6-8 header, 9 column numbers, data from 10
NUMBER_ROW = 9
FIRST_DATA_ROW = 10
SIGNATURE_GAP = 2  # rows between the total row and the date line
SIGNER_NAME_OFFSET = 7  # from the date line: date, title, "(Ký...)", four blank rows for signature and seal
# Column letter of every count field ("received" -> "C"), and of the "Kiểm tra" column.
FIELD_LETTERS = {name: xl_col_to_name(FIRST_COUNT_COL + index) for index, name in enumerate(SHEET_FIELDS)}
TOTAL_LETTERS = {name: FIELD_LETTERS[name] for name in TOTAL_PARTS}
CHECK_LETTER = xl_col_to_name(CHECK_COL)
CHECK_TEXTS = ("Đúng", "Sai")
LATE_TITLE = "DANH SÁCH HỒ SƠ GIẢI QUYẾT QUÁ HẠN"
LATE_HEADER_ROW = 3
LATE_FIRST_ROW = 4
LATE_PENDING_TEXT = "Đang giải quyết"
LATE_EMPTY_TEXT = "Không có hồ sơ giải quyết quá hạn trong kỳ báo cáo."
LATE_HEADERS = (
    ("STT", 6),
    ("Mã hồ sơ", 22),
    ("Tên thủ tục hành chính", 40),
    ("Tên cá nhân, tổ chức", 26),
    ("Đơn vị giải quyết", 24),
    ("Ngày tiếp nhận", 13),
    ("Hạn giải quyết", 13),
    ("Ngày kết thúc xử lý", 15),
    ("Số ngày quá hạn", 10),
    ("Lý do quá hạn", 40),
)


@dataclass(frozen=True)
class ReportMeta:
    """What the form prints around the numbers; ``key_labels`` maps a row key to its label (default ``str(key)``)."""

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
    # The workbook's "created" property (docProps/core.xml); xlsxwriter would write the current time, so the same
    # report would give other bytes every second. None: midnight after the period's end, fixed as well.
    created: datetime | None = None

    def label(self, key):
        """The label of a data row's key in the grouping column."""
        return self.key_labels.get(key, str(key))

    def window_text(self):
        """The period line under the title."""
        return f"Kỳ báo cáo: {self.period_label} (từ ngày {self.start:%d/%m/%Y} đến ngày {self.end:%d/%m/%Y})"


def _formats(book):
    """Every format of the workbook, built once (xlsxwriter keeps one record per format object)."""
    base = {"font_name": "Times New Roman", "font_size": 12}

    def fmt(**extra):
        return book.add_format({**base, **extra})

    boxed = {"border": 1, "valign": "vcenter"}
    return {
        "plain": fmt(),
        "bold_center": fmt(bold=True, align="center"),
        "center": fmt(align="center"),
        "motto": fmt(bold=True, underline=True, align="center"),
        "title": fmt(bold=True, align="center", font_size=14),
        "italic_center": fmt(italic=True, align="center"),
        "header": fmt(bold=True, align="center", text_wrap=True, **boxed),
        "number": fmt(italic=True, align="center", font_size=10, **boxed),
        "cell": fmt(align="center", **boxed),
        "label": fmt(text_wrap=True, **boxed),
        "total_cell": fmt(bold=True, align="center", **boxed),
        "total_label": fmt(bold=True, **boxed),
        "date_cell": fmt(align="center", num_format="dd/mm/yyyy", **boxed),
        "wrap_cell": fmt(text_wrap=True, **boxed),
        "check_failed": book.add_format({"bold": True, "font_color": "#C00000", "bg_color": "#FFE0E0"}),
    }


def _write_heading(sheet, f, meta, last_col):
    """The issuing unit on the left, the national motto on the right, then the title and the period."""
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
    """0-based column of a count field."""
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
    right, wrong = CHECK_TEXTS
    check = right if row.received == row.resolved + row.pending else wrong
    sheet.write_formula(
        row_index, CHECK_COL, f'=IF({received}={resolved}+{pending},"{right}","{wrong}")', cell_format, check
    )


def _write_signature(sheet, f, meta, row_index):
    """The signer's block under the right half of the table, with room for the signature and the seal."""
    first = CHECK_COL - 5
    for offset, (text, style) in enumerate(
        (
            (meta.date_line, "italic_center"),
            (meta.signer_title, "bold_center"),
            ("(Ký, ghi rõ họ tên và đóng dấu)", "italic_center"),
        )
    ):
        sheet.merge_range(row_index + offset, first, row_index + offset, CHECK_COL, text, f[style])
    name_row = row_index + SIGNER_NAME_OFFSET
    sheet.merge_range(name_row, first, name_row, CHECK_COL, meta.signer_name, f["bold_center"])


def _page_setup(sheet, repeated_first, repeated_last):
    """Landscape A4, one page wide, the header repeated on every page, numbered pages."""
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.4, right=0.4, top=0.5, bottom=0.6)
    sheet.repeat_rows(repeated_first, repeated_last)
    sheet.set_footer("&CTrang &P/&N")


def _write_summary(book, f, rows, meta):
    sheet = book.add_worksheet(SUMMARY_SHEET)
    _page_setup(sheet, HEADER_ROW, NUMBER_ROW)
    sheet.freeze_panes(FIRST_DATA_ROW, FIRST_COUNT_COL)
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
    _write_counts(sheet, total_index, total, f["total_cell"], sum_rows=data_rows)
    # A failed check must stand out on screen and on paper, whichever cell recalculates to it.
    sheet.conditional_format(
        FIRST_DATA_ROW,
        CHECK_COL,
        total_index,
        CHECK_COL,
        {"type": "cell", "criteria": "==", "value": f'"{CHECK_TEXTS[1]}"', "format": f["check_failed"]},
    )
    _write_signature(sheet, f, meta, total_index + SIGNATURE_GAP)


def _as_datetime(value):
    """A date as midnight of that day, the form ``write_datetime`` takes (stored as the day's serial)."""
    return datetime(value.year, value.month, value.day)


def _write_late(book, f, meta, late_rows):
    """One row per late dossier after the title, the period and the header; a note when there is none."""
    sheet = book.add_worksheet(LATE_SHEET)
    _page_setup(sheet, LATE_HEADER_ROW, LATE_HEADER_ROW)
    sheet.freeze_panes(LATE_FIRST_ROW, 0)
    last = len(LATE_HEADERS) - 1
    sheet.merge_range(0, 0, 0, last, LATE_TITLE, f["title"])
    sheet.merge_range(1, 0, 1, last, meta.window_text(), f["italic_center"])
    for col, (text, width) in enumerate(LATE_HEADERS):
        sheet.set_column(col, col, width)
        sheet.write(LATE_HEADER_ROW, col, text, f["header"])
    written = 0
    for index, late in enumerate(late_rows):
        written, row = index + 1, LATE_FIRST_ROW + index
        sheet.write_number(row, 0, index + 1, f["cell"])
        for col, value in enumerate((late.code, late.procedure, late.applicant, late.unit), start=1):
            sheet.write_string(row, col, value or "", f["wrap_cell"])
        sheet.write_datetime(row, 5, _as_datetime(late.received_on), f["date_cell"])
        sheet.write_datetime(row, 6, _as_datetime(late.due), f["date_cell"])
        if late.finished_on is not None:
            sheet.write_datetime(row, 7, _as_datetime(late.finished_on), f["date_cell"])
        else:
            sheet.write_string(row, 7, LATE_PENDING_TEXT, f["cell"])
        sheet.write_number(row, 8, late.days_late, f["cell"])
        sheet.write_string(row, 9, late.reason or "", f["wrap_cell"])
    if not written:
        sheet.merge_range(LATE_FIRST_ROW, 0, LATE_FIRST_ROW, last, LATE_EMPTY_TEXT, f["cell"])


def write_handling_report_xlsx(target, rows, meta, late_rows=()):
    """Write the report and its late dossiers to ``target`` (a path or a binary stream).

    ``rows`` are ``HandlingRow`` as ``handling_table`` returns them: the data rows, then the total row
    (``key`` None); ``late_rows`` are ``LateRow``. The workbook is built in memory, not row by row to a
    temporary file (``constant_memory`` off), because merged cells need random access.
    """
    rows = list(rows)
    if not rows or rows[-1].key is not None:
        raise ValueError("Bảng số liệu phải kết thúc bằng dòng tổng cộng.")
    if any(row.key is None for row in rows[:-1]):
        raise ValueError("Bảng số liệu chỉ được có một dòng tổng cộng, ở cuối bảng.")
    book = xlsxwriter.Workbook(target, {"in_memory": True, "constant_memory": False})
    book.set_properties({"created": meta.created or datetime.combine(meta.end + timedelta(days=1), time.min)})
    try:
        formats = _formats(book)
        _write_summary(book, formats, rows, meta)
        _write_late(book, formats, meta, late_rows)
    finally:
        book.close()

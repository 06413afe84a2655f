"""The dossier tracking book (Sổ theo dõi hồ sơ) as an .xlsx workbook.

Circular 03/2025/TT-VPCP, Annex I, lists a tracking book kept by the one-stop shop per field of law; a complete
electronic register replaces the paper book. Its form number (07) is known from one source only (UNCONFIRMED,
see domain/legal-2025-regime.md §1.3), so the number is not printed. Columns follow the form: STT; dossier code;
procedure; applicant; address and phone; lead agency; the five dates (received, appointment, transferred to the
deciding agency, result received from it, result returned); acknowledgement of receipt; note.

The "Ký nhận" column of the paper book holds the recipient's signature; an electronic register cannot hold a
signature, so it carries how the result was received and by whom (``TrackingRow.return_method``).

The writer uses xlsxwriter's ``constant_memory`` mode: each row is flushed to a temporary file as soon as the
next one starts, so memory stays flat whatever the number of rows. Rows must therefore be written in order,
which is why the header (with its merged cells) is written first and nothing goes back to earlier rows.
"""
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import xlsxwriter

DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
# Excel's serial day 0 (1900 date system); a date cell is a number of days since then with a date format.
EXCEL_EPOCH = datetime(1899, 12, 30)
ONE_DAY = timedelta(days=1)

# (header, sub-header or None, column width). A column without a sub-header spans both header rows.
DATE_GROUP = "Ngày, tháng, năm"
COLUMNS = (
    ("STT", None, 6),
    ("Mã hồ sơ", None, 22),
    ("Tên thủ tục hành chính", None, 36),
    ("Tên cá nhân, tổ chức", None, 26),
    ("Địa chỉ, số điện thoại", None, 34),
    ("Cơ quan chủ trì giải quyết", None, 24),
    (DATE_GROUP, "Nhận hồ sơ", 16),
    (DATE_GROUP, "Hẹn trả kết quả", 16),
    (DATE_GROUP, "Chuyển đến cơ quan giải quyết", 16),
    (DATE_GROUP, "Nhận kết quả từ cơ quan giải quyết", 16),
    (DATE_GROUP, "Trả kết quả", 16),
    ("Ký nhận", None, 22),
    ("Ghi chú", None, 24),
)
DATE_COLUMNS = range(6, 11)

# Layout: rows 0-2 unit, title, period; row 3 blank;, rows 4-5 the two header rows, row 6 column numbers.
HEADER_ROW = 4
SUBHEADER_ROW = 5
NUMBER_ROW = 6
FIRST_DATA_ROW = 7


@dataclass(frozen=True)
class TrackingRow:
    """One dossier in the tracking book; datetimes are naive local time, ``None`` when the event has not happened."""

    index: int
    code: str
    procedure: str
    applicant: str
    address_phone: str = ""
    deciding_unit: str = ""
    received_at: datetime | None = None
    appointment: datetime | None = None
    transferred_at: datetime | None = None
    result_received_at: datetime | None = None
    returned_at: datetime | None = None
    return_method: str = ""
    note: str = ""

    def values(self):
        """The 13 cell values in column order."""
        return (self.index, self.code, self.procedure, self.applicant, self.address_phone, self.deciding_unit,
                self.received_at, self.appointment, self.transferred_at, self.result_received_at, self.returned_at,
                self.return_method, self.note)


def _as_datetime(value):
    if value is None or isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    raise ValueError(f"Giá trị ngày giờ không hợp lệ: {value!r}.")


def _record_merge(sheet, first_row, first_col, last_row, last_col):
    """Declare a merged range whose cells were already written, row by row.

    In constant_memory mode a row is flushed as soon as a later row is written, and ``merge_range`` refuses a
    range that starts on a flushed row; a merge that spans two rows can therefore only be declared after its
    cells have been written in order. xlsxwriter keeps the merges in ``Worksheet.merge`` and writes them when
    the sheet is closed (the same list ``merge_range`` appends to).
    """
    sheet.merge.append([first_row, first_col, last_row, last_col])


def write_tracking_book_xlsx(rows, title, period_text, unit_name, stream):
    """Write the tracking book of ``rows`` (an iterable of TrackingRow, consumed once) to ``stream``.

    ``stream`` is a path or a binary file object (e.g. ``io.BytesIO``). Returns the number of rows written.
    """
    workbook = xlsxwriter.Workbook(stream, {"constant_memory": True, "strings_to_numbers": False,
                                            "strings_to_formulas": False, "strings_to_urls": False})
    try:
        count = _write_sheet(workbook, rows, title, period_text, unit_name)
    finally:
        workbook.close()
    return count


def _write_sheet(workbook, rows, title, period_text, unit_name):
    font = {"font_name": "Times New Roman", "font_size": 11}
    unit_fmt = workbook.add_format(dict(font, bold=True))
    title_fmt = workbook.add_format(dict(font, bold=True, font_size=14, align="center", valign="vcenter"))
    period_fmt = workbook.add_format(dict(font, italic=True, align="center"))
    header_fmt = workbook.add_format(dict(font, bold=True, border=1, align="center", valign="vcenter",
                                          text_wrap=True))
    number_fmt = workbook.add_format(dict(font, italic=True, border=1, align="center", font_size=9))
    text_fmt = workbook.add_format(dict(font, border=1, valign="top", text_wrap=True))
    centre_fmt = workbook.add_format(dict(font, border=1, valign="top", align="center"))
    date_fmt = workbook.add_format(dict(font, border=1, valign="top", align="center", num_format=DATETIME_FORMAT))

    sheet = workbook.add_worksheet("Sổ theo dõi hồ sơ")
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.set_margins(left=0.4, right=0.3, top=0.5, bottom=0.5)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(HEADER_ROW, NUMBER_ROW)
    sheet.freeze_panes(FIRST_DATA_ROW, 2)

    last = len(COLUMNS) - 1
    sheet.write(0, 0, unit_name or "", unit_fmt)
    sheet.set_row(1, 22)
    sheet.merge_range(1, 0, 1, last, title or "", title_fmt)
    sheet.merge_range(2, 0, 2, last, period_text or "", period_fmt)

    # Header: single columns span both header rows; the five dates share "Ngày, tháng, năm".
    group_cols = [col for col, (head, _sub, _w) in enumerate(COLUMNS) if head == DATE_GROUP]
    for col, (head, sub, _width) in enumerate(COLUMNS):
        if sub is None:
            sheet.write_string(HEADER_ROW, col, head, header_fmt)
    sheet.merge_range(HEADER_ROW, group_cols[0], HEADER_ROW, group_cols[-1], DATE_GROUP, header_fmt)
    sheet.set_row(SUBHEADER_ROW, 48)
    for col, (head, sub, _width) in enumerate(COLUMNS):
        if sub is None:
            sheet.write_blank(SUBHEADER_ROW, col, None, header_fmt)
            _record_merge(sheet, HEADER_ROW, col, SUBHEADER_ROW, col)
        else:
            sheet.write_string(SUBHEADER_ROW, col, sub, header_fmt)
    for col in range(len(COLUMNS)):
        sheet.write(NUMBER_ROW, col, f"({col + 1})", number_fmt)

    # Empty cells are not written: the bordered column formats show them (a month of a ward centre is about
    # 100,000 rows, and every cell written costs time).
    column_formats = [centre_fmt, centre_fmt] + [text_fmt] * 4 + [date_fmt] * 5 + [text_fmt] * 2
    for col, (_head, _sub, width) in enumerate(COLUMNS):
        sheet.set_column(col, col, width, column_formats[col])
    write_number, write_string = sheet.write_number, sheet.write_string
    text_columns = ((1, "code", centre_fmt), (2, "procedure", text_fmt), (3, "applicant", text_fmt),
                    (4, "address_phone", text_fmt), (5, "deciding_unit", text_fmt), (11, "return_method", text_fmt),
                    (12, "note", text_fmt))
    date_columns = tuple(zip(DATE_COLUMNS, ("received_at", "appointment", "transferred_at", "result_received_at",
                                             "returned_at")))
    count = 0
    for count, row in enumerate(rows, start=1):
        line = FIRST_DATA_ROW + count - 1
        write_number(line, 0, row.index, centre_fmt)
        for col, name, cell_format in text_columns:
            value = getattr(row, name)
            if value:
                write_string(line, col, value, cell_format)
        for col, name in date_columns:
            value = getattr(row, name)
            if value is not None:
                write_number(line, col, (_as_datetime(value) - EXCEL_EPOCH) / ONE_DAY, date_fmt)
    return count

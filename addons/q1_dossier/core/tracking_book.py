"""The dossier tracking book (Sổ theo dõi hồ sơ) as an .xlsx workbook.

Circular 03/2025/TT-VPCP, Annex I, lists a tracking book kept by the one-stop shop per field of law; a complete
electronic register replaces the paper book. Its form number (07) is known from one source only (UNCONFIRMED,
see domain/legal-2025-regime.md §1.3), so the number is not printed. Columns follow the form: STT; dossier code;
procedure; applicant; address and phone; lead agency; the five dates (received, appointment, transferred to the
deciding agency, result received from it, result returned); acknowledgement of receipt; note.

The "Ký nhận" column of the paper book holds the recipient's signature; an electronic register cannot hold a
signature, so it carries how the result was received and by whom (``TrackingRow.return_method``).

How the file is made. A ward centre's month is about 100,000 rows, 1.3 million cells; through xlsxwriter's cell
API (``constant_memory`` mode) each cell costs about 8 µs, 9 s in all, most of the export. So xlsxwriter writes
the frame (unit, title, period, the two header rows with their merges, the column numbers, page set-up, styles)
followed by one template row of blank cells carrying each column's cell format; the data rows are then rendered
here as the same ``<row>`` XML xlsxwriter writes in ``constant_memory`` mode (inline strings, dates as serial
numbers with the date format), streamed to a temporary file, and put in place of the template row when the
package is rewritten. Memory stays flat whatever the number of rows. tests/core/test_tracking_book.py checks that
every part of the package is identical to what xlsxwriter writes cell by cell.
"""

import io
import itertools
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import date, datetime

import xlsxwriter

DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
WORKBOOK_OPTIONS = {
    "constant_memory": True,
    "strings_to_numbers": False,
    "strings_to_formulas": False,
    "strings_to_urls": False,
}
SHEET_PART = "xl/worksheets/sheet1.xml"

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
COLUMN_LETTERS = "ABCDEFGHIJKLM"

# Layout: rows 0-2 unit, title, period; row 3 blank;, rows 4-5 the two header rows, row 6 column numbers.
HEADER_ROW = 4
SUBHEADER_ROW = 5
NUMBER_ROW = 6
FIRST_DATA_ROW = 7

# Excel's 1900 date system as xlsxwriter computes it: days since 31/12/1899, plus one from 1 March 1900 because
# Excel counts a 29/02/1900 that never was.
EXCEL_EPOCH = datetime(1899, 12, 31)
SECONDS_PER_DAY = 60 * 60 * 24
# Excel limits a cell to 32,767 UTF-16 code units.
MAX_CELL_UNITS = 32767
# Excel reads "_xHHHH_" in a string as an escaped character: a literal one is protected by escaping its "_", and
# control characters (which XML cannot hold) are written that way, as xlsxwriter does.
LITERAL_ESCAPE = re.compile(r"(_x[0-9a-fA-F]{4}_)")
CONTROL_CHARACTER = re.compile(r"[\x00-\x08\x0b-\x1f]")


@dataclass(frozen=True, slots=True)
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
        return (
            self.index,
            self.code,
            self.procedure,
            self.applicant,
            self.address_phone,
            self.deciding_unit,
            self.received_at,
            self.appointment,
            self.transferred_at,
            self.result_received_at,
            self.returned_at,
            self.return_method,
            self.note,
        )


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
    rows = iter(rows)
    first = next(rows, None)
    if first is None:  # the frame alone: without a template row, so without the data rows' styles
        _write_workbook(stream, title, period_text, unit_name, template_row=False)
        return 0
    frame = io.BytesIO()
    _write_workbook(frame, title, period_text, unit_name, template_row=True)
    with tempfile.TemporaryFile() as body:
        text = io.TextIOWrapper(body, encoding="utf-8", newline="")
        count = _render_rows(itertools.chain([first], rows), _template_styles(frame.getvalue()), text)
        text.flush()
        body.seek(0)
        _assemble(frame.getvalue(), body, FIRST_DATA_ROW + count, stream)
        text.detach()
    return count


def _write_workbook(stream, title, period_text, unit_name, template_row):
    """The frame through xlsxwriter; with ``template_row``, a row of blank cells in the data rows' formats."""
    workbook = xlsxwriter.Workbook(stream, WORKBOOK_OPTIONS)
    try:
        column_formats = write_frame(workbook, title, period_text, unit_name)
        if template_row:
            sheet = workbook.worksheets()[0]
            for col, cell_format in enumerate(column_formats):
                sheet.write_blank(FIRST_DATA_ROW, col, None, cell_format)
    finally:
        workbook.close()


def write_frame(workbook, title, period_text, unit_name):
    """Write everything but the data rows on the workbook's one sheet; return the 13 cell formats of a data row.

    Formats are made once here, never per row. The caller writes the data rows from ``FIRST_DATA_ROW`` on.
    """
    font = {"font_name": "Times New Roman", "font_size": 11}
    unit_fmt = workbook.add_format(dict(font, bold=True))
    title_fmt = workbook.add_format(dict(font, bold=True, font_size=14, align="center", valign="vcenter"))
    period_fmt = workbook.add_format(dict(font, italic=True, align="center"))
    header_fmt = workbook.add_format(dict(font, bold=True, border=1, align="center", valign="vcenter", text_wrap=True))
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
    for col, (_head, _sub, width) in enumerate(COLUMNS):
        sheet.set_column(col, col, width)

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
    for col, (_head, sub, _width) in enumerate(COLUMNS):
        if sub is None:
            sheet.write_blank(SUBHEADER_ROW, col, None, header_fmt)
            _record_merge(sheet, HEADER_ROW, col, SUBHEADER_ROW, col)
        else:
            sheet.write_string(SUBHEADER_ROW, col, sub, header_fmt)
    for col in range(len(COLUMNS)):
        sheet.write(NUMBER_ROW, col, f"({col + 1})", number_fmt)
    # STT and code centred, texts wrapped, the five dates with the date format.
    return [centre_fmt, centre_fmt] + [text_fmt] * 4 + [date_fmt] * len(DATE_COLUMNS) + [text_fmt] * 2


# ---------------------------------------------------------------------------------------------- the data rows


def _template_row_pattern():
    return re.compile(rb'<row r="%d">(.*?)</row>' % (FIRST_DATA_ROW + 1))


def _template_styles(package):
    """The style index (``s``) of each column in the template row xlsxwriter wrote."""
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        sheet_xml = archive.read(SHEET_PART)
    cells = re.findall(
        rb'<c r="([A-Z]+)%d" s="(\d+)"/>' % (FIRST_DATA_ROW + 1), _template_row_pattern().search(sheet_xml).group(1)
    )
    if [letter.decode() for letter, _style in cells] != list(COLUMN_LETTERS):
        raise RuntimeError(f"unexpected template row from xlsxwriter: {cells!r}")
    return [style.decode() for _letter, style in cells]


def _excel_serial(moment):
    """The serial number xlsxwriter's ``write_datetime`` stores for a naive datetime (same arithmetic, so the
    same float and the same 16 digits in the file)."""
    delta = moment - EXCEL_EPOCH
    serial = delta.days + (float(delta.seconds) + float(delta.microseconds) / 1e6) / SECONDS_PER_DAY
    if delta.days == 1:  # 01/01/1900 is serial 1, not 2
        serial -= 1
    if serial > 59:
        serial += 1
    return serial


def _truncate(text):
    if len(text) <= MAX_CELL_UNITS // 2 or len(text.encode("utf-16-le")) <= 2 * MAX_CELL_UNITS:
        return text
    return text.encode("utf-16-le")[: 2 * MAX_CELL_UNITS].decode("utf-16-le", errors="ignore")


def _text_cell(ref, style, value):
    """A text cell as xlsxwriter writes it in constant_memory mode; a blank cell keeps the border."""
    if not value:
        return f'<c r="{ref}" s="{style}"/>'
    text = _truncate(str(value))
    if "_x" in text:
        text = LITERAL_ESCAPE.sub(r"_x005F\1", text)
    if not text.isprintable():
        text = CONTROL_CHARACTER.sub(lambda match: f"_x{ord(match.group()):04X}_", text)
        text = text.replace("\ufffe", "_xFFFE_").replace("\uffff", "_xFFFF_")
    space = ' xml:space="preserve"' if text[0].isspace() or text[-1].isspace() else ""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _date_cell(ref, style, value):
    moment = _as_datetime(value)
    if moment is None:
        return f'<c r="{ref}" s="{style}"/>'
    return f'<c r="{ref}" s="{style}"><v>{_excel_serial(moment):.16G}</v></c>'


def _render_rows(rows, styles, out):
    """Write the ``<row>`` elements of ``rows`` to the text file ``out``; return how many."""
    a, b, c, d, e, f, g, h, i, j, k, l, m = styles  # noqa: E741 (one style per column, A to M)
    count = 0
    for count, row in enumerate(rows, start=1):
        n = FIRST_DATA_ROW + count  # the 1-based row number of the file
        out.write(
            "".join(
                (
                    f'<row r="{n}"><c r="A{n}" s="{a}"><v>{row.index:.16G}</v></c>',
                    _text_cell(f"B{n}", b, row.code),
                    _text_cell(f"C{n}", c, row.procedure),
                    _text_cell(f"D{n}", d, row.applicant),
                    _text_cell(f"E{n}", e, row.address_phone),
                    _text_cell(f"F{n}", f, row.deciding_unit),
                    _date_cell(f"G{n}", g, row.received_at),
                    _date_cell(f"H{n}", h, row.appointment),
                    _date_cell(f"I{n}", i, row.transferred_at),
                    _date_cell(f"J{n}", j, row.result_received_at),
                    _date_cell(f"K{n}", k, row.returned_at),
                    _text_cell(f"L{n}", l, row.return_method),
                    _text_cell(f"M{n}", m, row.note),
                    "</row>",
                )
            )
        )
    return count


def _assemble(frame, body, last_row, stream):
    """Copy the frame's package to ``stream``, the template row of its sheet replaced by ``body`` (bytes of
    ``<row>`` elements) and the sheet's dimension ending on ``last_row`` (1-based)."""
    with zipfile.ZipFile(io.BytesIO(frame)) as source, zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = zipfile.ZipInfo(info.filename, info.date_time)
            part.compress_type, part.external_attr = info.compress_type, info.external_attr
            content = source.read(info)
            if info.filename != SHEET_PART:
                target.writestr(part, content)
                continue
            before, after = _template_row_pattern().split(content, maxsplit=1)[::2]
            before, replaced = re.subn(
                rb'(<dimension ref="A1:[A-Z]+)\d+("/>)', rb"\g<1>%d\g<2>" % last_row, before, count=1
            )
            if not replaced:
                raise RuntimeError("no <dimension> in the sheet written by xlsxwriter")
            with target.open(part, "w") as sheet:
                sheet.write(before)
                shutil.copyfileobj(body, sheet, 256 * 1024)
                sheet.write(after)

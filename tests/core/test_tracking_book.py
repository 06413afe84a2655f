"""The tracking book workbook (Sổ theo dõi hồ sơ): headers and merges as on the form, values read back, and the
package identical to the one xlsxwriter writes cell by cell."""

import io
import re
import tracemalloc
import zipfile
from datetime import date, datetime, timedelta

import openpyxl
import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from q1_dossier.core.tracking_book import (
    COLUMNS,
    DATE_COLUMNS,
    DATETIME_FORMAT,
    FIRST_DATA_ROW,
    LITERAL_ESCAPE,
    WORKBOOK_OPTIONS,
    TrackingRow,
    write_frame,
    write_tracking_book_xlsx,
)

TOP_HEADERS = [
    "STT",
    "Mã hồ sơ",
    "Tên thủ tục hành chính",
    "Tên cá nhân, tổ chức",
    "Địa chỉ, số điện thoại",
    "Cơ quan chủ trì giải quyết",
    "Ngày, tháng, năm",
    None,
    None,
    None,
    None,
    "Ký nhận",
    "Ghi chú",
]
SUB_HEADERS = [None] * 6 + [
    "Nhận hồ sơ",
    "Hẹn trả kết quả",
    "Chuyển đến cơ quan giải quyết",
    "Nhận kết quả từ cơ quan giải quyết",
    "Trả kết quả",
    None,
    None,
]
MERGES = {"A2:M2", "A3:M3", "A5:A6", "B5:B6", "C5:C6", "D5:D6", "E5:E6", "F5:F6", "G5:K5", "L5:L6", "M5:M6"}


def write(
    rows,
    title="SỔ THEO DÕI HỒ SƠ",
    period="Từ ngày 01/03/2026 đến ngày 31/03/2026",
    unit="TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG SÀI GÒN",
):
    stream = io.BytesIO()
    count = write_tracking_book_xlsx(rows, title, period, unit, stream)
    return count, openpyxl.load_workbook(io.BytesIO(stream.getvalue())).active


def sample_row(index=1, **changes):
    values = dict(
        index=index,
        code="H29.39.01-260305-0007",
        procedure="Chứng thực bản sao từ bản chính",
        applicant="Nguyễn Thị Hoa",
        address_phone="12 Lê Lợi, phường Sài Gòn - 0901234567",
        deciding_unit="UBND phường Sài Gòn",
        received_at=datetime(2026, 3, 5, 8, 30),
        appointment=datetime(2026, 3, 6, 10, 0),
        transferred_at=datetime(2026, 3, 5, 9, 5),
        result_received_at=datetime(2026, 3, 6, 8, 0),
        returned_at=datetime(2026, 3, 6, 9, 45),
        return_method="Tại quầy: Nguyễn Thị Hoa",
        note="Trả trước hạn",
    )
    values.update(changes)
    return TrackingRow(**values)


def test_title_headers_and_merges():
    count, sheet = write([sample_row()])
    assert count == 1
    assert sheet["A1"].value == "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG SÀI GÒN"
    assert sheet["A2"].value == "SỔ THEO DÕI HỒ SƠ"
    assert sheet["A3"].value == "Từ ngày 01/03/2026 đến ngày 31/03/2026"
    assert [cell.value for cell in sheet[5]] == TOP_HEADERS
    assert [cell.value for cell in sheet[6]] == SUB_HEADERS
    assert [cell.value for cell in sheet[7]] == [f"({n})" for n in range(1, 14)]
    assert {str(merged) for merged in sheet.merged_cells.ranges} == MERGES
    assert sheet.freeze_panes == "C8"
    assert len(COLUMNS) == 13


def test_values_and_date_format():
    row = sample_row()
    _count, sheet = write([row])
    cells = sheet[FIRST_DATA_ROW + 1]
    assert [cell.value for cell in cells] == list(row.values())
    for cell in cells[6:11]:
        assert cell.number_format == DATETIME_FORMAT
        assert cell.is_date


def test_missing_events_are_blank_and_dates_accepted():
    row = sample_row(
        transferred_at=None,
        result_received_at=None,
        returned_at=None,
        return_method="",
        note="",
        appointment=date(2026, 3, 6),
    )
    _count, sheet = write([row])
    values = [cell.value for cell in sheet[FIRST_DATA_ROW + 1]]
    assert values[7] == datetime(2026, 3, 6)
    assert values[8:] == [None] * 5


def test_empty_book_has_headers_only():
    count, sheet = write([])
    assert count == 0
    assert sheet.max_row == FIRST_DATA_ROW
    assert [cell.value for cell in sheet[5]] == TOP_HEADERS


def test_rows_are_consumed_once_from_a_generator():
    count, sheet = write(sample_row(index=i) for i in range(1, 51))
    assert count == 50
    assert [sheet.cell(FIRST_DATA_ROW + i, 1).value for i in range(1, 51)] == list(range(1, 51))


def test_bad_date_is_refused():
    with pytest.raises(ValueError):
        write([sample_row(received_at="05/03/2026")])


# Text a register may hold: Vietnamese letters, digits, punctuation, spaces inside (not at the ends, which
# spreadsheet readers may trim), no control characters. Nor a literal "_xHHHH_": the file escapes it as Excel
# does ("_x005F_xHHHH_", which Excel shows as written) but openpyxl does not undo that escape on reading; the
# package tests below check those strings against xlsxwriter.
TEXT = (
    st.text(
        alphabet=st.characters(categories=("L", "N", "P", "Zs"), exclude_characters="\u2028\u2029\xa0"), max_size=60
    )
    .map(str.strip)
    .filter(lambda text: not LITERAL_ESCAPE.search(text))
)
MOMENT = st.one_of(
    st.none(),
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)).map(
        lambda d: d.replace(second=0, microsecond=0)
    ),
)


@st.composite
def tracking_rows(draw):
    size = draw(st.integers(min_value=0, max_value=25))
    return [
        TrackingRow(
            index=i + 1,
            code=draw(TEXT),
            procedure=draw(TEXT),
            applicant=draw(TEXT),
            address_phone=draw(TEXT),
            deciding_unit=draw(TEXT),
            received_at=draw(MOMENT),
            appointment=draw(MOMENT),
            transferred_at=draw(MOMENT),
            result_received_at=draw(MOMENT),
            returned_at=draw(MOMENT),
            return_method=draw(TEXT),
            note=draw(TEXT),
        )
        for i in range(size)
    ]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tracking_rows())
def test_every_row_reads_back(rows):
    count, sheet = write(rows)
    assert count == len(rows)
    assert sheet.max_row == FIRST_DATA_ROW + len(rows)
    for offset, row in enumerate(rows, start=1):
        read = [cell.value for cell in sheet[FIRST_DATA_ROW + offset]]
        expected = [value if value not in ("",) else None for value in row.values()]
        assert read == expected


def _peak_memory(rows):
    start = datetime(2026, 1, 5, 7, 30)
    tracemalloc.start()
    try:
        write_tracking_book_xlsx(
            (sample_row(index=i, received_at=start + timedelta(minutes=i)) for i in range(1, rows + 1)),
            "SỔ THEO DÕI HỒ SƠ",
            "",
            "",
            io.BytesIO(),
        )
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_number_of_rows():
    """constant_memory: 100,000 rows must fit well under 500 MB, so memory may not grow with the rows.

    (The output itself is compressed into the stream: about 5 MB for 100,000 rows.)"""
    small, large = _peak_memory(500), _peak_memory(5_000)
    assert large < 8 * 2**20, large
    assert large - small < 2**20, (small, large)


# ------------------------------------------------------------------------------------------------------------
# The rows are rendered by the module, not by xlsxwriter's cell API: the package must be the one xlsxwriter
# would have written cell by cell (the writer before the module rendered rows itself), part for part.


def xlsxwriter_cell_by_cell(
    rows,
    title="SỔ THEO DÕI HỒ SƠ",
    period="Từ ngày 01/03/2026 đến ngày 31/03/2026",
    unit="TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG SÀI GÒN",
):
    """The reference: the same frame, then every cell through write_number / write_string / write_datetime /
    write_blank, a blank cell where there is no value (so that it keeps its border)."""
    stream = io.BytesIO()
    workbook = xlsxwriter.Workbook(stream, WORKBOOK_OPTIONS)
    formats = write_frame(workbook, title, period, unit)
    sheet = workbook.worksheets()[0]
    for line, row in enumerate(rows, start=FIRST_DATA_ROW):
        for col, value in enumerate(row.values()):
            if col == 0:
                sheet.write_number(line, col, value, formats[col])
            elif col in DATE_COLUMNS and value is not None:
                sheet.write_datetime(line, col, value, formats[col])
            elif col not in DATE_COLUMNS and value:
                sheet.write_string(line, col, str(value), formats[col])
            else:
                sheet.write_blank(line, col, None, formats[col])
    workbook.close()
    return stream.getvalue()


def package_parts(package):
    """Each part's content; the document properties without their creation time (the second it was written)."""
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["docProps/core.xml"] = re.sub(rb">\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ<", b"><", parts["docProps/core.xml"])
    return parts


def assert_same_package(rows, **labels):
    ours = io.BytesIO()
    write_tracking_book_xlsx(
        iter(rows),
        labels.get("title", "SỔ THEO DÕI HỒ SƠ"),
        labels.get("period", "Từ ngày 01/03/2026 đến ngày 31/03/2026"),
        labels.get("unit", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG SÀI GÒN"),
        ours,
    )
    reference, written = package_parts(xlsxwriter_cell_by_cell(rows, **labels)), package_parts(ours.getvalue())
    assert list(written) == list(reference)  # same parts, same order
    for name, content in reference.items():
        assert written[name] == content, name


@pytest.mark.parametrize("size", [0, 1, 2, 2_000])
def test_package_is_what_xlsxwriter_writes_cell_by_cell(size):
    start = datetime(2026, 3, 1, 7, 30)
    rows = [
        sample_row(
            index=i,
            received_at=start + timedelta(minutes=7 * i, seconds=i % 60),
            returned_at=None if i % 3 else start + timedelta(days=4, microseconds=i),
            note="" if i % 5 else "Có yêu cầu bổ sung hồ sơ",
        )
        for i in range(1, size + 1)
    ]
    assert_same_package(rows)


def test_awkward_text_and_dates_are_written_as_xlsxwriter_writes_them():
    """XML escapes, whitespace kept at the ends, control characters and literal "_xHHHH_" escaped as Excel
    reads them, a string over Excel's 32,767-character limit cut, dates as dates, the early days of 1900 (Excel
    counts a 29/02/1900), microseconds."""
    rows = [
        sample_row(
            1,
            code='A & B <c> "d"',
            procedure=" lead",
            applicant="trail ",
            address_phone="a\x01b\r\nc",
            deciding_unit="_x0041_ not an A",
            return_method="\ttab",
            note="x" * 40_000,
            received_at=datetime(1900, 1, 1, 12),
            appointment=date(1900, 2, 28),
            transferred_at=datetime(1900, 3, 1),
            result_received_at=datetime(2026, 3, 5, 8, 30, 15, 123456),
            returned_at=date(2026, 3, 6),
        ),
        sample_row(2, code="\u1ef1 \U0001f600" * 3, note="line\nbreak\n", procedure="\ufffe"),
    ]
    assert_same_package(rows)


# Any text a Python str holds except xlsxwriter's rich-string marker (a value "<r>…</r>" is written raw by it,
# escaped here) and surrogates (not encodable).
ANY_TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40).filter(
    lambda text: not (text.startswith("<r>") and text.endswith("</r>"))
)
ANY_MOMENT = st.one_of(
    st.none(),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31)),
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2099, 12, 31)),
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.builds(
            TrackingRow,
            index=st.integers(min_value=1, max_value=10**9),
            code=ANY_TEXT,
            procedure=ANY_TEXT,
            applicant=ANY_TEXT,
            address_phone=ANY_TEXT,
            deciding_unit=ANY_TEXT,
            received_at=ANY_MOMENT,
            appointment=ANY_MOMENT,
            transferred_at=ANY_MOMENT,
            result_received_at=ANY_MOMENT,
            returned_at=ANY_MOMENT,
            return_method=ANY_TEXT,
            note=ANY_TEXT,
        ),
        max_size=12,
    ),
    ANY_TEXT,
)
def test_any_rows_give_xlsxwriters_package(rows, title):
    assert_same_package(rows, title=title, unit=title)

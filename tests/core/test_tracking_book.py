"""The tracking book workbook (Sổ theo dõi hồ sơ): headers and merges as on the form, values read back."""
import io
import tracemalloc
from datetime import date, datetime, timedelta

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from q1_dossier.core.tracking_book import (
    COLUMNS, DATETIME_FORMAT, FIRST_DATA_ROW, TrackingRow, write_tracking_book_xlsx)

TOP_HEADERS = ["STT", "Mã hồ sơ", "Tên thủ tục hành chính", "Tên cá nhân, tổ chức", "Địa chỉ, số điện thoại",
               "Cơ quan chủ trì giải quyết", "Ngày, tháng, năm", None, None, None, None, "Ký nhận", "Ghi chú"]
SUB_HEADERS = [None] * 6 + ["Nhận hồ sơ", "Hẹn trả kết quả", "Chuyển đến cơ quan giải quyết",
                            "Nhận kết quả từ cơ quan giải quyết", "Trả kết quả", None, None]
MERGES = {"A2:M2", "A3:M3", "A5:A6", "B5:B6", "C5:C6", "D5:D6", "E5:E6", "F5:F6", "G5:K5", "L5:L6", "M5:M6"}


def write(rows, title="SỔ THEO DÕI HỒ SƠ", period="Từ ngày 01/03/2026 đến ngày 31/03/2026",
          unit="TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG PHƯỜNG SÀI GÒN"):
    stream = io.BytesIO()
    count = write_tracking_book_xlsx(rows, title, period, unit, stream)
    return count, openpyxl.load_workbook(io.BytesIO(stream.getvalue())).active


def sample_row(index=1, **changes):
    values = dict(
        index=index, code="H29.39.01-260305-0007", procedure="Chứng thực bản sao từ bản chính",
        applicant="Nguyễn Thị Hoa", address_phone="12 Lê Lợi, phường Sài Gòn - 0901234567",
        deciding_unit="UBND phường Sài Gòn", received_at=datetime(2026, 3, 5, 8, 30),
        appointment=datetime(2026, 3, 6, 10, 0), transferred_at=datetime(2026, 3, 5, 9, 5),
        result_received_at=datetime(2026, 3, 6, 8, 0), returned_at=datetime(2026, 3, 6, 9, 45),
        return_method="Tại quầy: Nguyễn Thị Hoa", note="Trả trước hạn")
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
    row = sample_row(transferred_at=None, result_received_at=None, returned_at=None, return_method="", note="",
                     appointment=date(2026, 3, 6))
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
# spreadsheet readers may trim), no control characters.
TEXT = st.text(
    alphabet=st.characters(categories=("L", "N", "P", "Zs"), exclude_characters="\u2028\u2029\xa0"),
    max_size=60).map(str.strip)
MOMENT = st.one_of(st.none(), st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31))
                   .map(lambda d: d.replace(second=0, microsecond=0)))


@st.composite
def tracking_rows(draw):
    size = draw(st.integers(min_value=0, max_value=25))
    return [TrackingRow(
        index=i + 1, code=draw(TEXT), procedure=draw(TEXT), applicant=draw(TEXT), address_phone=draw(TEXT),
        deciding_unit=draw(TEXT), received_at=draw(MOMENT), appointment=draw(MOMENT), transferred_at=draw(MOMENT),
        result_received_at=draw(MOMENT), returned_at=draw(MOMENT), return_method=draw(TEXT), note=draw(TEXT))
        for i in range(size)]


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
            "SỔ THEO DÕI HỒ SƠ", "", "", io.BytesIO())
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_number_of_rows():
    """constant_memory: 100,000 rows must fit well under 500 MB, so memory may not grow with the rows.

    (The output itself is compressed into the stream: about 5 MB for 100,000 rows.)"""
    small, large = _peak_memory(500), _peak_memory(5_000)
    assert large < 8 * 2**20, large
    assert large - small < 2**20, (small, large)

import io
from dataclasses import astuple
from datetime import date, datetime, timedelta

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from q1_reporting.core.handling_report import DossierFact, HandlingRow, LateRow, handling_table
from q1_reporting.core.handling_xlsx import (
    CHECK_COL,
    CHECK_LETTER,
    FIELD_LETTERS,
    FIRST_DATA_ROW,
    HEADER_ROW,
    LATE_EMPTY_TEXT,
    LATE_FIRST_ROW,
    LATE_HEADER_ROW,
    NUMBER_ROW,
    TOTAL_LETTERS,
    ReportMeta,
    write_handling_report_xlsx,
)

META = ReportMeta(
    authority="ỦY BAN NHÂN DÂN THÀNH PHỐ HỒ CHÍ MINH",
    unit="ỦY BAN NHÂN DÂN PHƯỜNG SÀI GÒN",
    title="BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH",
    period_label="Tháng 3 năm 2026",
    start=date(2026, 2, 15),
    end=date(2026, 3, 14),
    group_label="Lĩnh vực",
    date_line="Sài Gòn, ngày 16 tháng 3 năm 2026",
    signer_title="CHỦ TỊCH",
    signer_name="Nguyễn Văn A",
    key_labels={1: "Hộ tịch", 2: "Chứng thực"},
)
ROWS = [
    HandlingRow(1, 5, 2, 2, 1, 3, 1, 1, 1, 2, 1, 1),
    HandlingRow(2, 4, 0, 4, 0, 4, 4, 0, 0, 0, 0, 0),
    HandlingRow(None, 9, 2, 6, 1, 7, 5, 1, 1, 2, 1, 1),
]
LATE = [
    LateRow(
        "H29.39.01-260302-0001",
        "Đăng ký khai sinh",
        "Lê Thị B",
        "Phường Sài Gòn",
        date(2026, 3, 2),
        date(2026, 3, 9),
        date(2026, 3, 11),
        2,
        "Chờ xác minh",
    ),
    LateRow(
        "H29.39.01-260303-0002",
        "Chứng thực chữ ký",
        "Trần Văn C",
        "Phường Sài Gòn",
        date(2026, 3, 3),
        date(2026, 3, 6),
        None,
        8,
        "",
    ),
]


def workbook(rows=ROWS, late=LATE):
    stream = io.BytesIO()
    write_handling_report_xlsx(stream, rows, META, late)
    stream.seek(0)
    return openpyxl.load_workbook(stream)


def test_header_merges_and_texts_follow_the_form():
    sheet = workbook()["Biểu tổng hợp"]
    merged = {str(r) for r in sheet.merged_cells.ranges}
    h = HEADER_ROW + 1  # openpyxl rows are 1-based
    spans = {
        f"A{h}:A{h + 2}",
        f"B{h}:B{h + 2}",
        f"C{h}:F{h}",
        f"G{h}:J{h}",
        f"K{h}:M{h}",
        f"N{h}:N{h + 2}",
        f"D{h + 1}:F{h + 1}",
    } | {f"{c}{h + 1}:{c}{h + 2}" for c in "CGHIJKLM"}
    header_merges = {r for r in merged if int(r.split(":")[0].lstrip("ABCDEFGHIJKLMN")) in (h, h + 1)}
    assert header_merges == spans
    texts = {
        f"A{h}": "STT",
        f"B{h}": "Lĩnh vực",
        f"C{h}": "Số hồ sơ nhận giải quyết",
        f"G{h}": "Số hồ sơ đã giải quyết",
        f"K{h}": "Số hồ sơ đang giải quyết",
        f"N{h}": "Kiểm tra",
        f"C{h + 1}": "Tổng số",
        f"D{h + 1}": "Trong đó",
        f"D{h + 2}": "Số mới tiếp nhận trực tuyến",
        f"E{h + 2}": "Số mới tiếp nhận trực tiếp, dịch vụ bưu chính công ích",
        f"F{h + 2}": "Số kỳ trước chuyển qua",
        f"G{h + 1}": "Tổng số",
        f"H{h + 1}": "Giải quyết trước hạn",
        f"I{h + 1}": "Giải quyết đúng hạn",
        f"J{h + 1}": "Giải quyết quá hạn",
        f"K{h + 1}": "Tổng số",
        f"L{h + 1}": "Chưa đến hạn (trong hạn)",
        f"M{h + 1}": "Quá hạn",
    }
    assert {cell: sheet[cell].value for cell in texts} == texts
    assert [sheet.cell(NUMBER_ROW + 1, c).value for c in range(1, 14)] == [f"({n})" for n in range(1, 14)]
    assert (sheet["A1"].value, sheet["A2"].value) == (META.authority, META.unit) and sheet["A2"].font.b
    assert sheet["G1"].value == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert sheet["G2"].value == "Độc lập - Tự do - Hạnh phúc"
    assert sheet["A4"].value == META.title and sheet["A4"].font.b and sheet["A4"].alignment.horizontal == "center"
    assert sheet["A5"].value == "Kỳ báo cáo: Tháng 3 năm 2026 (từ ngày 15/02/2026 đến ngày 14/03/2026)"


def test_page_setup_landscape_a4_one_page_wide_with_repeated_header():
    sheet = workbook()["Biểu tổng hợp"]
    assert sheet.page_setup.orientation == "landscape" and int(sheet.page_setup.paperSize) == 9
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    # fitToWidth is left out when 1, the OOXML default; fitToHeight 0 = as many pages down as needed
    assert (sheet.page_setup.fitToWidth or 1, sheet.page_setup.fitToHeight) == (1, 0)
    assert sheet.print_title_rows == f"${HEADER_ROW + 1}:${NUMBER_ROW + 1}"


def test_signature_block_under_the_table():
    sheet = workbook()["Biểu tổng hợp"]
    below = {
        sheet.cell(r, c).value: sheet.cell(r, c)
        for r in range(FIRST_DATA_ROW + 4, sheet.max_row + 1)
        for c in range(1, CHECK_COL + 2)
        if sheet.cell(r, c).value
    }
    assert below[META.date_line].font.i and below[META.signer_title].font.b
    assert below[META.date_line].column > 2
    assert below[META.signer_name].row > below[META.signer_title].row > below[META.date_line].row


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
    assert sheet[f"A{total}"].value == "Tổng cộng" and f"A{total}:B{total}" in {str(r) for r in sheet.merged_cells}
    for column in "CDEFGHIJKLM":
        assert sheet[f"{column}{total}"].value == f"=SUM({column}{first}:{column}{first + 1})"
    assert sheet.cell(total, CHECK_COL + 1).value == f'=IF(C{total}=G{total}+K{total},"Đúng","Sai")'
    assert [sheet.cell(first + 1, c).value for c in (1, 2)] == [2, "Chứng thực"]


def test_keys_without_a_label_show_as_text_and_an_empty_table_has_its_total():
    rows = [HandlingRow(7, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0), HandlingRow(None, 1, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0)]
    sheet = workbook(rows, ())["Biểu tổng hợp"]
    assert sheet.cell(FIRST_DATA_ROW + 1, 2).value == "7"
    empty = workbook([HandlingRow(None)], ())
    total = empty["Biểu tổng hợp"].cell(FIRST_DATA_ROW + 1, 1)
    assert total.value == "Tổng cộng"
    late = empty["Hồ sơ quá hạn"]
    assert late.max_row == LATE_FIRST_ROW + 1 and late.cell(LATE_FIRST_ROW + 1, 1).value == LATE_EMPTY_TEXT
    assert f"A{LATE_FIRST_ROW + 1}:J{LATE_FIRST_ROW + 1}" in {str(r) for r in late.merged_cells.ranges}


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
    assert [c.value for c in sheet[4]] == [
        "STT",
        "Mã hồ sơ",
        "Tên thủ tục hành chính",
        "Tên cá nhân, tổ chức",
        "Đơn vị giải quyết",
        "Ngày tiếp nhận",
        "Hạn giải quyết",
        "Ngày kết thúc xử lý",
        "Số ngày quá hạn",
        "Lý do quá hạn",
    ]
    assert [sheet.cell(r, 1).value for r in (5, 6)] == [1, 2] and sheet.max_row == 6
    assert sheet["G6"].value == datetime(2026, 3, 6) and "dd/mm/yyyy" in sheet["G6"].number_format
    assert sheet["B5"].value == "H29.39.01-260302-0001"
    assert sheet["F5"].value == datetime(2026, 3, 2) and "dd/mm/yyyy" in sheet["F5"].number_format
    assert sheet["H5"].value == datetime(2026, 3, 11)
    assert sheet["H6"].value == "Đang giải quyết"
    assert (sheet["I6"].value, sheet["J5"].value) == (8, "Chờ xác minh")


def test_rows_without_total_are_refused():
    with pytest.raises(ValueError, match="tổng cộng"):
        write_handling_report_xlsx(io.BytesIO(), ROWS[:-1], META)


DAY0 = date(2026, 2, 1)
facts = st.lists(
    st.builds(
        lambda key, channel, received, span, finished: DossierFact(
            key,
            channel,
            DAY0 + timedelta(days=received),
            DAY0 + timedelta(days=received + span),
            None if finished is None else DAY0 + timedelta(days=received + finished),
        ),
        st.sampled_from([1, 2, 3]),
        st.sampled_from(["online", "direct", "postal"]),
        st.integers(0, 50),
        st.integers(0, 15),
        st.none() | st.integers(0, 30),
    ),
    max_size=40,
)


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
        assert [sheet.cell(line, c).value for c in range(3, 14)] == list(astuple(row)[1:])
        assert sheet.cell(line, CHECK_COL + 1).value == "Đúng"
    assert sheet.cell(FIRST_DATA_ROW + len(rows), 1).value == "Tổng cộng"


def test_exported_positions_name_the_cells_the_formulas_use():
    assert TOTAL_LETTERS == {"received": "C", "resolved": "G", "pending": "K"} and CHECK_LETTER == "N"
    assert FIELD_LETTERS["online"] == "D" and FIELD_LETTERS["overdue"] == "M"
    sheet = workbook()["Biểu tổng hợp"]
    line = FIRST_DATA_ROW + 1
    assert sheet[f"{TOTAL_LETTERS['pending']}{line}"].value == f"={FIELD_LETTERS['within']}{line}+M{line}"
    assert sheet.freeze_panes == f"C{line}"
    late = workbook()["Hồ sơ quá hạn"]
    assert late.print_title_rows == f"${LATE_HEADER_ROW + 1}:${LATE_HEADER_ROW + 1}"
    assert late.freeze_panes == f"A{LATE_FIRST_ROW + 1}"


def test_an_inconsistent_row_caches_sai_and_is_highlighted():
    wrong = HandlingRow(1, 5, 2, 2, 1, 3, 1, 1, 1, 1, 1, 0)  # 5 received, 3 resolved + 1 pending
    stream = io.BytesIO()
    write_handling_report_xlsx(stream, [wrong, HandlingRow(None, 5, 2, 2, 1, 3, 1, 1, 1, 1, 1, 0)], META)
    stream.seek(0)
    sheet = openpyxl.load_workbook(stream, data_only=True)["Biểu tổng hợp"]
    assert [sheet.cell(FIRST_DATA_ROW + r, CHECK_COL + 1).value for r in (1, 2)] == ["Sai", "Sai"]
    ((cells, rules),) = sheet.conditional_formatting._cf_rules.items()
    assert str(cells.sqref) == f"N{FIRST_DATA_ROW + 1}:N{FIRST_DATA_ROW + 2}"
    assert rules[0].operator == "equal" and rules[0].formula == ['"Sai"']


@pytest.mark.parametrize(
    "rows",
    [
        [HandlingRow(None), HandlingRow(1)],
        [HandlingRow(1), HandlingRow(None), HandlingRow(2), HandlingRow(None)],
    ],
)
def test_a_total_row_anywhere_but_last_is_refused(rows):
    with pytest.raises(ValueError, match="tổng cộng"):
        write_handling_report_xlsx(io.BytesIO(), rows, META)


def test_writes_to_a_path(tmp_path):
    target = tmp_path / "bao-cao.xlsx"
    write_handling_report_xlsx(str(target), ROWS, META, LATE)
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["Biểu tổng hợp", "Hồ sơ quá hạn"]


def test_a_long_late_list_is_written_in_full():
    late = [
        LateRow(
            f"H29-{n:06d}",
            "Đăng ký khai sinh",
            "Lê Thị B",
            "Phường Sài Gòn",
            date(2026, 3, 2),
            date(2026, 3, 9),
            None if n % 2 else date(2026, 3, 12),
            3,
            "Chờ xác minh",
        )
        for n in range(20000)
    ]
    stream = io.BytesIO()
    write_handling_report_xlsx(stream, ROWS, META, late)
    stream.seek(0)
    sheet = openpyxl.load_workbook(stream, read_only=True)["Hồ sơ quá hạn"]
    body = list(sheet.iter_rows(min_row=LATE_FIRST_ROW + 1, values_only=True))
    assert len(body) == 20000
    assert body[-1][:2] == (20000, "H29-019999") and body[-1][7] == "Đang giải quyết"
    assert body[-2][7] == datetime(2026, 3, 12)


def test_the_same_report_gives_the_same_bytes():
    """An issued report must export the same file forever; the next test shows why this is not luck of timing:
    nothing in the package comes from the clock."""
    first, second = io.BytesIO(), io.BytesIO()
    write_handling_report_xlsx(first, ROWS, META, LATE)
    write_handling_report_xlsx(second, ROWS, META, LATE)
    assert first.getvalue() == second.getvalue()


def _core_xml(meta):
    import zipfile

    stream = io.BytesIO()
    write_handling_report_xlsx(stream, ROWS, meta, LATE)
    with zipfile.ZipFile(stream) as package:
        dates = {info.date_time for info in package.infolist()}
        return package.read("docProps/core.xml").decode(), dates


def test_created_property_is_the_meta_date_or_the_day_after_the_period():
    """xlsxwriter writes the current time as the created and modified dates unless told; the parts of the
    package are dated 01/01/1980 (in-memory packaging)."""
    core, dates = _core_xml(META)
    # META ends 14/03/2026: created at midnight starting 15/03/2026
    assert '<dcterms:created xsi:type="dcterms:W3CDTF">2026-03-15T00:00:00Z</dcterms:created>' in core
    assert dates == {(1980, 1, 1, 0, 0, 0)}
    issued = ReportMeta(**{**META.__dict__, "created": datetime(2026, 4, 2, 9, 30)})
    core, _dates = _core_xml(issued)
    assert '<dcterms:created xsi:type="dcterms:W3CDTF">2026-04-02T09:30:00Z</dcterms:created>' in core
    assert '<dcterms:modified xsi:type="dcterms:W3CDTF">2026-04-02T09:30:00Z</dcterms:modified>' in core

import dataclasses
import io
import zipfile
from datetime import datetime

import openpyxl
from q1_reporting.core.evaluation_xlsx import (
    DRAFT_LABEL,
    EVIDENCE_FIRST_ROW,
    EVIDENCE_SHEET,
    FIRST_ROW,
    USES_COMPUTED,
    USES_ENTERED,
    EvidenceRow,
    SheetRow,
    write_evaluation_xlsx,
)

ROWS = [
    SheetRow(
        "Lê Văn A",
        "Chuyên viên",
        "Văn phòng",
        100,
        95,
        87.5,
        66.79,
        27.5,
        94.29,
        "Hoàn thành xuất sắc nhiệm vụ",
        "HTXSNV",
        "Đã duyệt",
    ),
    SheetRow(
        "Trần Thị B",
        "Chuyên viên",
        "Văn phòng",
        90,
        90,
        80,
        60.67,
        25,
        85.67,
        "Hoàn thành tốt nhiệm vụ",
        "HTTNV",
        "Chờ duyệt",
    ),
]


def test_rows_formula_and_counts():
    stream = io.BytesIO()
    write_evaluation_xlsx(stream, ROWS, "PHƯỜNG SÀI GÒN", "Quý I/2026")
    stream.seek(0)
    sheet = openpyxl.load_workbook(stream)["Đánh giá công chức"]
    first = FIRST_ROW + 1
    assert sheet[f"B{first}"].value == "Lê Văn A"
    assert sheet[f"H{first}"].value == 66.79
    assert sheet[f"J{first}"].value == f"=H{first}+I{first}"
    assert sheet[f"K{first + 1}"].value == "Hoàn thành tốt nhiệm vụ"
    labels = {sheet.cell(r, 2).value: sheet.cell(r, 3).value for r in range(first + 3, first + 7)}
    assert labels["Hoàn thành xuất sắc nhiệm vụ"] == 1 and labels["Hoàn thành tốt nhiệm vụ"] == 1
    assert labels["Không hoàn thành nhiệm vụ"] == 0


ENTERED = SheetRow(
    "Phạm Văn C",
    "Chuyên viên",
    "Văn phòng",
    0,
    0,
    0,
    50,
    10,
    60,
    "Hoàn thành nhiệm vụ",
    "HTNV",
    "Chờ duyệt",
    computed_task_points=0,
    entered_task_points=50,
    entered_reason="Hồ sơ treo do lỗi hệ thống, đã xác minh",
    uses_entered=True,
    evidence=(
        EvidenceRow(
            "H29-260105-0001",
            "Thẩm định hồ sơ",
            "Số lượng",
            "Bước được giao chưa hoàn thành trong kỳ đánh giá và đã quá thời hạn theo phiếu kiểm soát",
            1.0,
        ),
        EvidenceRow(
            "H29-260302-0002",
            "Thẩm định hồ sơ",
            "Không tính chậm",
            "Chờ công dân bổ sung hồ sơ 03/03/2026–25/03/2026: không tính chậm",
            None,
        ),
    ),
)
COMPUTED = dataclasses.replace(
    ROWS[0],
    computed_task_points=66.79,
    evidence=(EvidenceRow("H29-260310-0003", "Tiếp nhận hồ sơ", "Tiến độ", "Hoàn thành sau thời hạn", 0.25),),
)


def workbook(rows, created=None):
    stream = io.BytesIO()
    write_evaluation_xlsx(stream, rows, "PHƯỜNG SÀI GÒN", "Tháng 3/2026", created)
    return stream.getvalue()


def test_entered_points_their_reason_and_which_points_are_used_are_columns():
    book = openpyxl.load_workbook(io.BytesIO(workbook([COMPUTED, ENTERED])))
    sheet = book["Đánh giá công chức"]
    header = FIRST_ROW
    assert [sheet.cell(header, col).value for col in range(13, 18)] == [
        "Điểm nhiệm vụ tính từ sản phẩm",
        "Điểm nhiệm vụ do người đánh giá nhập",
        "Lý do nhập điểm nhiệm vụ",
        "Điểm nhiệm vụ sử dụng",
        "Điều chỉnh",
    ]
    computed, entered = FIRST_ROW + 1, FIRST_ROW + 2
    # Lê Văn A: computed 66.79 used, nothing entered; Phạm Văn C: computed 0, entered 50 with its reason, used.
    assert [sheet.cell(computed, col).value for col in range(13, 18)] == [66.79, None, None, USES_COMPUTED, 0]
    assert [sheet.cell(entered, col).value for col in range(13, 18)] == [
        0,
        50,
        "Hồ sơ treo do lỗi hệ thống, đã xác minh",
        USES_ENTERED,
        0,
    ]
    # The old columns did not move: total = task points + general points.
    assert sheet[f"J{entered}"].value == f"=H{entered}+I{entered}"


def test_a_second_sheet_lists_each_officers_evidence_lines():
    book = openpyxl.load_workbook(io.BytesIO(workbook([COMPUTED, ENTERED])))
    assert book.sheetnames == ["Đánh giá công chức", EVIDENCE_SHEET]
    sheet = book[EVIDENCE_SHEET]
    assert [sheet.cell(EVIDENCE_FIRST_ROW, col).value for col in range(1, 8)] == [
        "STT",
        "Họ và tên",
        "Mã hồ sơ",
        "Bước, sản phẩm",
        "Tiêu chí",
        "Lý do",
        "Tỷ lệ điểm sản phẩm bị trừ",
    ]
    lines = [
        [sheet.cell(row, col).value for col in range(1, 8)] for row in range(EVIDENCE_FIRST_ROW + 1, sheet.max_row + 1)
    ]
    # One line of Lê Văn A, then Phạm Văn C's two (1 + 2 = 3 lines); the excused wait deducts nothing: no share.
    assert lines == [
        [1, "Lê Văn A", "H29-260310-0003", "Tiếp nhận hồ sơ", "Tiến độ", "Hoàn thành sau thời hạn", 0.25],
        [
            2,
            "Phạm Văn C",
            "H29-260105-0001",
            "Thẩm định hồ sơ",
            "Số lượng",
            "Bước được giao chưa hoàn thành trong kỳ đánh giá và đã quá thời hạn theo phiếu kiểm soát",
            1,
        ],
        [
            3,
            "Phạm Văn C",
            "H29-260302-0002",
            "Thẩm định hồ sơ",
            "Không tính chậm",
            "Chờ công dân bổ sung hồ sơ 03/03/2026–25/03/2026: không tính chậm",
            None,
        ],
    ]


def test_the_bytes_do_not_depend_on_the_clock():
    first = workbook([COMPUTED, ENTERED], datetime(2026, 4, 1))
    assert workbook([COMPUTED, ENTERED], datetime(2026, 4, 1)) == first
    core = zipfile.ZipFile(io.BytesIO(first)).read("docProps/core.xml").decode()
    assert '<dcterms:created xsi:type="dcterms:W3CDTF">2026-04-01T00:00:00Z</dcterms:created>' in core
    # Without a date the fixed default is written, not today's.
    assert "2000-01-01T00:00:00Z" in zipfile.ZipFile(io.BytesIO(workbook(ROWS))).read("docProps/core.xml").decode()


def test_a_sheet_not_yet_approved_shows_no_level():
    """Issue 12: like the printed sheet (DỰ THẢO, no level), the export lists a sheet not yet approved as a draft,
    without the level its score would give, and counts only the approved sheets per level."""
    draft = dataclasses.replace(ROWS[1], approved=False)
    book = openpyxl.load_workbook(io.BytesIO(workbook([ROWS[0], draft])))
    sheet = book["Đánh giá công chức"]
    first = FIRST_ROW + 1
    assert sheet[f"K{first}"].value == "Hoàn thành xuất sắc nhiệm vụ"
    assert sheet[f"K{first + 1}"].value == DRAFT_LABEL == "Dự thảo"
    # the draft's scores are still shown: they are what the evaluators entered so far
    assert sheet[f"J{first + 1}"].value == f"=H{first + 1}+I{first + 1}"
    labels = {sheet.cell(r, 2).value: sheet.cell(r, 3).value for r in range(first + 3, first + 8)}
    assert labels["Hoàn thành xuất sắc nhiệm vụ"] == 1
    assert labels["Hoàn thành tốt nhiệm vụ"] == 0
    assert labels[DRAFT_LABEL] == 1

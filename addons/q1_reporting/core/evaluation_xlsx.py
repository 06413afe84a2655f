"""A unit's evaluation period as an .xlsx list (Decree 335/2025/NĐ-CP): one row per officer with the three
task percentages, task points, general points, total and level, and the count per level below; beside them the
points computed from the products, the evaluator's entered points with their reason, which of the two the sheet
uses and the adjustments. A second sheet lists every officer's evidence lines (deductions, "not satisfied" ratings,
the applicant's waits that were not counted as delays), so the file shows why each score is what it is.

A sheet not yet approved is listed as a draft ("Dự thảo", as the printed sheet says DỰ THẢO): its scores so far,
no level; the counts per level count the approved sheets only, the drafts on a line of their own.

The bytes are deterministic: the workbook's "created" property is ``created`` (default: midnight of 01/01/2000,
never the clock), so the same sheets export the same file.
"""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime

import xlsxwriter

from .officer_score_data import BAND_LABELS

HEADERS = (
    ("STT", 5),
    ("Họ và tên", 26),
    ("Vị trí việc làm", 22),
    ("Phòng, ban", 22),
    ("Số lượng (%)", 10),
    ("Chất lượng (%)", 10),
    ("Tiến độ (%)", 10),
    ("Điểm kết quả nhiệm vụ (70)", 12),
    ("Điểm tiêu chí chung (30)", 12),
    ("Tổng điểm (100)", 10),
    ("Xếp loại", 26),
    ("Trạng thái", 16),
    ("Điểm nhiệm vụ tính từ sản phẩm", 14),
    ("Điểm nhiệm vụ do người đánh giá nhập", 14),
    ("Lý do nhập điểm nhiệm vụ", 36),
    ("Điểm nhiệm vụ sử dụng", 18),
    ("Điều chỉnh", 10),
)
FIRST_ROW = 5
# Which task points the sheet uses (column P).
USES_COMPUTED = "Tính từ sản phẩm"
USES_ENTERED = "Điểm nhập"
# Column K of a sheet not yet approved: no final level yet.
DRAFT_LABEL = "Dự thảo"

EVIDENCE_SHEET = "Minh chứng"
EVIDENCE_HEADERS = (
    ("STT", 5),
    ("Họ và tên", 26),
    ("Mã hồ sơ", 24),
    ("Bước, sản phẩm", 24),
    ("Tiêu chí", 16),
    ("Lý do", 70),
    ("Tỷ lệ điểm sản phẩm bị trừ", 12),
)
EVIDENCE_FIRST_ROW = 4
# The workbook's "created" date when the caller gives none: fixed, so the bytes never depend on the clock.
DEFAULT_CREATED = datetime(2000, 1, 1)


@dataclass(frozen=True)
class EvidenceRow:
    """One evidence line of an officer's sheet as printed: ``share`` is the fraction (0-1) of the product lost,
    None for the lines that deduct nothing by nature (the applicant's waits shown as excused)."""

    dossier_code: str
    step_name: str
    criterion: str
    reason: str
    share: float | None


@dataclass(frozen=True)
class SheetRow:
    employee: str
    job: str
    department: str
    quantity: float
    quality: float
    progress: float
    task_points: float
    general_points: float
    total: float
    band: str
    band_code: str
    state: str
    # None when no product was assigned (nothing to compute from); the entry is None when the sheet does not use one.
    computed_task_points: float | None = None
    entered_task_points: float | None = None
    entered_reason: str = ""
    uses_entered: bool = False
    adjustment: float = 0.0
    evidence: tuple = ()
    # False until the sheet is approved: then column K says DRAFT_LABEL, not ``band``.
    approved: bool = True


def write_evaluation_xlsx(target, rows, unit, period, created=None):
    """Write the officers' ``rows`` of ``unit`` for ``period`` to ``target`` (path or binary stream); ``created``
    is the workbook's creation date (default ``DEFAULT_CREATED``)."""
    book = xlsxwriter.Workbook(target, {"in_memory": True})
    book.set_properties({"created": created or DEFAULT_CREATED})
    try:
        base = {"font_name": "Times New Roman", "font_size": 12}
        bold = book.add_format(dict(base, bold=True))
        title = book.add_format(dict(base, bold=True, font_size=14, align="center"))
        header = book.add_format(dict(base, bold=True, border=1, align="center", valign="vcenter", text_wrap=True))
        text = book.add_format(dict(base, border=1))
        number = book.add_format(dict(base, border=1, num_format="0.00"))
        wrap = book.add_format(dict(base, border=1, text_wrap=True, valign="top"))
        sheet = book.add_worksheet("Đánh giá công chức")
        sheet.set_landscape()
        sheet.fit_to_pages(1, 0)
        last = len(HEADERS) - 1
        sheet.write(0, 0, unit, bold)
        sheet.merge_range(2, 0, 2, last, "KẾT QUẢ THEO DÕI, ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG CÔNG CHỨC", title)
        sheet.merge_range(
            3, 0, 3, last, f"Kỳ đánh giá: {period}", book.add_format(dict(base, italic=True, align="center"))
        )
        for col, (label, width) in enumerate(HEADERS):
            sheet.set_column(col, col, width)
            sheet.write(FIRST_ROW - 1, col, label, header)
        for index, row in enumerate(rows):
            line = FIRST_ROW + index
            sheet.write_number(line, 0, index + 1, text)
            for col, value in enumerate((row.employee, row.job, row.department), start=1):
                sheet.write_string(line, col, value or "", text)
            for col, value in enumerate(
                (row.quantity, row.quality, row.progress, row.task_points, row.general_points), start=4
            ):
                sheet.write_number(line, col, value, number)
            first = line + 1
            sheet.write_formula(line, 9, f"=H{first}+I{first}", number, row.task_points + row.general_points)
            sheet.write_string(line, 10, row.band if row.approved else DRAFT_LABEL, text)
            sheet.write_string(line, 11, row.state, text)
            _write_optional(sheet, line, 12, row.computed_task_points, number, text)
            _write_optional(sheet, line, 13, row.entered_task_points, number, text)
            _write_optional(sheet, line, 14, row.entered_reason or None, wrap, text)
            sheet.write_string(line, 15, USES_ENTERED if row.uses_entered else USES_COMPUTED, text)
            sheet.write_number(line, 16, row.adjustment or 0.0, number)
        counts = Counter(row.band if row.approved else DRAFT_LABEL for row in rows)
        line = FIRST_ROW + len(rows) + 1
        for offset, label in enumerate((*BAND_LABELS.values(), DRAFT_LABEL)):
            sheet.write_string(line + offset, 1, label, bold)
            sheet.write_number(line + offset, 2, counts[label])
        _write_evidence(book, rows, unit, period, base, bold, title, header, text, wrap)
    finally:
        book.close()


def _write_optional(sheet, line, col, value, style, blank_style):
    """A number or text, or an empty bordered cell for None."""
    if value is None:
        sheet.write_blank(line, col, None, blank_style)
    elif isinstance(value, str):
        sheet.write_string(line, col, value, style)
    else:
        sheet.write_number(line, col, value, style)


def _write_evidence(book, rows, unit, period, base, bold, title, header, text, wrap):
    """The second sheet: every evidence line of every officer, in the order of the first sheet."""
    sheet = book.add_worksheet(EVIDENCE_SHEET)
    sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    last = len(EVIDENCE_HEADERS) - 1
    percent = book.add_format(dict(base, border=1, num_format="0%"))
    sheet.write(0, 0, unit, bold)
    sheet.merge_range(1, 0, 1, last, "MINH CHỨNG KẾT QUẢ THỰC HIỆN NHIỆM VỤ", title)
    sheet.merge_range(2, 0, 2, last, f"Kỳ đánh giá: {period}", book.add_format(dict(base, italic=True, align="center")))
    for col, (label, width) in enumerate(EVIDENCE_HEADERS):
        sheet.set_column(col, col, width)
        sheet.write(EVIDENCE_FIRST_ROW - 1, col, label, header)
    line = EVIDENCE_FIRST_ROW
    for row in rows:
        for evidence in row.evidence:
            sheet.write_number(line, 0, line - EVIDENCE_FIRST_ROW + 1, text)
            for col, value in enumerate(
                (row.employee, evidence.dossier_code, evidence.step_name, evidence.criterion), start=1
            ):
                sheet.write_string(line, col, value or "", text)
            sheet.write_string(line, 5, evidence.reason or "", wrap)
            _write_optional(sheet, line, 6, evidence.share, percent, text)
            line += 1

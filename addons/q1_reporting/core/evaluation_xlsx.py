"""A unit's evaluation period as an .xlsx list (Decree 335/2025/NĐ-CP): one row per officer with the three
task percentages, task points, general points, total and level, and the count per level below."""

from collections import Counter
from dataclasses import dataclass

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
)
FIRST_ROW = 5


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


def write_evaluation_xlsx(target, rows, unit, period):
    """Write the officers' ``rows`` of ``unit`` for ``period`` to ``target`` (path or binary stream)."""
    book = xlsxwriter.Workbook(target, {"in_memory": True})
    try:
        base = {"font_name": "Times New Roman", "font_size": 12}
        bold = book.add_format(dict(base, bold=True))
        title = book.add_format(dict(base, bold=True, font_size=14, align="center"))
        header = book.add_format(dict(base, bold=True, border=1, align="center", valign="vcenter", text_wrap=True))
        text = book.add_format(dict(base, border=1))
        number = book.add_format(dict(base, border=1, num_format="0.00"))
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
            sheet.write_string(line, 10, row.band, text)
            sheet.write_string(line, 11, row.state, text)
        counts = Counter(row.band for row in rows)
        line = FIRST_ROW + len(rows) + 1
        for offset, label in enumerate(BAND_LABELS.values()):
            sheet.write_string(line + offset, 1, label, bold)
            sheet.write_number(line + offset, 2, counts[label])
    finally:
        book.close()

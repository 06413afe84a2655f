import io

import openpyxl
from q1_reporting.core.evaluation_xlsx import FIRST_ROW, SheetRow, write_evaluation_xlsx

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

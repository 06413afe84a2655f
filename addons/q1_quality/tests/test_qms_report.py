"""The yearly QMS report of a unit (issue 14, item 6): objectives with their months and the year's status, internal
audits, nonconformities by kind and state, management reviews; XLSX read back with openpyxl, the PDF's HTML in
Vietnamese; only the unit's leaders and ISO secretary make it, for their own unit."""

import io
from datetime import datetime

import openpyxl

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from ..core.qms_report import FIRST_DATA_ROW, SHEETS
from .test_objectives import ObjectivesCase


@tagged("post_install", "-at_install")
class TestQmsReport(ObjectivesCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # March 2026 in ward A: one dossier on time, one late
        cls.finish(cls.received("2026-03-02 09:00"), "2026-03-04 10:00")
        cls.late = cls.finish(cls.received("2026-03-02 09:10"), "2026-03-12 10:00")
        cls.obj_a = cls.objective(cls.ward_a)
        cls.objective(cls.ward_b)
        with cls.at("2026-04-05 09:00"):
            (cls.obj_a.indicator_ids | cls.env["mgmtsystem.indicator"].search([]))._q1_recompute()
            NC = cls.env["mgmtsystem.nonconformity"]
            cls.nc_manual = NC._q1_raise(cls.late, "manual", "Thiếu sổ theo dõi hồ sơ tại bộ phận một cửa")
        cls.audit = (
            cls.env["mgmtsystem.audit"]
            .sudo()
            .create(
                {
                    "name": "Đánh giá nội bộ lần 1 năm 2026",
                    "company_id": cls.ward_a.id,
                    "date": datetime(2026, 6, 10, 2),
                }
            )
        )
        cls.env["mgmtsystem.audit"].sudo().create(
            {"name": "Đánh giá nội bộ phường B", "company_id": cls.ward_b.id, "date": datetime(2026, 6, 11, 2)}
        )
        cls.review = (
            cls.env["mgmtsystem.review"]
            .sudo()
            .create(
                {
                    "name": "Họp xem xét của lãnh đạo năm 2026",
                    "company_id": cls.ward_a.id,
                    "date": datetime(2026, 12, 10, 2),
                }
            )
        )

    def wizard(self, user=None, **values):
        return (
            self.env["q1.qms.report.wizard"]
            .with_user(user or self.leader_a)
            .create({"company_id": self.ward_a.id, "year": 2026, "signer_name": "Trần Chủ Tịch", **values})
        )

    def test_xlsx_holds_the_units_year(self):
        wizard = self.wizard()
        action = wizard.action_export_xlsx()
        self.assertEqual(action["url"], f"/q1/download/q1.qms.report.wizard/{wizard.id}/xlsx")
        name, _mimetype, content = wizard._q1_download_file("xlsx")
        self.assertTrue(name.endswith(".xlsx"))
        book = openpyxl.load_workbook(io.BytesIO(content))
        self.assertEqual(book.sheetnames, list(SHEETS))
        sheet = book[SHEETS[0]]
        rows = {
            sheet.cell(row, 3).value: [sheet.cell(row, col).value for col in range(1, 19)]
            for row in range(FIRST_DATA_ROW + 1, FIRST_DATA_ROW + 1 + len(self.obj_a.indicator_ids))
        }
        # ward A's five indicators, not ward B's
        self.assertEqual(set(rows), set(self.obj_a.indicator_ids.mapped("name")))
        on_time = rows["on_time_rate"]
        march = self.month(self.indicator(self.obj_a, "on_time_rate"), 3)
        self.assertEqual(on_time[3], "≥ 98 %")
        # January and February without dossiers, March 1 of 2 on time, months not begun empty
        self.assertEqual(on_time[4:6], ["—", "—"])
        self.assertAlmostEqual(on_time[6], march.value, places=4)
        self.assertAlmostEqual(on_time[6], 50.0, places=4)
        self.assertEqual(on_time[8:16], ["—"] * 8)
        self.assertEqual(on_time[17], "Không đạt")
        self.assertEqual(sheet.cell(4, 1).value, "Năm 2026")
        audits = book[SHEETS[1]]
        self.assertEqual(audits.cell(FIRST_DATA_ROW + 1, 3).value, "Đánh giá nội bộ lần 1 năm 2026")
        self.assertIsNone(audits.cell(FIRST_DATA_ROW + 2, 2).value)  # ward B's audit is not there
        ncs = book[SHEETS[2]]
        kinds = {
            ncs.cell(row, 1).value: ncs.cell(row, 2).value for row in range(FIRST_DATA_ROW + 1, FIRST_DATA_ROW + 8)
        }
        ward_a_ncs = self.env["mgmtsystem.nonconformity"].search([("company_id", "=", self.ward_a.id)])
        self.assertEqual(kinds["Ghi nhận thủ công"], 1)
        self.assertEqual(kinds["Tổng cộng"], len(ward_a_ncs))
        self.assertEqual(book[SHEETS[3]].cell(FIRST_DATA_ROW + 1, 3).value, "Họp xem xét của lãnh đạo năm 2026")

    def test_pdf_in_vietnamese(self):
        wizard = self.wizard(user=self.iso_secretary_a)
        action = wizard.action_print_pdf()
        self.assertEqual(action["report_name"], "q1_quality.report_q1_qms_yearly")
        html = (
            self.env["ir.actions.report"]
            .with_user(self.iso_secretary_a)
            ._render_qweb_html("q1_quality.report_q1_qms_yearly", wizard.ids)[0]
            .decode()
        )
        for text in (
            "BÁO CÁO KẾT QUẢ DUY TRÌ, ÁP DỤNG HỆ THỐNG QUẢN LÝ CHẤT LƯỢNG",
            "Năm 2026",
            "I. Kết quả thực hiện mục tiêu chất lượng",
            "Không đạt",
            "Đánh giá nội bộ lần 1 năm 2026",
            "10/06/2026",
            "Ghi nhận thủ công",
            "Họp xem xét của lãnh đạo năm 2026",
            "Trần Chủ Tịch",
        ):
            self.assertIn(text, html)
        self.assertNotIn("Đánh giá nội bộ phường B", html)
        self.assertNotIn("2.026", html)

    def test_only_leaders_and_iso_secretary_of_the_unit(self):
        with self.assertRaises(AccessError):
            self.wizard(user=self.officer_a)
        with self.assertRaises(ValidationError):
            self.wizard(user=self.leader_b)
        with self.assertRaises(ValidationError):
            self.wizard(year=20260)
        wizard = self.wizard()
        # another leader cannot read or download this leader's report
        with self.assertRaises(AccessError):
            wizard.with_user(self.leader_b).action_export_xlsx()
        with self.assertRaises(AccessError):
            self.env["ir.actions.report"].with_user(self.leader_b)._render_qweb_html(
                "q1_quality.report_q1_qms_yearly", wizard.ids
            )

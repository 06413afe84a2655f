"""Printed forms after reception (Mẫu 02 in appraisal, apology, stop notice, control slip, refusal) and the
tracking book (Sổ theo dõi hồ sơ) as XLSX."""

import io
from datetime import date

import openpyxl

from odoo.tests import tagged

from .common import Q1Case


@tagged("post_install", "-at_install")
class TestLifecycleForms(Q1Case):
    def render(self, report, dossier):
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(report, dossier.ids)
        return html.decode()

    def test_supplement_request_and_control_slip(self):
        dossier = self.received_and_assigned(local_string="2026-03-02 09:00")
        with self.at("2026-03-03 10:00"):
            dossier.with_user(self.proc_a1).request_supplement("Thiếu giấy tờ", "Bản sao giấy khai sinh")
        html = self.render("q1_dossier.report_q1_supplement_request", dossier)
        self.assertIn("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", html)
        self.assertIn(dossier.code, html)
        self.assertIn("Bản sao giấy khai sinh", html)
        with self.at("2026-03-05 08:00"):
            dossier.resume()
            dossier.with_user(self.proc_a1).hand_over()
        slip = self.render("q1_dossier.report_q1_control_slip", dossier)
        self.assertIn("PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", slip)
        self.assertIn(self.reception_a.name, slip)
        self.assertIn(self.proc_a1.name, slip)

    def test_apology_stop_notice_and_refusal_after_appraisal(self):
        late = self.received_and_assigned(local_string="2026-03-02 09:00")
        with self.at("2026-03-05 09:00"):
            late.with_user(self.proc_a1).request_extension("Chờ kết quả xác minh", date(2026, 3, 16))
            late.with_user(self.leader_a).approve_extension()
        apology = self.render("q1_dossier.report_q1_apology", late)
        self.assertIn("Chờ kết quả xác minh", apology)
        self.assertIn("16 tháng 3 năm 2026", apology)

        stopped = self.received_and_assigned(local_string="2026-03-02 09:30")
        with self.at("2026-03-03 09:00"):
            stopped.with_user(self.reception_a).stop("Người nộp đề nghị dừng giải quyết")
        notice = self.render("q1_dossier.report_q1_stop_notice", stopped)
        self.assertIn("Người nộp đề nghị dừng giải quyết", notice)
        # The papers handed in are given back where the receipt said the result would be.
        values = self.env["report.q1_dossier.report_q1_stop_notice"]._get_report_values(stopped.ids)["values"]
        self.assertEqual(values[stopped.id]["return_place"], stopped.receipt_print_values()["return_place"])
        self.assertIn(values[stopped.id]["return_place"], notice)

        refused = self.received_and_assigned(local_string="2026-03-02 10:00")
        with self.at("2026-03-04 09:00"):
            refused.with_user(self.proc_a1).refuse("Không đủ điều kiện theo quy định")
        html = self.render("q1_dossier.report_q1_refusal", refused)
        self.assertIn("Không đủ điều kiện theo quy định", html)
        self.assertIn(refused.code, html)

    def test_tracking_book_xlsx_lists_the_period(self):
        inside = self.received_and_assigned(local_string="2026-03-02 09:00")
        outside = self.received_and_assigned(local_string="2026-04-01 09:00")
        book = (
            self.env["q1.tracking.book"]
            .with_user(self.reception_a)
            .create(
                {"date_from": date(2026, 3, 1), "date_to": date(2026, 3, 31), "company_ids": [(6, 0, self.ward_a.ids)]}
            )
        )
        self.assertEqual(book.action_export_xlsx()["target"], "download")
        sheet = openpyxl.load_workbook(io.BytesIO(book._q1_download_file("xlsx")[2])).active
        cells = {str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None}
        self.assertIn(inside.code, cells)
        self.assertNotIn(outside.code, cells)
        self.assertIn("Mã hồ sơ", cells)

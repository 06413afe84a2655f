import re
import shutil
from datetime import date

from odoo.exceptions import UserError
from odoo.tests import Form, HttpCase, tagged

from .common import Q1Case


@tagged("post_install", "-at_install")
class TestPrintedForms(Q1Case):
    """Receipt (Mẫu 01), completion request (Mẫu 02) and refusal (Mẫu 03) as printed, in Decree 30 style."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ward_a.q1_lookup_url = "https://dichvucong.example.vn/tra-cuu"

    def render(self, report, dossier, user=None):
        self.env.invalidate_all()  # render from the database, as a print request does
        Report = self.env["ir.actions.report"].with_user(user or self.reception_a)
        html, report_type = Report._render_qweb_html(report, dossier.ids)
        self.assertEqual(report_type, "html")
        return html.decode()

    def received_dossier(self):
        dossier = self.make_dossier(
            applicant_name="Phạm Minh Khai",
            applicant_id_number="079090001234",
            applicant_sex="male",
            applicant_birth_date=date(1990, 5, 1),
            applicant_email="khai@example.vn",
            tick=False,
        )
        dossier.document_ids.filtered("is_required").is_received = True
        # Thu 05/02/2026 09:15; 5 working days: Fri 06, Mon 09, Tue 10, Wed 11, Thu 12 → appointment 14:00 on 12/02.
        return self.receive_at(dossier, "2026-02-05 09:15")

    def test_receipt(self):
        dossier = self.received_dossier()
        html = self.render("q1_dossier.report_q1_receipt", dossier)
        self.assertIn("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", html)
        self.assertIn("T99.01-260205-0001", html)
        self.assertIn("Phạm Minh Khai", html)
        self.assertIn("079090001234", html)
        self.assertIn("0912345678", html)
        self.assertIn("Đăng ký khai sinh (thử nghiệm)", html)
        self.assertIn("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", html)
        self.assertIn("Thử Nghiệm A, ngày 05 tháng 02 năm 2026", html)
        self.assertIn("09 giờ 15 phút, ngày 05 tháng 02 năm 2026", html)
        self.assertIn("14 giờ 00 phút, ngày 12 tháng 02 năm 2026", html)
        self.assertIn("05 ngày làm việc", html)
        self.assertIn("50.000 đồng", html)
        self.assertIn("Năm mươi nghìn đồng", html)
        self.assertRegex(html, r'<img[^>]+src="data:image/png;base64,[A-Za-z0-9+/=]{100,}"')
        self.assertIn("https://dichvucong.example.vn/tra-cuu?code=T99.01-260205-0001", html)
        # Documents handed in are listed; the optional one not handed in is not.
        self.assertIn("Tờ khai đăng ký khai sinh", html)
        self.assertIn("Giấy chứng sinh", html)
        self.assertNotIn("Giấy ủy quyền (nếu có)", html)
        # Signature block: the receiving officer's name.
        self.assertIn("Nguyễn Văn Tiếp", html)
        self.assertIn("1 Đường Thử", html)

    def test_decree_30_date_style(self):
        # Day below 10 and months 1 and 2 take a leading zero (Decree 30/2020); March does not.
        dossier = self.receive_at(self.make_dossier(self.proc_3d), "2026-03-05 09:00")
        html = self.render("q1_dossier.report_q1_receipt", dossier)
        self.assertIn("Thử Nghiệm A, ngày 05 tháng 3 năm 2026", html)
        self.assertIn("09 giờ 00 phút, ngày 05 tháng 3 năm 2026", html)
        # Thu 05/03 + 3 working days: Fri 06, Mon 09, Tue 10.
        self.assertIn("14 giờ 00 phút, ngày 10 tháng 3 năm 2026", html)
        self.assertIn("03 ngày làm việc", html)

    def test_receipt_same_day_and_free(self):
        dossier = self.receive_at(self.make_dossier(self.proc_same_day, fee_amount=0), "2026-03-10 09:00")
        html = self.render("q1_dossier.report_q1_receipt", dossier)
        self.assertIn("trong ngày làm việc", html)
        self.assertIn("14 giờ 00 phút, ngày 10 tháng 3 năm 2026", html)
        self.assertIn("Không thu", html)
        self.assertNotIn("Bằng chữ", html)

    def test_receipt_fee_in_words_large_amount(self):
        dossier = self.receive_at(self.make_dossier(fee_amount=1_005_000), "2026-03-10 09:00")
        html = self.render("q1_dossier.report_q1_receipt", dossier)
        self.assertIn("1.005.000 đồng", html)
        self.assertIn("Một triệu không trăm linh năm nghìn đồng", html)

    def test_receipt_hour_based(self):
        dossier = self.receive_at(self.make_dossier(self.proc_8h), "2026-03-06 16:00")
        html = self.render("q1_dossier.report_q1_receipt", dossier)
        self.assertIn("08 giờ làm việc", html)
        self.assertIn("16 giờ 00 phút, ngày 09 tháng 3 năm 2026", html)

    def test_receipt_lookup_defaults_to_server(self):
        self.ward_a.q1_lookup_url = False
        dossier = self.received_dossier()
        html = self.render("q1_dossier.report_q1_receipt", dossier)
        self.assertIn("/q1/lookup?code=T99.01-260205-0001", html)

    def test_report_values_per_dossier(self):
        """The receipt's report model computes each dossier's texts; a batch prints each with its own."""
        first = self.received_dossier()
        second = self.receive_at(self.make_dossier(self.proc_3d, fee_amount=0), "2026-03-05 09:00")
        docids = (first | second).ids
        result = self.env["report.q1_dossier.report_q1_receipt"]._get_report_values(docids)
        self.assertEqual(result["doc_ids"], docids)
        self.assertEqual(result["doc_model"], "q1.dossier")
        self.assertEqual(result["docs"], first | second)
        values = result["values"]
        self.assertEqual(set(values), set(docids))
        self.assertEqual(values[first.id]["appointment"], "14 giờ 00 phút, ngày 12 tháng 02 năm 2026")
        self.assertEqual(values[second.id]["appointment"], "14 giờ 00 phút, ngày 10 tháng 3 năm 2026")
        self.assertEqual(values[second.id]["fee"], "Không thu")
        self.assertTrue(values[first.id]["qr_src"].startswith("data:image/png;base64,"))
        self.assertNotEqual(values[first.id]["qr_src"], values[second.id]["qr_src"])
        # The applicant's e-mail reads the same texts as the printed receipt.
        receipt = dict(values[first.id])
        del receipt["qr_src"]
        self.assertEqual(first.receipt_print_values(), receipt)
        html = self.render("q1_dossier.report_q1_receipt", first | second)
        self.assertIn("ngày 12 tháng 02 năm 2026", html)
        self.assertIn("ngày 10 tháng 3 năm 2026", html)
        self.assertIn(first.code, html)
        self.assertIn(second.code, html)

    def test_completion_request_slip(self):
        dossier = self.make_dossier(tick=False, applicant_name="Võ Thị Bổ Sung")
        Wizard = self.env["q1.dossier.counter.outcome"].with_user(self.reception_a)
        form = Form(Wizard.with_context(default_dossier_id=dossier.id, default_outcome="incomplete"))
        form.missing_items = "- Tờ khai đăng ký khai sinh\n- Giấy chứng sinh"
        form.reason = "Thiếu thành phần hồ sơ <bắt buộc>."
        with self.at("2026-02-05 10:00"):
            form.save().action_confirm()
        html = self.render("q1_dossier.report_q1_completion_request", dossier)
        self.assertIn("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", html)
        self.assertIn("Võ Thị Bổ Sung", html)
        self.assertIn("Thử Nghiệm A, ngày 05 tháng 02 năm 2026", html)
        items = re.findall(r"<li>(.*?)</li>", html)
        self.assertEqual(items, ["Tờ khai đăng ký khai sinh", "Giấy chứng sinh"])
        # The reason is printed, escaped.
        self.assertIn("Thiếu thành phần hồ sơ &lt;bắt buộc&gt;.", html)
        self.assertIn("Nguyễn Văn Tiếp", html)

    def test_refusal_slip(self):
        dossier = self.make_dossier(applicant_name="Đặng Văn Từ Chối")
        Wizard = self.env["q1.dossier.counter.outcome"].with_user(self.reception_a)
        form = Form(Wizard.with_context(default_dossier_id=dossier.id, default_outcome="refused"))
        form.reason = "Không thuộc thẩm quyền giải quyết."
        with self.at("2026-08-22 09:00"):
            form.save().action_confirm()
        html = self.render("q1_dossier.report_q1_refusal", dossier)
        self.assertIn("PHIẾU TỪ CHỐI TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ", html)
        self.assertIn("Đặng Văn Từ Chối", html)
        self.assertIn("Không thuộc thẩm quyền giải quyết.", html)
        self.assertIn("Thử Nghiệm A, ngày 22 tháng 8 năm 2026", html)
        # A refused dossier has no code.
        self.assertNotIn("Mã hồ sơ:", html.split("PHIẾU TỪ CHỐI")[1])


@tagged("post_install", "-at_install")
class TestPrintGuards(Q1Case):
    """Forms print only when they mean something (issue 12, defect 3): one rule per form
    (q1.dossier.form.values._can_print) decides both the dossier's print buttons (printable_forms) and whether the
    report renders; no form is offered in the Print menu of every dossier."""

    FORM_REPORTS = {
        "receipt": "q1_dossier.report_q1_receipt",
        "completion_request": "q1_dossier.report_q1_completion_request",
        "refusal": "q1_dossier.report_q1_refusal",
        "supplement_request": "q1_dossier.report_q1_supplement_request",
        "apology": "q1_dossier.report_q1_apology",
        "stop_notice": "q1_dossier.report_q1_stop_notice",
        "control_slip": "q1_dossier.report_q1_control_slip",
    }

    def assert_printable(self, dossier, expected):
        dossier.invalidate_recordset()
        self.assertEqual(set(dossier.printable_forms.split()), set(expected))
        Report = self.env["ir.actions.report"].with_user(self.reception_a)
        for form, report in self.FORM_REPORTS.items():
            with self.subTest(form=form):
                if form in expected:
                    Report._render_qweb_html(report, dossier.ids)
                    action = dossier.with_user(self.reception_a).with_context(q1_form=form).action_print_form()
                    self.assertEqual(action["report_name"], report)
                else:
                    with self.assertRaises(UserError):
                        Report._render_qweb_html(report, dossier.ids)
                    with self.assertRaises(UserError):
                        dossier.with_user(self.reception_a).with_context(q1_form=form).action_print_form()

    def test_not_in_the_print_menu(self):
        for report in self.FORM_REPORTS.values():
            action = self.env["ir.actions.report"].search([("report_name", "=", report)])
            self.assertFalse(action.binding_model_id, report)

    def test_a_draft_prints_nothing(self):
        self.assert_printable(self.make_dossier(), [])

    def test_accepted_dossier_on_time_prints_its_receipt_and_slip_only(self):
        dossier = self.received_and_assigned(self.proc_5d)
        self.assert_printable(dossier, ["receipt", "control_slip"])

    def test_each_ending_and_wait_prints_its_own_form(self):
        supplement = self.received_and_assigned(self.proc_5d)
        with self.at("2026-03-03 10:00"):
            supplement.with_user(self.proc_a1).request_supplement("Thiếu giấy tờ", "Bản sao giấy chứng sinh")
        self.assert_printable(supplement, ["receipt", "control_slip", "supplement_request"])

        extended = self.received_and_assigned(self.proc_5d, local_string="2026-03-02 09:30")
        with self.at("2026-03-04 09:00"):
            extended.with_user(self.proc_a1).request_extension("Chờ kết quả xác minh", date(2026, 3, 16))
        self.assert_printable(extended, ["receipt", "control_slip", "apology"])
        with self.at("2026-03-04 10:00"):
            extended.with_user(self.leader_a).reject_extension()
        self.assert_printable(extended, ["receipt", "control_slip"])

        stopped = self.received_and_assigned(self.proc_5d, local_string="2026-03-02 10:00")
        with self.at("2026-03-03 09:00"):
            stopped.with_user(self.reception_a).stop("Người nộp đề nghị dừng giải quyết")
        self.assert_printable(stopped, ["receipt", "control_slip", "stop_notice"])

        refused = self.received_and_assigned(self.proc_5d, local_string="2026-03-02 10:30")
        with self.at("2026-03-04 09:00"):
            refused.with_user(self.proc_a1).refuse("Không đủ điều kiện theo quy định")
        self.assert_printable(refused, ["receipt", "control_slip", "refusal"])

    def test_counter_outcomes_print_their_slips(self):
        incomplete = self.make_dossier(tick=False)
        with self.at("2026-03-02 09:00"):
            self.env["q1.dossier.counter.outcome"].with_user(self.reception_a).create(
                {"dossier_id": incomplete.id, "outcome": "incomplete", "reason": "Thiếu", "missing_items": "Tờ khai"}
            ).action_confirm()
        self.assert_printable(incomplete, ["completion_request"])
        refused = self.make_dossier()
        with self.at("2026-03-02 09:00"):
            self.env["q1.dossier.counter.outcome"].with_user(self.reception_a).create(
                {"dossier_id": refused.id, "outcome": "refused", "reason": "Không thuộc thẩm quyền"}
            ).action_confirm()
        self.assert_printable(refused, ["refusal"])


@tagged("post_install", "-at_install")
class TestReceiptPdf(HttpCase, Q1Case):
    """A real PDF of the receipt. HttpCase, so that wkhtmltopdf fetches the report assets from the test server
    through the test cursor (in a plain TransactionCase the server thread would wait on the test transaction)."""

    def test_receipt_pdf(self):
        if not shutil.which("wkhtmltopdf"):
            self.skipTest("wkhtmltopdf is not installed")
        dossier = self.receive_at(self.make_dossier(applicant_name="Phạm Minh Khai"), "2026-02-05 09:15")
        Report = self.env["ir.actions.report"].with_context(force_report_rendering=True)
        pdf, report_type = Report._render_qweb_pdf("q1_dossier.report_q1_receipt", dossier.ids)
        self.assertEqual(report_type, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"), pdf[:20])
        self.assertGreater(len(pdf), 1000)

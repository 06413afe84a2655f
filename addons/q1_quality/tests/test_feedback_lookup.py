"""Citizens' feedback on the public lookup page, through real HTTP requests with real CSRF tokens: filing links the
dossier on code + phone, is rate-limited like the lookup, the answer shows on the lookup page, the citizen says
once whether they are satisfied, and the rating items of Decree 118/2025 Art. 33(1) are stored with the rating."""

import re

from odoo import fields
from odoo.tests import HttpCase, tagged

from odoo.addons.q1_dossier.tests.common import Q1Case

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
CODE_RE = re.compile(r'class="font-monospace q1-feedback-code">([^<]+)<')


@tagged("post_install", "-at_install")
class TestFeedbackLookup(HttpCase, Q1Case):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param("q1_dossier.lookup_rate_limit", 1000)
        params.set_param("q1_dossier.lookup_code_rate_limit", 1000)
        procedure = cls.env["q1.procedure"].create(
            {"name": "Thủ tục thử nghiệm phản ánh", "code": "T99.000070", "field_id": cls.field.id, "time_limit": 5}
        )

        def dossier(phone):
            record = cls.env["q1.dossier"].create(
                {
                    "company_id": cls.ward_a.id,
                    "procedure_id": procedure.id,
                    "applicant_name": "Ngô Văn Góp Ý",
                    "applicant_phone": phone,
                    "applicant_address": "5 Đường Thử",
                }
            )
            record._receive(fields.Datetime.now())
            return record

        with cls.at("2026-03-02 09:00"):
            cls.processing = dossier("0903 123 456")
            cls.processing.assign(cls.proc_a1)
            cls.returned = dossier("0912 345 678")
            cls.returned.assign(cls.proc_a1)
            cls.returned.hand_over()
            cls.returned.return_result("counter", "X")

    def setUp(self):
        super().setUp()
        # Only the feedback a test files counts (the demo data has its own).
        self.known = self.env["q1.feedback"].sudo().search([]).ids

    def _new(self):
        return self.env["q1.feedback"].sudo().search([("id", "not in", self.known)])

    def _token(self, url="/q1/lookup"):
        return CSRF_RE.search(self.url_open(url).text).group(1)

    def _post(self, url, **data):
        return self.url_open(url, data=dict(data, csrf_token=self._token()))

    def _file(self, **data):
        values = {"content": "Tôi muốn phản ánh thời gian chờ quá lâu.", "subject": "dossier"}
        values.update(data)
        return self._post("/q1/feedback", **values)

    def _feedback(self):
        return self._new()[:1]

    def test_filing_links_the_dossier_on_code_and_phone(self):
        response = self._file(code=self.processing.code.lower(), phone_digits="3456")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Đã tiếp nhận phản ánh", response.text)
        feedback = self._feedback()
        self.assertEqual(CODE_RE.search(response.text).group(1), feedback.name)
        self.assertEqual(feedback.dossier_id, self.processing)
        self.assertEqual(feedback.company_id, self.ward_a)
        self.assertEqual(feedback.channel, "lookup")
        self.assertEqual(feedback.citizen_phone, "0903123456")
        self.assertFalse(feedback.received_by_id)
        # the dossier's lookup lists it
        page = self._post("/q1/lookup", code=self.processing.code, phone_digits="3456").text
        self.assertIn(feedback.name, page)
        self.assertIn("Đã tiếp nhận", page)

    def test_wrong_phone_is_not_linked_and_needs_contact_data(self):
        response = self._file(code=self.processing.code, phone_digits="0000")
        self.assertEqual(response.status_code, 400)
        self.assertIn("Không tìm thấy hồ sơ phù hợp", response.text)
        self.assertFalse(self._new())
        # without a code: the unit and the contact data are required, then it is accepted unlinked
        self.assertEqual(self._file().status_code, 400)
        response = self._file(company_id=str(self.ward_b.id), citizen_name="Đỗ Thị Dân", citizen_phone="0987 654 321")
        self.assertEqual(response.status_code, 200)
        feedback = self._feedback()
        self.assertFalse(feedback.dossier_id)
        self.assertEqual((feedback.company_id, feedback.citizen_phone), (self.ward_b, "0987654321"))
        # bad input gets the form back, nothing filed
        response = self._file(company_id=str(self.ward_b.id), citizen_name="Đỗ Thị Dân", citizen_phone="12")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(len(self._new()), 1)

    def test_filing_is_rate_limited(self):
        self.env["ir.config_parameter"].sudo().set_param("q1_dossier.lookup_code_rate_limit", 3)
        for _i in range(3):
            self.assertEqual(self._file(code=self.processing.code, phone_digits="0000").status_code, 400)
        # the 4th failed attempt on this code is refused, even with the right digits: nothing filed
        blocked = self._file(code=self.processing.code, phone_digits="3456")
        self.assertEqual(blocked.status_code, 429)
        self.assertFalse(self._new())
        # a successful filing does not count: another code still works
        self.assertEqual(self._file(code=self.returned.code, phone_digits="5678").status_code, 200)
        self.assertEqual(self._file(code=self.returned.code, phone_digits="5678").status_code, 200)

    def test_post_without_csrf_is_refused(self):
        self.url_open("/q1/feedback")
        response = self.url_open(
            "/q1/feedback", data={"code": self.processing.code, "phone_digits": "3456", "content": "x"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self._new())

    def test_answer_shows_on_lookup_and_satisfaction_once(self):
        self._file(code=self.processing.code, phone_digits="3456")
        feedback = self._feedback()
        # before the answer, a feedback's own lookup shows its state and no rating form
        page = self._post("/q1/lookup", code=feedback.name, phone_digits="3456").text
        self.assertIn("Đã tiếp nhận", page)
        self.assertNotIn('action="/q1/feedback/rate"', page)
        self.assertEqual(self._post("/q1/lookup", code=feedback.name, phone_digits="0000").status_code, 200)
        self.assertNotIn("Đã tiếp nhận", self._post("/q1/lookup", code=feedback.name, phone_digits="0000").text)
        feedback.with_user(self.head_a).assign(self.proc_a1)
        feedback.with_user(self.proc_a1).answer("Hồ sơ của Ông/Bà sẽ có kết quả trong tuần này.")
        page = self._post("/q1/lookup", code=self.processing.code, phone_digits="3456").text
        self.assertIn("Hồ sơ của Ông/Bà sẽ có kết quả trong tuần này.", page)
        self.assertIn("Đã trả lời", page)
        self.assertIn('action="/q1/feedback/rate"', page)
        wrong = self._post("/q1/feedback/rate", code=feedback.name, phone_digits="0000", satisfaction="satisfied")
        self.assertIn("Không tìm thấy", wrong.text)
        first = self._post("/q1/feedback/rate", code=feedback.name, phone_digits="3456", satisfaction="not_satisfied")
        self.assertEqual(first.status_code, 200)
        second = self._post("/q1/feedback/rate", code=feedback.name, phone_digits="3456", satisfaction="satisfied")
        self.assertEqual(second.status_code, 409)
        self.env.invalidate_all()
        self.assertEqual((feedback.answer_satisfaction, feedback.satisfaction_channel), ("not_satisfied", "lookup"))
        page = self._post("/q1/lookup", code=feedback.name, phone_digits="3456").text
        self.assertIn("Ông/Bà đã đánh giá", page)
        self.assertNotIn('action="/q1/feedback/rate"', page)

    def test_rating_items_with_the_overall_rating(self):
        page = self._post("/q1/lookup", code=self.returned.code, phone_digits="5678").text
        items = self.env["q1.rating.item"].search([])
        self.assertEqual(len(items), 9)
        for item in items:
            self.assertIn(f'name="rating_item_{item.id}"', page)
        item_a, item_e = (self.env.ref(f"q1_quality.q1_rating_item_{code}") for code in "ae")
        data = {
            "code": self.returned.code,
            "phone_digits": "5678",
            "rating": "satisfied",
            f"rating_item_{item_a.id}": "satisfied",
            f"rating_item_{item_e.id}": "not_satisfied",
            f"rating_item_{items[1].id}": "maybe",
        }
        self.assertEqual(self._post("/q1/lookup/rate", **data).status_code, 200)
        answers = self.env["q1.dossier.rating.answer"].sudo().search([("dossier_id", "=", self.returned.id)])
        self.assertEqual({(a.item_id, a.answer) for a in answers}, {(item_a, "satisfied"), (item_e, "not_satisfied")})
        self.env.invalidate_all()
        self.assertEqual(self.returned.rating, "satisfied")
        # a second rating is refused and changes no item
        data[f"rating_item_{item_a.id}"] = "not_satisfied"
        self.assertEqual(self._post("/q1/lookup/rate", **data).status_code, 409)
        answers = self.env["q1.dossier.rating.answer"].sudo().search([("dossier_id", "=", self.returned.id)])
        self.assertEqual(len(answers), 2)
        self.assertEqual(answers.filtered(lambda a: a.item_id == item_a).answer, "satisfied")

import re

from odoo import fields
from odoo.tests import HttpCase, tagged

from ..core.localtime import to_local

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
# csrf tokens are "<hmac>o<expiry timestamp>": they change every second, whatever the request.
TOKEN_RE = re.compile(r"[0-9a-f]{40}o[0-9]+")


@tagged("post_install", "-at_install")
class TestLookupPage(HttpCase):
    """The public lookup page /q1/lookup, through real HTTP requests with real CSRF tokens."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("q1_dossier.lookup_rate_limit", 1000)
        cls.company = cls.env["res.company"].create(
            {
                "name": "Trung tâm Phục vụ hành chính công phường Thử Nghiệm",
                "q1_unit_code": "TLK",
                "q1_work_calendar_id": cls.env.ref("q1_dossier.q1_work_calendar_state").id,
            }
        )
        field = cls.env["q1.field"].create({"name": "Hộ tịch", "code": "HTLK"})
        cls.procedure = cls.env["q1.procedure"].create(
            {
                "name": "Thủ tục thử nghiệm tra cứu",
                "code": "9.999901",
                "field_id": field.id,
                "time_limit": 5,
            }
        )
        cls.officer = cls.env.ref("base.user_admin")

        def dossier(name, phone, **vals):
            record = cls.env["q1.dossier"].create(
                dict(
                    {
                        "company_id": cls.company.id,
                        "procedure_id": cls.procedure.id,
                        "applicant_name": name,
                        "applicant_phone": phone,
                        "applicant_address": "12 Đường Bí Mật, phường Thử Nghiệm",
                    },
                    **vals,
                )
            )
            record._receive(fields.Datetime.now())
            return record

        cls.processing = dossier("Nguyễn Văn Bímật", "0903 123 456")
        cls.processing.assign(cls.officer)
        cls.returned = dossier("Trần Thị Kínđáo", "0912345678")
        cls.returned.assign(cls.officer)
        cls.returned.hand_over()
        cls.returned.return_result("counter", "X")
        cls.waiting = dossier("Lê Văn Chờ", "0987654321")
        missing = "- Bản sao Giấy khai sinh của con\n- Tờ khai có chữ ký của người yêu cầu"
        if cls.env.ref("q1_dossier.action_report_q1_supplement_request", raise_if_not_found=False):
            cls.waiting.request_supplement("Thiếu giấy tờ", missing)
        else:
            # request_supplement ends by printing a slip whose report is not in this branch yet:
            # take the same pause without the printing.
            cls.waiting._pause("supplement", "Thiếu giấy tờ", missing)

    # ------------------------------------------------------------------ helpers

    def _token(self, url="/q1/lookup"):
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        return CSRF_RE.search(response.text).group(1)

    def _lookup(self, code, digits):
        return self.url_open("/q1/lookup", data={"csrf_token": self._token(), "code": code, "phone_digits": digits})

    def _rate(self, code, digits, rating, comment=""):
        return self.url_open(
            "/q1/lookup/rate",
            data={
                "csrf_token": self._token(),
                "code": code,
                "phone_digits": digits,
                "rating": rating,
                "comment": comment,
            },
        )

    # ------------------------------------------------------------------ tests

    def test_right_code_and_digits_show_the_status_only(self):
        dossier = self.processing
        response = self._lookup(dossier.code, "3456")
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn(dossier.code, page)
        self.assertIn("Thủ tục thử nghiệm tra cứu", page)
        self.assertIn("Đang giải quyết", page)
        appointment = to_local(dossier.appointment_at).strftime("%H:%M, ngày %d/%m/%Y")
        self.assertIn(appointment, page)
        self.assertIn(to_local(dossier.received_at).strftime("%H:%M, ngày %d/%m/%Y"), page)
        for secret in ("Bímật", "0903123456", "Đường Bí Mật", self.company.name):
            self.assertNotIn(secret, page)
        self.assertEqual(response.headers.get("Cache-Control"), "no-store")

    def test_wrong_code_and_wrong_phone_give_the_same_page(self):
        wrong_phone = self._lookup(self.processing.code, "0000")
        wrong_code = self._lookup(self.processing.code + "9", "3456")
        self.assertEqual(wrong_phone.status_code, 200)
        self.assertEqual(wrong_code.status_code, 200)
        self.assertIn("Không tìm thấy hồ sơ phù hợp", wrong_phone.text)
        self.assertNotIn(self.processing.code, wrong_phone.text)
        self.assertNotIn(self.processing.code, wrong_code.text)
        # Byte for byte, once the per-second CSRF tokens (which do not depend on the lookup) are masked.
        self.assertEqual(TOKEN_RE.sub("<token>", wrong_phone.text), TOKEN_RE.sub("<token>", wrong_code.text))
        self.assertEqual(len(TOKEN_RE.findall(wrong_phone.text)), len(TOKEN_RE.findall(wrong_code.text)))

    def test_post_without_csrf_token_is_refused(self):
        self.url_open("/q1/lookup")  # a session, but no token
        response = self.url_open("/q1/lookup", data={"code": self.processing.code, "phone_digits": "3456"})
        self.assertEqual(response.status_code, 400)
        self.assertNotIn("Đang giải quyết", response.text)

    def test_rate_limit_answers_429(self):
        self.env["ir.config_parameter"].sudo().set_param("q1_dossier.lookup_rate_limit", 3)
        Attempt = self.env["q1.lookup.attempt"].sudo()
        before = Attempt.search_count([])
        for _i in range(3):
            self.assertEqual(self._lookup("KHONG-CO", "1234").status_code, 200)
        blocked = self._lookup(self.processing.code, "3456")
        self.assertEqual(blocked.status_code, 429)
        self.assertIn("quá nhiều lần", blocked.text)
        self.assertNotIn("Đang giải quyết", blocked.text)
        self.assertTrue(blocked.headers.get("Retry-After"))
        rate = self._rate(self.returned.code, "5678", "satisfied")
        self.assertEqual(rate.status_code, 429)
        self.env.invalidate_all()
        self.assertFalse(self.returned.rating)
        self.assertEqual(Attempt.search_count([]) - before, 3, "refused requests are not counted")
        # GET shows the form whatever the count: only lookups are limited.
        self.assertEqual(self.url_open("/q1/lookup").status_code, 200)

    def test_get_with_code_prefills_the_form(self):
        response = self.url_open(f"/q1/lookup?code={self.processing.code}")
        self.assertEqual(response.status_code, 200)
        self.assertRegex(response.text, rf'name="code"[^>]*value="{re.escape(self.processing.code)}"')
        self.assertNotIn("Đang giải quyết", response.text)
        hostile = self.url_open('/q1/lookup?code="><script>alert(1)</script>')
        self.assertNotIn("<script>alert(1)</script>", hostile.text)

    def test_rating_once_then_refused(self):
        dossier = self.returned
        page = self._lookup(dossier.code, "5678").text
        self.assertIn("Đã trả kết quả", page)
        self.assertIn('action="/q1/lookup/rate"', page)
        self.assertNotIn("Kínđáo", page)

        wrong = self._rate(dossier.code, "0000", "not_satisfied")
        self.assertIn("Không tìm thấy hồ sơ phù hợp", wrong.text)
        self.env.invalidate_all()
        self.assertFalse(dossier.rating)

        first = self._rate(dossier.code, "5678", "satisfied", "Cán bộ hướng dẫn tận tình")
        self.assertEqual(first.status_code, 200)
        self.assertIn("Cảm ơn", first.text)
        self.env.invalidate_all()
        self.assertEqual(dossier.rating, "satisfied")
        self.assertEqual(dossier.rating_channel, "lookup")
        self.assertEqual(dossier.rating_comment, "Cán bộ hướng dẫn tận tình")

        second = self._rate(dossier.code, "5678", "not_satisfied")
        self.assertEqual(second.status_code, 409)
        self.assertIn("chỉ được đánh giá một lần", second.text)
        self.env.invalidate_all()
        self.assertEqual(dossier.rating, "satisfied")
        self.assertNotIn('action="/q1/lookup/rate"', self._lookup(dossier.code, "5678").text)

    def test_rating_form_only_for_returned_dossiers(self):
        self.assertNotIn('action="/q1/lookup/rate"', self._lookup(self.processing.code, "3456").text)
        response = self._rate(self.processing.code, "3456", "satisfied")
        self.assertEqual(response.status_code, 409)
        self.assertIn("sau khi đã nhận kết quả", response.text)
        self.env.invalidate_all()
        self.assertFalse(self.processing.rating)

    def test_waiting_for_supplement_shows_missing_items(self):
        page = self._lookup(self.waiting.code, "4321").text
        self.assertIn("Chờ bổ sung hồ sơ", page)
        self.assertIn("Bản sao Giấy khai sinh của con", page)
        self.assertIn("Tờ khai có chữ ký của người yêu cầu", page)
        self.assertIn("tính lại từ ngày nhận đủ hồ sơ bổ sung", page)
        self.assertNotIn("Lê Văn Chờ", page)

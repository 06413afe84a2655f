import contextlib
import re
import threading
from unittest.mock import patch

import psycopg2

from odoo import fields, sql_db
from odoo.tests import HttpCase, TransactionCase, tagged
from odoo.tools import config

from ..core.localtime import to_local
from .common import Q1Case

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
# csrf tokens are "<hmac>o<expiry timestamp>": they change every second, whatever the request.
TOKEN_RE = re.compile(r"[0-9a-f]{40}o[0-9]+")
# The code and digits inputs of the form, which keep what the citizen typed after a miss.
TYPED_INPUT_RE = re.compile(r'<input[^>]*id="q1_lookup_(?:code|phone)"[^>]*>')
TYPED_ATTR_RE = re.compile(r'\s(?:value|autofocus)="[^"]*"')


def masked(page):
    """The page with the per-second CSRF tokens and what the citizen typed masked."""
    page = TYPED_INPUT_RE.sub(lambda m: TYPED_ATTR_RE.sub("", m.group(0)), page)
    return TOKEN_RE.sub("<token>", page)


@tagged("post_install", "-at_install")
class TestLookupPage(HttpCase, Q1Case):
    """The public lookup page /q1/lookup, through real HTTP requests with real CSRF tokens, on three dossiers of
    ward A received on Mon 02/03/2026: one in processing, one returned, one waiting for a supplement."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["ir.config_parameter"].sudo().set_param("q1_dossier.lookup_rate_limit", 1000)
        cls.env["ir.config_parameter"].sudo().set_param("q1_dossier.lookup_code_rate_limit", 1000)
        cls.company = cls.ward_a
        cls.procedure = cls.env["q1.procedure"].create(
            {
                "name": "Thủ tục thử nghiệm tra cứu",
                "code": "T99.000060",
                "field_id": cls.field.id,
                "time_limit": 5,
            }
        )
        cls.officer = cls.proc_a1

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

        with cls.at("2026-03-02 09:00"):
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
        for page in (wrong_phone.text, wrong_code.text):
            self.assertNotIn("Đang giải quyết", page)
            self.assertNotIn("Thủ tục thử nghiệm tra cứu", page)
        # Byte for byte, once the per-second CSRF tokens (which do not depend on the lookup) and what the citizen
        # typed (left in the form) are masked.
        self.assertEqual(masked(wrong_phone.text), masked(wrong_code.text))
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

    # ------------------------------------------------------------------ limit and malformed input (issue 10)

    def _lookup_with(self, code, digits, headers=None, files=None):
        data = {"csrf_token": self._token(), "phone_digits": digits}
        if code is not None:
            data["code"] = code
        return self.url_open("/q1/lookup", data=data, headers=headers, files=files)

    def test_forged_forwarded_headers_do_not_reset_the_limit(self):
        self.env["ir.config_parameter"].sudo().set_param("q1_dossier.lookup_rate_limit", 3)
        # Without proxy_mode (Odoo reached directly), the address is the TCP peer's whatever the headers say.
        with patch.dict(config.options, {"proxy_mode": False}):
            for i in range(3):
                forged = {
                    "X-Forwarded-For": f"198.51.100.{i}",
                    "X-Forwarded-Host": f"tra-cuu-{i}.example",
                    "X-Forwarded-Proto": "https",
                    "X-Real-IP": f"198.51.100.{i}",
                    "Forwarded": f"for=198.51.100.{i}",
                }
                self.assertEqual(self._lookup_with("KHONG-CO", "1234", headers=forged).status_code, 200)
            blocked = self._lookup_with(
                self.processing.code,
                "3456",
                headers={"X-Forwarded-For": "192.0.2.200", "X-Forwarded-Host": "other.example"},
            )
        self.assertEqual(blocked.status_code, 429)
        self.assertNotIn("Đang giải quyết", blocked.text)
        self.assertEqual(self.env["q1.lookup.attempt"].sudo().search([], limit=3).mapped("ip"), ["127.0.0.1"] * 3)

    def test_malformed_input_gets_the_not_found_page_and_counts(self):
        Attempt = self.env["q1.lookup.attempt"].sudo()
        code = self.processing.code
        reference = masked(self._lookup("KHONG-CO", "1234").text)
        self.assertIn("Không tìm thấy hồ sơ phù hợp", reference)
        cases = {
            "NUL byte after a real code": (code + "\x00", "3456"),
            "NUL byte inside the digits": (code, "34\x0056"),
            "NUL bytes only": ("\x00", "\x00\x00\x00\x00"),
            "over-long code": (code + "9" * 10_000, "3456"),
            "control characters": ("\x1b[2J" + code, "3456"),
            "line break inside the code": (code[:4] + "\n" + code[4:], "3456"),
            "digits that are not 4 digits": (code, "34567"),
            "no code at all": (None, "3456"),
        }
        for name, (typed_code, digits) in cases.items():
            with self.subTest(name):
                before = Attempt.search_count([])
                response = self._lookup_with(typed_code, digits)
                self.assertEqual(response.status_code, 200)
                self.assertEqual(masked(response.text), reference)
                self.assertEqual(Attempt.search_count([]) - before, 1, "the attempt is counted")
        # Wrong type: the code sent as a file instead of a text field.
        before = Attempt.search_count([])
        response = self._lookup_with(None, "3456", files={"code": ("code.txt", code.encode())})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(masked(response.text), reference)
        self.assertEqual(Attempt.search_count([]) - before, 1)
        # A NUL byte in the rating comment does not break the rating either.
        rated = self._rate(self.returned.code, "5678", "satisfied", "Tốt\x00 lắm")
        self.assertEqual(rated.status_code, 200)
        self.env.invalidate_all()
        self.assertEqual(self.returned.rating_comment, "Tốt lắm")

    def test_prefilled_code_is_cleaned(self):
        response = self.url_open("/q1/lookup?code=%00" + self.processing.code)
        self.assertEqual(response.status_code, 200)
        self.assertNotIn(self.processing.code, response.text)

    # ------------------------------------------------------------------ issue 12, defect 7

    def _code_input(self, page):
        return re.search(r'<input[^>]*id="q1_lookup_code"[^>]*>', page).group(0)

    def _phone_input(self, page):
        return re.search(r'<input[^>]*id="q1_lookup_phone"[^>]*>', page).group(0)

    def test_lowercase_code_is_found(self):
        dossier = self.processing
        for typed in (dossier.code.lower(), f"  {dossier.code.lower()} ", dossier.code.swapcase()):
            with self.subTest(typed):
                page = self._lookup(typed, "3456").text
                self.assertIn("Đang giải quyết", page)
                self.assertIn(dossier.code, page)
        # The QR link's code is shown as printed.
        prefilled = self.url_open(f"/q1/lookup?code={dossier.code.lower()}").text
        self.assertIn(f'value="{dossier.code}"', self._code_input(prefilled))

    def test_a_miss_keeps_what_was_typed(self):
        typed = self.processing.code.lower()
        page = self._lookup(typed, "0000").text
        self.assertIn("Không tìm thấy hồ sơ phù hợp", page)
        self.assertIn(f'value="{self.processing.code}"', self._code_input(page))
        self.assertIn('value="0000"', self._phone_input(page))
        self.assertNotIn("Đang giải quyết", page)
        # Malformed input is not echoed.
        page = self._lookup("KHONG\x00CO", "12a4").text
        self.assertNotIn("value=", self._code_input(page))
        self.assertNotIn("value=", self._phone_input(page))

    def test_successful_lookups_do_not_count(self):
        """Ten citizens behind one ward's Wi-Fi looking up their own dossiers (and more) lock nobody out."""
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("q1_dossier.lookup_rate_limit", 3)
        params.set_param("q1_dossier.lookup_code_rate_limit", 2)
        Attempt = self.env["q1.lookup.attempt"].sudo()
        before = Attempt.search_count([])
        for _i in range(12):
            response = self._lookup(self.processing.code, "3456")
            self.assertEqual(response.status_code, 200)
            self.assertIn("Đang giải quyết", response.text)
        self.assertEqual(Attempt.search_count([]), before, "successful lookups leave no attempt")
        rated = self._rate(self.returned.code, "5678", "satisfied")
        self.assertEqual(rated.status_code, 200)
        self.assertEqual(Attempt.search_count([]), before)
        # Two failures on one code: that code is limited for this address, the other dossiers are not.
        for _i in range(2):
            self.assertEqual(self._lookup(self.waiting.code.lower(), "0000").status_code, 200)
        self.assertEqual(Attempt.search_count([]) - before, 2)
        blocked = self._lookup(self.waiting.code, "4321")
        self.assertEqual(blocked.status_code, 429)
        self.assertIn("nhập sai mã hồ sơ hoặc số điện thoại quá nhiều lần", blocked.text)
        self.assertNotIn("Chờ bổ sung hồ sơ", blocked.text)
        self.assertIn("Đang giải quyết", self._lookup(self.processing.code, "3456").text)

    def test_failures_per_address_have_a_ceiling(self):
        params = self.env["ir.config_parameter"].sudo()
        params.set_param("q1_dossier.lookup_rate_limit", 4)
        params.set_param("q1_dossier.lookup_code_rate_limit", 100)
        for i in range(4):
            self.assertEqual(self._lookup(f"T99.01-260302-999{i}", "1234").status_code, 200)
        blocked = self._lookup(self.processing.code, "3456")
        self.assertEqual(blocked.status_code, 429)
        self.assertNotIn("Đang giải quyết", blocked.text)


@tagged("post_install", "-at_install")
class TestLookupLimitAcrossWorkers(TransactionCase):
    """The limit counts attempts committed by other workers: real connections, outside the test transaction."""

    IP = "203.0.113.77"

    def _cursor(self):
        return sql_db.db_connect(self.env.cr.dbname).cursor()

    def _insert(self, conn, count):
        for _i in range(count):
            conn.execute(
                "INSERT INTO q1_lookup_attempt (ip, create_uid, create_date, write_uid, write_date) "
                "VALUES (%s, 1, now() at time zone 'UTC', 1, now() at time zone 'UTC')",
                (self.IP,),
            )

    def setUp(self):
        super().setUp()
        self.addCleanup(self._delete)

    def _delete(self):
        conn = self._cursor()
        try:
            conn.execute("DELETE FROM q1_lookup_attempt WHERE ip = %s", (self.IP,))
            conn.commit()
        finally:
            conn.close()

    def test_default_limits(self):
        """The shipped settings: a handful of failures per code, a ceiling per address far above 10."""
        from ..controllers import q1_lookup

        self.assertGreaterEqual(q1_lookup.DEFAULT_RATE_LIMIT, 50)
        self.assertLessEqual(q1_lookup.DEFAULT_CODE_RATE_LIMIT, 10)
        self.assertEqual(int(self.env.ref("q1_dossier.q1_lookup_rate_limit").value), q1_lookup.DEFAULT_RATE_LIMIT)
        self.assertEqual(
            int(self.env.ref("q1_dossier.q1_lookup_code_rate_limit").value), q1_lookup.DEFAULT_CODE_RATE_LIMIT
        )

    def test_attempts_recorded_by_another_cursor_count(self):
        Attempt = self.env["q1.lookup.attempt"].sudo()
        # The test transaction's snapshot is taken here, before the other worker commits its attempts.
        self.assertEqual(Attempt.search_count([("ip", "=", self.IP)]), 0)
        other = self._cursor()
        try:
            self._insert(other, 3)
            other.commit()
        finally:
            other.close()
        self.assertFalse(Attempt._record_attempt(self.IP, 3, 10))
        self.assertTrue(Attempt._record_attempt("203.0.113.78", 3, 10), "the limit is per address")
        conn = self._cursor()
        try:
            conn.execute("DELETE FROM q1_lookup_attempt WHERE ip = '203.0.113.78'")
            conn.commit()
        finally:
            conn.close()

    def test_a_waiting_worker_counts_the_attempt_committed_meanwhile(self):
        setup, holder, probe = self._cursor(), self._cursor(), self._cursor()
        outcome = {}
        done = threading.Event()

        def record():
            try:
                outcome["passed"] = self.env["q1.lookup.attempt"].sudo()._record_attempt(self.IP, 3, 10)
            except Exception as error:  # noqa: BLE001 - the error itself is the result under test
                outcome["error"] = error
            finally:
                done.set()

        try:
            self._insert(setup, 2)
            setup.commit()
            # Another worker is recording the third attempt: it holds the lock and has not committed yet.
            holder.execute("LOCK TABLE q1_lookup_attempt IN SHARE ROW EXCLUSIVE MODE")
            self._insert(holder, 1)
            thread = threading.Thread(target=record, daemon=True)
            thread.start()
            for _poll in range(1200):
                probe.execute(
                    "SELECT count(*) FROM pg_locks WHERE relation = 'q1_lookup_attempt'::regclass AND NOT granted"
                )
                waiting = probe.fetchone()[0]
                probe.rollback()
                if waiting or done.wait(0.05):
                    break
            self.assertFalse(done.is_set(), f"the count did not wait for the other worker: {outcome}")
            holder.commit()
            thread.join(timeout=60)
            self.assertFalse(thread.is_alive(), "still waiting after the other worker committed")
            self.assertNotIn("error", outcome, outcome.get("error"))
            self.assertIs(outcome["passed"], False, "the third attempt, committed while waiting, was not counted")
            probe.execute("SELECT count(*) FROM q1_lookup_attempt WHERE ip = %s", (self.IP,))
            self.assertEqual(probe.fetchone()[0], 3)
        finally:
            for conn in (setup, holder, probe):
                with contextlib.suppress(psycopg2.Error):
                    conn.rollback()
                conn.close()

"""The applicant downloads the signed electronic result from the public lookup page, through real HTTP requests with
real CSRF tokens: after code + phone the page offers it; the download checks code + phone again within the page's
rate limit."""

import re
from datetime import datetime

from odoo.tests import HttpCase, new_test_user, tagged

from ..core import esign
from .e_result_common import EResultCase

CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')


@tagged("post_install", "-at_install")
class TestLookupEResult(HttpCase, EResultCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param("q1_dossier.lookup_rate_limit", 1000)
        params.set_param("q1_dossier.lookup_code_rate_limit", 1000)
        cls.signed = cls.ready()  # applicant's phone 0912 345 678
        with cls.at("2026-03-04 15:00"):
            cls.signed.sudo()._q1_attach_e_result(cls.pdf, "giay-khai-sinh.pdf")
        cls.unsigned = cls.ready("2026-03-02 10:00")

    def _token(self):
        response = self.url_open("/q1/lookup")
        self.assertEqual(response.status_code, 200)
        return CSRF_RE.search(response.text).group(1)

    def _post(self, url, code, digits):
        return self.url_open(url, data={"csrf_token": self._token(), "code": code, "phone_digits": digits})

    def test_right_code_and_phone_download_the_signed_pdf(self):
        page = self._post("/q1/lookup", self.signed.code, "5678")
        self.assertEqual(page.status_code, 200)
        self.assertIn('action="/q1/lookup/e-result"', page.text)
        self.assertIn("Tải kết quả điện tử", page.text)
        response = self._post("/q1/lookup/e-result", self.signed.code, "5678")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.headers["Content-Type"], "application/pdf")
        self.assertTrue(response.headers["Content-Disposition"].startswith("attachment;"))
        self.assertIn("giay-khai-sinh.pdf", response.headers["Content-Disposition"])
        self.assertEqual(response.headers.get("Cache-Control"), "no-store")
        self.assertEqual(response.content, self.signed.e_result_attachment_id.raw)
        check = esign.verify_pdf(response.content, [self.cert_der], moment=datetime(2026, 3, 4, 8, 0))
        self.assertTrue(check.intact and check.valid and check.trusted)
        # the page of a dossier without a signed result offers nothing; its download says so
        page = self._post("/q1/lookup", self.unsigned.code, "5678")
        self.assertNotIn('action="/q1/lookup/e-result"', page.text)
        response = self._post("/q1/lookup/e-result", self.unsigned.code, "5678")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn(b"%PDF", response.content)

    def test_wrong_phone_is_not_found(self):
        for code, digits in ((self.signed.code, "0000"), (self.signed.code, "56789"), ("T99.01-260302-9999", "5678")):
            response = self._post("/q1/lookup/e-result", code, digits)
            self.assertEqual(response.status_code, 200)
            self.assertNotEqual(response.headers["Content-Type"], "application/pdf")
            self.assertNotIn(b"%PDF", response.content)
            self.assertIn("Không tìm thấy hồ sơ", response.text)

    def test_the_download_counts_against_the_rate_limit(self):
        self.env["ir.config_parameter"].sudo().set_param("q1_dossier.lookup_code_rate_limit", 3)
        for _attempt in range(3):
            self.assertNotIn(b"%PDF", self._post("/q1/lookup/e-result", self.signed.code, "1111").content)
        # over the limit for this code: the right phone is refused too, and nothing is sent
        response = self._post("/q1/lookup/e-result", self.signed.code, "5678")
        self.assertEqual(response.status_code, 429)
        self.assertNotIn(b"%PDF", response.content)
        # the lookup page shares the limit
        self.assertEqual(self._post("/q1/lookup", self.signed.code, "5678").status_code, 429)

    def test_the_certificate_is_not_served_to_officers(self):
        """/web/content reads a binary field as the logged-in user: an officer gets neither the certificate file
        nor its passphrase; an administrator of the one-stop shop does."""
        url = f"/web/content/res.company/{self.ward_a.id}/q1_sign_certificate"
        self.authenticate("q1_proc_a1", "q1_proc_a1")
        response = self.url_open(url)
        self.assertNotEqual(response.status_code, 200)
        self.assertNotIn(self.p12, response.content)
        new_test_user(
            self.env,
            login="q1_eresult_web_admin",
            groups="base.group_system,q1_dossier.group_q1_manager",
            company_id=self.ward_a.id,
            company_ids=[(6, 0, self.ward_a.ids)],
        )
        self.authenticate("q1_eresult_web_admin", "q1_eresult_web_admin")
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.content, self.p12)

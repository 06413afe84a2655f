"""Electronic results: the unit's certificate (checked when uploaded, never shown to officers), the result signed as
PDF with it through pyHanko (its validator says the signature is intact, valid and trusted with the unit's
certificate as trust root; poppler's pdfsig, when installed, says it is valid), who may attach it and when, and the
signed file as a legal fact."""

import base64
import shutil
import subprocess
import tempfile
from datetime import datetime

from odoo import api
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import mute_logger

from ..core import esign
from .e_result_common import PASSPHRASE, EResultCase, make_p12
from .e_result_common import make_pdf as make_result_pdf

SIGN_AT = "2026-03-04 15:00"


@tagged("post_install", "-at_install")
class TestEResult(EResultCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.admin_a = new_test_user(
            cls.env,
            login="q1_eresult_admin",
            groups="base.group_system,q1_dossier.group_q1_manager",
            company_id=cls.ward_a.id,
            company_ids=[(6, 0, cls.ward_a.ids)],
            tz="Asia/Ho_Chi_Minh",
        )

    def attach(self, dossier, user, pdf=None, filename="quyet-dinh.pdf"):
        """The officer's path: the dossier's button opens the dialog, the PDF is uploaded and signed."""
        with self.at(SIGN_AT):
            action = dossier.with_user(user).action_open_e_result_wizard()
            context = dict(action["context"], default_result_filename=filename)
            wizard = Form(self.env[action["res_model"]].with_user(user).with_context(**context))
            wizard.result_file = base64.b64encode(pdf if pdf is not None else self.pdf)
            return wizard.save().action_attach()

    # ------------------------------------------------------------------ signing

    def test_signed_result_verifies_with_the_units_certificate(self):
        dossier = self.ready()
        self.attach(dossier, self.proc_a1)
        attachment = dossier.e_result_attachment_id
        self.assertTrue(attachment)
        self.assertEqual((attachment.res_model, attachment.res_id), ("q1.dossier", dossier.id))
        self.assertEqual(attachment.mimetype, "application/pdf")
        self.assertEqual(attachment.name, "quyet-dinh.pdf")
        self.assertEqual(dossier.e_result_signed_at, datetime(2026, 3, 4, 8, 0))  # 15:00 local
        self.assertEqual(dossier.e_result_signed_by_id, self.proc_a1)
        signed = attachment.raw
        self.assertNotEqual(signed, self.pdf)
        self.assertTrue(signed.startswith(self.pdf[:8]))
        # pyHanko's validator, the unit's certificate as the only trust root, judged when it was signed
        check = esign.verify_pdf(signed, [self.cert_der], moment=datetime(2026, 3, 4, 8, 0))
        self.assertTrue(check.intact)
        self.assertTrue(check.valid)
        self.assertTrue(check.trusted)
        self.assertTrue(check.bottom_line)
        self.assertIn("UBND phường Thử Nghiệm A", check.signer)
        self.assertEqual(check.reason, "Kết quả giải quyết TTHC")
        self.assertEqual(check.location, self.ward_a.q1_place_name)
        # another certificate does not make it trusted
        _other, other_der = make_p12("Kẻ mạo danh")
        with mute_logger("pyhanko.sign.validation.generic_cms"):  # pyHanko warns of the untrusted signer
            self.assertFalse(esign.verify_pdf(signed, [other_der], moment=datetime(2026, 3, 4, 8, 0)).trusted)
        # a byte changed in the signed range breaks it
        tampered = signed.replace(b"Helvetica", b"Helvetica".swapcase(), 1)
        self.assertNotEqual(tampered, signed)
        self.assertFalse(esign.verify_pdf(tampered, [self.cert_der], moment=datetime(2026, 3, 4, 8, 0)).intact)

    def test_a_pdf_reader_verifies_the_signature(self):
        dossier = self.ready()
        self.attach(dossier, self.leader_a)
        self.assertEqual(dossier.e_result_signed_by_id, self.leader_a)
        if not shutil.which("pdfsig"):
            self.skipTest("poppler's pdfsig is not installed: the PDF reader's check is skipped")
        with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
            handle.write(dossier.e_result_attachment_id.raw)
            handle.flush()
            output = subprocess.run(["pdfsig", handle.name], capture_output=True, text=True, check=False).stdout
        self.assertIn("Signature is Valid", output)
        self.assertIn("UBND phường Thử Nghiệm A", output)

    def test_linked_to_the_register_entry(self):
        register = self.env["q1.register"].create(
            {"name": "Sổ đăng ký khai sinh (thử nghiệm)", "code": "TNKS", "field_id": self.field.id}
        )
        self.proc_5d.sudo().write({"register_id": register.id, "register_action": "create"})
        dossier = self.ready()
        entry = dossier.register_entry_id
        self.assertTrue(entry, "the ready result wrote no register entry")
        self.attach(dossier, self.proc_a1)
        self.assertEqual(entry.e_result_attachment_id, dossier.e_result_attachment_id)

    def test_returning_electronically_still_works(self):
        dossier = self.ready()
        self.attach(dossier, self.proc_a1)
        with self.at("2026-03-05 09:00"):
            dossier.with_user(self.reception_a).return_result("electronic", "Lê Thị Công Dân")
        self.assertEqual(dossier.state, "returned")
        self.assertTrue(dossier.e_result)
        # a result returned on paper may be signed afterwards
        other = self.ready("2026-03-02 10:00")
        with self.at("2026-03-04 16:00"):
            other.with_user(self.reception_a).return_result("counter", "Lê Thị Công Dân")
        self.attach(other, self.proc_a1)
        self.assertTrue(other.e_result_attachment_id)

    # ------------------------------------------------------------------ refusals

    def assert_refused(self, dossier, user, error=UserError, pdf=None):
        with self.assertRaises(error):
            self.attach(dossier, user, pdf=pdf)
        self.assertFalse(dossier.e_result_attachment_id)
        self.assertFalse(dossier.e_result_signed_at)

    def test_only_the_officer_of_the_last_step_or_the_leader(self):
        dossier = self.ready()
        self.assert_refused(dossier, self.reception_a, AccessError)  # reception officer
        self.assert_refused(dossier, self.proc_a2, AccessError)  # processing officer who never held it
        self.assert_refused(dossier, self.proc_b, AccessError)  # officer of another ward
        self.assert_refused(dossier, self.leader_b, AccessError)  # leader of another ward
        # the wizard itself is checked too: a form made by the system for another caller
        wizard = (
            self.env["q1.dossier.e.result.wizard"]
            .with_user(self.proc_a2)
            .create({"dossier_id": dossier.id, "result_file": base64.b64encode(self.pdf), "result_filename": "a.pdf"})
        )
        with self.assertRaises(AccessError), self.at(SIGN_AT):
            wizard.action_attach()
        self.assertFalse(dossier.e_result_attachment_id)

    def test_not_before_the_result_nor_twice(self):
        processing = self.received("2026-03-02 09:00")
        self.assert_refused(processing, self.proc_a1)
        dossier = self.ready()
        self.attach(dossier, self.proc_a1)
        first = dossier.e_result_attachment_id
        with self.assertRaises(UserError), self.at(SIGN_AT):
            dossier.with_user(self.proc_a1)._q1_attach_e_result(self.pdf, "lan-hai.pdf")
        self.assertEqual(dossier.e_result_attachment_id, first)

    def test_no_certificate_bad_files(self):
        dossier_b = self.ready(ward="b")
        self.assert_refused(dossier_b, self.proc_b)  # ward B has no certificate
        dossier = self.ready()
        self.assert_refused(dossier, self.proc_a1, pdf=b"GIF89a not a pdf at all")
        self.assert_refused(dossier, self.proc_a1, pdf=b"%PDF-1.7\n garbage without objects")
        with self.assertRaises(UserError), self.at(SIGN_AT):
            dossier.sudo()._q1_attach_e_result(b"%PDF-" + b"0" * (esign.MAX_PDF_BYTES + 1), "lon.pdf")
        self.assertFalse(dossier.e_result_attachment_id)
        self.assertEqual(dossier._q1_e_result_filename("../../etc/passwd"), "passwd.pdf")

    def test_expired_certificate_cannot_sign(self):
        dossier = self.ready()
        # the certificate was valid when uploaded; on the signing day it has expired
        p12, _der = make_p12("UBND hết hạn", valid_from=datetime(2025, 1, 1), days=400)
        with self.at("2026-01-10 08:00"):
            self.ward_a.sudo().write({"q1_sign_certificate": base64.b64encode(p12)})
        self.assert_refused(dossier, self.proc_a1)

    # ------------------------------------------------------------------ legal facts

    def test_the_signed_file_is_a_legal_fact(self):
        dossier = self.ready()
        self.attach(dossier, self.proc_a1)
        attachment = dossier.e_result_attachment_id
        signed = attachment.raw
        other = self.env["ir.attachment"].create({"name": "khac.pdf", "raw": b"%PDF-1.4", "res_model": "q1.dossier"})
        for user in (self.proc_a1, self.leader_a):
            for vals in (
                {"e_result_attachment_id": other.id},
                {"e_result_attachment_id": False},
                {"e_result_signed_at": "2026-01-01 00:00:00"},
                {"e_result_signed_by_id": user.id},
            ):
                with self.assertRaises(UserError):
                    api.call_kw(self.env["q1.dossier"].with_user(user), "write", [dossier.ids, vals], {})
            with self.assertRaises(UserError):
                api.call_kw(self.env["ir.attachment"].with_user(user), "unlink", [attachment.ids], {})
            with self.assertRaises(UserError):
                api.call_kw(
                    self.env["ir.attachment"].with_user(user),
                    "write",
                    [attachment.ids, {"raw": b"%PDF-1.4 forged"}],
                    {},
                )
        dossier.invalidate_recordset()
        self.assertEqual(dossier.e_result_attachment_id, attachment)
        self.assertEqual(attachment.raw, signed)

    # ------------------------------------------------------------------ the unit's certificate

    def test_certificate_checked_when_uploaded(self):
        unit = self.ward_b.with_user(self.admin_a)
        self.admin_a.company_ids = [(4, self.ward_b.id)]
        p12, _der = make_p12("UBND phường Thử Nghiệm B")
        with self.at("2026-03-02 08:00"):
            cases = [
                ({"q1_sign_certificate": base64.b64encode(p12), "q1_sign_passphrase": "sai"}, "passphrase"),
                ({"q1_sign_certificate": base64.b64encode(b"hello"), "q1_sign_passphrase": PASSPHRASE}, "PKCS#12"),
                ({"q1_sign_certificate": base64.b64encode(make_result_pdf()), "q1_sign_passphrase": "x"}, "PKCS#12"),
                ({"q1_sign_subject": "CN=Giả mạo"}, "read from the certificate"),
            ]
            expired, _der = make_p12("UBND cũ", valid_from=datetime(2020, 1, 1), days=365)
            cases.append(
                ({"q1_sign_certificate": base64.b64encode(expired), "q1_sign_passphrase": PASSPHRASE}, "expired")
            )
            for vals, needle in cases:
                with self.subTest(needle=needle), self.assertRaises(UserError) as caught:
                    unit.write(vals)
                self.assertIn(needle, str(caught.exception))
                unit.invalidate_recordset()
                self.assertFalse(unit.q1_sign_certificate)
                self.assertFalse(unit.q1_sign_subject)
            with Form(unit, view="base.view_company_form") as form:
                form.q1_sign_certificate = base64.b64encode(p12)
                form.q1_sign_passphrase = PASSPHRASE
        unit.invalidate_recordset()
        self.assertIn("UBND phường Thử Nghiệm B", unit.q1_sign_subject)
        self.assertEqual(unit.q1_sign_valid_from, datetime(2026, 1, 1))
        self.assertEqual(unit.q1_sign_valid_until.date().isoformat(), "2035-12-30")
        # a new passphrase alone is checked against the certificate held
        with self.at("2026-03-02 08:00"), self.assertRaises(ValidationError):
            unit.write({"q1_sign_passphrase": "khac"})

    def test_officers_never_read_the_certificate(self):
        for user in (self.proc_a1, self.reception_a, self.leader_a):
            Company = self.env["res.company"].with_user(user)
            for field in ("q1_sign_certificate", "q1_sign_passphrase", "q1_sign_certificate_name"):
                with self.subTest(user=user.login, field=field), self.assertRaises(AccessError):
                    api.call_kw(Company, "read", [self.ward_a.ids, [field]], {})
            rows = api.call_kw(Company, "search_read", [[("id", "=", self.ward_a.id)]], {})
            self.assertNotIn("q1_sign_certificate", rows[0])
            self.assertNotIn("q1_sign_passphrase", rows[0])
            self.assertTrue(rows[0]["q1_sign_subject"])  # who signs is no secret
            with self.assertRaises(AccessError):
                api.call_kw(Company, "write", [self.ward_a.ids, {"q1_sign_passphrase": "x"}], {})
        rows = api.call_kw(
            self.env["res.company"].with_user(self.admin_a), "read", [self.ward_a.ids, ["q1_sign_passphrase"]], {}
        )
        self.assertEqual(rows[0]["q1_sign_passphrase"], PASSPHRASE)

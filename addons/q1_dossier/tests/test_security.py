from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from odoo.addons.base.models.ir_qweb import QWebException

from .common import RECEPTION_GROUPS, Q1Case


@tagged("post_install", "-at_install")
class TestWardRecordRules(Q1Case):
    """A ward's staff see the dossiers their unit received or must decide (Decree 118/2025 Art. 14(2), 20)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer_ab = new_test_user(
            cls.env,
            login="q1_officer_ab",
            groups=RECEPTION_GROUPS,
            company_id=cls.ward_a.id,
            company_ids=[Command.set([cls.ward_a.id, cls.ward_b.id])],
        )
        cls.proc_decided_by_a = cls.env["q1.procedure"].create(
            {
                "name": "Thủ tục do phường A quyết định (thử nghiệm)",
                "code": "T99.000010",
                "field_id": cls.field.id,
                "time_unit": "day",
                "time_limit": 3,
                "deciding_company_id": cls.ward_a.id,
            }
        )
        cls.dossier_a = cls.make_dossier(user=cls.reception_a, applicant_name="Hồ sơ của A")
        cls.dossier_b = cls.make_dossier(user=cls.reception_b, applicant_name="Hồ sơ của B")
        cls.dossier_b_for_a = cls.make_dossier(
            cls.proc_decided_by_a, user=cls.reception_b, applicant_name="Hồ sơ B nhận cho A"
        )

    def test_dossiers_land_in_the_officers_unit(self):
        self.assertEqual(self.dossier_a.company_id, self.ward_a)
        self.assertEqual(self.dossier_b.company_id, self.ward_b)
        self.assertEqual(self.dossier_b.deciding_company_id, self.ward_b)
        self.assertEqual(self.dossier_b_for_a.company_id, self.ward_b)
        self.assertEqual(self.dossier_b_for_a.deciding_company_id, self.ward_a)

    def test_other_ward_dossier_is_invisible(self):
        self.receive_at(self.dossier_b, "2026-03-05 09:00")
        self.env.invalidate_all()
        Dossier = self.env["q1.dossier"].with_user(self.reception_a)
        self.assertFalse(Dossier.search([("id", "=", self.dossier_b.id)]))
        self.assertFalse(Dossier.search([("code", "=", self.dossier_b.code)]))
        self.assertNotIn(self.dossier_b, Dossier.search([]))
        self.assertFalse(Dossier.search_count([("applicant_name", "=", "Hồ sơ của B")]))
        with self.assertRaises(AccessError):
            Dossier.browse(self.dossier_b.id).read(["code", "applicant_name"])
        with self.assertRaises(AccessError):
            Dossier.browse(self.dossier_b.id).write({"applicant_address": "Sửa trộm"})
        # Nor through the documents of its checklist.
        Documents = self.env["q1.dossier.document"].with_user(self.reception_a)
        self.assertFalse(Documents.search([("dossier_id", "=", self.dossier_b.id)]))

    def test_other_ward_cannot_receive_or_print(self):
        Dossier = self.env["q1.dossier"].with_user(self.reception_a)
        with self.assertRaises(AccessError), self.at("2026-03-05 09:00"):
            Dossier.browse(self.dossier_b.id).action_receive()
        self.assertFalse(self.dossier_b.code)
        self.receive_at(self.dossier_b, "2026-03-05 09:00")
        self.env.invalidate_all()  # a print request starts with an empty cache
        # QWeb wraps an AccessError raised while rendering (QWebException caused by it).
        with self.assertRaises(Exception) as caught:
            self.env["ir.actions.report"].with_user(self.reception_a)._render_qweb_html(
                "q1_dossier.report_q1_receipt", self.dossier_b.ids
            )
        error = caught.exception
        if isinstance(error, QWebException):
            error = error.__cause__
        self.assertIsInstance(error, AccessError)

    def test_dossier_decided_by_a_is_visible_to_a(self):
        self.receive_at(self.dossier_b_for_a, "2026-03-05 09:00")
        Dossier = self.env["q1.dossier"].with_user(self.reception_a)
        found = Dossier.search([("code", "=", self.dossier_b_for_a.code)])
        self.assertEqual(found, self.dossier_b_for_a)
        self.assertEqual(found.read(["applicant_name"])[0]["applicant_name"], "Hồ sơ B nhận cho A")
        self.assertEqual(
            Dossier.search([("id", "in", [self.dossier_a.id, self.dossier_b.id, self.dossier_b_for_a.id])]),
            self.dossier_a | self.dossier_b_for_a,
        )
        # The receiving ward still sees it too.
        self.assertTrue(
            self.env["q1.dossier"].with_user(self.reception_b).search([("id", "=", self.dossier_b_for_a.id)])
        )

    def test_multi_company_user_sees_both(self):
        ids = [self.dossier_a.id, self.dossier_b.id, self.dossier_b_for_a.id]
        Dossier = self.env["q1.dossier"].with_user(self.officer_ab)
        # Without an explicit company selection, all the user's companies apply.
        self.assertEqual(Dossier.search([("id", "in", ids)]), self.dossier_a | self.dossier_b | self.dossier_b_for_a)
        both = Dossier.with_context(allowed_company_ids=[self.ward_a.id, self.ward_b.id])
        self.assertEqual(len(both.search([("id", "in", ids)])), 3)
        # With only ward A selected in the switcher, B's own dossier is out of scope.
        only_a = Dossier.with_context(allowed_company_ids=[self.ward_a.id])
        self.assertEqual(only_a.search([("id", "in", ids)]), self.dossier_a | self.dossier_b_for_a)

    def test_reception_officer_cannot_delete_or_edit_catalogue(self):
        with self.assertRaises(AccessError):
            self.dossier_a.with_user(self.reception_a).unlink()
        with self.assertRaises(AccessError):
            self.proc_5d.with_user(self.reception_a).write({"time_limit": 1})
        with self.assertRaises(AccessError):
            self.env["q1.dossier.code.counter"].with_user(self.reception_a).search([])

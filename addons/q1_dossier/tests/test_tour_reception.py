"""Issue 12: the reception officer's day and the citizen's lookup, as Chromium tours (Odoo 18 web_tour).

Tours: static/tests/tours/q1_reception_tour.js and q1_lookup_tour.js (bundle web.assets_tests). Both check that
their screens show no English word and no technical name (q1_tour_utils.assertVietnamese)."""

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import Q1Case


@tagged("post_install", "-at_install")
class TestReceptionTour(HttpCase):
    """tiepnhan.saigon (demo data) opens Odoo and lands on today's counter; one dossier asked to complete, one
    refused, one received with its receipt printed."""

    def test_reception_tour(self):
        officer = self.env.ref("q1_dossier.q1_demo_user_tiepnhan_saigon")
        officer.password = officer.login  # start_tour logs in with the login as password
        Dossier = self.env["q1.dossier"].sudo()
        before = Dossier.search([("company_id", "=", officer.company_id.id)])

        self.start_tour("/odoo", "q1_reception_tour", login=officer.login)

        made = Dossier.search([("company_id", "=", officer.company_id.id), ("id", "not in", before.ids)])
        by_name = {dossier.applicant_name: dossier for dossier in made}
        self.assertEqual(
            sorted(by_name), sorted(["Nguyễn Văn Bổ Sung", "Trần Thị Từ Chối", "Lê Văn Tiếp Nhận"]), "three dossiers"
        )
        asked, refused, received = (
            by_name["Nguyễn Văn Bổ Sung"],
            by_name["Trần Thị Từ Chối"],
            by_name["Lê Văn Tiếp Nhận"],
        )
        self.assertEqual(asked.state, "incomplete")
        self.assertEqual(asked.counter_reason, "Thiếu bản chính để đối chiếu.")
        self.assertEqual(refused.state, "refused")
        self.assertFalse(refused.code)
        self.assertEqual(received.state, "received")
        self.assertTrue(received.code)
        self.assertEqual(received.received_by_id, officer)
        self.assertEqual((asked | refused).counter_officer_id, officer)


@tagged("post_install", "-at_install")
class TestLookupTour(HttpCase, Q1Case):
    """A citizen on a phone-sized, touch screen looks up her dossier with the code typed in lower case, and rates."""

    browser_size = "375x667"
    touch_enabled = True

    CODE = "T99.01-260302-0001"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        procedure = cls.env["q1.procedure"].create(
            {"name": "Thủ tục thử nghiệm tra cứu", "code": "T99.000061", "field_id": cls.field.id, "time_limit": 5}
        )
        with cls.at("2026-03-02 09:00"):
            cls.dossier = cls.env["q1.dossier"].create(
                {
                    "company_id": cls.ward_a.id,
                    "procedure_id": procedure.id,
                    "applicant_name": "Trần Thị Tra Cứu",
                    "applicant_phone": "0912 345 678",
                }
            )
            cls.dossier._receive(fields.Datetime.now())
            cls.dossier.assign(cls.proc_a1)
            cls.dossier.hand_over()
            cls.dossier.return_result("counter", "Trần Thị Tra Cứu")

    def test_lookup_tour(self):
        self.assertEqual(self.dossier.code, self.CODE)
        self.assertEqual(self.dossier.state, "returned")

        self.start_tour("/q1/lookup", "q1_lookup_tour")

        self.env.invalidate_all()
        self.assertEqual(self.dossier.rating, "very_satisfied")
        self.assertEqual(self.dossier.rating_channel, "lookup")
        self.assertEqual(self.dossier.rating_comment, "Cán bộ hướng dẫn tận tình.")

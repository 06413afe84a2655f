"""Reuse at reception in Chromium (issue 15: "a browser tour"), on the demo data, as the demo reception officer of
ward Sài Gòn (tiepnhan.saigon), in Vietnamese.

q1_registry_reuse_tour: a household-business registration for Hoàng Minh Tuấn, whose identity card ward Sài Gòn
holds digitised (demo/q1_registry_demo_citizens.xml): the checklist offers the card, the officer reuses it, ticks
the rest, receives the dossier and opens the applicant's record. The test then carries the dossier to its result
with the dossier's own methods (the head assigns it, the officer hands it over) and checks that the entry landed in
the household-business register with the citizen, and that the opening of the record was logged.
"""

from odoo.tests import HttpCase, tagged

ID_NUMBER = "079088006611"


@tagged("post_install", "-at_install")
class TestTourReuse(HttpCase):
    # the requests write as on a server without read replica (a read-only request's log written after it, on the
    # primary, is test_citizen's TestCitizenViewOnReplica; the test cursor drops such post-commit writes)
    readonly_enabled = False

    def setUp(self):
        super().setUp()
        env = self.env
        self.ward = env.ref("q1_dossier.q1_demo_company_saigon")
        self.reception = env.ref("q1_dossier.q1_demo_user_tiepnhan_saigon")
        self.card = env.ref("q1_registry.q1_demo_citizen_document_tuan_cccd")
        self.citizen = env.ref("q1_registry.q1_demo_citizen_tuan")
        self.procedure = env.ref("q1_dossier.q1_demo_proc_hkd_thanhlap")
        self.assertEqual(self.card.citizen_id, self.citizen)
        self.assertTrue(self.card.is_valid)
        self.assertEqual(
            (self.card.attachment_id.res_model, self.card.attachment_id.res_id), (self.card._name, self.card.id)
        )
        self.assertEqual(self.procedure.register_id, env.ref("q1_registry.q1_demo_register_hkd"))
        # the expired rental contract the ward also holds is never offered (a change of the business's address)
        contract = env.ref("q1_registry.q1_demo_citizen_document_tuan_hdtn")
        self.assertFalse(contract.is_valid)
        change = (
            env["q1.dossier"]
            .with_user(self.reception)
            .create(
                {
                    "procedure_id": env.ref("q1_dossier.q1_demo_proc_hkd_thaydoi").id,
                    "applicant_name": "Hoàng Minh Tuấn",
                    "applicant_id_number": ID_NUMBER,
                }
            )
        )
        rental = change.document_ids.filtered(lambda line: line.kind_id == contract.kind_id)
        self.assertTrue(rental)
        self.assertFalse(rental.reusable_document_id)
        change.sudo().unlink()

    def test_reuse_at_reception(self):
        views = self.env["q1.citizen.view.log"].search_count([("citizen_id", "=", self.citizen.id)])
        self.start_tour("/odoo", "q1_registry_reuse_tour", login="tiepnhan.saigon", timeout=180)
        dossier = self.env["q1.dossier"].search(
            [("applicant_id_number", "=", ID_NUMBER), ("procedure_id", "=", self.procedure.id)],
            order="id desc",
            limit=1,
        )
        self.assertEqual(dossier.state, "received")
        self.assertEqual(dossier.received_by_id, self.reception)
        self.assertTrue(dossier.reused)
        line = dossier.document_ids.filtered("reused_document_id")
        self.assertEqual(line.reused_document_id, self.card)
        self.assertTrue(line.is_received)
        self.assertFalse(line.scan_id)
        # the opening of the record in the tour was logged, with the officer and the unit
        log = self.env["q1.citizen.view.log"].search([("citizen_id", "=", self.citizen.id)], order="id desc")
        self.assertEqual(len(log), views + 1)
        self.assertEqual((log[0].user_id, log[0].company_id), (self.reception, self.ward))

        # to the result, as the officers would: the head assigns, the officer hands over (the last step)
        head = self.env.ref("q1_dossier.q1_demo_user_truongphong_saigon")
        officer = self.env.ref("q1_dossier.q1_demo_user_chuyenvien_saigon")
        dossier.sudo().data_values = {
            "hkd_ten": "Hộ kinh doanh Tuấn Phát",
            "hkd_dia_diem": "25 Nguyễn Thị Minh Khai, phường Sài Gòn",
            "hkd_nganh_nghe": "Bán lẻ đồ uống",
            "hkd_von": 150_000_000,
            "hkd_lao_dong": 3,
        }
        dossier.with_user(head).assign(officer)
        dossier.with_user(officer).hand_over()
        self.assertEqual(dossier.state, "done")
        entry = dossier.register_entry_id
        self.assertTrue(entry)
        self.assertEqual(entry.register_id, self.env.ref("q1_registry.q1_demo_register_hkd"))
        self.assertEqual(entry.citizen_id, self.citizen)
        self.assertEqual(entry.company_id, self.ward)
        self.assertEqual(entry.holder_id_number, ID_NUMBER)
        self.assertIn(entry, self.citizen.register_entry_ids)

"""Reuse at reception (issue 15, item 3): the checklist offers the applicant's valid document of a line's kind held
by the officer's unit; reusing it ticks the line without any upload and records the document; the dossier then
counts as reusing (index 4.3); after reception nothing of it changes. Scans of lines with a kind are digitised into
the citizen's record at reception, with who, when and which unit as facts."""

import base64
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .citizen_common import ID_AN, ID_BINH, CitizenCase


@tagged("post_install", "-at_install")
class TestReuseOffer(CitizenCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.card_a = cls.held(ID_AN, cls.kind_id_card, cls.ward_a, valid_until=date(2040, 6, 1), number="079085001234")
        cls.old_card_a = cls.held(
            ID_AN, cls.kind_id_card, cls.ward_a, valid_until=date(2030, 1, 1), issued_on=date(2015, 1, 1), number="cũ"
        )
        cls.card_a.issued_on = date(2021, 6, 1)
        cls.expired_contract = cls.held(ID_AN, cls.kind_rental, cls.ward_a, valid_until=date(2026, 2, 28))
        cls.card_b = cls.held(ID_AN, cls.kind_id_card, cls.ward_b, valid_until=date(2040, 6, 1))
        cls.binh_card = cls.held(ID_BINH, cls.kind_id_card, cls.ward_a, name="Trần Thị Bình")

    def offered(self, dossier, kind, user):
        with self.at("2026-03-02 09:00"):
            line = self.line(dossier, kind).with_user(user)
            line.invalidate_recordset(["reusable_document_id", "reusable_label"])
            return line.reusable_document_id, line.reusable_label

    def test_only_valid_documents_of_the_applicant_held_by_the_unit_are_offered(self):
        dossier = self.hkd_dossier()
        document, label = self.offered(dossier, self.kind_id_card, self.reception_a)
        self.assertEqual(document, self.card_a, "the last issued valid card of ward A")
        self.assertEqual(label, "Already held: Citizen identity card – 079085001234 (valid until 01/06/2040)")
        # the contract held expired the day before: not offered
        self.assertFalse(self.offered(dossier, self.kind_rental, self.reception_a)[0])
        # another applicant: their own card
        other = self.hkd_dossier(ID_BINH, applicant_name="Trần Thị Bình")
        self.assertEqual(self.offered(other, self.kind_id_card, self.reception_a)[0], self.binh_card)
        # ward B's counter offers ward B's copy, never ward A's
        in_b = self.hkd_dossier(user=self.reception_b)
        self.assertEqual(self.offered(in_b, self.kind_id_card, self.reception_b)[0], self.card_b)
        # ward C holds nothing of the applicant
        in_c = self.hkd_dossier(user=self.reception_c)
        self.assertFalse(self.offered(in_c, self.kind_id_card, self.reception_c)[0])
        # no kind, no offer; no applicant number, no offer
        plain = dossier.document_ids.filtered(lambda line: not line.kind_id)
        self.assertTrue(plain)
        self.assertFalse(plain.with_user(self.reception_a).reusable_document_id)
        anonymous = self.hkd_dossier(applicant_id_number=False)
        self.assertFalse(self.offered(anonymous, self.kind_id_card, self.reception_a)[0])

    def test_the_card_offered_expires_with_time(self):
        dossier = self.hkd_dossier()
        with self.at("2040-06-02 09:00"):
            line = self.line(dossier, self.kind_id_card).with_user(self.reception_a)
            self.assertFalse(line.reusable_document_id)
            with self.assertRaises(UserError):
                line.action_reuse()

    def test_kind_is_copied_from_the_procedure_when_the_checklist_is_made(self):
        dossier = self.hkd_dossier()
        self.assertEqual(dossier.document_ids.mapped("kind_id"), self.kind_id_card | self.kind_rental)
        self.proc_hkd.document_ids.filtered(lambda doc: doc.kind_id == self.kind_rental).kind_id = False
        self.assertEqual(
            dossier.document_ids.mapped("kind_id"),
            self.kind_id_card | self.kind_rental,
            "a later change of the procedure leaves the checklist as it was",
        )


@tagged("post_install", "-at_install")
class TestReuseAtReception(CitizenCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.card_a = cls.held(ID_AN, cls.kind_id_card, cls.ward_a, valid_until=date(2040, 6, 1), number="079085001234")

    def reused_dossier(self):
        dossier = self.hkd_dossier()
        with self.at("2026-03-02 08:30"):
            self.line(dossier, self.kind_id_card).with_user(self.reception_a).action_reuse()
        return dossier

    def test_reuse_hands_the_line_in_and_records_the_document(self):
        dossier = self.hkd_dossier()
        self.assertFalse(dossier.reused)
        line = self.line(dossier, self.kind_id_card)
        attachments = self.env["ir.attachment"].sudo().search_count([])
        with self.at("2026-03-02 08:30"):
            line.with_user(self.reception_a).action_reuse()
        self.assertTrue(line.is_received)
        self.assertEqual(line.reused_document_id, self.card_a)
        self.assertTrue(line.is_reused)
        self.assertTrue(dossier.reused)
        self.assertFalse(line.scan_id)
        self.assertEqual(self.env["ir.attachment"].sudo().search_count([]), attachments, "nothing uploaded again")
        # the rest handed in on paper: the dossier is received, still reusing, its code issued
        (dossier.document_ids - line).with_user(self.reception_a).write({"is_received": True})
        self.receive_at(dossier, "2026-03-02 09:00")
        self.assertEqual(dossier.state, "received")
        self.assertTrue(dossier.reused)
        self.assertTrue(dossier.code.startswith(self.UNIT_A))
        self.assertEqual(line.reused_document_id, self.card_a)

    def test_the_deciding_unit_reads_the_checklist_of_a_reused_dossier(self):
        self.proc_hkd.deciding_company_id = self.ward_b
        dossier = self.reused_dossier()
        dossier.document_ids.with_user(self.reception_a).write({"is_received": True})
        self.receive_at(dossier, "2026-03-02 09:00")
        spec = {
            "document_ids": {
                "fields": {
                    "name": {},
                    "reusable_document_id": {"fields": {"display_name": {}}},
                    "reusable_label": {},
                    "citizen_document_id": {"fields": {"display_name": {}}},
                    "is_reused": {},
                }
            },
            "citizen_id": {"fields": {"display_name": {}}},
            "reused": {},
        }
        values = dossier.with_user(self.proc_b).web_read(spec)[0]
        self.assertTrue(values["reused"])
        line = next(line for line in values["document_ids"] if line["is_reused"])
        self.assertIn("079085001234", line["reusable_label"])
        # the deciding unit holds data on the applicant now: it sees the record
        self.assertEqual(values["citizen_id"]["id"], self.card_a.citizen_id.id)
        self.assertEqual(self.card_a.citizen_id.company_ids, self.ward_a | self.ward_b)

    def test_unticking_a_reused_line_drops_the_reuse(self):
        dossier = self.reused_dossier()
        line = self.line(dossier, self.kind_id_card)
        line.with_user(self.reception_a).write({"is_received": False})
        self.assertFalse(line.reused_document_id)
        self.assertFalse(dossier.reused)

    def test_correcting_the_applicant_drops_a_reuse_that_is_not_theirs(self):
        dossier = self.reused_dossier()
        dossier.with_user(self.reception_a).write({"applicant_id_number": ID_BINH})
        line = self.line(dossier, self.kind_id_card)
        self.assertFalse(line.reused_document_id)
        self.assertFalse(line.is_received)
        self.assertFalse(dossier.reused)

    def test_a_reuse_that_lapsed_before_reception_stops_it(self):
        dossier = self.reused_dossier()
        dossier.document_ids.with_user(self.reception_a).write({"is_received": True})
        self.card_a.sudo().valid_until = date(2026, 3, 1)  # corrected by the administrator meanwhile
        with self.assertRaisesRegex(UserError, "no longer valid"):
            self.receive_at(dossier, "2026-03-02 09:00")
        self.assertEqual(dossier.state, "draft")

    def test_frozen_after_reception(self):
        dossier = self.reused_dossier()
        dossier.document_ids.with_user(self.reception_a).write({"is_received": True})
        self.receive_at(dossier, "2026-03-02 09:00")
        line = self.line(dossier, self.kind_id_card)
        rental = self.line(dossier, self.kind_rental)
        self.held(ID_AN, self.kind_rental, self.ward_a)
        with self.at("2026-03-02 10:00"):
            with self.assertRaisesRegex(UserError, "already been received"):
                rental.with_user(self.reception_a).action_reuse()
            self.assertFalse(rental.with_user(self.reception_a).reusable_document_id, "nothing offered any more")
        with self.assertRaises(AccessError):
            line.with_user(self.reception_a).write({"is_received": False})
        for vals in ({"reused_document_id": False}, {"is_reused": False}):
            with self.subTest(vals=vals), self.assertRaises(UserError):  # an AccessError is a UserError
                line.with_user(self.reception_a).write(vals)
        with self.assertRaises(UserError):
            dossier.with_user(self.reception_a).write({"reused": False})
        self.assertTrue(dossier.reused)
        self.assertEqual(line.reused_document_id, self.card_a)

    def test_reuse_facts_are_never_written_directly(self):
        dossier = self.hkd_dossier()
        line = self.line(dossier, self.kind_id_card)
        for vals in ({"reused_document_id": self.card_a.id}, {"is_reused": True}, {"kind_id": self.kind_rental.id}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                line.with_user(self.reception_a).write(vals)
        with self.assertRaises(UserError):
            dossier.with_user(self.reception_a).write(
                {"document_ids": [Command.create({"name": "Giấy tờ khác", "reused_document_id": self.card_a.id})]}
            )
        with self.assertRaises(UserError):
            dossier.with_user(self.reception_a).write({"reused": True})
        self.assertFalse(line.reused_document_id)
        self.assertFalse(dossier.reused)

    def test_rpc_refusal_for_processing_officers_and_other_wards(self):
        dossier = self.hkd_dossier()
        line = self.line(dossier, self.kind_id_card)
        with self.at("2026-03-02 08:30"):
            for user in (self.proc_a1, self.head_a):
                with self.subTest(user=user.login), self.assertRaises(AccessError):
                    line.with_user(user).action_reuse()
            for user in (self.reception_b, self.proc_b):
                with self.subTest(user=user.login), self.assertRaises(AccessError):
                    line.with_user(user).action_reuse()
        self.assertFalse(line.reused_document_id)
        self.assertFalse(line.is_received)
        # the right role in the right unit
        with self.at("2026-03-02 08:30"):
            line.with_user(self.reception_a).action_reuse()
        self.assertEqual(line.reused_document_id, self.card_a)


@tagged("post_install", "-at_install")
class TestDigitisedAtReception(CitizenCase):
    def scanned_dossier(self, **line_values):
        scan = (
            self.env["ir.attachment"]
            .with_user(self.reception_a)
            .create({"name": "can-cuoc.pdf", "datas": base64.b64encode(b"%PDF-1.4 scan of the card")})
        )
        dossier = self.hkd_dossier(attachment_ids=[Command.set(scan.ids)])
        dossier.document_ids.with_user(self.reception_a).write({"is_received": True})
        line = self.line(dossier, self.kind_id_card)
        line.with_user(self.reception_a).write({"scan_id": scan.id, **line_values})
        return dossier, line, scan

    def test_scan_of_a_line_with_a_kind_enters_the_record(self):
        dossier, line, scan = self.scanned_dossier(
            doc_number="079085001234",
            doc_issued_on="2021-06-01",
            doc_valid_until="2040-06-01",
            doc_issuer="Cục Cảnh sát quản lý hành chính về trật tự xã hội",
        )
        self.receive_at(dossier, "2026-03-02 09:00")
        document = line.citizen_document_id
        self.assertTrue(document)
        self.assertEqual(document.citizen_id.identity_number, ID_AN)
        self.assertEqual(document.kind_id, self.kind_id_card)
        self.assertEqual(document.number, "079085001234")
        self.assertEqual(document.issued_on, date(2021, 6, 1))
        self.assertEqual(document.valid_until, date(2040, 6, 1))
        self.assertEqual(document.digitised_by_id, self.reception_a)
        self.assertEqual(document.digitised_at, dossier.received_at)
        self.assertEqual(document.company_id, self.ward_a)
        self.assertEqual(document.dossier_id, dossier)
        # the record's own copy of the scan, the same file
        self.assertNotEqual(document.attachment_id, scan)
        self.assertEqual(
            (document.attachment_id.res_model, document.attachment_id.res_id), ("q1.citizen.document", document.id)
        )
        self.assertEqual(document.attachment_id.checksum, scan.checksum)
        self.assertEqual(document.with_user(self.reception_a).attachment_id.raw, b"%PDF-1.4 scan of the card")
        # only the line with a kind and a scan: the rest is not digitised
        self.assertEqual(document.citizen_id.document_ids, document)
        # the next dossier of the applicant at ward A is offered it
        later = self.hkd_dossier()
        with self.at("2026-04-01 09:00"):
            self.assertEqual(
                self.line(later, self.kind_id_card).with_user(self.reception_a).reusable_document_id, document
            )
        # ward B neither sees the document nor is offered it
        with self.assertRaises(AccessError):
            document.with_user(self.reception_b).read(["name"])

    def test_usual_validity_applies_when_no_end_is_typed(self):
        scan = (
            self.env["ir.attachment"]
            .with_user(self.reception_a)
            .create({"name": "hop-dong.pdf", "datas": base64.b64encode(b"%PDF-1.4 contract")})
        )
        dossier = self.hkd_dossier(attachment_ids=[Command.set(scan.ids)])
        dossier.document_ids.with_user(self.reception_a).write({"is_received": True})
        line = self.line(dossier, self.kind_rental)
        line.with_user(self.reception_a).write({"scan_id": scan.id, "doc_issued_on": "2026-02-15"})
        self.receive_at(dossier, "2026-03-02 09:00")
        self.assertEqual(line.citizen_document_id.valid_until, date(2027, 2, 14), "12 months (placeholder)")

    def test_a_scan_must_be_one_of_the_dossier_files(self):
        other = (
            self.env["ir.attachment"]
            .with_user(self.reception_a)
            .create({"name": "khac.pdf", "datas": base64.b64encode(b"%PDF-1.4 other")})
        )
        dossier = self.hkd_dossier()
        with self.assertRaises(ValidationError):
            self.line(dossier, self.kind_id_card).with_user(self.reception_a).write({"scan_id": other.id})

    def test_digitisation_facts_are_not_writable(self):
        dossier, line, _scan = self.scanned_dossier(doc_number="079085001234")
        self.receive_at(dossier, "2026-03-02 09:00")
        document = line.citizen_document_id
        for vals in (
            {"digitised_by_id": self.manager_a.id},
            {"digitised_at": "2026-01-01 00:00:00"},
            {"company_id": self.ward_b.id},
            {"citizen_id": document.citizen_id.id},
            {"dossier_id": False},
            {"attachment_id": False},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                document.with_user(self.manager_a).write(vals)
        with self.assertRaises(AccessError):
            document.with_user(self.reception_a).write({"number": "sửa"})
        with self.assertRaises(UserError):
            self.env["q1.citizen.document"].with_user(self.manager_a).create(
                {
                    "citizen_id": document.citizen_id.id,
                    "kind_id": self.kind_id_card.id,
                    "name": "Tay",
                    "company_id": self.ward_a.id,
                }
            )
        # what is written on it the administrator may correct
        document.with_user(self.manager_a).write({"number": "079085001235"})
        self.assertEqual(document.number, "079085001235")
        self.assertEqual(document.digitised_by_id, self.reception_a)
        # a received dossier's line digitises once
        dossier._q1_file_in_citizen_record(dossier.received_at)
        self.assertEqual(len(document.citizen_id.document_ids), 1)

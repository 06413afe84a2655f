"""Indices 4.1 (electronic results), 4.2 (digitised with an electronic result) and 4.3 (reuse of digitised data) in the
statutory wizard, computed from dossiers driven through the real lifecycle in March 2026 (core/indices.py says who
is counted), their drill-down to the dossiers behind them, and the leaders' dashboard rates."""

from datetime import date

from odoo import Command
from odoo.tests import tagged

from .e_result_common import EResultCase

ID_NUMBER = "079090001234"


@tagged("post_install", "-at_install")
class TestRegistryIndices(EResultCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        sign = "2026-03-04 15:00"
        # 4.1's denominator: received in March, result ready by 31/03, procedure issuing a result (proc_5d)
        cls.signed = cls.done("2026-03-02 09:00", "2026-03-04 10:00", channel="online")  # signed file: 4.1 and 4.2
        with cls.at(sign):
            cls.signed.sudo()._q1_attach_e_result(cls.pdf, "a.pdf")
        # returned electronically
        cls.returned_online = cls.done("2026-03-02 10:00", "2026-03-04 10:00", channel="online")
        with cls.at("2026-03-05 09:00"):
            cls.returned_online.with_user(cls.reception_a).return_result("electronic", "Lê Thị Công Dân")
        cls.paper = cls.done("2026-03-03 09:00", "2026-03-05 09:00")  # result on paper only
        cls.signed_late = cls.done("2026-03-03 10:00", "2026-03-05 10:00", channel="online")  # signed after the window
        with cls.at("2026-04-02 09:00"):
            cls.signed_late.sudo()._q1_attach_e_result(cls.pdf, "b.pdf")
        # outside 4.1's denominator
        cls.running = cls.received("2026-03-03 11:00")  # no result yet
        # the procedure names no result
        cls.no_result = cls.done("2026-03-03 13:00", "2026-03-05 13:00", procedure=cls.proc_3d)
        cls.april = cls.done("2026-04-06 09:00", "2026-04-08 09:00")  # received after the window
        cls.reused = cls._reused_dossier()

    @classmethod
    def done(cls, local_string, finished, procedure=None, channel="direct"):
        """Ward A's dossier received at ``local_string`` whose result is ready at ``finished``."""
        return cls.finish(cls.received(local_string, procedure, channel=channel), finished)

    @classmethod
    def _reused_dossier(cls):
        """A dossier received on 04/03 whose birth certificate was reused from the citizen's record (part C)."""
        kind = cls.env["q1.document.kind"].create({"name": "Giấy chứng sinh (thử nghiệm)", "code": "T99-GCS"})
        cls.proc_5d.document_ids.filtered(lambda d: d.name == "Giấy chứng sinh").sudo().kind_id = kind
        citizen = cls.env["q1.citizen"]._q1_for_identity(ID_NUMBER, "Lê Thị Công Dân", cls.ward_a)
        cls.env["q1.citizen.document"].sudo().create(
            {
                "citizen_id": citizen.id,
                "kind_id": kind.id,
                "name": "Giấy chứng sinh",
                "company_id": cls.ward_a.id,
                "issued_on": date(2026, 1, 5),
            }
        )
        with cls.at("2026-03-04 09:00"):
            dossier = cls.make_dossier(cls.proc_5d, applicant_id_number=ID_NUMBER)
            dossier.document_ids.filtered(lambda d: d.name == "Giấy chứng sinh").action_reuse()
            dossier.action_receive()
        return dossier

    def wizard(self, user=None):
        wizard = (
            self.env["q1.handling.report.wizard"]
            .with_user(user or self.leader_a)
            .create(
                {
                    "company_ids": [Command.set(self.ward_a.ids)],
                    "period_kind": "custom",
                    "date_from": date(2026, 3, 1),
                    "date_to": date(2026, 3, 31),
                }
            )
        )
        with self.at("2026-04-10 09:00"):
            wizard.action_compute()
        return wizard

    def lines(self, wizard):
        return {line.code: line for line in wizard.index_line_ids if line.company_id == self.ward_a}

    def test_indices_in_the_statutory_wizard(self):
        lines = self.lines(self.wizard())
        # 4.1: signed and returned electronically, over those two, the paper one and the one signed in April
        self.assertEqual((lines["4.1"].numerator, lines["4.1"].denominator), (2.0, 4.0))
        self.assertAlmostEqual(lines["4.1"].rate, 50.0)
        self.assertAlmostEqual(lines["4.1"].points, 3.0)  # 6 points, proportional
        self.assertEqual(lines["4.1"].max_points, 6.0)
        # 4.2: online (digitised) with an electronic result by 31/03: the signed one counts as the returned one
        self.assertEqual((lines["4.2"].numerator, lines["4.2"].denominator), (2.0, 7.0))
        # 4.3: reused over received in March
        self.assertTrue(self.reused.reused)
        self.assertEqual((lines["4.3"].numerator, lines["4.3"].denominator), (1.0, 7.0))
        self.assertAlmostEqual(lines["4.3"].points, round(2.0 * (1 / 7) / 0.8, 2))  # stored to the hundredth
        self.assertEqual(lines["4.3"].max_points, 2.0)

    def test_drill_down_to_the_dossiers(self):
        wizard = self.wizard()
        action = self.lines(wizard)["4.1"].with_user(self.leader_a).action_open_dossiers()
        rows = self.env["q1.dossier.report"].with_user(self.leader_a).search(action["domain"])
        self.assertEqual(rows.dossier_id, self.signed | self.returned_online | self.paper | self.signed_late)
        self.assertEqual(action["context"]["group_by"], ["e_result_file"])
        self.assertEqual(rows.filtered("e_result_file").dossier_id, self.signed | self.signed_late)
        action = self.lines(wizard)["4.3"].with_user(self.leader_a).action_open_dossiers()
        rows = self.env["q1.dossier.report"].with_user(self.leader_a).search(action["domain"])
        self.assertEqual(len(rows), 7)
        self.assertEqual(rows.filtered("reused").dossier_id, self.reused)

    def test_dashboard_rates(self):
        report = self.env["q1.dossier.report"].with_user(self.leader_a)
        self.env.flush_all()
        [(rate, reuse)] = [
            values
            for _unit, *values in report._read_group(
                [("deciding_company_id", "=", self.ward_a.id), ("received_date", "<=", "2026-03-31")],
                ["deciding_company_id"],
                ["e_result_rate:avg", "reuse_rate:avg"],
            )
        ]
        # today (no clock frozen: the facts are the records as they stand) all four March results with a document
        # to issue: three electronic (signed, returned electronically, signed in April), one on paper
        self.assertAlmostEqual(rate, 75.0)
        self.assertAlmostEqual(reuse, 100.0 / 7)
        row = report.search([("dossier_id", "=", self.signed.id)])
        self.assertTrue(row.e_result_file)
        self.assertFalse(report.search([("dossier_id", "=", self.paper.id)]).e_result_file)

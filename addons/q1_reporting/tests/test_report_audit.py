"""The leaders' report rows carry the applicant's name: a leader of two wards reading the other ward's rows while
acting in their own is logged like a read of the dossier (q1.personal.data.mixin)."""

from datetime import date

from odoo import Command
from odoo.tests import tagged

from .common import Q1ReportingCase


@tagged("post_install", "-at_install")
class TestReportReadsAudited(Q1ReportingCase):
    def test_reading_another_wards_report_rows_is_logged(self):
        in_a = self.received("2026-03-02 09:00")
        in_b = self.received("2026-03-02 09:30", ward="b")
        self.env.flush_all()
        self.env.invalidate_all()
        rows = (
            self.env["q1.dossier.report"]
            .with_user(self.leader)
            .search_read([("dossier_id", "in", (in_a | in_b).ids)], ["applicant_name"])
        )
        self.assertEqual(len(rows), 2)
        logged = self.env["q1.audit.log"].search([("kind", "=", "read"), ("user_id", "=", self.leader.id)])
        self.assertEqual(logged.dossier_id, in_b)
        # Acting in ward A only, the leader sees ward A's rows and nothing is logged for them.
        self.env.invalidate_all()
        self.env["q1.dossier.report"].with_user(self.leader).with_context(
            allowed_company_ids=self.ward_a.ids
        ).search_read([("dossier_id", "=", in_a.id)], ["applicant_name"])
        self.assertEqual(
            self.env["q1.audit.log"].search([("kind", "=", "read"), ("user_id", "=", self.leader.id)]), logged
        )

    def test_reading_an_issued_reports_applicants_is_logged(self):
        # Wards A and B, March 2026: one dossier each; the leader of both issues the report of both wards by unit.
        in_a = self.received("2026-03-02 09:00")
        in_b = self.received("2026-03-02 09:30", ward="b")
        with self.at("2026-04-01 09:00"):
            action = (
                self.env["q1.handling.report.wizard"]
                .with_user(self.leader)
                .create(
                    {
                        "company_ids": [Command.set((self.ward_a | self.ward_b).ids)],
                        "period_kind": "custom",
                        "date_from": date(2026, 3, 1),
                        "date_to": date(2026, 3, 31),
                        "group_by": "unit",
                        "signer_title": "Chủ tịch",
                        "signer_name": "Trần Chủ Tịch",
                    }
                )
                .action_issue()
            )
        self.env.flush_all()
        self.env.invalidate_all()
        Log = self.env["q1.audit.log"]
        before = Log.search([("kind", "=", "read"), ("user_id", "=", self.leader.id)])
        # Read on the next day (one entry per user, dossier and day), acting in ward A with both wards ticked.
        with self.at("2026-04-02 09:00"):
            cells = (
                self.env["q1.handling.report.issue.cell"]
                .with_user(self.leader)
                .search_read([("issue_id", "=", action["res_id"])], ["applicant_name"])
            )
        # 2 dossiers x 2 cells (how received, how it stands)
        self.assertEqual(len(cells), 4)
        logged = Log.search([("kind", "=", "read"), ("user_id", "=", self.leader.id)]) - before
        self.assertEqual(logged.dossier_id, in_b)
        self.assertEqual(logged.day, date(2026, 4, 2))
        self.assertNotIn(in_a, logged.dossier_id)

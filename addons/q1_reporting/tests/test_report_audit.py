"""The leaders' report rows carry the applicant's name: a leader of two wards reading the other ward's rows while
acting in their own is logged like a read of the dossier (q1.personal.data.mixin)."""

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

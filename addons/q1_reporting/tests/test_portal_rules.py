"""The national portal's counting rules, written once in q1.dossier.report, on dossiers driven through the real
lifecycle (legal-2025-regime.md §2)."""

from datetime import date

from odoo.tests import tagged

from odoo.addons.q1_dossier.tests.common import utc

from .common import Q1ReportingCase


@tagged("post_install", "-at_install")
class TestPortalRules(Q1ReportingCase):
    def test_outcome_by_end_of_processing_against_due_date(self):
        # Received Monday 02/03/2026, 5 working days: due Monday 09/03/2026.
        early = self.finish(self.received("2026-03-02 09:00"), "2026-03-06 10:00")
        on_time = self.finish(self.received("2026-03-02 09:10"), "2026-03-09 16:00")
        late = self.finish(self.received("2026-03-02 09:20"), "2026-03-10 08:00")
        rows = {self.report_row(d).dossier_id: self.report_row(d) for d in early | on_time | late}
        self.assertEqual(rows[early].due_date, date(2026, 3, 9))
        self.assertEqual(rows[early].outcome_code, "early")
        self.assertEqual(rows[on_time].outcome_code, "on_time")
        self.assertEqual(rows[late].outcome_code, "late")
        self.assertEqual(rows[late].days_late, 1)
        self.assertEqual(rows[late].section_id, self.env.ref("q1_reporting.section_resolved"))
        self.assertEqual(rows[early].handling_days, 4)

    def test_waiting_for_supplement_counts_as_ended_on_the_request_day(self):
        dossier = self.received("2026-03-02 09:00")
        with self.at("2026-03-04 10:00"):
            dossier.with_user(self.officer_a).request_supplement("Thiếu giấy tờ", "Bản sao giấy chứng sinh")
        row = self.report_row(dossier)
        self.assertEqual(row.end_date, date(2026, 3, 4))
        self.assertFalse(row.finished_date)
        self.assertEqual(row.outcome_code, "early")

    def test_supplement_wait_is_subtracted_from_the_statistical_due_date(self):
        dossier = self.received("2026-03-02 09:00")
        with self.at("2026-03-03 10:00"):
            dossier.with_user(self.officer_a).request_supplement("Thiếu giấy tờ", "Bản sao giấy chứng sinh")
        with self.at("2026-03-06 10:00"):
            dossier.with_user(self.officer_a).resume()
        # 1 working day used before the pause (03/03), 4 left after the resume day (06/03): due 12/03.
        self.assertEqual(dossier.statistical_due_date, date(2026, 3, 12))
        self.finish(dossier, "2026-03-12 15:00")
        row = self.report_row(dossier)
        self.assertEqual(row.due_date, date(2026, 3, 12))
        self.assertEqual(row.outcome_code, "on_time")
        # 10 calendar days from reception to result, 3 of them waiting for the applicant.
        self.assertEqual(row.handling_days, 7)

    def test_more_than_one_supplement_request_counts_late(self):
        dossier = self.received("2026-03-02 09:00")
        # Older (migrated) data can hold two requests; the system itself allows only one.
        for day in (3, 4):
            self.env["q1.dossier.pause"].create(
                {
                    "dossier_id": dossier.id,
                    "kind": "supplement",
                    "paused_at": utc(f"2026-03-0{day} 09:00"),
                    "resumed_at": utc(f"2026-03-0{day} 15:00"),
                }
            )
        self.finish(dossier, "2026-03-05 10:00")
        row = self.report_row(dossier)
        self.assertTrue(row.forced_late)
        self.assertEqual(row.outcome_code, "late")
        self.assertEqual(row.on_time_rate, 0)

    def test_extension_keeps_the_original_due_date(self):
        dossier = self.received("2026-03-02 09:00")
        with self.at("2026-03-04 09:00"):
            dossier.with_user(self.officer_a).request_extension("Chờ xác minh", date(2026, 3, 16))
            dossier.with_user(self.leader).approve_extension()
        self.assertEqual(dossier.promised_date, date(2026, 3, 16))
        self.finish(dossier, "2026-03-12 10:00")
        row = self.report_row(dossier)
        self.assertEqual(row.due_date, date(2026, 3, 9))
        self.assertEqual(row.promised_date, date(2026, 3, 16))
        self.assertEqual(row.outcome_code, "late")

    def test_only_received_dossiers_are_rows(self):
        with self.at("2026-03-02 09:00"):
            draft = (
                self.env["q1.dossier"]
                .with_user(self.reception_a)
                .create(
                    {
                        "procedure_id": self.proc_5d.id,
                        "applicant_name": "Nguyễn Văn Nháp",
                        "applicant_phone": "0912345678",
                    }
                )
            )
        self.assertFalse(self.report_row(draft))

    def test_pending_dossier_is_judged_today(self):
        # Received in March 2026 and never finished: overdue now (the database's clock, after March 2026).
        dossier = self.received("2026-03-02 09:00")
        row = self.report_row(dossier)
        self.assertFalse(row.end_date)
        self.assertEqual(row.outcome_code, "overdue")
        self.assertEqual(row.section_id, self.env.ref("q1_reporting.section_pending"))
        self.assertEqual(row.officer_id, self.officer_a)

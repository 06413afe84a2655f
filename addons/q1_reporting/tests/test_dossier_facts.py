"""The statistics' stored facts (``q1.dossier.fact``): what the dashboards count is always what the dossiers say.

The facts are judged once, when a dossier, its waits or its current step change, by the reference rule in SQL;
the day-dependent part (within time, due soon, overdue) is judged when the report is read. Each test checks the
stored rows against a recomputation from the records (``_check_all`` corrects what differs and says how many).
"""

import logging
from datetime import date

from odoo.tests import tagged
from odoo.tools import SQL, mute_logger

from .common import Q1ReportingCase


@tagged("post_install", "-at_install")
class TestDossierFacts(Q1ReportingCase):
    def stale(self):
        """How many stored facts differ from their records once what the ORM holds is written (corrected)."""
        return self.env["q1.dossier.fact"].sudo()._check_all()

    def fact(self, dossier):
        self.env["q1.dossier.fact"].sudo()._refresh_marked()
        return self.env["q1.dossier.fact"].sudo().search([("dossier_id", "=", dossier.id)])

    def test_every_lifecycle_write_keeps_the_facts_exact_before_any_read(self):
        dossier = self.received("2026-03-02 09:00")
        self.assertEqual(self.stale(), 0)
        self.assertEqual((self.fact(dossier).received_date, self.fact(dossier).end_date), (date(2026, 3, 2), False))
        with self.at("2026-03-04 10:00"):
            dossier.with_user(self.officer_a).request_payment("Chờ nộp lệ phí")
        self.assertEqual(self.stale(), 0)
        self.assertTrue(self.fact(dossier).paused)
        with self.at("2026-03-06 09:00"):
            dossier.with_user(self.officer_a).resume()
        self.assertEqual(self.stale(), 0)
        self.finish(dossier, "2026-03-09 10:00")
        self.assertEqual(self.stale(), 0)
        fact = self.fact(dossier)
        self.assertEqual(
            (fact.finished_date, fact.ended_outcome_id.code, fact.paused), (date(2026, 3, 9), "early", False)
        )

    def test_a_supplement_wait_ends_the_dossier_in_its_facts_on_the_request_day(self):
        dossier = self.received("2026-03-02 09:00")
        with self.at("2026-03-04 10:00"):
            dossier.with_user(self.officer_a).request_supplement("Thiếu giấy tờ", "Bản sao giấy chứng sinh")
        self.assertEqual(self.stale(), 0)
        fact = self.fact(dossier)
        self.assertEqual((fact.end_date, fact.ended_outcome_id.code), (date(2026, 3, 4), "early"))

    def test_the_report_counts_a_write_made_in_the_same_transaction(self):
        dossier = self.received("2026-03-02 09:00")
        report = self.env["q1.dossier.report"].with_user(self.leader)
        self.assertEqual(report.search([("dossier_id", "=", dossier.id)]).outcome_code, "overdue")
        # no flush, no commit: the report's read writes what is pending and refreshes the dossier's facts first
        self.finish(dossier, "2026-03-06 10:00")
        self.assertEqual(report.search([("dossier_id", "=", dossier.id)]).outcome_code, "early")
        groups = report.read_group([("dossier_id", "=", dossier.id)], ["dossier_count:sum"], ["outcome_code"])
        self.assertEqual([(g["outcome_code"], g["dossier_count"]) for g in groups], [("early", 1)])

    def test_the_facts_are_refreshed_at_commit_without_a_read(self):
        dossier = self.received("2026-03-02 09:00")
        self.finish(dossier, "2026-03-06 10:00")
        # what a commit runs: the ORM's pending writes, then the precommit hooks
        self.env.cr.flush()
        self.env.cr.execute(SQL("SELECT ended_outcome_id FROM q1_dossier_fact WHERE dossier_id = %s", dossier.id))
        self.assertEqual(self.env.cr.fetchone(), (self.env.ref("q1_reporting.column_early").id,))

    def test_the_holder_of_the_current_step_is_a_fact(self):
        dossier = self.received("2026-03-02 09:00")
        self.assertEqual(self.fact(dossier).holder_id, self.officer_a)
        dossier.current_step_id.sudo().user_id = self.proc_a2
        self.assertEqual(self.stale(), 0)
        self.assertEqual(self.fact(dossier).holder_id, self.proc_a2)

    def test_a_write_outside_the_orm_is_corrected_by_the_daily_pass_and_logged(self):
        dossier = self.received("2026-03-02 09:00")
        self.assertEqual(self.stale(), 0)
        self.env.cr.execute(SQL("UPDATE q1_dossier SET rating = 'not_satisfied' WHERE id = %s", dossier.id))
        self.env.invalidate_all()
        self.assertFalse(self.fact(dossier).dissatisfied)
        with self.assertLogs("odoo.addons.q1_reporting.models.q1_dossier_fact", logging.WARNING) as logs:
            self.env["q1.dossier.fact"].sudo()._cron_check_all()
        self.assertIn("1 dossiers", logs.output[0])
        self.assertTrue(self.fact(dossier).dissatisfied)
        self.assertEqual(self.stale(), 0)

    @mute_logger("odoo.addons.q1_reporting.models.q1_dossier_fact")
    def test_demo_histories_have_their_facts(self):
        # the demo's histories were copied in bulk, past the ORM: the install computed their facts once
        received = self.env["q1.dossier"].sudo().search_count([("received_date", "!=", False)])
        self.assertEqual(self.env["q1.dossier.fact"].sudo().search_count([]), received)
        self.assertEqual(self.stale(), 0)

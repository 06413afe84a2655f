"""Issue 11's cases on waits and the 766 indices, replayed through the real lifecycle with hand-counted tables.

Every table below is ward A's (the only ward with dossiers in these tests), grouped by field of law; a row is
written as the tuple of its counts in the order of the form: received (online, direct/postal, carried over),
resolved (early, on time, late), pending (within, overdue). All dossiers are of ``proc_5d`` (5 working days)
unless said; March 2026 has no holiday on the state calendar.
"""

from dataclasses import astuple
from datetime import date

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.q1_dossier.tests.common import utc

from .common import Q1ReportingCase

CUTOFF_MARCH = (date(2026, 2, 15), date(2026, 3, 14))
CUTOFF_APRIL = (date(2026, 3, 15), date(2026, 4, 14))
MARCH = (date(2026, 3, 1), date(2026, 3, 31))
APRIL = (date(2026, 4, 1), date(2026, 4, 30))


@tagged("post_install", "-at_install")
class TestWaitsCounting(Q1ReportingCase):
    def table(self, window):
        """ward A's total row for ``window`` as counted by PostgreSQL (the wizard's table), without the key."""
        wizard = (
            self.env["q1.handling.report.wizard"]
            .with_user(self.leader)
            .create(
                {
                    "company_ids": [Command.set(self.ward_a.ids)],
                    "period_kind": "custom",
                    "date_from": window[0],
                    "date_to": window[1],
                }
            )
        )
        rows, _labels = wizard._handling_rows()
        return astuple(rows[-1])[1:]

    def indices(self, window):
        wizard = (
            self.env["q1.handling.report.wizard"]
            .with_user(self.leader)
            .create(
                {
                    "company_ids": [Command.set(self.ward_a.ids)],
                    "period_kind": "custom",
                    "date_from": window[0],
                    "date_to": window[1],
                }
            )
        )
        return {result.code: result for result in wizard._index_results()[self.ward_a.id]}

    def test_closed_for_no_supplement_stays_resolved_early_on_the_request_day(self):
        # Received Monday 02/03 (due Monday 09/03), supplement asked Wednesday 04/03, never brought.
        dossier = self.received("2026-03-02 09:00")
        with self.at("2026-03-04 10:00"):
            dossier.with_user(self.officer_a).request_supplement("Thiếu giấy tờ", "Bản sao giấy chứng sinh")
        # 1 received (direct), 1 resolved early: ended on 04/03, before 09/03.
        issued = (1, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0)
        self.assertEqual(self.table(CUTOFF_MARCH), issued)
        with self.at("2026-03-25 08:00"):
            self.env["q1.dossier.watchdog"].sudo()._close_stale_supplements(utc("2026-03-25 08:00"))
        self.assertEqual(dossier.state, "stopped")
        # The month the leader signed is unchanged; the closure on 25/03 is no second ending in the next month.
        self.assertEqual(self.table(CUTOFF_MARCH), issued)
        self.assertEqual(self.table(CUTOFF_APRIL), (0,) * 11)
        # Calendar March holds the request and the closure: one dossier, resolved early, not late on 25/03.
        self.assertEqual(self.table(MARCH), issued)
        row = self.report_row(dossier)
        self.assertEqual((row.end_date, row.finished_date), (date(2026, 3, 4), date(2026, 3, 25)))
        self.assertEqual((row.outcome_code, row.days_late), ("early", 0))

    def test_fee_wait_open_at_the_end_of_the_period_is_within_time(self):
        # Received 02/03 (due 09/03); fees asked 05/03 and not paid by the end of March.
        dossier = self.received("2026-03-02 09:00")
        with self.at("2026-03-05 10:00"):
            dossier.with_user(self.officer_a).request_payment("Chờ nộp lệ phí")
        # 1 received (direct), pending within (no statistical due date while waiting), not overdue.
        march = (1, 0, 1, 0, 0, 0, 0, 0, 1, 1, 0)
        self.assertEqual(self.table(MARCH), march)
        row = self.report_row(dossier)
        self.assertTrue(row.paused)
        self.assertEqual((row.outcome_code, row.days_late), ("within", 0))
        # Paid Thursday 02/04 (3 working days used before the wait: 03, 04, 05/03), finished Friday 03/04.
        with self.at("2026-04-02 09:00"):
            dossier.with_user(self.officer_a).resume()
        self.finish(dossier, "2026-04-03 10:00")
        self.assertEqual(self.table(MARCH), march)  # the payment in April changes nothing in March
        # April: carried over (pending at the end of March) and resolved early: 2 days left after 02/04, due 06/04.
        self.assertEqual(dossier.statistical_due_date, date(2026, 4, 6))
        self.assertEqual(self.table(APRIL), (1, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0))

    def test_fee_wait_judged_before_it_began_is_judged_on_the_due_date_then(self):
        # Received 02/03 (due 09/03), still running on 13/03: overdue in the window ending 13/03. Fees asked on
        # 16/03 and paid on 20/03 move the due date later, but not the past: 13/03 stays overdue.
        dossier = self.received("2026-03-02 09:00")
        window = (date(2026, 3, 1), date(2026, 3, 13))
        overdue = (1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1)
        self.assertEqual(self.table(window), overdue)
        with self.at("2026-03-16 09:00"):
            dossier.with_user(self.officer_a).request_payment("Chờ nộp lệ phí")
        with self.at("2026-03-20 09:00"):
            dossier.with_user(self.officer_a).resume()
        self.assertGreater(dossier.statistical_due_date, date(2026, 3, 13))
        self.assertEqual(self.table(window), overdue)

    def test_two_answered_waits_judge_a_day_between_them_on_the_due_date_then(self):
        # Received Monday 02/03 (due 09/03). Fees asked Wednesday 04/03 (2 working days used: 03, 04/03), paid
        # Friday 06/03: 3 days left after 06/03 (09, 10, 11/03), due Wednesday 11/03. Still running on 13/03.
        # Fees asked again Monday 16/03 (6 working days since 06/03: none left), paid Friday 20/03: due 20/03
        # (no day left: due on the resume day); result Monday 23/03.
        dossier = self.received("2026-03-02 09:00")
        with self.at("2026-03-04 10:00"):
            dossier.with_user(self.officer_a).request_payment("Chờ nộp lệ phí")
        with self.at("2026-03-06 09:00"):
            dossier.with_user(self.officer_a).resume()
        self.assertEqual(dossier.statistical_due_date, date(2026, 3, 11))
        with self.at("2026-03-16 09:00"):
            dossier.with_user(self.officer_a).request_payment("Chờ nộp lệ phí")
        with self.at("2026-03-20 09:00"):
            dossier.with_user(self.officer_a).resume()
        self.finish(dossier, "2026-03-23 10:00")
        self.assertEqual(dossier.statistical_due_date, date(2026, 3, 20))
        # Each wait keeps the due date in force when it began: 09/03 at reception, 11/03 after the first wait.
        self.assertEqual(
            dossier.pause_ids.sorted("paused_at").mapped("due_before"), [date(2026, 3, 9), date(2026, 3, 11)]
        )
        # 01/03-13/03, judged on 13/03 between the two waits: 1 received (direct), pending and overdue (due 11/03
        # then; the 20/03 of the second wait is not known on 13/03).
        self.assertEqual(self.table((date(2026, 3, 1), date(2026, 3, 13))), (1, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1))
        # 01/03-10/03, judged on 10/03: pending within time (due 11/03).
        self.assertEqual(self.table((date(2026, 3, 1), date(2026, 3, 10))), (1, 0, 1, 0, 0, 0, 0, 0, 1, 1, 0))
        # 01/03-18/03, judged during the second wait: pending within time (no due date while the fees are awaited).
        self.assertEqual(self.table((date(2026, 3, 1), date(2026, 3, 18))), (1, 0, 1, 0, 0, 0, 0, 0, 1, 1, 0))
        # March: resolved on 23/03, after 20/03: late.
        self.assertEqual(self.table(MARCH), (1, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0))

    def test_resumed_dossier_re_enters_as_new_and_carried_over_equals_pending(self):
        # A: received Tuesday 10/03 (due 17/03), supplement asked 11/03, brought back 18/03, result 20/03.
        # B: received Thursday 12/03 (due 19/03), never finished.
        a = self.received("2026-03-10 09:00")
        with self.at("2026-03-11 10:00"):
            a.with_user(self.officer_a).request_supplement("Thiếu giấy tờ", "Bản sao giấy chứng sinh")
        self.received("2026-03-12 09:00")
        # 15/02-14/03: 2 received (direct); A resolved early on its request day 11/03; B pending within (19/03).
        first = (2, 0, 2, 0, 1, 1, 0, 0, 1, 1, 0)
        self.assertEqual(self.table(CUTOFF_MARCH), first)
        with self.at("2026-03-18 10:00"):
            a.with_user(self.officer_a).resume()
        self.finish(a, "2026-03-20 10:00")
        # Unchanged after the resumption and the result.
        self.assertEqual(self.table(CUTOFF_MARCH), first)
        # 15/03-14/04: A received again on 18/03 (the time restarts, Art. 19(5)) as a new direct reception, resolved
        # early (1 working day used before the wait, 4 after 18/03: due 24/03); B carried over (= the 1 pending
        # above) and overdue.
        second = (2, 0, 1, 1, 1, 1, 0, 0, 1, 0, 1)
        self.assertEqual(a.statistical_due_date, date(2026, 3, 24))
        self.assertEqual(self.table(CUTOFF_APRIL), second)
        self.assertEqual(second[3], first[8])

    def test_index_4_2_needs_digitised_components_and_an_electronic_result(self):
        # Two online (digitised) dossiers received in March, both returned: one electronically, one at the counter;
        # one direct dossier without attachments (not digitised), returned electronically.
        online_e = self.finish(self.received("2026-03-02 09:00", channel="online"), "2026-03-05 10:00")
        online_paper = self.finish(self.received("2026-03-02 09:10", channel="online"), "2026-03-05 10:00")
        direct_e = self.finish(self.received("2026-03-02 09:20"), "2026-03-05 10:00")
        with self.at("2026-03-06 09:00"):
            online_e.with_user(self.reception_a).return_result("electronic", "Nguyễn Văn A")
            online_paper.with_user(self.reception_a).return_result("counter", "Nguyễn Văn B")
            direct_e.with_user(self.reception_a).return_result("electronic", "Nguyễn Văn C")
        dossiers = online_e | online_paper | direct_e
        self.assertEqual((online_e.e_result, online_paper.e_result, direct_e.e_result), (True, False, True))
        self.assertEqual([d.digitised for d in (online_e, online_paper, direct_e)], [True, True, False])
        # Counted before anything flushes the returns to the database (the wizard must flush what it reads).
        result = self.indices(MARCH)["4.2"]
        # numerator: online_e only (digitised and e-result); denominator: the 3 received in March
        self.assertEqual((result.numerator, result.denominator), (1, 3))
        rows = {row.dossier_id: (row.digitised, row.e_result) for row in map(self.report_row, dossiers)}
        self.assertEqual(rows, {online_e: (True, True), online_paper: (True, False), direct_e: (False, True)})

    def test_index_2_2_averages_working_days_of_dossiers_started_in_the_period(self):
        # Carried over: received Wednesday 25/02, result Tuesday 03/03 (left out: started before March).
        self.finish(self.received("2026-02-25 09:00"), "2026-03-03 10:00")
        # Received Monday 02/03, result Friday 06/03: 4 working days (03-06/03), 4 calendar days.
        self.finish(self.received("2026-03-02 09:00"), "2026-03-06 10:00")
        # Received Friday 06/03, result Tuesday 10/03: 2 working days (09, 10/03), 4 calendar days.
        self.finish(self.received("2026-03-06 09:00"), "2026-03-10 10:00")
        # Received 30/03, result in April: not finished by the end of March, left out.
        self.finish(self.received("2026-03-30 09:00"), "2026-04-02 10:00")
        average = self.indices(MARCH)["2.2"]
        self.assertEqual((average.numerator, average.denominator, average.rate), (6, 2, 3.0))
        self.env["ir.config_parameter"].sudo().set_param("q1_reporting.handling_days_unit", "calendar")
        average = self.indices(MARCH)["2.2"]
        self.assertEqual((average.numerator, average.denominator, average.rate), (8, 2, 4.0))

    def test_fetch_reads_changes_not_yet_written_to_the_database(self):
        # One online dossier received 02/03 and finished 05/03; the wizard over March exists before the return.
        dossier = self.finish(self.received("2026-03-02 09:00", channel="online"), "2026-03-05 10:00")
        wizard = (
            self.env["q1.handling.report.wizard"]
            .with_user(self.leader)
            .create(
                {
                    "company_ids": [Command.set(self.ward_a.ids)],
                    "period_kind": "custom",
                    "date_from": MARCH[0],
                    "date_to": MARCH[1],
                }
            )
        )
        self.env.flush_all()
        with self.at("2026-03-06 09:00"):
            dossier.with_user(self.reception_a).return_result("electronic", "Nguyễn Văn A")
        # The return is still in the cache only: any caller of _fetch must see it all the same.
        self.assertTrue(self.env.cache.has_dirty_fields(dossier, [dossier._fields["e_result"]]))
        self.assertEqual(wizard._fetch("id", "state", "e_result"), [(dossier.id, "returned", True)])

    def test_index_4_2_counts_an_electronic_result_returned_by_the_end_of_the_window(self):
        # One online (digitised) dossier received Monday 02/03, result ready 27/03, returned electronically 02/04.
        dossier = self.finish(self.received("2026-03-02 09:00", channel="online"), "2026-03-27 10:00")
        with self.at("2026-04-02 09:00"):
            dossier.with_user(self.reception_a).return_result("electronic", "Nguyễn Văn A")
        self.assertTrue(dossier.e_result)
        # March: received in the window (denominator 1), but no electronic result yet on 31/03 (numerator 0).
        result = self.indices(MARCH)["4.2"]
        self.assertEqual((result.numerator, result.denominator), (0, 1))
        # 01/03-02/04: returned on the window's last day, counted (1 of 1).
        result = self.indices((date(2026, 3, 1), date(2026, 4, 2)))["4.2"]
        self.assertEqual((result.numerator, result.denominator), (1, 1))

    def test_paper_return_that_also_issued_an_electronic_result_counts_for_4_2(self):
        # Two online (digitised) dossiers received 02/03, ready 05/03, both handed over at the counter on 06/03; the
        # return form records that the first also got an electronic result (Decree 118/2025 Art. 22(1)).
        also = self.finish(self.received("2026-03-02 09:00", channel="online"), "2026-03-05 10:00")
        paper = self.finish(self.received("2026-03-02 09:10", channel="online"), "2026-03-05 10:00")
        Action = self.env["q1.dossier.action"].with_user(self.reception_a)
        with self.at("2026-03-06 09:00"):
            for dossier, electronic in ((also, True), (paper, False)):
                Action.create(
                    {
                        "dossier_id": dossier.id,
                        "action": "return",
                        "return_method": "counter",
                        "recipient": "Nguyễn Văn A",
                        "also_electronic": electronic,
                    }
                ).action_confirm()
        self.assertEqual((also.return_method, also.e_result), ("counter", True))
        self.assertEqual((paper.return_method, paper.e_result), ("counter", False))
        # numerator: `also` only (digitised and an e-result by 31/03); denominator: the 2 received in March
        result = self.indices(MARCH)["4.2"]
        self.assertEqual((result.numerator, result.denominator), (1, 2))
        row = self.report_row(also)
        self.assertEqual((row.e_result, row.returned_date), (True, date(2026, 3, 6)))
        # A legal fact: never written directly, and the method takes a yes or no only.
        with self.assertRaises(UserError):
            paper.with_user(self.reception_a).write({"e_result": True})
        self.assertFalse(paper.e_result)
        fresh = self.finish(self.received("2026-03-02 09:20", channel="online"), "2026-03-05 10:00")
        with self.at("2026-03-06 10:00"):
            with self.assertRaises(ValidationError):
                fresh.with_user(self.reception_a).return_result("counter", "Nguyễn Văn B", "yes")
        self.assertEqual(fresh.state, "done")

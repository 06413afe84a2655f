"""Citizens' feedback (q1.feedback): filing at the counter, working-day deadlines over holidays, the states and who
may move them (RPC checks, unit rules), justified feedback -> exactly one nonconformity, the citizen's satisfaction
once, the watchdog, and the Decision 766 indices 5.2 and 5.3 counted by hand."""

import contextlib
from datetime import date

import psycopg2

from odoo import SUPERUSER_ID, Command, api, sql_db
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from odoo.addons.q1_dossier.tests.common import join_or_stack, start_in_thread, wait_for_lock
from odoo.addons.q1_reporting.tests.common import Q1ReportingCase


@tagged("post_install", "-at_install")
class TestFeedback(Q1ReportingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Feedback = cls.env["q1.feedback"]
        cls.attitude = cls.env.ref("q1_quality.q1_feedback_category_attitude")
        # The portal's defaults, whatever a database says.
        params = cls.env["ir.config_parameter"].sudo()
        params.set_param("q1_quality.feedback_handle_workdays", 15)
        params.set_param("q1_quality.feedback_refuse_workdays", 2)

    def file(self, local_string="2026-04-06 09:00", user=None, **values):
        vals = {
            "company_id": self.ward_a.id,
            "citizen_name": "Phạm Thị Phản Ánh",
            "citizen_phone": "0903 111 222",
            "citizen_email": "phananh@example.com",
            "subject": "officer",
            "officer_id": self.proc_a2.id,
            "category_id": self.attitude.id,
            "content": "Cán bộ hướng dẫn không rõ ràng, tôi phải đi lại ba lần.",
        }
        vals.update(values)
        with self.at(local_string):
            return self.Feedback.with_user(user or self.reception_a).create(vals)

    def answer(self, feedback, local_string, user=None, justified=False, text="Đơn vị đã chấn chỉnh cán bộ."):
        with self.at(local_string):
            feedback.with_user(self.head_a).assign(self.proc_a1)
            feedback.with_user(user or self.proc_a1).answer(text, justified)
        return feedback

    # ------------------------------------------------------------------ filing and deadlines

    def test_counter_filing_gets_a_code_and_working_day_deadlines_over_the_holidays(self):
        # Tuesday 28/04/2026; Thursday 30/04 and Friday 01/05 are days off on the state calendar.
        feedback = self.file("2026-04-28 10:00")
        self.assertEqual(feedback.name, f"PAKN-{self.ward_a.q1_unit_code}-260428-0001")
        self.assertEqual(feedback.state, "new")
        self.assertEqual(feedback.received_date, date(2026, 4, 28))
        self.assertEqual(feedback.received_by_id, self.reception_a)
        # 15 working days: 29/04, then 04/05 .. 08/05, 11/05 .. 15/05, 18/05 .. 21/05
        self.assertEqual(feedback.deadline, date(2026, 5, 21))
        # refusal within 2 working days: 29/04 and 04/05
        self.assertEqual(feedback.refuse_deadline, date(2026, 5, 4))
        self.assertEqual(feedback.citizen_phone, "0903111222")
        second = self.file("2026-04-28 11:00")
        self.assertEqual(second.name, f"PAKN-{self.ward_a.q1_unit_code}-260428-0002")
        other_unit = self.file("2026-04-28 11:00", user=self.reception_b, company_id=self.ward_b.id, officer_id=False)
        self.assertTrue(other_unit.name.endswith("-0001"))

    def test_the_limits_are_settings(self):
        self.env["ir.config_parameter"].sudo().set_param("q1_quality.feedback_handle_workdays", 5)
        feedback = self.file("2026-04-28 10:00")
        self.assertEqual(feedback.deadline, date(2026, 5, 7))
        # an absurd setting falls back to the portal's 15 working days
        self.env["ir.config_parameter"].sudo().set_param("q1_quality.feedback_handle_workdays", "-3")
        self.assertEqual(self.file("2026-04-28 10:00").deadline, date(2026, 5, 21))

    def test_filing_from_a_dossier_follows_its_receiving_unit(self):
        dossier = self.received("2026-04-06 09:00")
        feedback = self.file(dossier_id=dossier.id, subject="dossier")
        self.assertEqual(feedback.company_id, dossier.company_id)
        self.assertEqual(feedback.procedure_id, dossier.procedure_id)

    def test_bad_input_is_refused_in_words(self):
        with self.assertRaises(ValidationError):
            self.file(citizen_phone="không có số")
        with self.assertRaises(ValidationError):
            self.file(content="   ")
        with self.assertRaises(ValidationError):
            self.file(citizen_email="không phải thư")
        with self.assertRaises(ValidationError):
            self.file(channel="fax")
        with self.assertRaises(UserError):
            self.file(channel="lookup")
        with self.assertRaisesRegex(UserError, "cannot be written directly"):
            self.file(state="answered")
        with self.assertRaisesRegex(UserError, "cannot be written directly"):
            self.file(deadline="2030-01-01")
        self.assertFalse(self.Feedback.sudo().search([("citizen_name", "=", "Phạm Thị Phản Ánh")]))

    # ------------------------------------------------------------------ who may do what

    def test_rpc_checks_and_unit_rules(self):
        feedback = self.file()
        # a processing officer does not file at the counter, nor assign
        with self.assertRaises(AccessError):
            self.file(user=self.proc_a1)
        with self.assertRaises(AccessError):
            feedback.with_user(self.proc_a1).assign(self.proc_a1)
        # another ward neither reads nor acts
        with self.assertRaises(AccessError):
            feedback.with_user(self.proc_b).read(["name"])
        with self.assertRaises(AccessError):
            feedback.with_user(self.leader_b).assign(self.proc_b)
        with self.assertRaises(AccessError):
            self.file(user=self.reception_b)  # filed in ward A by ward B's counter
        # the handling officer must be of the unit
        with self.assertRaises(UserError):
            feedback.with_user(self.head_a).assign(self.proc_b)
        with self.assertRaises(UserError):
            feedback.with_user(self.head_a).assign("1")
        feedback.with_user(self.head_a).assign(self.proc_a1)
        self.assertEqual((feedback.state, feedback.handler_id), ("assigned", self.proc_a1))
        # another officer of the unit is not the handler
        with self.assertRaises(AccessError):
            feedback.with_user(self.proc_a2).answer("Trả lời")
        # legal facts never by write
        for vals in ({"state": "closed"}, {"deadline": "2030-01-01"}, {"answer_text": "x"}, {"handler_id": False}):
            with self.assertRaisesRegex(UserError, "cannot be written directly"):
                feedback.with_user(self.head_a).write(vals)
        with self.assertRaises(UserError):
            feedback.with_user(self.leader_a).unlink()
        # the handler writes the draft answer and sends it
        feedback.with_user(self.proc_a1).write({"draft_answer": "Đơn vị đã chấn chỉnh.", "draft_justified": False})
        feedback.with_user(self.proc_a1).action_answer()
        self.assertEqual((feedback.state, feedback.answer_text), ("answered", "Đơn vị đã chấn chỉnh."))
        with self.assertRaises(UserError):
            feedback.with_user(self.proc_a1).answer("Lần hai")
        with self.assertRaises(AccessError):
            feedback.with_user(self.proc_a1).close()
        feedback.with_user(self.head_a).close()
        self.assertEqual(feedback.state, "closed")

    def test_answer_is_sent_to_the_citizen(self):
        feedback = self.answer(self.file(), "2026-04-08 10:00")
        mails = self.env["mail.mail"].sudo().search([("model", "=", "q1.feedback"), ("res_id", "=", feedback.id)])
        self.assertEqual(len(mails), 1)
        self.assertIn("phananh@example.com", mails.email_to)
        self.assertIn("Đơn vị đã chấn chỉnh cán bộ.", mails.body_html)
        self.assertIn(feedback.name, mails.subject)

    def test_refusal_within_two_working_days(self):
        feedback = self.file("2026-04-28 10:00")
        with self.assertRaises(ValidationError):
            feedback.with_user(self.head_a).refuse("  ")
        with self.at("2026-05-05 09:00"):
            feedback.with_user(self.head_a).refuse("Nội dung không thuộc thẩm quyền của phường.")
        self.assertEqual((feedback.state, feedback.outcome), ("refused", "refused"))
        # refused on Tuesday 05/05, after its refusal deadline of Monday 04/05: late
        self.assertTrue(feedback.answered_late)

    def test_more_information_once_within_five_working_days(self):
        # Tuesday 28/04/2026: 5 working days over the 30/04-01/05 days off (29/04, 04/05 .. 07/05) end on 07/05
        feedback = self.file("2026-04-28 10:00")
        self.assertEqual(feedback.info_deadline, date(2026, 5, 7))
        with self.assertRaises(AccessError):
            feedback.with_user(self.proc_a1).request_information("Xin số hồ sơ")  # not the handler yet
        with self.at("2026-05-08 09:00"):
            with self.assertRaisesRegex(UserError, "07/05/2026"):
                feedback.with_user(self.head_a).request_information("Xin số hồ sơ")
        with self.at("2026-05-07 16:00"):
            feedback.with_user(self.head_a).assign(self.proc_a1)
            with self.assertRaises(ValidationError):
                feedback.with_user(self.proc_a1).request_information("  ")
            feedback.with_user(self.proc_a1).request_information("Đề nghị cho biết mã hồ sơ và ngày nộp.")
            with self.assertRaisesRegex(UserError, "already"):
                feedback.with_user(self.proc_a1).request_information("Lần hai")
        self.assertEqual(feedback.info_request, "Đề nghị cho biết mã hồ sơ và ngày nộp.")
        self.assertEqual(feedback.deadline, date(2026, 5, 21), "the handling deadline does not move")
        self.assertEqual(feedback._q1_public_values()["info_request"], "Đề nghị cho biết mã hồ sơ và ngày nộp.")
        mails = self.env["mail.mail"].sudo().search([("model", "=", "q1.feedback"), ("res_id", "=", feedback.id)])
        self.assertIn("Đề nghị bổ sung thông tin", " ".join(mails.mapped("subject")))

    # ------------------------------------------------------------------ nonconformity and satisfaction

    def test_justified_feedback_raises_exactly_one_nonconformity(self):
        feedback = self.answer(self.file(), "2026-04-08 10:00", justified=True)
        NC = self.env["mgmtsystem.nonconformity"].sudo()
        found = NC.search([("res_model", "=", "q1.feedback"), ("res_id", "=", feedback.id)])
        self.assertEqual(len(found), 1)
        self.assertEqual(feedback.nonconformity_id, found)
        self.assertEqual(found.q1_kind, "complaint")
        self.assertEqual(found.company_id, self.ward_a)
        self.assertEqual(found.q1_officer_id, self.proc_a2)
        feedback._q1_raise_nonconformity()
        self.assertEqual(NC.search_count([("res_model", "=", "q1.feedback"), ("res_id", "=", feedback.id)]), 1)
        unjustified = self.answer(self.file(), "2026-04-08 10:00")
        self.assertFalse(NC.search([("res_model", "=", "q1.feedback"), ("res_id", "=", unjustified.id)]))

    def test_satisfaction_once(self):
        feedback = self.file()
        with self.assertRaises(UserError):
            feedback.with_user(self.reception_a).rate_answer("satisfied")  # not answered yet
        self.answer(feedback, "2026-04-08 10:00")
        with self.assertRaises(UserError):
            feedback.with_user(self.reception_a).rate_answer("very")
        with self.assertRaises(AccessError):
            feedback.with_user(self.proc_a1).rate_answer("satisfied")
        feedback.with_user(self.reception_a).rate_answer("not_satisfied")
        self.assertEqual((feedback.answer_satisfaction, feedback.satisfaction_channel), ("not_satisfied", "counter"))
        with self.assertRaisesRegex(UserError, "already"):
            feedback.sudo()._q1_rate_answer("satisfied", "lookup")
        self.assertEqual(feedback.answer_satisfaction, "not_satisfied")
        with self.assertRaisesRegex(UserError, "cannot be written directly"):
            feedback.with_user(self.head_a).write({"answer_satisfaction": "satisfied"})

    # ------------------------------------------------------------------ watchdog

    def test_overdue_feedback_reaches_the_officers_once(self):
        # received Monday 06/04/2026: 15 working days, Monday 27/04 being the Hùng Kings' day off, end on 28/04
        feedback = self.file("2026-04-06 09:00")
        self.assertEqual(feedback.deadline, date(2026, 4, 28))
        feedback.with_user(self.head_a).assign(self.proc_a1)
        todo = self.env.ref("mail.mail_activity_data_todo")

        def overdue_activities():
            feedback.invalidate_recordset(["activity_ids"])
            return feedback.activity_ids.filtered(
                lambda a: a.activity_type_id == todo and "overdue" in (a.summary or "")
            )

        with self.at("2026-04-28 08:00"):  # the deadline day itself: not overdue
            self.env.ref("q1_quality.q1_cron_feedback_overdue").method_direct_trigger()
        self.assertFalse(overdue_activities())
        with self.at("2026-04-29 08:00"):
            self.env.ref("q1_quality.q1_cron_feedback_overdue").method_direct_trigger()
            self.env["q1.feedback"]._q1_watch_overdue()
        self.assertTrue(feedback.overdue_notified)
        self.assertEqual(overdue_activities().user_id, self.proc_a1, feedback.activity_ids.mapped("summary"))
        self.assertEqual(len(overdue_activities()), 1)

    # ------------------------------------------------------------------ 766 indices 5.2 and 5.3

    def indices(self, date_from=date(2026, 4, 1), date_to=date(2026, 4, 30)):
        wizard = (
            self.env["q1.handling.report.wizard"]
            .with_user(self.leader)
            .create(
                {
                    "company_ids": [Command.set(self.ward_a.ids)],
                    "period_kind": "custom",
                    "date_from": date_from,
                    "date_to": date_to,
                }
            )
        )
        wizard.action_compute()
        return {line.code: line for line in wizard.index_line_ids if line.company_id == self.ward_a}

    def test_an_issued_report_keeps_its_5_2(self):
        self.answer(self.file("2026-04-01 09:00"), "2026-04-23 09:00")  # late
        self.file("2026-04-06 09:00")  # due 28/04, still open at the end of April
        with self.at("2026-05-04 09:00"):
            wizard = (
                self.env["q1.handling.report.wizard"]
                .with_user(self.leader_a)
                .create(
                    {
                        "company_ids": [Command.set(self.ward_a.ids)],
                        "period_kind": "custom",
                        "date_from": date(2026, 4, 1),
                        "date_to": date(2026, 4, 30),
                    }
                )
            )
            action = wizard.action_issue()
        issue = self.env["q1.handling.report.issue"].browse(action["res_id"])
        issued = issue.index_ids.filtered(lambda line: line.code == "5.2")
        # received 06/04, due 28/04, still open on 30/04: late; the one answered on 23/04 (due 22/04): late
        self.assertEqual((issued.numerator, issued.denominator), (0, 2))
        self.assertIn("5.3", issue.index_ids.mapped("code"))
        # a later answer changes neither the issued figure nor the recount of the window
        self.answer(self.Feedback.sudo().search([("received_date", "=", date(2026, 4, 6))]), "2026-05-05 09:00")
        self.assertEqual((issued.numerator, issued.denominator), (0, 2))
        self.assertEqual((self.indices()["5.2"].numerator, self.indices()["5.2"].denominator), (0, 2))

    def test_justified_feedback_about_a_dossier_counts_against_5_4(self):
        dossier = self.finish(self.received("2026-04-06 09:00"), "2026-04-08 09:00")  # on time
        before = self.indices()["5.4"]
        self.assertEqual((before.numerator, before.denominator), (1, 1))
        feedback = self.file("2026-04-07 09:00", dossier_id=dossier.id, subject="dossier", officer_id=False)
        self.answer(feedback, "2026-04-08 10:00", justified=True)
        after = self.indices()["5.4"]
        self.assertEqual((after.numerator, after.denominator), (0, 1))
        # answered after the window: not counted in it
        self.assertEqual(self.indices(date_to=date(2026, 4, 7))["5.4"].numerator, before.numerator)

    def test_indices_5_2_and_5_3_by_hand(self):
        # received Wednesday 01/04/2026: deadline 15 working days later, Wednesday 22/04
        on_time = self.answer(self.file("2026-04-01 09:00"), "2026-04-22 16:00")
        late = self.answer(self.file("2026-04-01 09:30"), "2026-04-23 09:00")
        self.assertEqual(on_time.deadline, date(2026, 4, 22))
        self.assertFalse(on_time.answered_late)
        self.assertTrue(late.answered_late)
        # a refusal on time, the citizen not satisfied
        refused = self.file("2026-04-06 09:00")
        with self.at("2026-04-07 09:00"):
            refused.with_user(self.head_a).refuse("Không thuộc phạm vi giải quyết.")
            refused.with_user(self.reception_a).rate_answer("not_satisfied")
        with self.at("2026-04-23 10:00"):
            on_time.with_user(self.reception_a).rate_answer("satisfied")
        # still open at the end of April, within time (received 27/04, due 20/05 over the 30/04-01/05 days off)
        open_within = self.file("2026-04-27 09:00")
        # still open, overdue at the end of April (received 02/04, due 23/04)
        self.file("2026-04-02 09:00")
        # ward B's feedback and feedback received in May are not counted
        self.file("2026-04-02 09:00", user=self.reception_b, company_id=self.ward_b.id, officer_id=False)
        self.file("2026-05-04 09:00")
        self.assertEqual(open_within.deadline, date(2026, 5, 20))

        lines = self.indices()
        # 5.2: counted 5 (on_time, late, refused, open within, open overdue); on time 3
        self.assertEqual((lines["5.2"].numerator, lines["5.2"].denominator), (3, 5))
        self.assertAlmostEqual(lines["5.2"].rate, 60.0)
        self.assertAlmostEqual(lines["5.2"].points, 0.6 * 6)
        # 5.3: judged 4 (all but the open one within time); unsatisfying: late, refused (not satisfied), overdue
        self.assertEqual((lines["5.3"].numerator, lines["5.3"].denominator), (1, 4))
        self.assertAlmostEqual(lines["5.3"].points, 0.25 * 6)
        # a wizard made with new() (as the management review gathers its figures) counts the same
        draft = self.env["q1.handling.report.wizard"].new(
            {
                "company_ids": [Command.set(self.ward_a.ids)],
                "period_kind": "custom",
                "date_from": date(2026, 4, 1),
                "date_to": date(2026, 4, 30),
            }
        )
        results = {result.code: result for result in next(iter(draft._index_results().values()))}
        self.assertEqual((results["5.2"].numerator, results["5.2"].denominator), (3, 5))
        self.assertEqual(
            self.env["q1.feedback"]._q1_index_facts(draft.company_ids, date(2026, 4, 1), date(2026, 4, 30)).keys(),
            {self.ward_a.id},
        )
        # the objectives' measure counts as 5.2, and opens exactly its feedback
        measure = self.env["q1.quality.measure"]._q1_compute(
            "feedback_on_time", self.ward_a, date(2026, 4, 1), date(2026, 4, 30)
        )
        self.assertEqual((measure["numerator"], measure["denominator"], measure["value"]), (3, 5, 60.0))
        self.assertEqual(measure["model"], "q1.feedback")
        behind = self.env["q1.feedback"].search(measure["domain"])
        self.assertEqual(len(behind), 5)
        self.assertIn(late, behind)
        self.assertNotIn(late, self.env["q1.feedback"].search(measure["numerator_domain"]))
        # the dossiers' indices are still there
        self.assertIn("2.1", lines)
        self.assertIn("5.4", lines)


@tagged("post_install", "-at_install")
class TestFeedbackCodeRace(TransactionCase):
    """Two filings in the same unit at the same moment, on real independent connections: the second waits for the
    first's numbering and gets the next number, never a database error nor the same code."""

    def _cursor(self):
        return sql_db.db_connect(self.env.cr.dbname).cursor()

    def _feedback_model(self, cr):
        # Environments are made in the test's thread: making one takes the registry's lock, held while tests run.
        return api.Environment(cr, SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True})["q1.feedback"]

    def _file(self, model):
        company_id = self.env.ref("base.main_company").id
        return model._q1_file(
            {"company_id": company_id, "citizen_name": "Thử Đồng Thời", "content": "Thử", "subject": "other"}
        )

    @mute_logger("odoo.sql_db")
    def test_two_filings_at_once_get_two_numbers(self):
        cr_a, cr_b, probe = self._cursor(), self._cursor(), self._cursor()
        created = []
        try:
            cr_b.execute("SET LOCAL lock_timeout = '60s'")
            cr_b.execute("SELECT pg_backend_pid()")
            b_pid = cr_b.fetchone()[0]
            cr_b.execute("SELECT 1 FROM q1_feedback LIMIT 1")  # B's snapshot starts before A files

            model_a, model_b = self._feedback_model(cr_a), self._feedback_model(cr_b)

            def file_in_b():
                feedback = self._file(model_b)
                code = (feedback.id, feedback.name, feedback.sequence_number)
                cr_b.commit()
                return code

            feedback_a = self._file(model_a)
            a = (feedback_a.id, feedback_a.name, feedback_a.sequence_number)
            thread, outcome, b_done = start_in_thread(file_in_b)
            waited = wait_for_lock(probe, b_pid, b_done)
            self.assertFalse(b_done.is_set(), f"B got a number while A's filing was open: {outcome}")
            self.assertEqual(waited, "Lock", "B never waited for A")
            cr_a.commit()
            created.append(a[0])
            if stack := join_or_stack(thread):
                self.fail(f"B is still blocked after A ended:\n{stack}")
            self.assertNotIn("error", outcome, outcome.get("error"))
            b = outcome["result"]
            created.append(b[0])
            self.assertEqual(b[2], a[2] + 1)
            self.assertNotEqual(a[1], b[1])
        finally:
            for cr in (cr_a, cr_b, probe):
                with contextlib.suppress(psycopg2.Error):
                    cr.rollback()
            if created:
                cleanup = self._cursor()
                try:
                    cleanup.execute("DELETE FROM q1_feedback WHERE id IN %s", (tuple(created),))
                    cleanup.commit()
                finally:
                    cleanup.close()
            for cr in (cr_a, cr_b, probe):
                cr.close()

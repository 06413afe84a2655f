"""Controlled work processes (ISO 7.5, issue 14 item 2): a procedure's internal process is issued, reviewed and
approved; a revision is a new issue; a dossier follows the issue in force when it was received, to the end.

Times are local (Asia/Ho_Chi_Minh) wall-clock strings, frozen. proc_flow (Q1Case) has three steps: Thẩm định 2 days,
Trình ký 2 days, Ký duyệt 1 day, for a legal time of 5 working days.
"""

from datetime import date

from odoo import SUPERUSER_ID, Command, api, sql_db
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.q1_reporting.tests.common import Q1ReportingCase


@tagged("post_install", "-at_install")
class TestProcessIssues(Q1ReportingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()

        def user(login, groups, name):
            return new_test_user(
                cls.env,
                login=login,
                groups=f"base.group_user,{groups}",
                name=name,
                company_id=cls.ward_a.id,
                company_ids=[Command.set(cls.ward_a.ids)],
                tz="Asia/Ho_Chi_Minh",
            )

        cls.manager = user("q1_pi_manager", "q1_dossier.group_q1_manager", "Đặng Soạn Thảo")
        cls.manager_2 = user("q1_pi_manager2", "q1_dossier.group_q1_manager", "Lý Quản Trị")
        cls.secretary = user("q1_pi_secretary", "mgmtsystem.group_mgmtsystem_manager", "Ngô Thư Ký")
        cls.env["hr.employee"].create(
            {
                "name": cls.leader_a.name,
                "user_id": cls.leader_a.id,
                "company_id": cls.ward_a.id,
                "job_title": "Chủ tịch",
            }
        )
        cls.Issue = cls.env["q1.process.issue"]

    # ------------------------------------------------------------------ helpers

    def new_issue(self, procedure, user=None, reason="Sửa đổi quy trình"):
        action = procedure.with_user(user or self.manager).action_new_issue()
        issue = self.Issue.browse(action["res_id"])
        if reason:
            issue.with_user(user or self.manager).write({"reason": reason})
        return issue

    def issue_and_approve(self, procedure, local_string, edit=None, effective=None):
        """A new issue drafted by the manager (``edit``: values written on it as the manager), reviewed by the ISO
        secretary and approved by ward A's leader at ``local_string``."""
        with self.at(local_string):
            issue = self.new_issue(procedure)
            if edit:
                issue.with_user(self.manager).write(edit)
            if effective:
                issue.with_user(self.manager).write({"effective_date": effective})
            issue.with_user(self.manager).action_submit()
            issue.with_user(self.secretary).action_review()
            issue.with_user(self.leader_a).action_approve()
        return issue

    def steps_of(self, issue):
        return issue.step_ids.sorted(lambda s: (s.sequence, s.id))

    def _revise(self, current, local_string):
        with self.at(local_string):
            issue = self.new_issue(self.proc_flow, reason="Bổ sung bước kiểm tra pháp lý, bỏ bước ký duyệt riêng")
            copies = self.steps_of(issue)
            self.assertEqual(copies.mapped("name"), current.mapped("name"))
            self.assertFalse(copies & current, "a revision copies the steps, the approved ones stay")
            by_name = {step.name: step for step in copies}
            issue.with_user(self.manager).write(
                {
                    "step_ids": [
                        Command.update(by_name["Thẩm định"].id, {"time_budget": 1}),
                        Command.create(
                            {
                                "name": "Kiểm tra pháp lý",
                                "sequence": 2,
                                "stage_id": self.stage_appraise.id,
                                "time_budget": 1,
                            }
                        ),
                        Command.update(by_name["Trình ký"].id, {"sequence": 3}),
                        Command.delete(by_name["Ký duyệt"].id),
                    ]
                }
            )
            issue.with_user(self.manager).action_submit()
            issue.with_user(self.secretary).action_review()
            issue.with_user(self.leader_a).action_approve()
        return issue

    def walk(self, dossier, local_day):
        """Hand the dossier over step by step on ``local_day``; the names of its control-slip rows."""
        hours = iter(range(9, 17))
        while dossier.state != "done":
            with self.at(f"{local_day} {next(hours):02d}:00"):
                holder = dossier.current_step_id.user_id or dossier.user_id
                dossier.with_user(holder).hand_over(self.proc_a2)
        return dossier.step_ids.sorted("sequence").mapped("name")

    # ------------------------------------------------------------------ tests

    def test_revision_leaves_running_dossiers_on_their_issue(self):
        issue_01 = self.issue_and_approve(self.proc_flow, "2026-02-27 08:00")
        self.assertEqual((issue_01.issue_number, issue_01.state, issue_01.in_force), (1, "approved", True))
        old_steps = self.steps_of(issue_01)
        self.assertEqual(self.proc_flow.step_ids, old_steps, "issue 01 owns the procedure's own steps")

        running = self.received_and_assigned(self.proc_flow, "2026-03-02 09:00")
        self.assertEqual(running.process_issue_id, issue_01)

        issue_02 = self._revise(old_steps, "2026-03-02 10:00")
        self.assertEqual((issue_02.issue_number, issue_02.state, issue_02.in_force), (2, "approved", True))
        self.assertEqual(issue_02.effective_date, date(2026, 3, 2), "effective on the approval day")
        self.assertEqual(
            (issue_01.state, issue_01.in_force, issue_01.superseded_by_id), ("superseded", False, issue_02)
        )
        new_steps = self.steps_of(issue_02)
        self.assertEqual(new_steps.mapped("name"), ["Thẩm định", "Kiểm tra pháp lý", "Trình ký"])
        self.assertEqual(self.proc_flow.step_ids.sorted(lambda s: (s.sequence, s.id)), new_steps)
        self.assertEqual(old_steps.mapped("time_budget"), [2, 2, 1], "the approved steps are untouched")

        # The running dossier's next steps are still issue 01's: Trình ký, then Ký duyệt.
        self.assertEqual(
            [row["name"] for row in running._timeline()], ["Thẩm định", "Trình ký", "Ký duyệt"], "its plan is issue 01"
        )
        self.assertEqual(self.walk(running, "2026-03-02"), ["Thẩm định", "Trình ký", "Ký duyệt"])
        self.assertEqual(running.step_ids.procedure_step_id, old_steps)
        self.assertEqual(running.process_issue_id, issue_01)

        # A dossier received after the revision follows issue 02.
        fresh = self.received_and_assigned(self.proc_flow, "2026-03-03 09:00")
        self.assertEqual(fresh.process_issue_id, issue_02)
        self.assertEqual([row["name"] for row in fresh._timeline()], ["Thẩm định", "Kiểm tra pháp lý", "Trình ký"])
        self.assertEqual(self.walk(fresh, "2026-03-03"), ["Thẩm định", "Kiểm tra pháp lý", "Trình ký"])
        self.assertEqual(fresh.step_ids.procedure_step_id, new_steps)
        self.assertEqual((issue_01.dossier_count, issue_02.dossier_count), (1, 1))

        # OCA's controlled document of the procedure: one page, one version per issue, the one in force shown.
        page = self.proc_flow.q1_document_page_id.with_user(self.proc_a1)
        self.assertEqual(page.parent_id, self.env.ref("document_page_procedure.document_page_group_procedure"))
        self.assertEqual(page.history_ids.mapped("name"), ["02", "01"])
        self.assertIn("Kiểm tra pháp lý", page.content)
        self.assertNotIn("Ký duyệt", page.content)
        self.assertIn("Ký duyệt", page.history_ids[-1].content)

    def test_issue_taking_effect_later(self):
        issue_01 = self.issue_and_approve(self.proc_flow, "2026-02-27 08:00")
        with self.at("2026-03-02 10:00"):
            issue_02 = self.new_issue(self.proc_flow)
            issue_02.with_user(self.manager).write({"effective_date": "2026-03-04"})
            issue_02.with_user(self.manager).action_submit()
            issue_02.with_user(self.secretary).action_review()
            issue_02.with_user(self.leader_a).action_approve()
        self.assertEqual((issue_02.state, issue_02.in_force, issue_01.in_force), ("approved", False, True))
        # Received the day before it takes effect: issue 01; on its effective day: issue 02, cron or not.
        self.assertEqual(self.received("2026-03-03 09:00", self.proc_flow).process_issue_id, issue_01)
        self.assertEqual(self.received("2026-03-04 09:00", self.proc_flow).process_issue_id, issue_02)
        with self.at("2026-03-04 00:30"):
            self.Issue._q1_cron_activate()
        self.assertEqual((issue_02.in_force, issue_01.state), (True, "superseded"))
        # An effective date before the approval is refused.
        with self.at("2026-03-05 10:00"):
            issue_03 = self.new_issue(self.proc_flow)
            issue_03.with_user(self.manager).write({"effective_date": "2026-03-01"})
            issue_03.with_user(self.manager).action_submit()
            issue_03.with_user(self.secretary).action_review()
            with self.assertRaises(UserError):
                issue_03.with_user(self.leader_a).action_approve()
        self.assertEqual(issue_03.state, "reviewed")

    def test_approved_steps_cannot_be_written_directly(self):
        issue = self.issue_and_approve(self.proc_flow, "2026-02-27 08:00")
        step = self.steps_of(issue)[0]
        Step = self.env["q1.procedure.step"].with_user(self.manager)
        attempts = {
            "write a step": lambda: step.with_user(self.manager).write({"time_budget": 1}),
            "delete a step": lambda: step.with_user(self.manager).unlink(),
            "add a step": lambda: Step.create(
                {"procedure_id": self.proc_flow.id, "name": "Thêm", "stage_id": self.stage_appraise.id}
            ),
            "add a step to the issue": lambda: Step.create(
                {"q1_issue_id": issue.id, "name": "Thêm", "stage_id": self.stage_appraise.id}
            ),
            "procedure form": lambda: self.proc_flow.with_user(self.manager).write(
                {"step_ids": [Command.update(step.id, {"name": "Đổi tên"})]}
            ),
            "issue form": lambda: issue.with_user(self.manager).write(
                {"step_ids": [Command.update(step.id, {"name": "Đổi tên"})]}
            ),
            "reason": lambda: issue.with_user(self.manager).write({"reason": "Sửa lý do"}),
            "state": lambda: issue.with_user(self.manager).write({"state": "draft"}),
            "signature": lambda: issue.with_user(self.manager).write({"approved_by_name": "Người khác"}),
            "number": lambda: issue.with_user(self.manager).write({"issue_number": 5}),
            "create an issue": lambda: self.Issue.with_user(self.manager).create(
                {"procedure_id": self.proc_flow.id, "issue_number": 9, "document_code": "QT-X"}
            ),
            "delete the issue": lambda: issue.with_user(self.manager).unlink(),
        }
        for label, attempt in attempts.items():
            with self.subTest(label), self.assertRaises(UserError):
                attempt()
        self.assertEqual(
            (step.time_budget, step.name, issue.state, issue.issue_number), (2, "Thẩm định", "approved", 1)
        )
        self.assertEqual(len(issue.step_ids), 3)
        # A setting about the step that is not the process (the evaluation weight, q1_reporting) stays editable.
        step.with_user(self.manager).write({"q1_product_weight": 1.5})
        self.assertEqual(step.q1_product_weight, 1.5)
        # Nor is a dossier's issue written by hand.
        dossier = self.received_and_assigned(self.proc_flow, "2026-03-02 09:00")
        issue_02 = self._revise(self.steps_of(issue), "2026-03-02 10:00")
        with self.assertRaises(UserError):
            dossier.with_user(self.reception_a).write({"process_issue_id": issue_02.id})
        self.assertEqual(dossier.process_issue_id, issue)
        # The Vietnamese message.
        with self.assertRaises(UserError) as caught:
            step.with_user(self.manager).with_context(lang="vi_VN").write({"name": "Đổi tên"})
        if self.env["res.lang"]._lang_get("vi_VN").active:
            self.assertIn("không thể", str(caught.exception).lower())

    def test_review_and_approval_by_others_than_the_drafter(self):
        with self.at("2026-02-27 08:00"):
            issue = self.new_issue(self.proc_flow)
            issue.with_user(self.manager).action_submit()
            self.assertEqual((issue.drafted_by_id, issue.drafted_by_name), (self.manager, "Đặng Soạn Thảo"))
            # The drafter may not review; a reception officer or another ward's leader neither.
            for user, error in (
                (self.manager, UserError),
                (self.reception_a, AccessError),
                (self.leader_b, AccessError),
            ):
                with self.subTest(reviewer=user.login), self.assertRaises(error):
                    issue.with_user(user).action_review()
            with self.assertRaises(UserError):
                issue.with_user(self.leader_a).action_approve()  # not reviewed yet
            issue.with_user(self.secretary).action_review()
            self.assertEqual((issue.state, issue.reviewed_by_id), ("reviewed", self.secretary))
            # The drafter (a manager, so a leader too) may not approve; the ISO secretary is no approver.
            for user, error in ((self.manager, UserError), (self.secretary, AccessError), (self.leader_b, AccessError)):
                with self.subTest(approver=user.login), self.assertRaises(error):
                    issue.with_user(user).action_approve()
            self.assertEqual(issue.state, "reviewed")
            issue.with_user(self.manager_2).action_approve()
        self.assertEqual(
            (issue.state, issue.approved_by_id, issue.approved_date), ("approved", self.manager_2, date(2026, 2, 27))
        )

    def test_signatures_keep_name_and_title(self):
        with self.at("2026-02-27 08:00"):
            issue = self.new_issue(self.proc_flow)
            issue.with_user(self.manager).action_submit()
            issue.with_user(self.secretary).action_review()
            issue.with_user(self.leader_a).action_approve()
        self.leader_a.sudo().name = "Tên Mới"
        self.assertEqual((issue.approved_by_name, issue.approved_by_title), ("Trần Chủ Tịch", "Chủ tịch"))

    def test_reason_required(self):
        with self.at("2026-02-27 08:00"):
            issue = self.new_issue(self.proc_flow, reason=None)
            for reason in (False, "   "):
                issue.with_user(self.manager).write({"reason": reason})
                with self.subTest(reason=reason), self.assertRaises(ValidationError):
                    issue.with_user(self.manager).action_submit()
            self.assertEqual((issue.state, issue.drafted_by_id.id), ("draft", False))
            issue.with_user(self.manager).write({"reason": "Ban hành lần đầu"})
            issue.with_user(self.manager).action_submit()
        self.assertEqual(issue.state, "submitted")

    def test_bad_input_on_a_draft(self):
        with self.at("2026-02-27 08:00"):
            issue = self.new_issue(self.proc_flow)
        for vals in (
            {"document_code": "   "},
            {"document_code": "x" * 65},
            {"document_code": "QT\x00"},
            {"effective_date": "31/12/2026"},
            {"reason": 42},
        ):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                issue.with_user(self.manager).write(vals)
        issue.with_user(self.manager).write({"document_code": "  QT-T99.000007  "})
        self.assertEqual(issue.document_code, "QT-T99.000007")
        # Far-away effective date: refused at the approval.
        with self.at("2026-02-27 08:00"):
            issue.with_user(self.manager).write({"effective_date": "2062-02-27"})
            issue.with_user(self.manager).action_submit()
            issue.with_user(self.secretary).action_review()
            with self.assertRaises(UserError):
                issue.with_user(self.leader_a).action_approve()
        self.assertEqual(issue.state, "reviewed")

    def test_only_managers_draft_and_one_issue_at_a_time(self):
        for user in (self.leader_a, self.secretary, self.reception_a):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.proc_flow.with_user(user).action_new_issue()
        issue_01 = self.issue_and_approve(self.proc_flow, "2026-02-27 08:00")
        with self.at("2026-03-02 10:00"):
            issue_02 = self.new_issue(self.proc_flow)
            with self.assertRaises(UserError):
                self.proc_flow.with_user(self.manager_2).action_new_issue()
            issue_02.with_user(self.manager).unlink()
            issue_02 = self.new_issue(self.proc_flow, user=self.manager_2)
        self.assertEqual(issue_02.issue_number, 2)
        self.assertEqual(self.proc_flow.q1_current_issue_id, issue_01)
        self.assertEqual(issue_02.document_code, issue_01.document_code)

    def test_budgets_of_a_revision_fit_the_legal_time(self):
        self.issue_and_approve(self.proc_flow, "2026-02-27 08:00")
        with self.at("2026-03-02 10:00"):
            issue = self.new_issue(self.proc_flow)
            with self.assertRaises(ValidationError):
                issue.with_user(self.manager).write(
                    {"step_ids": [Command.update(self.steps_of(issue)[0].id, {"time_budget": 4})]}
                )

    def test_installation_issues_existing_procedures(self):
        dossier = self.received_and_assigned(self.proc_5d, "2026-03-02 09:00")
        self.assertFalse(dossier.process_issue_id, "no issue before the quality system issued one")
        flow_steps = self.proc_flow.step_ids
        with self.at("2026-03-10 09:00"):
            self.Issue._q1_issue_existing_procedures()
        issue = self.proc_5d.q1_issue_ids
        self.assertEqual(
            (issue.issue_number, issue.state, issue.in_force, issue.origin, issue.document_code),
            (1, "approved", True, "install", "QT-T99.000001"),
        )
        self.assertEqual(issue.effective_date, date(2026, 3, 2), "from its first dossier's reception")
        self.assertEqual(dossier.process_issue_id, issue)
        self.assertEqual(self.proc_flow.q1_current_issue_id.step_ids, flow_steps)
        with self.at("2026-03-10 09:00"):
            self.Issue._q1_issue_existing_procedures()
        self.assertEqual(len(self.proc_5d.q1_issue_ids), 1, "once")

    def test_history_prints(self):
        issue_01 = self.issue_and_approve(self.proc_flow, "2026-02-27 08:00")
        issue_02 = self._revise(self.steps_of(issue_01), "2026-03-02 10:00")
        with self.at("2026-03-05 10:00"):
            self.new_issue(self.proc_flow)  # a draft: not printed
        report = "q1_quality.report_q1_process_history"
        html = self.env["ir.actions.report"].with_user(self.reception_a)._render_qweb_html(report, self.proc_flow.ids)
        html = html[0].decode()
        self.assertEqual(html.count('class="q1-issue-row"'), 2)
        for text in (
            "THEO DÕI BAN HÀNH, SỬA ĐỔI QUY TRÌNH NỘI BỘ",
            issue_01.document_code,
            "27/02/2026",
            "02/03/2026",
            "Đặng Soạn Thảo",
            "Ngô Thư Ký",
            "Trần Chủ Tịch",
            "Chủ tịch",
            "Bổ sung bước kiểm tra pháp lý",
            "Kiểm tra pháp lý",
            "Hết hiệu lực",
            "Đang áp dụng",
        ):
            self.assertIn(text, html)
        self.assertEqual(html.count('class="q1-step-row"'), 6, "3 steps of issue 01, 3 of issue 02")
        self.assertIn("1 ngày làm việc", html)
        # The PDF entry point (under --test-enable Odoo hands back the HTML instead of calling wkhtmltopdf).
        content, _kind = self.env["ir.actions.report"]._render_qweb_pdf(report, self.proc_flow.ids)
        self.assertIn(issue_01.document_code.encode(), content)
        action = issue_02.with_user(self.reception_a).action_print_history()
        self.assertEqual((action["report_name"], action["context"]["active_ids"]), (report, self.proc_flow.ids))


@tagged("post_install", "-at_install")
class TestProcessIssueRace(Q1ReportingCase):
    """Two managers press New issue on one process at once: one draft, the other a message, never a DB error."""

    def _cursor(self):
        return sql_db.db_connect(self.env.cr.dbname).cursor()

    def _committed_procedure(self):
        conn = self._cursor()
        try:
            env = api.Environment(conn, SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True})
            field = env["q1.field"].create({"name": "Thử nghiệm ban hành", "code": "T99-PIRACE"})
            procedure = env["q1.procedure"].create(
                {
                    "name": "Thủ tục thử nghiệm ban hành",
                    "code": "T99.PIRACE",
                    "field_id": field.id,
                    "time_limit": 5,
                    "step_ids": [Command.create({"name": "Thẩm định", "time_budget": 2})],
                }
            )
            issue = env["q1.process.issue"]._q1_new_issue(procedure)
            issue._q1_system().write({"state": "approved", "reason": "Thử"})
            ids = (procedure.id, field.id)
            conn.commit()
        finally:
            conn.close()

        def cleanup():
            conn = self._cursor()
            try:
                procedure_id, field_id = ids
                conn.execute("SELECT id FROM q1_process_issue WHERE procedure_id = %s", (procedure_id,))
                issue_ids = [row[0] for row in conn.fetchall()]
                for table in ("mail_message", "mail_followers"):
                    column = "model" if table == "mail_message" else "res_model"
                    conn.execute(
                        f"DELETE FROM {table} WHERE {column} IN ('q1.process.issue', 'q1.procedure') "  # noqa: S608
                        "AND res_id = ANY(%s)",
                        (issue_ids + [procedure_id],),
                    )
                conn.execute("DELETE FROM q1_procedure_step WHERE procedure_id = %s", (procedure_id,))
                conn.execute("DELETE FROM q1_process_issue WHERE procedure_id = %s", (procedure_id,))
                conn.execute("DELETE FROM q1_procedure WHERE id = %s", (procedure_id,))
                conn.execute("DELETE FROM q1_field WHERE id = %s", (field_id,))
                conn.commit()
            finally:
                conn.close()

        return ids[0], cleanup

    @mute_logger("odoo.sql_db")
    def test_two_new_issues_at_once(self):
        procedure_id, cleanup = self._committed_procedure()
        self.addCleanup(cleanup)
        cr_a, cr_b, probe = self._cursor(), self._cursor(), self._cursor()
        try:
            env_a = api.Environment(cr_a, SUPERUSER_ID, {})
            env_b = api.Environment(cr_b, SUPERUSER_ID, {})
            # B's snapshot is taken before A's new issue commits (B opened the procedure first).
            self.assertEqual(len(env_b["q1.procedure"].browse(procedure_id).q1_issue_ids), 1)
            issue_a = env_a["q1.process.issue"]._q1_new_issue(env_a["q1.procedure"].browse(procedure_id))
            self.assertEqual(issue_a.issue_number, 2)
            cr_a.commit()
            with self.assertRaises(UserError) as caught:
                env_b["q1.process.issue"]._q1_new_issue(env_b["q1.procedure"].browse(procedure_id))
            self.assertIn("Another user has just started a new issue", str(caught.exception))
            cr_b.rollback()
            probe.execute(
                "SELECT issue_number, state FROM q1_process_issue WHERE procedure_id = %s ORDER BY issue_number",
                (procedure_id,),
            )
            self.assertEqual(probe.fetchall(), [(1, "approved"), (2, "draft")])
        finally:
            for cursor in (cr_a, cr_b, probe):
                cursor.rollback()
                cursor.close()

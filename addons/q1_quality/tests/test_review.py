"""Management review (ISO 9001 9.3) and the register of risks and opportunities (6.1): the figures a review gathers
for its period, counted here by hand over records built for the purpose; figures frozen once it is closed; the
minutes printed in Vietnamese."""

import shutil
from datetime import date

from odoo import SUPERUSER_ID, Command, api, sql_db
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, TransactionCase, tagged
from odoo.tools import mute_logger

from .test_audits import Q1AuditCase, assert_waits_then_retries


def figures(review, section):
    """{code: (value, numerator, denominator)} of one section (codes, not labels: labels are in the product's
    language)."""
    return {
        figure.code: (figure.value, figure.numerator, figure.denominator)
        for figure in review.q1_figure_ids.filtered(lambda figure: figure.section == section)
    }


class Q1ReviewCase(Q1AuditCase):
    def review(self, company=None, user=None, **vals):
        company = company or self.ward_a
        user = user or (self.iso_a if company == self.ward_a else self.iso_b)
        return (
            self.env["mgmtsystem.review"]
            .with_user(user)
            .create(
                {
                    "name": "Họp xem xét của lãnh đạo 6 tháng đầu năm 2026",
                    "date": "2026-07-03 02:00:00",
                    "company_id": company.id,
                    "q1_date_from": date(2026, 1, 1),
                    "q1_date_to": date(2026, 6, 30),
                    "q1_chair_id": (self.leader_a if company == self.ward_a else self.leader_b).id,
                    "q1_secretary_id": user.id,
                    **vals,
                }
            )
        )

    def set_dates(self, records, **columns):
        """Write, as history, instants that only the records' own methods stamp (raised, closed, due)."""
        self.env.flush_all()
        for column, value in columns.items():
            self.env.cr.execute(
                f"UPDATE {records._table} SET {column} = %s WHERE id IN %s",  # noqa: S608 - test-made names
                (value, tuple(records.ids)),
            )
        records.invalidate_recordset()

    def risk(self, company, name, likelihood, impact, **vals):
        return (
            self.env["q1.quality.risk"]
            .with_user(self.leader_a if company == self.ward_a else self.leader_b)
            .create({"company_id": company.id, "name": name, "likelihood": likelihood, "impact": impact, **vals})
        )

    def action(self, company, name, deadline, closed=None):
        action = (
            self.env["mgmtsystem.action"]
            .sudo()
            .create(
                {
                    "name": name,
                    "type_action": "correction",
                    "company_id": company.id,
                    "user_id": (self.iso_a if company == self.ward_a else self.iso_b).id,
                }
            )
        )
        self.set_dates(action, date_deadline=deadline, date_closed=closed)
        return action


@tagged("post_install", "-at_install")
class TestReviewGather(Q1ReviewCase):
    def build_period(self):
        """Ward A's first half of 2026, with records before and after it and in ward B."""
        NC = self.env["mgmtsystem.nonconformity"]
        # audits: March (in the period, answered and closed, one finding) and September (after it, open)
        programme, march = self.approved_audit()
        lines = march.line_ids.with_user(self.auditor_a)
        lines.write({"q1_evidence": "Đã kiểm tra 10 hồ sơ tháng 02/2026."})
        lines[:-1].action_q1_conforming()
        lines[-1:].action_q1_not_conforming()
        march.with_user(self.leader_a).button_close()
        _programme_b, _march_b = self.approved_audit(self.ward_b)
        finding_nc = lines[-1].q1_nonconformity_id
        # dossiers: one returned on time, one still running past its due date; a manual NC on the late one
        on_time = self.finish(self.received("2026-03-02 09:00"), "2026-03-04 10:00")
        late = self.received("2026-03-02 10:00")
        late_nc = NC._q1_raise(late, "late", "Hồ sơ quá hạn")
        after_nc = NC._q1_raise(on_time, "apology", "Văn bản xin lỗi")
        other_nc = NC._q1_raise(self.received("2026-03-02 09:00", ward="b"), "late", "Hồ sơ quá hạn")
        self.set_dates(finding_nc, q1_raised_at="2026-03-05 03:00:00")
        self.set_dates(late_nc, q1_raised_at="2026-04-10 03:00:00", closing_date="2026-05-01 03:00:00")
        self.set_dates(after_nc, q1_raised_at="2026-07-15 03:00:00")
        self.set_dates(other_nc, q1_raised_at="2026-04-10 03:00:00")
        # actions due in the period: done in time, done late, still open; one due after; one of ward B
        self.action(self.ward_a, "Cập nhật quy trình", "2026-02-10", "2026-02-09 08:00:00")
        self.action(self.ward_a, "Đào tạo lại", "2026-03-10", "2026-03-20 08:00:00")
        overdue = self.action(self.ward_a, "Bổ sung máy quét", "2026-05-05")
        self.action(self.ward_a, "Rà soát biểu mẫu", "2026-08-01")
        self.action(self.ward_b, "Việc của phường B", "2026-03-10")
        # the register: two open entries of ward A, a closed one, one of ward B
        high = self.risk(self.ward_a, "Quá tải hồ sơ đất đai cuối năm", "4", "5")
        low = self.risk(self.ward_a, "Ứng dụng dịch vụ công trực tuyến", "2", "3", kind="opportunity")
        closed = self.risk(self.ward_a, "Mất điện tại bộ phận một cửa", "3", "3")
        closed.with_user(self.leader_a).action_close()
        self.risk(self.ward_b, "Rủi ro của phường B", "5", "5")
        return {
            "programme": programme,
            "march": march,
            "finding_nc": finding_nc,
            "late_nc": late_nc,
            "overdue": overdue,
            "risks": (high, low),
            "dossiers": (on_time, late),
        }

    def test_the_review_gathers_its_periods_figures(self):
        built = self.build_period()
        review = self.review()
        with self.assertRaises(AccessError):  # an officer gathers nothing
            review.with_user(self.officer_a).action_q1_gather()
        review.with_user(self.iso_a).action_q1_gather()
        self.assertEqual(review.q1_gathered_by_id, self.iso_a)

        audits = figures(review, "audits")
        self.assertEqual(audits["audits_planned"][0], 2)  # March's two items
        self.assertEqual(audits["audits_planned_done"], (100.0, 2, 2))
        self.assertEqual(audits["audits_held"][0], 1)  # September's is after the period, B's another unit's
        self.assertEqual(audits["audits_closed"][0], 1)
        self.assertEqual(audits["items_answered"][0], 5)
        self.assertEqual(audits["items_conforming"], (80.0, 4, 5))
        self.assertEqual(audits["findings"][0], 1)

        ncs = figures(review, "nonconformities")
        self.assertEqual(ncs["nc_raised"][0], 2)  # the finding and the late dossier's; not July's, not B's
        self.assertEqual(ncs["nc_kind_audit"][0], 1)
        self.assertEqual(ncs["nc_kind_late"][0], 1)
        self.assertNotIn("nc_kind_apology", ncs)
        self.assertEqual(ncs["nc_state_draft"][0], 2)
        self.assertEqual(ncs["nc_closed"][0], 1)
        raised = review.q1_figure_ids.filtered(lambda figure: figure.code == "nc_raised")
        self.assertEqual(
            raised.with_user(self.iso_a).action_open_records()["domain"],
            [("id", "in", sorted((built["finding_nc"] | built["late_nc"]).ids))],
        )

        actions = figures(review, "actions")
        self.assertEqual(actions["actions_due"][0], 3)
        self.assertEqual(actions["actions_on_time"][1:], (1, 3))
        self.assertEqual(actions["actions_overdue"][0], 1)
        overdue = review.q1_figure_ids.filtered(lambda figure: figure.code == "actions_overdue")
        self.assertEqual(overdue._record_ids(), built["overdue"].ids)

        # index 5.4 over the two dossiers: one on time, one late (pending past its due date at the period's end)
        satisfaction = review.q1_figure_ids.filtered(lambda figure: figure.section == "satisfaction")
        self.assertEqual((satisfaction.value, satisfaction.numerator, satisfaction.denominator), (50.0, 1, 2))

        risks = review.q1_figure_ids.filtered(lambda figure: figure.section == "risks")
        self.assertEqual(risks.mapped("value"), [20.0, 6.0])
        self.assertEqual(set(risks.mapped("res_ids")), {f"[{risk.id}]" for risk in built["risks"]})

    def test_the_objectives_results_of_the_period(self):
        """Each indicator of the unit measured in the period: its last value there, how many values, its target."""
        env = self.env
        indicators = {}
        for company in (self.ward_a, self.ward_b):
            objective = env["mgmtsystem.objective"].create(
                {"name": "Nâng cao sự hài lòng", "company_id": company.id, "q1_year": 2026}
            )
            indicators[company] = env["mgmtsystem.indicator"].create(
                {"name": "Tỷ lệ hài lòng", "objective_id": objective.id, "q1_target": 90.0, "q1_direction": "min"}
            )
            for day, value in (("2026-02-28", 88.0), ("2026-05-31", 93.5), ("2026-08-31", 97.0)):
                env["mgmtsystem.indicator.value"].create(
                    {"indicator_id": indicators[company].id, "date": day, "value": value}
                )
        review = self.review()
        review.with_user(self.iso_a).action_q1_gather()
        objectives = review.q1_figure_ids.filtered(lambda figure: figure.section == "objectives")
        self.assertEqual(len(objectives), 1, "ward B's indicator is not ward A's")
        # May's value is the last of the period (August's is after it); two values in the period
        self.assertEqual((objectives.value, objectives.numerator), (93.5, 2))
        self.assertEqual(objectives.target, "≥ 90")
        self.assertEqual(len(objectives._record_ids()), 2)

    def test_the_citizens_feedback_of_the_period(self):
        """Feedback received in the period: answered on time over received, justified, satisfied over rated."""
        dossier_a = self.received("2026-03-02 09:00")
        dossier_b = self.received("2026-03-02 09:00", ward="b")

        def feedback(dossier, received, answered=None, late=False, justified=False, satisfaction=None):
            record = self.env["q1.feedback"]._q1_file({"content": "Thử", "citizen_name": "Công Dân"}, dossier=dossier)
            self.set_dates(
                record,
                company_id=dossier.deciding_company_id.id,
                received_at=received,
                answered_at=answered,
                answered_late=late,
                justified=justified,
                answer_satisfaction=satisfaction,
            )
            return record

        on_time = feedback(dossier_a, "2026-03-03 02:00:00", "2026-03-10 02:00:00", False, True, "satisfied")
        feedback(dossier_a, "2026-04-03 02:00:00", "2026-05-20 02:00:00", True, False, "not_satisfied")
        feedback(dossier_a, "2026-06-29 02:00:00")
        feedback(dossier_a, "2026-07-02 02:00:00", "2026-07-03 02:00:00", False, True, "satisfied")  # after
        feedback(dossier_b, "2026-03-03 02:00:00", "2026-03-10 02:00:00", False, True, "satisfied")  # ward B
        review = self.review()
        review.with_user(self.iso_a).action_q1_gather()
        found = figures(review, "feedback")
        self.assertEqual(found["feedback_received"][0], 3)
        self.assertEqual(found["feedback_on_time"][1:], (1, 3))
        self.assertEqual(found["feedback_justified"][0], 1)
        self.assertEqual(found["feedback_satisfied"], (50.0, 1, 2))
        justified = review.q1_figure_ids.filtered(lambda figure: figure.code == "feedback_justified")
        self.assertEqual(justified._record_ids(), on_time.ids)

    def test_gathering_again_replaces_an_open_reviews_figures(self):
        self.build_period()
        review = self.review()
        review.with_user(self.iso_a).action_q1_gather()
        count = len(review.q1_figure_ids)
        review.with_user(self.leader_a).action_q1_gather()
        self.assertEqual(len(review.q1_figure_ids), count)
        # a new period drops the figures of the old one
        review.with_user(self.iso_a).write({"q1_date_to": date(2026, 3, 31)})
        self.assertFalse(review.q1_figure_ids)
        self.assertFalse(review.q1_gathered_at)
        with self.assertRaises(UserError):  # no closing without figures
            review.with_user(self.leader_a).button_close()


@tagged("post_install", "-at_install")
class TestClosedReview(Q1ReviewCase):
    def test_a_closed_reviews_figures_never_change(self):
        self.risk(self.ward_a, "Quá tải hồ sơ đất đai cuối năm", "4", "5")
        review = self.review()
        review.with_user(self.iso_a).write(
            {
                "line_ids": [
                    Command.create(
                        {
                            "name": "Bổ sung nhân sự bộ phận một cửa",
                            "type": "decision",
                            "decision": "Điều động 01 công chức",
                            "q1_owner_id": self.leader_a.id,
                            "q1_due_date": date(2026, 7, 15),
                        }
                    )
                ]
            }
        )
        self.assertEqual(review.line_ids.company_id, self.ward_a)
        review.with_user(self.iso_a).action_q1_gather()
        with self.assertRaises(AccessError):  # the secretary gathers; the leader (or the system's manager) closes
            review.with_user(self.officer_a).button_close()
        review.with_user(self.leader_a).button_close()
        self.assertEqual((review.state, review.q1_closed_by_id), ("done", self.leader_a))
        frozen = [(f.label, f.value, f.numerator, f.denominator, f.res_ids) for f in review.q1_figure_ids]
        self.assertTrue(frozen)

        # the world moves on: new risks, an audit in the period
        self.risk(self.ward_a, "Thiếu máy quét", "5", "5")
        self.approved_audit()
        with self.assertRaises(UserError):
            review.with_user(self.iso_a).action_q1_gather()
        with self.assertRaises(UserError):
            review.with_user(self.iso_a).write({"q1_date_to": date(2026, 12, 31)})
        with self.assertRaises(UserError):
            review.with_user(self.iso_a).write({"conclusion": "<p>Sửa sau khi đóng</p>"})
        with self.assertRaises(UserError):
            review.with_user(self.iso_a).write({"state": "open"})
        with self.assertRaises(UserError):
            review.line_ids.with_user(self.iso_a).write({"q1_due_date": date(2026, 12, 31)})
        with self.assertRaises(UserError):
            self.env["mgmtsystem.review.line"].with_user(self.iso_a).create({"name": "Thêm", "review_id": review.id})
        # not even the system edits or removes a closed review's figure
        with self.assertRaises(UserError):
            review.q1_figure_ids[:1].sudo().write({"value": 99})
        with self.assertRaises(UserError):
            review.q1_figure_ids.sudo().unlink()
        with self.assertRaises(UserError):
            self.env["q1.review.figure"].sudo().create(
                {"review_id": review.id, "section": "risks", "label": "Thêm", "kind": "count"}
            )
        with self.assertRaises(UserError):  # and no user writes a figure, open review or not
            self.review(name="Khác").q1_figure_ids.with_user(self.iso_a).create(
                {"review_id": review.id, "section": "risks", "label": "Thêm", "kind": "count"}
            )
        review.invalidate_recordset()
        self.assertEqual(
            [(f.label, f.value, f.numerator, f.denominator, f.res_ids) for f in review.q1_figure_ids], frozen
        )

    def test_review_rules_and_bad_input(self):
        review_b = self.review(self.ward_b)
        self.assertFalse(review_b.with_user(self.iso_a).has_access("read"))
        self.assertFalse(review_b.with_user(self.leader_a).has_access("read"))
        with self.assertRaises(AccessError):
            review_b.with_user(self.leader_a).action_q1_gather()
        with self.assertRaises(AccessError):  # nobody files a review in another unit
            self.review(self.ward_b, user=self.iso_a)
        with self.assertRaises(ValidationError):
            self.review(q1_date_from=date(2026, 6, 30), q1_date_to=date(2026, 1, 1))
        with self.assertRaises(ValidationError):
            self.review(q1_date_from=date(2020, 1, 1), q1_date_to=date(2026, 1, 1))
        with self.assertRaises(ValidationError):  # the chair is an officer of the unit
            self.review(q1_chair_id=self.leader_b.id)
        with self.assertRaises(ValidationError):
            self.review(q1_date_to="not a date")


@tagged("post_install", "-at_install")
class TestRiskRegister(Q1ReviewCase):
    def test_level_states_and_rules(self):
        risk = self.risk(self.ward_a, "Quá tải hồ sơ đất đai cuối năm", "4", "5")
        self.assertEqual((risk.level, risk.level_band), (20, "high"))
        risk.with_user(self.leader_a).write({"likelihood": "2"})
        self.assertEqual((risk.level, risk.level_band), (10, "medium"))
        with self.assertRaises(ValidationError):
            risk.with_user(self.leader_a).write({"impact": "9"})
        with self.assertRaises(UserError):
            risk.with_user(self.leader_a).write({"state": "closed"})
        with self.assertRaises(UserError):  # treatment needs its action and owner
            risk.with_user(self.leader_a).action_treat()
        action = self.action(self.ward_a, "Tăng cường nhân sự", "2026-12-31")
        risk.with_user(self.leader_a).write({"action_id": action.id, "owner_id": self.officer_a.id})
        with self.assertRaises(AccessError):
            risk.with_user(self.officer_a).action_treat()
        risk.with_user(self.leader_a).action_treat()
        self.assertEqual(risk.state, "treating")
        risk.with_user(self.iso_a).action_close()
        self.assertTrue(risk.closed_at)
        with self.assertRaises(UserError):
            risk.with_user(self.leader_a).write({"name": "Sửa sau khi đóng"})
        with self.assertRaises(ValidationError):  # the owner is an officer of the unit
            self.risk(self.ward_a, "Khác", "1", "1", owner_id=self.proc_b.id)
        risk_b = self.risk(self.ward_b, "Rủi ro của phường B", "5", "5")
        self.assertFalse(risk_b.with_user(self.leader_a).has_access("read"))
        with self.assertRaises(AccessError):
            risk_b.with_user(self.leader_a).action_close()


@tagged("post_install", "-at_install")
class TestReviewMinutes(Q1ReviewCase):
    def test_the_minutes_print_in_vietnamese(self):
        self.env["res.lang"]._activate_lang("vi_VN")
        self.env["ir.module.module"]._load_module_terms(["q1_quality"], ["vi_VN"], overwrite=True)
        self.iso_a.lang = self.leader_a.lang = "vi_VN"
        self.risk(self.ward_a, "Quá tải hồ sơ đất đai cuối năm", "4", "5")
        review = self.review(q1_location="Phòng họp tầng 2")
        review.with_user(self.iso_a).write(
            {
                "user_ids": [Command.set((self.leader_a | self.iso_a | self.officer_a).ids)],
                "line_ids": [
                    Command.create(
                        {
                            "name": "Bổ sung nhân sự bộ phận một cửa",
                            "decision": "Điều động 01 công chức",
                            "q1_owner_id": self.leader_a.id,
                            "q1_due_date": date(2026, 7, 15),
                        }
                    )
                ],
            }
        )
        review.with_user(self.iso_a).action_q1_gather()
        html = (
            self.env["ir.actions.report"]
            .with_user(self.iso_a)
            ._render_qweb_html("q1_quality.report_q1_review_minutes", review.ids)[0]
            .decode()
        )
        for text in (
            "BIÊN BẢN HỌP XEM XÉT CỦA LÃNH ĐẠO",
            "DỰ THẢO",  # not closed yet
            "từ ngày 01/01/2026 đến ngày 30/06/2026",
            "09 giờ 00, ngày 03 tháng 7 năm 2026",
            "Phòng họp tầng 2",
            "Kết quả đánh giá nội bộ",
            "Rủi ro và cơ hội",
            "Quá tải hồ sơ đất đai cuối năm",
            "Điều động 01 công chức",
            "15/07/2026",
            "CHỦ TRÌ",
            self.leader_a.name,
            self.officer_a.name,
            # the gathered labels, in the gatherer's language
            "Đánh giá nội bộ đã thực hiện",
            "Sự không phù hợp đã phát sinh",
        ):
            self.assertIn(text, html)
        self.assertNotIn("Internal audits held", html)
        review.with_user(self.leader_a).button_close()
        html = (
            self.env["ir.actions.report"]
            .with_user(self.leader_a)
            ._render_qweb_html("q1_quality.report_q1_review_minutes", review.ids)[0]
            .decode()
        )
        self.assertNotIn("DỰ THẢO", html)
        # another unit's officers print nothing of it
        with self.assertRaises(AccessError):
            self.env["ir.actions.report"].with_user(self.iso_b)._render_qweb_html(
                "q1_quality.report_q1_review_minutes", review.ids
            )


@tagged("post_install", "-at_install")
class TestReviewMinutesPdf(HttpCase, Q1ReviewCase):
    """The real PDF (HttpCase: wkhtmltopdf fetches the report's assets from the test server through the test
    cursor, as q1_dossier's TestReceiptPdf)."""

    def test_the_minutes_pdf(self):
        if not shutil.which("wkhtmltopdf"):
            self.skipTest("wkhtmltopdf is not installed")
        review = self.review()
        review.with_user(self.iso_a).action_q1_gather()
        pdf, kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf("q1_quality.report_q1_review_minutes", review.ids)
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"), pdf[:20])
        self.assertGreater(len(pdf), 1000)


@tagged("post_install", "-at_install")
class TestAuditAndReviewForms(Q1ReviewCase):
    """The forms as the web client loads them (views, onchanges, saves) for the people who use them."""

    def test_the_forms_open_and_save(self):
        with Form(self.env["q1.audit.programme"].with_user(self.iso_a)) as form:
            form.year = 2027
            with form.line_ids.new() as line:
                line.month = "4"
                line.clause_id = self.clause_75
                line.auditor_id = self.auditor_a
        programme = form.record
        self.assertEqual((programme.company_id, len(programme.line_ids)), (self.ward_a, 1))
        _programme, audit = self.approved_audit()
        with Form(audit.with_user(self.auditor_a)) as form:
            form.q1_scope = "Bộ phận Một cửa"
        with Form(audit.line_ids[:1].with_user(self.auditor_a)) as form:
            form.q1_evidence = "Đã xem sổ theo dõi."
        review = self.review()
        with Form(review.with_user(self.leader_a)) as form:
            form.q1_location = "Phòng họp"
            with form.line_ids.new() as line:
                line.name = "Tăng cường nhân sự"
                line.decision = "Điều động 01 công chức"
                line.q1_owner_id = self.leader_a
                line.q1_due_date = date(2026, 9, 30)
        self.assertEqual(review.line_ids.q1_owner_id, self.leader_a)
        with Form(self.env["q1.quality.risk"].with_user(self.leader_a)) as form:
            form.name = "Thiếu máy quét"
            form.likelihood = "5"
            form.impact = "2"
            self.assertEqual(form.level, 10)
        self.assertEqual(form.record.level_band, "medium")


@tagged("post_install", "-at_install")
class TestGatherRace(TransactionCase):
    """Two people press "Gather the Figures" together, in two transactions on real connections: the review keeps one
    set of figures. The second waits for the first's lock and, its snapshot older than the first's commit, is
    refused at that lock (Odoo runs its request again, which replaces the figures with the same ones)."""

    def _cursor(self):
        return sql_db.db_connect(self.env.cr.dbname).cursor()

    def _committed_review(self):
        conn = self._cursor()
        try:
            env = api.Environment(conn, SUPERUSER_ID, {"tracking_disable": True})
            review = env["mgmtsystem.review"].create(
                {
                    "name": "Thử tranh chấp",
                    "date": "2099-07-01 02:00:00",
                    "company_id": env.ref("base.main_company").id,
                    "q1_date_from": "2099-01-01",
                    "q1_date_to": "2099-06-30",
                }
            )
            review_id = review.id
            conn.commit()
        finally:
            conn.close()

        def cleanup():
            conn = self._cursor()
            try:
                conn.execute("DELETE FROM q1_review_figure WHERE review_id = %s", (review_id,))
                for table, model_column in (("mail_message", "model"), ("mail_followers", "res_model")):
                    conn.execute(
                        f"DELETE FROM {table} WHERE {model_column} = 'mgmtsystem.review' AND res_id = %s",  # noqa: S608
                        (review_id,),
                    )
                conn.execute("DELETE FROM mgmtsystem_review WHERE id = %s", (review_id,))
                conn.commit()
            finally:
                conn.close()

        return review_id, cleanup

    @mute_logger("odoo.sql_db")
    def test_two_gatherings_at_once_leave_one_set_of_figures(self):
        review_id, cleanup = self._committed_review()
        self.addCleanup(cleanup)
        cr_a, cr_b, probe = self._cursor(), self._cursor(), self._cursor()

        def gather_in_b():
            env_b["mgmtsystem.review"].browse(review_id).action_q1_gather()
            cr_b.commit()
            return "gathered"

        try:
            env_a = api.Environment(cr_a, SUPERUSER_ID, {})
            env_b = api.Environment(cr_b, SUPERUSER_ID, {})
            cr_b.execute("SET LOCAL lock_timeout = '60s'")
            cr_b.execute("SELECT pg_backend_pid()")
            b_pid = cr_b.fetchone()[0]
            self.assertFalse(env_b["mgmtsystem.review"].browse(review_id).q1_figure_ids)  # B's snapshot
            env_a["mgmtsystem.review"].browse(review_id).action_q1_gather()

            error = assert_waits_then_retries(
                self, cr_a, probe, b_pid, gather_in_b, "B gathered over a snapshot without A's figures"
            )
            failed = error.cursor.query or b""
            self.assertIn(b"FROM mgmtsystem_review WHERE", failed)
            cr_b.rollback()

            probe.execute("SELECT count(*) FROM q1_review_figure WHERE review_id = %s", (review_id,))
            count = probe.fetchone()[0]
            self.assertTrue(count)
            # the request run again (Odoo's retry) replaces the figures: still one set
            env_b.invalidate_all()
            env_b["mgmtsystem.review"].browse(review_id).action_q1_gather()
            cr_b.commit()
            probe.execute("SELECT count(*) FROM q1_review_figure WHERE review_id = %s", (review_id,))
            self.assertEqual(probe.fetchone()[0], count)
        finally:
            for cursor in (cr_a, cr_b, probe):
                cursor.rollback()
                cursor.close()

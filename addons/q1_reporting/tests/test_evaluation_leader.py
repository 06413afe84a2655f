"""Issue 12, HR and the leader (defects 3 and 6): the period opens on the unit the user works in, the leader
approves a group at the levels the managers proposed or at a lower level with a reason (never above the score,
never past the 20 % cap of Decree 335/2025 Art. 20(5)(a)), an officer cannot type the evaluators' fields in the
form, and a sheet printed before approval says it is a draft and shows no level."""

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import EXCELLENT_GENERAL, GOOD_GENERAL, Q1ReportingCase


@tagged("post_install", "-at_install")
class TestEvaluationLeader(Q1ReportingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.main = env.ref("base.main_company")
        # HR whose own company is the main one (as Odoo's first company), working for ward A too.
        cls.hr = new_test_user(
            env,
            login="i_leader_hr",
            groups="hr.group_hr_user,base.group_user",
            name="Ngô Nhân Sự",
            company_id=cls.main.id,
            company_ids=[Command.set((cls.main | cls.ward_a).ids)],
        )
        cls.desk_users = [
            new_test_user(
                env,
                login=f"i_leader_officer_{n}",
                groups="q1_dossier.group_q1_processing",
                name=f"Công Chức {n}",
                company_id=cls.ward_a.id,
                company_ids=[Command.set(cls.ward_a.ids)],
            )
            for n in range(1, 7)
        ]
        desk = env["hr.job"].create({"name": "Chuyên viên một cửa (thử lãnh đạo)", "company_id": cls.ward_a.id})

        employee = cls._ward_a_employee

        head = employee(cls.head_a)
        for user in cls.desk_users:
            employee(user, head, desk)
        # A month without any dossier: every sheet scores on the task points the manager enters.
        cls.period = (
            env["q1.evaluation.period"]
            .with_user(cls.hr)
            .with_context(allowed_company_ids=cls.ward_a.ids)
            .create({"company_id": cls.ward_a.id, "kind": "month", "year": 2025, "index": 2})
        )
        cls.period.action_compute_sheets()

    def sheet_of(self, user):
        return self.period.sheet_ids.filtered(lambda s: s.user_id == user)

    def reviewed(self, levels):
        """Sheets of ``levels`` ({user: (general points, level proposed by the manager)}), sent for approval."""
        sheets = self.env["q1.evaluation.sheet"]
        for user, (general, proposed) in levels.items():
            sheet = self.sheet_of(user)
            sheet.with_user(user).action_submit()
            sheet.with_user(self.head_a).write(
                general | {"manual_task_points": 70, "manager_proposed_band": proposed, "manager_comment": "Tốt."}
            )
            sheet.with_user(self.head_a).action_review()
            sheets |= sheet
        return sheets

    # ------------------------------------------------------------------ defect 6: the period's unit

    def test_the_period_opens_on_the_unit_the_user_works_in_and_saves_at_once(self):
        Period = self.env["q1.evaluation.period"].with_user(self.hr)
        # Odoo's main company first in the session, ward A active too: the unit is ward A, not the main company.
        both = Period.with_context(allowed_company_ids=[self.main.id, self.ward_a.id])
        self.assertEqual(both.default_get(["company_id"])["company_id"], self.ward_a.id)
        with Form(both) as form:
            form.kind = "month"
            form.year = 2025
            form.index = 3
        self.assertEqual(form.record.company_id, self.ward_a)
        # The unit worked in comes first when it is a one-stop unit.
        leader = self.env["q1.evaluation.period"].with_user(self.leader)
        ward_b_first = leader.with_context(allowed_company_ids=[self.ward_b.id, self.ward_a.id])
        self.assertEqual(ward_b_first.default_get(["company_id"])["company_id"], self.ward_b.id)

    def test_hr_home_is_the_open_period(self):
        action = (
            self.env["q1.evaluation.period"]
            .with_user(self.hr)
            .with_context(allowed_company_ids=self.ward_a.ids)
            .action_open_home()
        )
        self.assertEqual(
            (action["res_model"], action["res_id"], action["view_mode"]),
            ("q1.evaluation.period", self.period.id, "form"),
        )
        self.period.sudo().state = "closed"
        action = (
            self.env["q1.evaluation.period"]
            .with_user(self.hr)
            .with_context(allowed_company_ids=self.ward_a.ids)
            .action_open_home()
        )
        self.assertFalse(action.get("res_id"))
        self.assertEqual(action["view_mode"], "list,form")
        portal = new_test_user(self.env, login="i_leader_portal", groups="base.group_portal")
        with self.assertRaises(AccessError):
            self.env["q1.evaluation.period"].with_user(portal).action_open_home()

    # ------------------------------------------------------------------ defect 6: the 20 % rule and the leader

    def test_the_leader_approves_a_group_at_the_managers_levels_within_the_cap(self):
        first, second, *good = self.desk_users
        # Two sheets score excellent; the manager proposes excellent for the first, good for the second.
        sheets = self.reviewed(
            {first: (EXCELLENT_GENERAL, "excellent"), second: (EXCELLENT_GENERAL, "good")}
            | {user: (GOOD_GENERAL, "good") for user in good}
        )
        self.assertEqual(sheets.mapped("band").count("excellent"), 2)
        batch = sheets.with_user(self.leader)
        # 2 excellent / 4 good: floor(20 % x 4) = 0 allowed: refused, nothing approved.
        with self.assertRaises(UserError):
            batch.action_approve()
        self.assertEqual(set(sheets.mapped("state")), {"reviewed"})
        # At the managers' levels: 1 excellent / 5 good, floor(20 % x 5) = 1 allowed.
        batch.action_approve_manager_level()
        self.assertEqual(set(sheets.mapped("state")), {"approved"})
        lowered = self.sheet_of(second)
        self.assertEqual((lowered.total, lowered.score_band, lowered.band), (95, "excellent", "good"))
        self.assertEqual(lowered.leader_band, "good")
        self.assertEqual(self.sheet_of(first).band, "excellent")

    def test_the_managers_level_never_passes_the_cap_nor_goes_above_the_score(self):
        first, second, *good = self.desk_users
        sheets = self.reviewed(
            {first: (EXCELLENT_GENERAL, "excellent"), second: (EXCELLENT_GENERAL, "excellent")}
            | {user: (GOOD_GENERAL, "good") for user in good}
        )
        # Both proposed excellent: the cap still refuses the group.
        with self.assertRaises(UserError):
            sheets.with_user(self.leader).action_approve_manager_level()
        self.assertEqual(set(sheets.mapped("state")), {"reviewed"})
        self.assertFalse(any(sheets.mapped("leader_band")))
        # A manager's proposal above the score is never taken.
        above = self.sheet_of(good[0])
        above.with_user(self.head_a).write({"manager_proposed_band": "excellent"})
        with self.assertRaises(ValidationError):
            above.with_user(self.leader).action_approve_manager_level()
        self.assertEqual((above.state, above.band), ("reviewed", "good"))

    def test_the_leader_sets_a_lower_level_with_a_reason_only(self):
        first, second, *good = self.desk_users
        sheets = self.reviewed(
            {first: (EXCELLENT_GENERAL, "excellent"), second: (EXCELLENT_GENERAL, "excellent")}
            | {user: (GOOD_GENERAL, "good") for user in good}
        )
        lower = self.sheet_of(second).with_user(self.leader)
        with self.assertRaises(ValidationError):
            lower.write({"leader_band": "good"})  # not the manager's proposal: a reason is needed
        with self.assertRaises(ValidationError):
            self.sheet_of(good[0]).with_user(self.leader).write({"leader_band": "excellent", "leader_band_reason": "x"})
        with self.assertRaises(AccessError):
            lower.with_user(self.head_a).write({"leader_band": "good", "leader_band_reason": "Trưởng phòng tự hạ"})
        lower.write(
            {"leader_band": "good", "leader_band_reason": "Chỉ một người xuất sắc trong nhóm (Điều 20 khoản 5)"}
        )
        self.assertEqual((lower.score_band, lower.band), ("excellent", "good"))
        self.assertFalse(lower.cap_over)
        sheets.with_user(self.leader).action_approve()
        self.assertEqual(set(sheets.mapped("state")), {"approved"})
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("q1_reporting.report_q1_evaluation_sheet", lower.ids)[0]
            .decode()
        )
        self.assertIn("Hoàn thành tốt nhiệm vụ (HTTNV)", html)
        self.assertIn("Chỉ một người xuất sắc trong nhóm", html)

    def test_sending_back_forgets_the_leaders_level(self):
        first, *_rest = self.desk_users
        sheet = self.reviewed({first: (EXCELLENT_GENERAL, "good")})
        sheet.with_user(self.leader).write({"leader_band": "good"})
        self.assertEqual(sheet.band, "good")
        sheet.with_user(self.leader).action_back_to_review()
        self.assertEqual((sheet.state, sheet.leader_band, sheet.band), ("submitted", False, "excellent"))

    # ------------------------------------------------------------------ defect 6: read-only for the officer

    def test_after_submitting_the_officer_cannot_type_the_evaluators_fields(self):
        officer = self.desk_users[0]
        sheet = self.sheet_of(officer)
        with Form(sheet.with_user(officer)) as form:
            form.self_comment = "Tôi hoàn thành các việc được giao."
        sheet.with_user(officer).action_submit()
        form = Form(sheet.with_user(officer))
        for name in ("manager_proposed_band", "manager_comment", "manual_task_points", "qualities", "leader_comment"):
            with self.assertRaises(AssertionError, msg=name):
                setattr(form, name, 1 if name in ("manual_task_points", "qualities") else "good")
        # the server guard stays
        with self.assertRaises(AccessError):
            sheet.with_user(officer).write({"manager_comment": "Tự khen"})
        # the manager types them; the manager cannot type the officer's own assessment
        with Form(sheet.with_user(self.head_a)) as form:
            form.manager_comment = "Hoàn thành tốt."
            form.manual_task_points = 70
            with self.assertRaises(AssertionError):
                form.self_comment = "Không phải của tôi"
        self.assertEqual(sheet.manager_comment, "Hoàn thành tốt.")

    # ------------------------------------------------------------------ defect 3: the draft printout

    def test_a_sheet_printed_before_approval_is_a_draft_without_a_level(self):
        officer = self.desk_users[0]
        sheet = self.reviewed({officer: (GOOD_GENERAL, "good")})

        def html():
            return (
                self.env["ir.actions.report"]
                ._render_qweb_html("q1_reporting.report_q1_evaluation_sheet", sheet.ids)[0]
                .decode()
            )

        draft = html()
        self.assertIn("DỰ THẢO", draft)
        for label in ("(HTXSNV)", "(HTTNV)", "(HTNV)", "(KHTNV)"):
            self.assertNotIn(label, draft)
        self.assertIn("chưa xếp loại", draft)
        sheet.with_user(self.leader).action_approve()
        final = html()
        self.assertNotIn("DỰ THẢO", final)
        self.assertIn("Hoàn thành tốt nhiệm vụ (HTTNV)", final)

    # ------------------------------------------------------------------ defect 9: no technical name

    def test_a_sheet_is_named_by_its_officer_and_period(self):
        sheet = self.sheet_of(self.desk_users[0])
        self.assertEqual(sheet.display_name, f"Công Chức 1 - {self.period.name}")
        self.assertNotIn("q1.evaluation.sheet", sheet.with_user(self.desk_users[0]).display_name)

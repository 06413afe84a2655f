"""HR's and the leader's evaluation day in Chromium (issue 12): HR lands on the open period and computes the
sheets (q1_hr_tour); the officers submit and their manager reviews (here, between the tours); the leader approves
the group at the manager's levels, one "excellent" and four "good" within the 20 % rule (q1_hr_approval_tour)."""

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged

from .common import EXCELLENT_GENERAL, GOOD_GENERAL


@tagged("post_install", "-at_install")
class TestTourHr(HttpCase):
    def setUp(self):
        super().setUp()
        env = self.env
        self.ward = env.ref("q1_dossier.q1_demo_company_saigon")
        self.head = env.ref("q1_dossier.q1_demo_user_truongphong_saigon")
        head_employee = env.ref("q1_dossier.q1_demo_employee_truongphong_saigon")
        self.leader = env.ref("q1_dossier.q1_demo_user_lanhdao_saigon")
        common = {
            "company_id": self.ward.id,
            "company_ids": [Command.set(self.ward.ids)],
            "lang": "vi_VN",
            "tz": "Asia/Ho_Chi_Minh",
        }
        # the demo HR officer of the ward (q1_reporting demo), home: the open evaluation period
        self.hr = env.ref("q1_reporting.q1_demo_user_nhansu_saigon")
        job = env["hr.job"].create({"name": "Chuyên viên tiếp nhận (thử)", "company_id": self.ward.id})
        names = ["Lý Văn Một", "Trịnh Thị Hai", "Phan Văn Ba", "Kiều Thị Bốn", "Đoàn Văn Năm"]
        self.officers = []
        for index, name in enumerate(names, start=1):
            user = new_test_user(
                env, login=f"congchuc{index}.saigon", groups="q1_dossier.group_q1_processing", name=name, **common
            )
            env["hr.employee"].create(
                {
                    "name": name,
                    "user_id": user.id,
                    "company_id": self.ward.id,
                    "parent_id": head_employee.id,
                    "job_id": job.id,
                }
            )
            self.officers.append(user)
        # HR's home opens the latest open period of the unit: the demo's (the month just ended) is closed here, so
        # that the tour lands on this one.
        demo_period = env.ref("q1_reporting.q1_demo_evaluation_period_saigon", raise_if_not_found=False)
        if demo_period:
            demo_period.action_close()
        # A month before the demo history: the manager enters the task points (no product in the period). Groups of
        # fewer than 5 "good" may hold one "excellent" in this unit (the period's rule).
        self.period = (
            env["q1.evaluation.period"]
            .with_user(self.hr)
            .create(
                {
                    "company_id": self.ward.id,
                    "kind": "month",
                    "year": 2025,
                    "index": 1,
                    "cap_small_group_rule": "one",
                }
            )
        )

    def test_hr_tour(self):
        self.start_tour("/odoo", "q1_hr_tour", login="nhansu.saigon", timeout=300)
        sheets = self.period.sheet_ids.filtered(lambda s: s.user_id in self.officers)
        self.assertEqual(len(sheets), 5)
        # The officers submit; the manager scores: two sheets score excellent, the manager proposes it for one.
        proposals = ["excellent", "good", "good", "good", "good"]
        scores = [EXCELLENT_GENERAL, EXCELLENT_GENERAL, GOOD_GENERAL, GOOD_GENERAL, GOOD_GENERAL]
        for user, proposal, score in zip(self.officers, proposals, scores, strict=True):
            sheet = sheets.filtered(lambda s, user=user: s.user_id == user)
            sheet.with_user(user).action_submit()
            sheet.with_user(self.head).write(score | {"manual_task_points": 70, "manager_proposed_band": proposal})
            sheet.with_user(self.head).action_review()
        self.assertEqual(sheets.mapped("band").count("excellent"), 2)
        self.start_tour("/odoo", "q1_hr_approval_tour", login="lanhdao.saigon", timeout=300)
        self.assertEqual(set(sheets.mapped("state")), {"approved"})
        self.assertEqual(sorted(sheets.mapped("band")), ["excellent", "good", "good", "good", "good"])

"""Evaluation integrity: computed points, totals and levels are never written, by the officer evaluated or anyone
else; a score moves only through the manager's general criteria (within their maxima) and documented adjustments
(within the task maximum); absurd periods, points and adjustments are refused in Vietnamese and save nothing."""

import math
import re

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from ..core.officer_score import band, round_half_up
from .common import GOOD_GENERAL, Q1ReportingCase

VIETNAMESE = re.compile(r"[ăâđêôơưàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ]", re.IGNORECASE)
VI = {"lang": "vi_VN"}


@tagged("post_install", "-at_install")
class TestEvaluationIntegrity(Q1ReportingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("vi_VN")
        cls.hr = new_test_user(
            cls.env,
            login="q1_hr_integrity",
            groups="hr.group_hr_user,base.group_user",
            name="Vũ Nhân Sự",
            company_id=cls.ward_a.id,
            company_ids=[Command.set(cls.ward_a.ids)],
        )

        employee = cls._ward_a_employee

        head = employee(cls.head_a)
        employee(cls.officer_a, head)
        employee(cls.proc_a2, head)
        for day, finished in ((5, 6), (5, 13), (6, 7)):
            cls.finish(cls.received(f"2026-10-{day:02d} 09:00"), f"2026-10-{finished:02d} 10:00")
        cls.period = cls.env["q1.evaluation.period"].create(
            {"company_id": cls.ward_a.id, "kind": "month", "year": 2026, "index": 10}
        )
        cls.period.action_compute_sheets()
        cls.sheet = cls.period.sheet_ids.filtered(lambda s: s.user_id == cls.officer_a)

    def stored(self, sheet):
        self.env.flush_all()
        self.env.cr.execute("SELECT * FROM q1_evaluation_sheet WHERE id = %s", (sheet.id,))
        return self.env.cr.fetchall()

    def test_nobody_writes_computed_scores_and_approval_keeps_the_computed_ones(self):
        sheet = self.sheet
        self.assertTrue(sheet.has_products)
        inflated = {
            "total": 100,
            "band": "excellent",
            "general_points": 30,
            "task_points": 70,
            "adjustment_points": 70,
            "computed_task_points": 70,
            "quantity_pct": 100,
            "state": "approved",
            "company_id": self.ward_b.id,
            "user_id": self.proc_a2.id,
            "period_date": "2026-01-01",
            "employee_id": self.period.sheet_ids.filtered(lambda s: s.user_id == self.proc_a2).employee_id.id,
            "year_average": 100,
        }
        before = self.stored(sheet)
        for user, state in ((self.officer_a, "draft"), (self.head_a, "submitted"), (self.leader_a, "reviewed")):
            if sheet.state != state:
                {
                    "submitted": lambda: sheet.with_user(self.officer_a).action_submit(),
                    "reviewed": lambda: self.review(sheet),
                }[state]()
                before = self.stored(sheet)
            for name, value in inflated.items():
                with self.subTest(user=user.login, field=name), self.assertRaises(AccessError) as caught:
                    sheet.with_user(user).with_context(**VI).write({name: value})
                self.assertRegex(str(caught.exception), VIETNAMESE)
                sheet.invalidate_recordset()
                self.assertEqual(self.stored(sheet), before)
            with self.assertRaises(AccessError):
                sheet.with_user(user).write(inflated)
        sheet.with_user(self.leader_a).action_approve()
        self.assertEqual(sheet.state, "approved")
        general = 2 + 2 + 1 + 1 + 1 + 1 + 2
        self.assertEqual(sheet.general_points, general)
        self.assertEqual(sheet.total, round_half_up(general + sheet.task_points))
        self.assertEqual(sheet.band, band(sheet.total, False))
        self.assertLess(sheet.total, 100)

    def review(self, sheet):
        sheet.with_user(self.head_a).write(GOOD_GENERAL | {"manager_proposed_band": "good"})
        sheet.with_user(self.head_a).action_review()

    def test_general_criteria_within_their_maxima(self):
        sheet = self.sheet
        sheet.with_user(self.officer_a).action_submit()
        Sheet = sheet.with_user(self.head_a).with_context(**VI)
        before = self.stored(sheet)
        for values in (
            {"qualities": 5.01},
            {"qualities": -1},
            {"service_attitude": 3},
            {"innovation": 1e9},
            {"innovation": math.nan},
            {"discipline": "5"},
            {"manual_task_points": 71},
            {"manual_task_points": math.inf},
            {"disqualifier": "jaywalking"},
            {"manager_proposed_band": "legendary"},
        ):
            with self.subTest(values=values), self.assertRaises(ValidationError) as caught:
                Sheet.write(values)
            self.assertRegex(str(caught.exception), VIETNAMESE)
            self.assertEqual(self.stored(sheet), before)
        Sheet.write({"qualities": 5, "innovation": 10})
        self.assertEqual(sheet.general_points, 15)

    def test_adjustments_within_the_task_maximum(self):
        sheet = self.sheet
        sheet.with_user(self.officer_a).action_submit()
        Adjustment = self.env["q1.evaluation.adjustment"].with_user(self.head_a).with_context(**VI)
        before = self.stored(sheet)
        count = Adjustment.search_count([])
        for values in (
            {"points": 1e9, "reason": "Cộng điểm"},
            {"points": -1e9, "reason": "Trừ điểm"},
            {"points": 70.01, "reason": "Vượt"},
            {"points": math.nan, "reason": "NaN"},
            {"points": "5", "reason": "Chuỗi"},
            {"points": 5, "reason": "   "},
            {"points": 5, "reason": ""},
        ):
            with self.subTest(values=values), self.assertRaises(ValidationError) as caught:
                Adjustment.create(dict(values, sheet_id=sheet.id))
            self.assertRegex(str(caught.exception), VIETNAMESE)
        self.assertEqual(Adjustment.search_count([]), count)
        self.assertEqual(self.stored(sheet), before)
        # Within bounds: recorded with its author, whoever the request names; the task points stay within 0..70.
        adjustment = Adjustment.create({"sheet_id": sheet.id, "points": 70, "reason": "Hoàn thành vượt kế hoạch"})
        self.assertEqual(adjustment.author_id, self.head_a)
        Adjustment.create({"sheet_id": sheet.id, "points": 70, "reason": "Lần nữa", "author_id": self.leader_a.id})
        self.assertEqual(sheet.adjustment_ids.author_id, self.head_a)
        self.assertEqual(sheet.task_points, 70)
        # Adjustments are added, never changed, even through the sheet.
        with self.assertRaises(UserError):
            sheet.with_user(self.head_a).write({"adjustment_ids": [Command.update(adjustment.id, {"points": -70})]})
        with self.assertRaises(UserError):
            sheet.with_user(self.head_a).write({"adjustment_ids": [Command.delete(adjustment.id)]})
        self.assertEqual(adjustment.points, 70)

    def test_evaluation_year_and_period(self):
        Period = self.env["q1.evaluation.period"].with_user(self.hr).with_context(**VI)
        count = Period.search_count([])
        for values in (
            {"year": 0},
            {"year": 1999},
            {"year": 99999},
            {"year": 2**40},
            {"index": 13},
            {"index": 2**31},
            {"kind": "fortnight"},
            {"index": 5, "kind": "quarter"},
        ):
            with self.subTest(values=values), self.assertRaises(ValidationError) as caught, self.env.cr.savepoint():
                Period.create(dict({"company_id": self.ward_a.id, "kind": "month", "year": 2026, "index": 3}, **values))
            self.assertRegex(str(caught.exception), VIETNAMESE)
        self.assertEqual(Period.search_count([]), count)
        # A period with sheets keeps its month, and its state moves only by its buttons.
        period = self.period.with_user(self.hr).with_context(**VI)
        for values in ({"year": 2025}, {"index": 9}, {"state": "closed"}, {"date_from": "2026-01-01"}, {"name": "X"}):
            with self.subTest(values=values), self.assertRaises(AccessError):
                period.write(values)
        self.assertEqual((self.period.year, self.period.index, self.period.state), (2026, 10, "open"))

    def test_sheets_and_evidence_are_made_by_the_period(self):
        with self.assertRaises(AccessError):
            self.env["q1.evaluation.sheet"].with_user(self.hr).create(
                {"period_id": self.period.id, "employee_id": self.sheet.employee_id.id, "total": 100}
            )
        evidence = self.period.sheet_ids.evidence_ids[:1]
        if evidence:
            with self.assertRaises(AccessError):
                evidence.with_user(self.hr).write({"points_deducted": 0})
        with self.assertRaises(AccessError):
            self.env["q1.evaluation.evidence"].with_user(self.hr).create(
                {"sheet_id": self.sheet.id, "criterion": "quality", "points_deducted": -5}
            )

"""Officer evaluation (Decree 335/2025/NĐ-CP) replayed on a month of generated dossiers of one ward: the draft
scores equal the core's on the same evidence, the workflow runs through forms with the right people, the 20 %
cap blocks and then passes, and each person sees only the sheets they should."""

import io
from datetime import date, datetime

import openpyxl

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.q1_dossier.core.localtime import to_local, to_utc

from ..core.officer_score import (
    GeneralCriteria,
    StepRecord,
    Wait,
    answer_product,
    judge_step,
    officer_score,
    task_result,
)
from ..core.officer_score_data import ERROR_MISSED_ITEM
from .common import Q1ReportingCase


@tagged("post_install", "-at_install")
class TestEvaluation(Q1ReportingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.hr = new_test_user(
            env,
            login="bc_hr",
            groups="hr.group_hr_user,base.group_user",
            name="Vũ Nhân Sự",
            company_id=cls.ward_a.id,
            company_ids=[Command.set(cls.ward_a.ids)],
        )
        cls.more = [
            new_test_user(
                env,
                login=f"bc_officer_a{n}",
                groups="q1_dossier.group_q1_processing",
                name=f"Chuyên Viên {n}",
                company_id=cls.ward_a.id,
                company_ids=[Command.set(cls.ward_a.ids)],
            )
            for n in range(2, 7)
        ]
        job = env["hr.job"].create({"name": "Chuyên viên một cửa (thử)", "company_id": cls.ward_a.id})

        employee = cls._ward_a_employee

        cls.head_employee = employee(cls.head_a)
        cls.officers = [cls.officer_a, *cls.more]
        cls.employees = [employee(user, cls.head_employee, job) for user in cls.officers]
        employee(cls.reception_a, cls.head_employee, job)
        employee(cls.leader)
        # Histories ending on a fixed day, so that October 2026 is evaluated on the same record whenever the test runs.
        env["q1.dossier.generator"].load(500, seed=9, days=75, end=date(2026, 11, 30), company_ids=cls.ward_a.ids)
        cls.period = (
            env["q1.evaluation.period"]
            .with_user(cls.hr)
            .create({"company_id": cls.ward_a.id, "kind": "month", "year": 2026, "index": 10})
        )
        cls.period.action_compute_sheets()
        cls.sheets = {s.user_id: s for s in cls.period.sheet_ids}

    def products_of(self, user):
        """The officer's products read the plain ORM way (the test's own reading of the evidence rules): the steps
        the core judges in October net of the applicant's waits, the receptions, and the online submissions
        answered at the counter without being received."""
        local_start, local_end = datetime(2026, 10, 1), datetime(2026, 11, 1)
        start, end = to_utc(local_start), to_utc(local_end)
        products = []
        for step in self.env["q1.dossier.step"].search(
            [
                ("user_id", "=", user.id),
                ("taken_at", "<", end),
                "|",
                ("finished_at", "=", False),
                ("finished_at", ">=", start),
            ],
            order="id",
        ):
            dossier = step.dossier_id
            weight = step.procedure_step_id.q1_product_weight or dossier.procedure_id.q1_product_weight or 1.0
            ended = dossier.state in ("stopped", "withdrawn") and step.finished_at == dossier.finished_at
            waits = [
                Wait(
                    pause.kind,
                    to_local(pause.paused_at),
                    to_local(pause.resumed_at) if pause.resumed_at else None,
                    bool(pause.resumed_at) and (not step.finished_at or pause.resumed_at < step.finished_at),
                )
                for pause in dossier.pause_ids
            ]
            product = judge_step(
                StepRecord(
                    ("step", step.id),
                    dossier.code,
                    step.name,
                    to_local(step.taken_at),
                    to_local(step.planned_end),
                    to_local(step.finished_at) if step.finished_at else None,
                    weight,
                    waits,
                    dossier.state if ended else None,
                    not_satisfied=dossier.rating == "not_satisfied",
                ),
                local_start,
                local_end,
            )
            if product:
                products.append(product)
        calendar = self.ward_a.q1_work_calendar_id or self.env.ref("q1_dossier.q1_work_calendar_state")
        core_calendar = calendar._to_core()

        def hours(dossier, answered):
            if dossier.channel != "online" or not dossier.submitted_at:
                return None
            return core_calendar.working_time(to_local(dossier.submitted_at), to_local(answered)).total_seconds() / 3600

        for dossier in self.env["q1.dossier"].search(
            [("received_by_id", "=", user.id), ("received_at", ">=", start), ("received_at", "<", end)], order="id"
        ):
            answered_first = dossier.counter_outcome_at and dossier.counter_outcome_at < dossier.received_at
            missed = any(p.kind == "supplement" for p in dossier.pause_ids)
            products.append(
                answer_product(
                    ("reception", dossier.id),
                    dossier.code,
                    "Tiếp nhận hồ sơ",
                    dossier.procedure_id.q1_product_weight or 1.0,
                    answer_hours=None if answered_first else hours(dossier, dossier.received_at),
                    errors=(ERROR_MISSED_ITEM,) if missed else (),
                    not_satisfied=dossier.rating == "not_satisfied",
                )
            )
        for dossier in self.env["q1.dossier"].search(
            [
                ("channel", "=", "online"),
                ("counter_officer_id", "=", user.id),
                ("counter_outcome_at", ">=", start),
                ("counter_outcome_at", "<", end),
            ],
            order="id",
        ):
            if dossier.received_at and dossier.received_at <= dossier.counter_outcome_at:
                continue
            products.append(
                answer_product(
                    ("answer", dossier.id),
                    dossier.code,
                    "Trả lời hồ sơ trực tuyến",
                    dossier.procedure_id.q1_product_weight or 1.0,
                    answer_hours=hours(dossier, dossier.counter_outcome_at),
                )
            )
        return products

    def test_draft_scores_match_the_core_on_the_same_evidence(self):
        self.assertGreaterEqual(len(self.sheets), 8)
        checked = 0
        for user, sheet in self.sheets.items():
            products = self.products_of(user)
            result = task_result(products)
            self.assertEqual(
                sheet.product_count,
                len(products),
                (user.login, sorted(p.ref for p in products), sheet.evidence_ids.mapped("ref")),
            )
            if result.points is None:
                self.assertFalse(sheet.has_products)
                continue
            self.assertAlmostEqual(sheet.quantity_pct, result.quantity_pct, 2)
            self.assertAlmostEqual(sheet.quality_pct, result.quality_pct, 2)
            self.assertAlmostEqual(sheet.progress_pct, result.progress_pct, 2)
            self.assertAlmostEqual(sheet.total, officer_score(products, GeneralCriteria()).total, 2)
            self.assertEqual(len(sheet.evidence_ids), len(officer_score(products, GeneralCriteria()).evidence))
            checked += 1
        self.assertGreaterEqual(checked, 6)
        self.assertTrue(any(s.evidence_ids.filtered(lambda e: e.criterion == "progress") for s in self.sheets.values()))

    def score(self, sheet, general, band="good"):
        """The manager's points on the general criteria, through the form."""
        with Form(sheet.with_user(self.head_a)) as form:
            for name, value in zip(
                (
                    "qualities",
                    "discipline",
                    "competence",
                    "task_fulfilment",
                    "responsibility",
                    "service_attitude",
                    "innovation",
                ),
                general,
                strict=True,
            ):
                setattr(form, name, value)
            form.manager_proposed_band = band
            form.manager_comment = "Hoàn thành nhiệm vụ được giao."

    def test_workflow_through_forms(self):
        sheet = self.sheets[self.officer_a]
        with Form(sheet.with_user(self.officer_a)) as form:
            form.self_comment = "Tôi đã hoàn thành các hồ sơ được giao."
            form.self_proposed_band = "good"
        with self.assertRaises(UserError):
            sheet.with_user(self.head_a).action_submit()
        sheet.with_user(self.officer_a).action_submit()
        with self.assertRaises(AccessError):
            sheet.with_user(self.officer_a).write({"qualities": 5})
        # 19 general points keep the total under 90 whatever the task points: a lone "excellent" would wait for the
        # good sheets of its group (the 20 % cap, tested in test_evaluation_fairness).
        self.score(sheet, (3, 3, 2.5, 2.5, 2.5, 2.5, 3))
        self.assertEqual(sheet.general_points, 19)
        with self.assertRaises(UserError):
            sheet.with_user(self.head_a).action_approve()
        sheet.with_user(self.head_a).action_review()
        sheet.with_user(self.leader).action_approve()
        self.assertEqual(sheet.state, "approved")
        with self.assertRaises(UserError):
            sheet.with_user(self.head_a).write({"innovation": 10})
        with self.assertRaises(UserError):
            self.env["q1.evaluation.adjustment"].with_user(self.head_a).create(
                {"sheet_id": sheet.id, "points": 1, "reason": "Thử"}
            )
        year = self.env["q1.evaluation.sheet"]._year_result(sheet.employee_id, 2026)
        self.assertEqual((year.average, year.periods), (sheet.total, 1))
        self.assertEqual((sheet.year_average, sheet.year_band), (sheet.total, sheet.band))

    def test_adjustments_are_documented_and_never_by_the_officer(self):
        sheet = self.sheets[self.more[0]]
        with self.assertRaises(AccessError):
            self.env["q1.evaluation.adjustment"].with_user(self.more[0]).create(
                {"sheet_id": sheet.id, "points": 5, "reason": "Tự cộng điểm"}
            )
        before = sheet.task_points
        self.env["q1.evaluation.adjustment"].with_user(self.head_a).create(
            {"sheet_id": sheet.id, "points": -2, "reason": "Hồ sơ trả lại do sai sót (phản ánh ngày 20/10)"}
        )
        self.assertAlmostEqual(sheet.task_points, max(before - 2, 0), 2)
        self.assertIn("Hồ sơ trả lại do sai sót", sheet.message_ids[0].body)
        with self.assertRaises(AccessError):
            sheet.evidence_ids[:1].with_user(self.more[0]).write({"reason": "x"}) if sheet.evidence_ids else self.env[
                "q1.evaluation.evidence"
            ].with_user(self.more[0]).create({"sheet_id": sheet.id})
        with self.assertRaises(AccessError):
            sheet.with_user(self.head_a).write({"computed_task_points": 70})

    def test_cap_blocks_then_passes(self):
        Adjustment = self.env["q1.evaluation.adjustment"].with_user(self.head_a)
        sheets = [self.sheets[user] for user in self.officers]
        for index, (user, sheet) in enumerate(zip(self.officers, sheets, strict=True)):
            sheet.with_user(user).action_submit()
            Adjustment.create({"sheet_id": sheet.id, "points": 70, "reason": "Cố định điểm nhiệm vụ để thử"})
            excellent = index < 2
            self.score(
                sheet,
                (5, 5, 2.5, 2.5, 2.5, 2.5, 5) if excellent else (2, 2, 1, 1, 1, 1, 2),
                "excellent" if excellent else "good",
            )
            sheet.with_user(self.head_a).action_review()
        bands = [s.band for s in sheets]
        self.assertEqual(bands.count("excellent"), 2)
        batch = self.env["q1.evaluation.sheet"].browse([s.id for s in sheets]).with_user(self.leader)
        with self.assertRaisesRegex(UserError, "vượt 2"):
            batch.action_approve()
        self.assertEqual(set(batch.mapped("state")), {"reviewed"})
        self.score(sheets[1], (2, 2, 1, 1, 1, 1, 2))
        self.assertEqual(sheets[1].band, "good")
        batch.action_approve()
        self.assertEqual(set(batch.mapped("state")), {"approved"})

    def test_who_sees_which_sheet(self):
        Sheet = self.env["q1.evaluation.sheet"]
        mine = Sheet.with_user(self.officer_a).search([])
        self.assertEqual(mine.user_id, self.officer_a)
        team = Sheet.with_user(self.head_a).search([])
        self.assertEqual(
            set(team.user_id.ids) - {self.head_a.id}, {u.id for u in self.officers} | {self.reception_a.id}
        )
        self.assertEqual(Sheet.with_user(self.hr).search([]), self.period.sheet_ids)
        self.assertFalse(Sheet.with_user(self.officer_b).search([]))
        self.assertEqual(self.head_employee.with_user(self.hr).q1_evaluation_count, 1)

    def test_printed_sheet_and_spreadsheet(self):
        sheet = self.sheets[self.officer_a]
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("q1_reporting.report_q1_evaluation_sheet", sheet.ids)[0]
            .decode()
        )
        self.assertIn("PHIẾU THEO DÕI, ĐÁNH GIÁ CÔNG CHỨC", html)
        self.assertIn(self.officer_a.name, html)
        period = self.period.with_user(self.hr)
        self.assertEqual(period.action_export_xlsx()["url"], f"/q1/download/q1.evaluation.period/{period.id}/xlsx")
        period._q1_download_check_access()
        name, _mimetype, content = period._q1_download_file("xlsx")
        self.assertEqual(name, f"danh-gia-cong-chuc-{period.year}-{period.kind}-{period.index}.xlsx")
        book = openpyxl.load_workbook(io.BytesIO(content))
        names = {row[1].value for row in book.active.iter_rows(min_row=6) if row[1].value}
        self.assertTrue({s.employee_id.name for s in self.period.sheet_ids} <= names)

    def test_another_wards_people_cannot_download_the_spreadsheet(self):
        hr_b = new_test_user(
            self.env,
            login="bc_hr_b",
            groups="hr.group_hr_user,base.group_user",
            company_id=self.ward_b.id,
            company_ids=[Command.set(self.ward_b.ids)],
        )
        for user in (self.hr, self.leader):
            self.period.with_user(user)._q1_download_check_access()
        # the period's record rule (the user's units) refuses them, as the download route asks it to
        for outsider in (hr_b, self.officer_b):
            with self.assertRaises(AccessError):
                self.period.with_user(outsider)._q1_download_check_access()

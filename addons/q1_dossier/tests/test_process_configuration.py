"""A manager configures an internal process in the UI; dossiers then follow it (control slip, Mẫu 06).

Hand computation on the 2026 state calendar: Wed 29/04/2026; Thu 30/04 and Fri 01/05 are holidays, then
the weekend, so the next working days are Mon 04/05, Tue 05/05, Wed 06/05. Shifts 07:30-11:30, 13:00-17:00:
a budget of 1 working day is 8 working hours.
"""

from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import Q1Case, utc


@tagged("post_install", "-at_install")
class TestProcessConfiguration(Q1Case):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager = new_test_user(
            cls.env,
            login="lt_manager",
            groups="base.group_user,q1_dossier.group_q1_manager",
            name="Quản Trị Quy Trình",
            company_id=cls.ward_a.id,
            company_ids=[Command.set(cls.ward_a.ids)],
            tz="Asia/Ho_Chi_Minh",
        )

    def _new_stage(self, name):
        form = Form(self.env["q1.dossier.stage"].with_user(self.manager))
        form.name = name
        form.status = "processing"
        form.sequence = 4
        return form.save()

    def _procedure_form(self, code, budgets, time_limit=3):
        """The procedure form as the manager fills it: one line of the 'Internal process' tab per budget."""
        form = Form(self.env["q1.procedure"].with_user(self.manager))
        form.name = f"Cấp phép thử nghiệm {code}"
        form.code = code
        form.field_id = self.field
        form.time_limit = time_limit
        form.time_unit = "day"
        for name, stage, amount, unit in budgets:
            with form.step_ids.new() as line:
                line.name = name
                line.stage_id = stage
                line.time_budget = amount
                line.time_unit = unit
        return form

    def test_manager_process_then_dossier_through_three_steps(self):
        stages = [self._new_stage(name) for name in ("Thẩm định", "Trình ký", "Ký duyệt")]
        self.assertEqual(set(s.status for s in stages), {"processing"})
        procedure = self._procedure_form(
            "T98.000010",
            [("Thẩm định", stages[0], 1, "day"), ("Trình ký", stages[1], 1, "day"), ("Ký duyệt", stages[2], 1, "day")],
        ).save()
        self.assertEqual(procedure.step_ids.mapped("name"), ["Thẩm định", "Trình ký", "Ký duyệt"])
        self.assertEqual(procedure.step_ids.stage_id, stages[0] | stages[1] | stages[2])

        # The reception officer enters and receives a dossier through the form.
        form = Form(self.env["q1.dossier"].with_user(self.reception_a))
        form.procedure_id = procedure
        form.applicant_name = "Phan Văn Đề Nghị"
        form.applicant_phone = "0903 111 222"
        dossier = form.save()
        self.receive_at(dossier, "2026-04-29 09:00")
        # 3 working days after Wed 29/04: Mon 04/05, Tue 05/05, Wed 06/05.
        self.assertEqual(dossier.due_date, date(2026, 5, 6))

        with self.at("2026-04-29 09:30"):
            dossier.with_user(self.head_a).assign(self.proc_a1)
        self.assertEqual(dossier.stage_id, stages[0])
        # Step 1 handed at reception, Wed 09:00: 6.5 h on Wednesday, 1.5 h on Mon 04/05 -> 09:00.
        # Expected ends of the next steps follow: + 8 h each -> Tue 05/05 09:00, Wed 06/05 09:00.
        self.assertEqual(
            [(r["name"], r["status"], r["end"]) for r in dossier._timeline()],
            [
                ("Thẩm định", "current", datetime(2026, 5, 4, 9, 0)),
                ("Trình ký", "planned", datetime(2026, 5, 5, 9, 0)),
                ("Ký duyệt", "planned", datetime(2026, 5, 6, 9, 0)),
            ],
        )

        with self.at("2026-04-29 15:00"):
            dossier.with_user(self.proc_a1).hand_over(self.proc_a2)
        self.assertEqual(dossier.stage_id, stages[1])
        # Step 2 from Wed 15:00: 2 h on Wednesday, then 4 h + 2 h on Mon 04/05 -> 15:00; step 3 -> Tue 05/05 15:00.
        self.assertEqual(
            [(r["name"], r["status"], r["end"], r["result"]) for r in dossier._timeline()],
            [
                ("Thẩm định", "done", datetime(2026, 4, 29, 15, 0), "early"),
                ("Trình ký", "current", datetime(2026, 5, 4, 15, 0), False),
                ("Ký duyệt", "planned", datetime(2026, 5, 5, 15, 0), False),
            ],
        )

        # Step 2 is handed over on Tue 05/05 08:00, after its planned end (Mon 04/05 15:00): late.
        with self.at("2026-05-05 08:00"):
            dossier.with_user(self.proc_a2).hand_over(self.leader_a)
        self.assertEqual(dossier.stage_id, stages[2])
        # Step 3 from Tue 08:00: 3.5 h + 4 h on Tuesday, 0.5 h on Wed 06/05 -> 08:00.
        with self.at("2026-05-06 07:50"):
            dossier.with_user(self.leader_a).hand_over()
        self.assertEqual(dossier.state, "done")
        self.assertEqual(dossier.finished_at, utc("2026-05-06 07:50"))

        rows = dossier.step_ids
        self.assertEqual(len(rows), 3)
        self.assertEqual(rows.mapped("procedure_step_id"), procedure.step_ids)
        self.assertEqual(
            [(r.sequence, r.name, r.handed_by_id, r.user_id) for r in rows],
            [
                (1, "Thẩm định", self.reception_a, self.proc_a1),
                (2, "Trình ký", self.proc_a1, self.proc_a2),
                (3, "Ký duyệt", self.proc_a2, self.leader_a),
            ],
        )
        self.assertEqual(
            rows.mapped("handed_at"), [utc("2026-04-29 09:00"), utc("2026-04-29 15:00"), utc("2026-05-05 08:00")]
        )
        self.assertEqual(
            rows.mapped("planned_end"), [utc("2026-05-04 09:00"), utc("2026-05-04 15:00"), utc("2026-05-06 08:00")]
        )
        self.assertEqual(
            rows.mapped("finished_at"), [utc("2026-04-29 15:00"), utc("2026-05-05 08:00"), utc("2026-05-06 07:50")]
        )
        self.assertEqual(rows.mapped("result"), ["early", "late", "on_time"])
        self.assertEqual([r["status"] for r in dossier._timeline()], ["done", "done", "done"])

        # The printed control slip: one row per hand-over plus the return to the counter; each row carries the
        # verdict on the step just finished.
        report = self.env["report.q1_dossier.report_q1_control_slip"]._get_report_values(dossier.ids)
        slip = report["values"][dossier.id]["rows"]
        self.assertEqual([r["step"] for r in slip], ["Thẩm định", "Trình ký", "Ký duyệt", "Trả kết quả"])
        self.assertEqual([r["result"] for r in slip], ["", "Trước hạn", "Quá hạn", "Đúng hạn"])

    def test_budgets_exceeding_legal_time_refused(self):
        stage = self._new_stage("Thẩm định")
        form = self._procedure_form(
            "T98.000011", [("Thẩm định", stage, 2, "day"), ("Trình ký", stage, 1, "day"), ("Ký duyệt", stage, 1, "day")]
        )
        with self.assertRaises(ValidationError) as caught:
            form.save()
        self.assertIn("03", str(caught.exception), "the message states the legal time limit")
        self.assertFalse(self.env["q1.procedure"].search([("code", "=", "T98.000011")]))

        # Hours and days mix: 3 days = 24 working hours; 8 h + 17 h is one hour too many, 8 h + 16 h fits.
        form = self._procedure_form("T98.000012", [("A", stage, 1, "day"), ("B", stage, 17, "hour")])
        with self.assertRaises(ValidationError):
            form.save()
        procedure = self._procedure_form("T98.000013", [("A", stage, 1, "day"), ("B", stage, 16, "hour")]).save()
        self.assertEqual(len(procedure.step_ids), 2)

        # Adding a step that no longer fits is refused too.
        with self.assertRaises(ValidationError):
            with Form(procedure.with_user(self.manager)) as edit, edit.step_ids.new() as line:
                line.name = "C"
                line.stage_id = stage
                line.time_budget = 0.5
        self.assertEqual(len(procedure.step_ids), 2)

    def test_lowering_legal_time_below_budgets_refused(self):
        stage = self._new_stage("Thẩm định")
        procedure = self._procedure_form(
            "T98.000014", [("A", stage, 1, "day"), ("B", stage, 1, "day"), ("C", stage, 1, "day")]
        ).save()
        edit = Form(procedure.with_user(self.manager))
        edit.time_limit = 2  # the steps still take 3 working days
        with self.assertRaises(ValidationError):
            edit.save()
        self.assertEqual(procedure.time_limit, 3)

    def test_only_managers_configure_processes(self):
        with self.assertRaises(AccessError):
            self.env["q1.procedure"].with_user(self.reception_a).create(
                {"name": "Không được", "code": "T98.000015", "field_id": self.field.id, "time_limit": 3}
            )
        with self.assertRaises(AccessError):
            self.env["q1.procedure.step"].with_user(self.head_a).create(
                {"procedure_id": self.proc_5d.id, "name": "Thêm bước", "time_budget": 1}
            )

"""Issue 11, part 3: scoring follows the record fairly. Each test replays a case of the issue on real dossiers driven
through the lifecycle at frozen instants, with the expected numbers counted by hand in the test:

- the applicant's waits (a supplement never brought, closed by the watchdog; a supplement still awaited at the end
  of the month) are excused from quantity and progress, and the excuse is on the sheet and the printout;
- a stale step is judged once, in the month its planned end falls in, and the manager's points are then used;
- the manager's points entered beside computed ones need a reason and are shown beside them, never ignored;
- online submissions answered after 8 working hours are one delay of the officer who answered;
- the 20 % cap is checked for a group approved together, shown while it is not, with the small-group rule.
"""

import io
from datetime import datetime

import openpyxl

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user, tagged

from ..core.evaluation_xlsx import EVIDENCE_FIRST_ROW, EVIDENCE_SHEET, FIRST_ROW, USES_ENTERED
from ..core.officer_score_data import EXCUSE_JUDGED_BEFORE, REASON_LATE, REASON_NOT_COMPLETED_LATE, REASON_ONLINE_LATE
from .common import EXCELLENT_GENERAL, GOOD_GENERAL, Q1ReportingCase


@tagged("post_install", "-at_install")
class TestEvaluationFairness(Q1ReportingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.hr = new_test_user(
            env,
            login="c_fair_hr",
            groups="hr.group_hr_user,base.group_user",
            name="Đặng Nhân Sự",
            company_id=cls.ward_a.id,
            company_ids=[Command.set(cls.ward_a.ids)],
        )
        cls.more = [
            new_test_user(
                env,
                login=f"c_fair_officer_{n}",
                groups="q1_dossier.group_q1_processing",
                name=f"Cán Bộ {n}",
                company_id=cls.ward_a.id,
                company_ids=[Command.set(cls.ward_a.ids)],
            )
            for n in range(3, 8)
        ]
        desk = env["hr.job"].create({"name": "Chuyên viên một cửa (thử)", "company_id": cls.ward_a.id})
        clerk = env["hr.job"].create({"name": "Văn thư (thử)", "company_id": cls.ward_a.id})

        employee = cls._ward_a_employee

        head = employee(cls.head_a)
        # Six officers on the one-stop desk (one group of similar tasks), a lone clerk in another group.
        cls.desk = [cls.officer_a, cls.proc_a2, *cls.more[:4]]
        for user in cls.desk:
            employee(user, head, desk)
        cls.clerk = cls.more[4]
        employee(cls.clerk, head, clerk)
        employee(cls.reception_a, head, desk)

        # January: a stale step. Received Mon 05/01/2026 09:00, taken at once by proc_a2, planned to end 5 working
        # days later, never finished (still open in February and March).
        cls.stale = cls._received_by(cls.proc_a2, "2026-01-05 09:00")

        # March, officer_a: received Mon 02/03 09:00 and taken at once; a supplement asked Tue 03/03 10:00 (before
        # the step's planned end), never brought; the watchdog closes the dossier on Wed 25/03 08:00 (15 days).
        cls.closed = cls._received_by(cls.officer_a, "2026-03-02 09:00")
        with cls.at("2026-03-03 10:00"):
            cls.closed.with_user(cls.officer_a).request_supplement("Thiếu giấy tờ", "Giấy chứng sinh bản chính")
        with cls.at("2026-03-25 08:00"):
            env["q1.dossier.watchdog"]._run()
        # March, proc_a2: received Wed 25/03 09:00, supplement asked Thu 26/03 10:00, still awaited on 31/03.
        cls.waiting = cls._received_by(cls.proc_a2, "2026-03-25 09:00")
        with cls.at("2026-03-26 10:00"):
            cls.waiting.with_user(cls.proc_a2).request_supplement("Thiếu giấy tờ", "Tờ khai có chữ ký")

        # June, reception_a: three online submissions of Mon 01/06/2026 08:00 (shifts 07:30-11:30, 13:00-17:00).
        cls.online_late = cls._online("2026-06-01 08:00")
        cls._receive(cls.online_late, "2026-06-03 08:00")  # 3.5 + 4 + 8 + 0.5 = 16 working hours: late
        cls.online_on_time = cls._online("2026-06-01 08:00")
        cls._receive(cls.online_on_time, "2026-06-01 15:00")  # 3.5 + 2 = 5.5 working hours: on time
        cls.online_answered = cls._online("2026-06-01 08:00")
        with cls.at("2026-06-04 09:00"):  # 7.5 + 8 + 8 + 1.5 = 25 working hours: late
            env["q1.dossier.counter.outcome"].with_user(cls.reception_a).create(
                {
                    "dossier_id": cls.online_answered.id,
                    "outcome": "incomplete",
                    "reason": "Hồ sơ chưa đủ thành phần.",
                    "missing_items": "Giấy chứng sinh",
                }
            ).action_confirm()

    @classmethod
    def _received_by(cls, officer, local_string):
        dossier = cls.make_dossier()
        with cls.at(local_string):
            dossier.action_receive()
            dossier.with_user(cls.head_a).assign(officer)
        return dossier

    @classmethod
    def _online(cls, local_string):
        with cls.at(local_string):
            return cls.make_dossier(channel="online")

    @classmethod
    def _receive(cls, dossier, local_string):
        with cls.at(local_string):
            dossier.with_user(cls.reception_a).action_receive()

    def period(self, kind, index):
        period = (
            self.env["q1.evaluation.period"]
            .with_user(self.hr)
            .create({"company_id": self.ward_a.id, "kind": kind, "year": 2026, "index": index})
        )
        period.action_compute_sheets()
        return period

    @staticmethod
    def sheet_of(period, user):
        return period.sheet_ids.filtered(lambda s: s.user_id == user)

    def submitted(self, sheet):
        sheet.with_user(sheet.user_id).action_submit()
        return sheet

    # ------------------------------------------------------------------ waits of the applicant

    def test_a_closure_by_the_watchdog_after_a_supplement_never_brought_is_not_the_officers_delay(self):
        self.assertEqual(self.closed.state, "stopped")
        march = self.period("month", 3)
        sheet = self.sheet_of(march, self.officer_a)
        # officer_a's only product of March: the step closed with the dossier on 25/03. Before issue 11 it was late
        # (finished 25/03 after its planned end of 09/03): progress 75 %, (100 + 100 + 75) / 3 x 70 % = 64.17.
        # Now it is completed and not late: 100 % everywhere, 70 task points, and no deduction.
        self.assertEqual((sheet.product_count, sheet.has_products), (1, True))
        self.assertEqual((sheet.quantity_pct, sheet.progress_pct, sheet.computed_task_points), (100, 100, 70))
        self.assertFalse(sheet.evidence_ids.filtered(lambda e: e.points_deducted))
        self.assertEqual(
            sheet.evidence_ids.mapped("reason"),
            [
                "Chờ công dân bổ sung hồ sơ 03/03/2026–25/03/2026: không tính chậm",
                "Hồ sơ dừng giải quyết (theo đề nghị của người nộp hoặc do không bổ sung hồ sơ) ngày 25/03/2026: "
                "bước đang xử lý không tính là chưa hoàn thành, không tính chậm",
            ],
        )
        self.assertEqual(set(sheet.evidence_ids.mapped("criterion")), {"excused"})
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html("q1_reporting.report_q1_evaluation_sheet", sheet.ids)[0]
            .decode()
        )
        self.assertIn("Chờ công dân bổ sung hồ sơ 03/03/2026–25/03/2026: không tính chậm", html)

    def test_a_step_waiting_for_the_applicant_at_the_end_of_the_month_is_not_judged(self):
        march = self.period("month", 3)
        sheet = self.sheet_of(march, self.proc_a2)
        # proc_a2 in March: the step of 25/03 waits for the supplement asked 26/03 (no planned end yet: not judged),
        # and the stale step of January is not judged again (its planned end, 12/01, is in January): no product.
        # Before issue 11 both counted as assigned and not completed: 0 task points.
        self.assertEqual((sheet.product_count, sheet.has_products), (0, False))
        self.assertTrue(sheet.uses_manual_task_points)

    # ------------------------------------------------------------------ stale steps and the manager's points

    def test_a_stale_step_is_judged_in_its_month_only_and_the_managers_points_are_then_used(self):
        january, february = self.period("month", 1), self.period("month", 2)
        # January: the step taken 05/01, planned to end 12/01, open at 31/01: assigned, not completed and late,
        # 0 % everywhere, 0 computed task points.
        jan = self.sheet_of(january, self.proc_a2)
        self.assertEqual((jan.product_count, jan.computed_task_points), (1, 0))
        # February: nothing judged (issue 11: it was counted again, 0 task points, the manager's 60 ignored).
        feb = self.submitted(self.sheet_of(february, self.proc_a2))
        self.assertEqual((feb.product_count, feb.has_products), (0, False))
        feb.with_user(self.head_a).write(GOOD_GENERAL | {"manual_task_points": 60})
        self.assertEqual((feb.task_points, feb.total), (60, 70))  # 60 + 10 general points

    def test_a_step_judged_open_before_is_judged_in_the_month_it_finishes_only_for_its_completion(self):
        # The stale step (taken 05/01, planned to end 12/01) is judged open in January, then finished on 27/03.
        january = self.period("month", 1)
        self.assertEqual(self.sheet_of(january, self.proc_a2).product_count, 1)
        with self.at("2026-03-27 09:00"):
            self.stale.with_user(self.proc_a2).hand_over()
        march = self.period("month", 3)
        sheet = self.sheet_of(march, self.proc_a2)
        # proc_a2 in March: the completion of the stale step, not assigned again (Decree 335/2025 Art. 14: assigned
        # once, in January) nor late again; the step waiting since 26/03 is not judged. 1 product, none assigned:
        # no computed points, the evaluator's entry is used.
        self.assertEqual((sheet.product_count, sheet.has_products, sheet.uses_manual_task_points), (1, False, True))
        self.assertEqual(
            [(line.ref, line.criterion, line.reason, line.points_deducted) for line in sheet.evidence_ids],
            [
                (
                    f"step:{self.stale.step_ids.filtered(lambda step: step.user_id == self.proc_a2).id}",
                    "excused",
                    EXCUSE_JUDGED_BEFORE.format(finished=datetime(2026, 3, 27, 9)),
                    0,
                )
            ],
        )

    def test_a_step_no_earlier_sheet_judged_is_assigned_in_the_month_it_finishes(self):
        # No January sheet: March assigns the stale step finished 27/03, after its planned end of 12/01:
        # one delay, progress 75 %, (100 + 100 + 75) / 3 x 70 % = 64.17.
        with self.at("2026-03-27 09:00"):
            self.stale.with_user(self.proc_a2).hand_over()
        sheet = self.sheet_of(self.period("month", 3), self.proc_a2)
        self.assertEqual((sheet.product_count, sheet.has_products), (1, True))
        self.assertEqual((sheet.quantity_pct, sheet.progress_pct, sheet.computed_task_points), (100, 75, 64.17))
        self.assertEqual(sheet.evidence_ids.mapped("reason"), [REASON_LATE])

    def test_points_entered_beside_computed_ones_need_a_reason_and_are_shown_beside_them(self):
        january = self.period("month", 1)
        jan = self.submitted(self.sheet_of(january, self.proc_a2))
        with self.assertRaises(ValidationError):
            jan.with_user(self.head_a).write({"manual_task_points": 50})
        jan.with_user(self.head_a).write(
            {"manual_task_points": 50, "manual_task_reason": "Hồ sơ treo do lỗi hệ thống, đã xác minh"}
        )
        # The entry replaces the computed 0 points, which stays on the sheet.
        self.assertEqual((jan.computed_task_points, jan.task_points, jan.uses_manual_task_points), (0, 50, True))
        values = jan.print_values()
        self.assertEqual((values["computed_task_points"], values["manual_task_points"]), ("0,00", "50,00"))
        self.assertEqual(values["manual_task_reason"], "Hồ sơ treo do lỗi hệ thống, đã xác minh")
        self.assertEqual(jan.evidence_ids.mapped("reason"), [REASON_NOT_COMPLETED_LATE])
        # The export shows them too: computed 0, entered 50 with its reason and used; the evidence line on sheet 2.
        _name, _mimetype, content = january.with_user(self.hr)._q1_download_file("xlsx")
        self.assertEqual(january.with_user(self.hr)._q1_download_file("xlsx")[2], content)  # same bytes twice
        book = openpyxl.load_workbook(io.BytesIO(content))
        rows = book["Đánh giá công chức"].iter_rows(min_row=FIRST_ROW + 1, values_only=True)
        row = next(row for row in rows if row[1] == self.proc_a2.name)
        self.assertEqual(row[12:17], (0, 50, "Hồ sơ treo do lỗi hệ thống, đã xác minh", USES_ENTERED, 0))
        evidence = [
            line[1:]
            for line in book[EVIDENCE_SHEET].iter_rows(min_row=EVIDENCE_FIRST_ROW + 1, values_only=True)
            if line[1] == self.proc_a2.name
        ]
        self.assertEqual(
            evidence,
            [
                (
                    self.proc_a2.name,
                    self.stale.code,
                    jan.evidence_ids.step_name,
                    "Số lượng",
                    REASON_NOT_COMPLETED_LATE,
                    1,
                )
            ],
        )

    # ------------------------------------------------------------------ the 8-hour online answer

    def test_online_submissions_answered_after_8_working_hours_are_delays_of_the_receiver(self):
        june = self.period("month", 6)
        sheet = self.sheet_of(june, self.reception_a)
        # Three products of reception_a: two receptions (16 h: late; 5.5 h: on time) and one answer asking to
        # complete (25 h: late). Progress (3 - 2 x 0.25) / 3 = 83.33 %; (100 + 100 + 83.33) / 3 x 70 % = 66.11.
        self.assertEqual(sheet.product_count, 3)
        self.assertAlmostEqual(sheet.progress_pct, 83.33, 2)
        self.assertEqual(sheet.computed_task_points, 66.11)
        late = sheet.evidence_ids.filtered(lambda e: e.criterion == "progress")
        self.assertEqual(
            sorted(late.mapped("ref")),
            sorted([f"reception:{self.online_late.id}", f"answer:{self.online_answered.id}"]),
        )
        self.assertEqual(
            sorted(late.mapped("reason")),
            [
                f"{REASON_ONLINE_LATE}: trả lời sau 16 giờ làm việc (nộp lúc 08:00 01/06/2026, trả lời lúc "
                "08:00 03/06/2026)",
                f"{REASON_ONLINE_LATE}: trả lời sau 25 giờ làm việc (nộp lúc 08:00 01/06/2026, trả lời lúc "
                "09:00 04/06/2026)",
            ],
        )
        self.assertNotIn(REASON_LATE, late.mapped("reason"))

    def test_an_online_submission_unanswered_when_the_month_ends_is_charged_to_whoever_answers_it(self):
        # Submitted Tue 30/06/2026 16:00, nobody answers in June; reception_a receives it Thu 02/07 09:00:
        # 1 (30/06 16:00-17:00) + 8 (01/07) + 1.5 (02/07 07:30-09:00) = 10.5 working hours, late.
        dossier = self._online("2026-06-30 16:00")
        self._receive(dossier, "2026-07-02 09:00")
        june, july = self.period("month", 6), self.period("month", 7)
        # June: charged to no one (nobody had answered it); reception_a keeps the 3 products counted above.
        self.assertFalse(june.sheet_ids.evidence_ids.filtered(lambda e: e.ref == f"reception:{dossier.id}"))
        self.assertEqual(self.sheet_of(june, self.reception_a).product_count, 3)
        # July: reception_a's only product, one delay: (100 + 100 + 75) / 3 x 70 % = 64.17.
        sheet = self.sheet_of(july, self.reception_a)
        self.assertEqual((sheet.product_count, sheet.progress_pct, sheet.computed_task_points), (1, 75, 64.17))
        self.assertEqual(
            [(line.ref, line.criterion, line.reason) for line in sheet.evidence_ids],
            [
                (
                    f"reception:{dossier.id}",
                    "progress",
                    f"{REASON_ONLINE_LATE}: trả lời sau 10,5 giờ làm việc (nộp lúc 16:00 30/06/2026, trả lời lúc "
                    "09:00 02/07/2026)",
                )
            ],
        )

    # ------------------------------------------------------------------ the 20 % cap

    def reviewed(self, period, levels):
        """Sheets of ``levels`` ({user: general points}) with 70 task points, scored and sent for approval."""
        sheets = self.env["q1.evaluation.sheet"]
        for user, general in levels.items():
            sheet = self.submitted(self.sheet_of(period, user))
            self.env["q1.evaluation.adjustment"].with_user(self.head_a).create(
                {"sheet_id": sheet.id, "points": 70, "reason": "Cố định điểm nhiệm vụ để thử tỷ lệ"}
            )
            band = "excellent" if general is EXCELLENT_GENERAL else "good"
            sheet.with_user(self.head_a).write(general | {"manager_proposed_band": band})
            sheet.with_user(self.head_a).action_review()
            sheets |= sheet
        return sheets.with_user(self.leader)

    def test_an_excellent_approved_with_its_groups_good_sheets_passes_and_the_status_shows_meanwhile(self):
        july = self.period("month", 7)
        excellent, *good = self.desk
        sheets = self.reviewed(july, {excellent: EXCELLENT_GENERAL} | {user: GOOD_GENERAL for user in good})
        first = sheets.filtered(lambda s: s.user_id == excellent)
        self.assertEqual((first.total, first.band), (95, "excellent"))
        # 1 excellent and 5 good in the desk group: floor(20 % x 5) = 1 allowed.
        line = "Nhóm «Chuyên viên một cửa (thử)»: 1 xuất sắc / 5 tốt — trong tỷ lệ 20% (tối đa 1)"
        self.assertIn(line, july.cap_status)
        self.assertEqual(first.cap_status, line)
        # Alone, before the good ones, the excellent sheet counts 1 excellent for 0 good approved: refused.
        with self.assertRaisesRegex(UserError, "phê duyệt các phiếu của một nhóm cùng nhau|approve the sheets"):
            first.action_approve()
        self.assertEqual(first.state, "reviewed")
        # Together, the excellent first in the action, the group passes.
        (first | (sheets - first)).action_approve()
        self.assertEqual(set(sheets.mapped("state")), {"approved"})

    def test_a_lone_officer_can_be_excellent_only_under_the_permissive_small_group_rule(self):
        july = self.period("month", 7)
        sheet = self.reviewed(july, {self.clerk: EXCELLENT_GENERAL})
        # The clerk is alone in the group: 1 excellent / 0 good, floor(20 % x 0) = 0 allowed under the default rule.
        self.assertEqual(july.cap_small_group_rule, "none")
        self.assertTrue(sheet.cap_over)
        self.assertEqual(sheet.cap_status, "Nhóm «Văn thư (thử)»: 1 xuất sắc / 0 tốt — vượt tỷ lệ 20% (tối đa 0)")
        with self.assertRaises(UserError):
            sheet.action_approve()
        july.with_user(self.hr).write({"cap_small_group_rule": "one"})
        self.assertFalse(sheet.cap_over)
        sheet.action_approve()
        self.assertEqual(sheet.state, "approved")

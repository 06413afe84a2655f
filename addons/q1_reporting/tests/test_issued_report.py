"""Issued statutory reports are records: what a leader issues is stored (table, indices, the dossiers of every
cell), prints and exports the same forever, and a recount lists the dossiers counted differently since.

The scenario, ward A, March 2026 as free dates (01/03-31/03), every dossier of ``proc_5d`` (5 working days, field
"Hộ tịch (thử nghiệm)"), received at the counter (direct):

* d1 received Mon 02/03, result ready Tue 03/03: due 09/03, resolved early;
* d2 received Thu 05/03, still running at 31/03: due 12/03 (06, 09, 10, 11, 12), pending overdue, the one line
  of the late list (31/03 - 12/03 = 19 days late);
* d3 received Fri 27/03: due 03/04 (30, 31, 01, 02, 03), pending within time;
* d5 received Tue 03/03, a supplement asked Wed 04/03: ended on the request day, due 10/03, resolved early.

Issued table (one row and the total, hand-counted): received 4 = online 0 + direct 4 + carried over 0;
resolved 2 = early 2 (d1, d5); pending 2 = within 1 (d3) + overdue 1 (d2). Cells: 4 dossiers x 2 = 8.

The report is issued on Wed 01/04/2026 at 09:00. The later events: d2's result is ready and returned on 02/04
(late, after the period: March does not change); d5 is closed for the supplement never brought on 20/04; and two
facts of March recorded after the issue (the clock set back, as a late entry would date them): d4 received on
Wed 25/03 (due 01/04: within time) and d3's result ready on Mon 30/03 (before its due date 03/04: early).
"""

from datetime import date

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import Q1ReportingCase

ISSUE_TIME = "2026-04-01 09:00"


@tagged("post_install", "-at_install")
class TestIssuedReport(Q1ReportingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.d1 = cls.finish(cls.received("2026-03-02 09:00"), "2026-03-03 10:00")
        cls.d2 = cls.received("2026-03-05 09:00")
        cls.d3 = cls.received("2026-03-27 09:00")
        cls.d5 = cls.received("2026-03-03 09:00")
        with cls.at("2026-03-04 10:00"):
            cls.d5.sudo().request_supplement("Thiếu giấy tờ", "Bản sao giấy chứng sinh")

    def wizard(self, user=None, group_by="field"):
        return (
            self.env["q1.handling.report.wizard"]
            .with_user(user or self.leader_a)
            .create(
                {
                    "company_ids": [Command.set(self.ward_a.ids)],
                    "period_kind": "custom",
                    "date_from": date(2026, 3, 1),
                    "date_to": date(2026, 3, 31),
                    "group_by": group_by,
                    "signer_title": "Chủ tịch",
                    "signer_name": "Trần Chủ Tịch",
                }
            )
        )

    def issue(self, user=None):
        with self.at(ISSUE_TIME):
            action = self.wizard(user).action_issue()
        return self.env["q1.handling.report.issue"].with_user(user or self.leader_a).browse(action["res_id"])

    def later_events(self, closure=True):
        """The events after the issue (module docstring): d2 returned late, d5 closed, d4 and d3 recorded late."""
        self.finish(self.d2, "2026-04-02 09:00")
        with self.at("2026-04-02 10:00"):
            self.d2.sudo().return_result("counter", "Lê Thị Công Dân")
        if closure:
            with self.at("2026-04-20 08:00"):
                self.d5.sudo()._close("stopped", "Quá 15 ngày không bổ sung hồ sơ")
        d4 = self.received("2026-03-25 09:00")
        self.finish(self.d3, "2026-03-30 10:00")
        return d4

    def xlsx(self, record):
        return record._q1_download_file("xlsx")[2]

    def html(self, issue):
        return self.env["ir.actions.report"]._render_qweb_html(
            "q1_reporting.action_report_q1_handling_issue", issue.ids
        )[0]

    # ------------------------------------------------------------------ issuing

    def test_issue_stores_the_table_the_indices_and_every_cells_dossiers(self):
        recounted, _labels = self.wizard()._handling_rows()
        issue = self.issue()
        self.assertEqual(issue.issued_by_id, self.leader_a)
        self.assertEqual(issue.issued_at.strftime("%Y-%m-%d %H:%M"), "2026-04-01 02:00")  # 09:00 local, UTC+7
        self.assertEqual(issue.name, f"Báo cáo từ ngày 01/03/2026 đến ngày 31/03/2026 – {self.ward_a.name}")
        rows, labels = issue._rows_and_labels()
        self.assertEqual(rows, recounted)  # the table as the wizard counts it
        self.assertEqual(list(labels.values()), ["Hộ tịch (thử nghiệm)"])
        total = rows[-1]
        # hand-counted in the module docstring
        self.assertEqual(
            (total.received, total.online, total.direct_postal, total.carried_over),
            (4, 0, 4, 0),
        )
        self.assertEqual((total.resolved, total.early, total.on_time, total.late), (2, 2, 0, 0))
        self.assertEqual((total.pending, total.within, total.overdue), (2, 1, 1))
        cells = {(cell.dossier_id, cell.column) for cell in issue.cell_ids}
        self.assertEqual(
            cells,
            {
                (self.d1, "direct_postal"),
                (self.d1, "early"),
                (self.d2, "direct_postal"),
                (self.d2, "overdue"),
                (self.d3, "direct_postal"),
                (self.d3, "within"),
                (self.d5, "direct_postal"),
                (self.d5, "early"),
            },
        )
        self.assertEqual(issue.cell_count, 4)
        late = issue._late_rows()
        self.assertEqual([(row.code, row.days_late, row.finished_on) for row in late], [(self.d2.code, 19, None)])
        # the indices of ward A: one line per index the product weighs, equal to the wizard's
        computed = self.wizard()
        computed.action_compute()
        self.assertEqual(len(issue.index_ids), self.env["q1.service.index"].search_count([]))
        self.assertEqual(
            [(line.code, line.numerator, line.denominator, line.points) for line in issue.index_ids],
            [(line.code, line.numerator, line.denominator, line.points) for line in computed.index_line_ids],
        )

    def test_an_issued_report_is_byte_identical_after_later_events(self):
        issue = self.issue()
        wizard = self.wizard()
        before = self.xlsx(issue)
        html_before = self.html(issue)
        self.assertEqual(self.xlsx(wizard), before, "the wizard over the issued window exports the issued report")
        self.later_events()
        self.env.invalidate_all()
        self.assertEqual(self.xlsx(issue), before)
        self.assertEqual(self.xlsx(self.wizard()), before)
        self.assertEqual(self.html(issue), html_before)
        # The events did move March's recount (d4 added, d3 resolved), so equal bytes are the stored version's.
        total = self.wizard()._handling_rows()[0][-1]
        self.assertEqual((total.received, total.within), (5, 1))  # d4 added and within time; d3 no longer within

    def test_differences_list_exactly_the_dossiers_that_moved(self):
        issue = self.issue()
        d4 = self.later_events(closure=False)  # the closure's rule is helper A's (issue 11 part 1)
        wizard = self.wizard()
        wizard.action_compute()
        differences = {
            line.dossier_id: (line.change, line.issued_columns, line.current_columns) for line in wizard.difference_ids
        }
        # d3: issued pending within time, now resolved early; d4: not issued, now received and within time. d2's
        # late return is after March (still overdue at 31/03); d1 and d5 did not move.
        self.assertEqual(
            differences,
            {
                self.d3: ("moved", "Direct or by post, Within time", "Direct or by post, Early"),
                d4: ("added", "", "Direct or by post, Within time"),
            },
        )
        # The issued report's own button recounts the same window and shows the same list.
        rerun = self.env["q1.handling.report.wizard"].browse(issue.action_open_rerun()["res_id"])
        self.assertEqual(rerun.difference_ids.dossier_id, self.d3 | d4)

    def test_the_next_period_carries_over_the_issued_pending(self):
        """April's "carried over" is March's issued pending, d2 (overdue) and d3 (within time), after the events of
        April: d2 returned late on 02/04, and d5 closed on 20/04 for the supplement never brought (it ended on
        04/03, its request day, and its closure does not bring it back among the running dossiers)."""
        issue = self.issue()
        self.finish(self.d2, "2026-04-02 09:00")
        with self.at("2026-04-20 08:00"):
            self.d5.sudo()._close("stopped", "Quá 15 ngày không bổ sung hồ sơ")
        issued_pending = {cell.dossier_id.id for cell in issue.cell_ids if cell.column in ("within", "overdue")}
        self.assertEqual(issued_pending, {self.d2.id, self.d3.id})
        april = self.wizard()
        april.write({"date_from": date(2026, 4, 1), "date_to": date(2026, 4, 30)})
        carried = {
            dossier_id
            for dossier_id, (_code, places, _dates) in april._cells().items()
            if any(column == "carried_over" for _key, column in places)
        }
        self.assertEqual(carried, issued_pending)

    # ------------------------------------------------------------------ once, and by leaders

    def test_a_report_is_issued_once_for_its_units_period_and_grouping(self):
        self.issue()
        with self.assertRaisesRegex(UserError, "has already been issued"):
            self.issue()
        # The same key reached past the check (two leaders at the same moment): the unique key refuses it with
        # the same message, not the database's error.
        wizard = self.wizard(self.leader)
        with self.assertRaisesRegex(UserError, "has already been issued"), mute_logger("odoo.sql_db"):
            wizard._create_issue(wizard._issue_values())
        # Another grouping is another report.
        self.assertEqual(self.issue_by_unit().group_by, "unit")

    def issue_by_unit(self):
        with self.at(ISSUE_TIME):
            action = self.wizard(group_by="unit").action_issue()
        return self.env["q1.handling.report.issue"].browse(action["res_id"])

    def test_a_manager_withdraws_a_report_which_is_kept_and_issued_again(self):
        issue = self.issue()
        manager = new_test_user(
            self.env,
            login="q1_issue_withdrawer",
            groups="q1_dossier.group_q1_manager",
            company_id=self.ward_a.id,
            company_ids=[Command.set(self.ward_a.ids)],
        )
        Withdrawal = self.env["q1.handling.report.withdrawal"]
        with self.assertRaises(AccessError):  # a leader issues, only a manager withdraws
            Withdrawal.with_user(self.leader_a).create({"issue_id": issue.id, "reason": "Nhầm"}).action_confirm()
        with self.at("2026-04-02 08:00"):
            Withdrawal.with_user(manager).create({"issue_id": issue.id, "reason": "Nhầm người ký"}).action_confirm()
        self.assertEqual(
            (issue.state, issue.withdrawn_by_id, issue.withdrawal_reason, issue.issue_key),
            ("withdrawn", manager, "Nhầm người ký", False),
        )
        self.assertEqual(len(issue.cell_ids), 8, "the withdrawn report keeps what it held")
        with self.assertRaisesRegex(UserError, "already been withdrawn"):
            Withdrawal.with_user(manager).create({"issue_id": issue.id, "reason": "Lần hai"}).action_confirm()
        self.assertFalse(self.wizard().is_issued)
        again = self.issue()
        self.assertNotEqual(again, issue)
        self.assertEqual(self.wizard()._issued(), again)

    def test_only_leaders_issue(self):
        with self.assertRaises(AccessError):
            self.wizard(self.head_a).action_issue()
        self.assertFalse(self.env["q1.handling.report.issue"].search_count([]))

    def test_nobody_changes_or_deletes_an_issued_report(self):
        issue = self.issue()
        manager = new_test_user(
            self.env,
            login="q1_issue_manager",
            groups="q1_dossier.group_q1_manager",
            company_id=self.ward_a.id,
            company_ids=[Command.set(self.ward_a.ids)],
        )
        changes = {
            "q1.handling.report.issue": {"signer_name": "Người khác"},
            "q1.handling.report.issue.row": {"late": 0},
            "q1.handling.report.issue.index": {"points": 0.0},
            "q1.handling.report.issue.cell": {"column": "on_time"},
        }
        for user in (self.leader_a, manager):
            for records in (issue, issue.row_ids, issue.index_ids, issue.cell_ids):
                with self.subTest(user=user.login, model=records._name):
                    mine = records.with_user(user)
                    self.assertTrue(mine.has_access("read"))
                    # the model's own guard answers, before the access rights would
                    with self.assertRaisesRegex(AccessError, "stored as it was issued"):
                        mine.write(changes[records._name])
                    with self.assertRaises(AccessError):
                        mine.unlink()
                    with self.assertRaises(AccessError):
                        mine.create({"issue_id": issue.id} if records != issue else {"name": "Thử"})

    def test_leaders_read_the_issued_reports_of_their_units_only(self):
        issue = self.issue()
        for records in (issue, issue.row_ids, issue.index_ids, issue.cell_ids):
            with self.subTest(model=records._name):
                self.assertTrue(records.with_user(self.leader).has_access("read"))  # leader of A and B
                for outsider in (self.leader_b, self.head_a, self.proc_a1):
                    self.assertFalse(records.with_user(outsider).has_access("read"), outsider.login)
        # A head of ward A still prints the issued version from the wizard.
        self.assertEqual(self.xlsx(self.wizard(self.head_a)), self.xlsx(issue))

"""Dragging a card in the kanban (a user's write of stage_id, not the lifecycle's ``_lifecycle_write``) moves the
dossier only along its internal process; every other move needs the dossier's own buttons and forms.

proc_flow: 5 working days, steps Thẩm định (stage_appraise, 2 days), Trình ký (stage_sign, 2 days),
Ký duyệt (stage_approve, 1 day). Reception Mon 02/03/2026 09:00.
"""

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from .common import Q1Case, utc


@tagged("post_install", "-at_install")
class TestKanbanMoves(Q1Case):
    def _received(self):
        dossier = self.make_dossier(self.proc_flow)
        return self.receive_at(dossier, "2026-03-02 09:00")

    def _drag(self, dossier, stage, user=None, when="2026-03-03 10:00"):
        with self.at(when):
            return dossier.with_user(user or self.proc_a1).write({"stage_id": stage.id})

    def test_drag_received_to_first_step_takes_the_dossier(self):
        dossier = self._received()
        self._drag(dossier, self.stage_appraise, when="2026-03-02 10:00")
        self.assertEqual(dossier.state, "processing")
        self.assertEqual(dossier.stage_id, self.stage_appraise)
        self.assertEqual(dossier.user_id, self.proc_a1, "the officer who drags takes the dossier")
        self.assertEqual(dossier.current_step_id.user_id, self.proc_a1)
        self.assertEqual(dossier.current_step_id.taken_at, utc("2026-03-02 10:00"))

    def test_drag_received_to_a_later_step_refused(self):
        dossier = self._received()
        before = self.snapshot(dossier)
        with self.assertRaises(UserError):
            self._drag(dossier, self.stage_sign)
        self.assertEqual(self.snapshot(dossier), before)

    def test_drag_to_next_step_hands_over_then_to_result_ready(self):
        dossier = self._received()
        self._drag(dossier, self.stage_appraise, when="2026-03-02 10:00")
        step1 = dossier.current_step_id
        self._drag(dossier, self.stage_sign, when="2026-03-03 10:00")
        self.assertEqual(dossier.stage_id, self.stage_sign)
        self.assertEqual(step1.finished_at, utc("2026-03-03 10:00"))
        self.assertEqual(len(dossier.step_ids), 2)
        self.assertEqual(dossier.current_step_id.name, "Trình ký")
        self.assertEqual(dossier.current_step_id.handed_by_id, self.proc_a1)
        self._drag(dossier, self.stage_approve, when="2026-03-04 10:00")
        self.assertEqual(dossier.current_step_id.name, "Ký duyệt")
        self._drag(dossier, self.env.ref("q1_dossier.q1_stage_done"), when="2026-03-04 15:00")
        self.assertEqual(dossier.state, "done")
        self.assertEqual(dossier.finished_at, utc("2026-03-04 15:00"))
        self.assertTrue(all(dossier.step_ids.mapped("finished_at")))

    def test_forbidden_drags_change_nothing(self):
        dossier = self._received()
        self._drag(dossier, self.stage_appraise, when="2026-03-02 10:00")
        targets = {
            "non-adjacent step": self.stage_approve,
            "generic processing stage": self.env.ref("q1_dossier.q1_stage_processing"),
            "refused": self.env.ref("q1_dossier.q1_stage_refused"),
            "returned": self.env.ref("q1_dossier.q1_stage_returned"),
            "new": self.env.ref("q1_dossier.q1_stage_draft"),
            "result ready before the last step": self.env.ref("q1_dossier.q1_stage_done"),
            "supplement (needs a form)": self.env.ref("q1_dossier.q1_stage_supplement"),
        }
        before = self.snapshot(dossier)
        for label, stage in targets.items():
            with self.subTest(target=label):
                with self.assertRaises(UserError):
                    self._drag(dossier, stage)
                self.assertEqual(self.snapshot(dossier), before)
        self.assertEqual(dossier.stage_id, self.stage_appraise)
        self.assertEqual(len(dossier.step_ids), 1)

    def test_result_ready_cannot_be_dragged_to_returned(self):
        dossier = self.received_and_assigned(self.proc_5d)
        with self.at("2026-03-03 10:00"):
            dossier.with_user(self.proc_a1).hand_over()
        self.assertEqual(dossier.state, "done")
        before = self.snapshot(dossier)
        with self.assertRaises(UserError):
            self._drag(dossier, self.env.ref("q1_dossier.q1_stage_returned"), user=self.reception_a)
        self.assertEqual(self.snapshot(dossier), before)
        self.assertFalse(dossier.returned_at)

    def test_other_fields_written_with_a_refused_drag_are_not_saved(self):
        dossier = self._received()
        with self.assertRaises(UserError):
            with self.at("2026-03-02 10:00"):
                dossier.with_user(self.proc_a1).write(
                    {"stage_id": self.env.ref("q1_dossier.q1_stage_refused").id, "color": 3}
                )
        self.assertEqual(dossier.color, 0)
        self.assertEqual(dossier.state, "received")

    def test_group_expand_shows_every_stage_with_fold(self):
        dossier = self._received()
        all_stages = self.env["q1.dossier.stage"].search([])
        groups = (
            self.env["q1.dossier"]
            .with_user(self.proc_a1)
            .read_group([("id", "=", dossier.id)], ["stage_id"], ["stage_id"])
        )
        by_stage = {g["stage_id"][0]: g for g in groups}
        self.assertEqual(set(by_stage), set(all_stages.ids), "empty columns are shown too")
        self.assertEqual([g["stage_id"][0] for g in groups], all_stages.ids, "in stage order")
        self.assertEqual(by_stage[self.env.ref("q1_dossier.q1_stage_received").id]["stage_id_count"], 1)
        self.assertEqual(by_stage[self.stage_sign.id]["stage_id_count"], 0)
        self.assertTrue(by_stage[self.env.ref("q1_dossier.q1_stage_returned").id]["__fold"])
        self.assertTrue(by_stage[self.env.ref("q1_dossier.q1_stage_refused").id]["__fold"])
        self.assertFalse(by_stage[self.stage_appraise.id]["__fold"])

        web = (
            self.env["q1.dossier"]
            .with_user(self.proc_a1)
            .web_read_group([("id", "=", dossier.id)], ["stage_id"], ["stage_id"])
        )
        self.assertEqual(web["length"], len(all_stages))

    def test_drag_from_waiting_for_payment_back_to_the_step_resumes(self):
        dossier = self._received()
        self._drag(dossier, self.stage_appraise, when="2026-03-02 10:00")
        with self.at("2026-03-03 10:00"):
            dossier.with_user(self.proc_a1).request_payment("Lệ phí")
        self.assertEqual(dossier.stage_id, self.env.ref("q1_dossier.q1_stage_payment"))
        self._drag(dossier, self.stage_appraise, when="2026-03-04 10:00")
        self.assertEqual(dossier.state, "processing")
        self.assertEqual(dossier.stage_id, self.stage_appraise)
        self.assertEqual(dossier.pause_ids.resumed_at, utc("2026-03-04 10:00"))
        # 1 day used (03/03), 4 left from Wed 04/03: 05, 06, 09, Tue 10/03.
        self.assertEqual(str(dossier.due_date), "2026-03-10")


@tagged("post_install", "-at_install")
class TestProcessingHomes(Q1Case):
    """Each processing role's home is its work (issue 12, build 2): an officer's "My Dossiers" by step, a head's
    board by holder; the processing boards show the processing columns only (the counter's are on today's counter);
    the holder is never written directly (a drag between holders' columns, the form's field)."""

    def test_processing_boards_leave_the_counter_columns_out(self):
        for xmlid in (
            "q1_dossier.q1_dossier_action",
            "q1_dossier.q1_dossier_action_my_steps",
            "q1_dossier.q1_dossier_action_department_board",
        ):
            action = self.env.ref(xmlid)
            context = safe_eval(action.context)
            Dossier = self.env["q1.dossier"].with_user(self.proc_a1).with_context(**context)
            groups = Dossier.read_group(safe_eval(action.domain), ["stage_id"], ["stage_id"])
            statuses = {self.env["q1.dossier.stage"].browse(g["stage_id"][0]).status for g in groups}
            with self.subTest(action=xmlid):
                self.assertFalse(statuses & {"draft", "incomplete"})
                self.assertIn("processing", statuses)

    def test_my_dossiers_are_the_steps_i_hold(self):
        mine = self.received_and_assigned(self.proc_5d)
        other = self.received_and_assigned(self.proc_5d, officer=self.proc_a2, local_string="2026-03-02 09:30")
        action = self.env.ref("q1_dossier.q1_dossier_action_my_steps")
        self.assertIn("'search_default_mine': 1", action.context)
        found = self.env["q1.dossier"].with_user(self.proc_a1).search([("user_id", "=", self.proc_a1.id)])
        self.assertIn(mine, found)
        self.assertNotIn(other, found)

    def test_head_board_is_by_holder_and_the_holder_is_not_written_directly(self):
        kanban = self.env.ref("q1_dossier.q1_dossier_view_kanban_holders")
        arch = self.env["q1.dossier"].get_views([(kanban.id, "kanban")])["views"]["kanban"]["arch"]
        self.assertIn('default_group_by="user_id"', arch)
        self.assertIn('records_draggable="0"', arch)
        dossier = self.received_and_assigned(self.proc_5d)
        before = self.snapshot(dossier)
        for holder in (self.proc_b, self.proc_a2):
            with self.subTest(holder=holder.name), self.assertRaises(UserError):
                dossier.with_user(self.head_a).write({"user_id": holder.id})
        self.assertEqual(self.snapshot(dossier), before)

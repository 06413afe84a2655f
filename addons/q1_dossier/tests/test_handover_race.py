"""A step is handed over once: a second hand-over of the same step is refused with a message, never a database
error, whether it comes after the first (a stale screen) or at the same instant (two transactions)."""

import contextlib

import psycopg2

from odoo import SUPERUSER_ID, api, fields, sql_db
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import Q1Case, join_or_stack, start_in_thread, wait_for_lock


@tagged("post_install", "-at_install")
class TestHandOverOnce(Q1Case):
    def test_second_hand_over_of_the_same_step_is_refused(self):
        dossier = self.received_and_assigned(self.proc_flow)
        first_step = dossier.current_step_id
        with self.at("2026-03-02 10:00"):
            dossier.with_user(self.proc_a1).hand_over(self.proc_a2, step=first_step)
        second_step = dossier.current_step_id
        self.assertNotEqual(second_step, first_step)
        before = self.snapshot(dossier)

        # The same officer (or a colleague) presses "Hand over" again on a screen still showing step 1.
        for step in (first_step, first_step.id):
            with self.subTest(step=step), self.assertRaises(UserError) as refusal, self.at("2026-03-02 10:05"):
                dossier.with_user(self.proc_a1).hand_over(step=step)
            self.assertIn("just handed over by someone else", str(refusal.exception))
        with self.assertRaises(UserError), self.at("2026-03-02 10:05"):
            dossier.with_user(self.head_a).assign(self.proc_a1, step=first_step)
        self.assertEqual(self.snapshot(dossier), before)
        self.assertFalse(second_step.finished_at)
        self.assertEqual(second_step.user_id, self.proc_a2)
        self.assertEqual(len(dossier.step_ids), 2)

        # The step on the screen is the current one: the hand-over goes through.
        with self.at("2026-03-02 10:10"):
            dossier.with_user(self.proc_a2).hand_over(self.leader_a, step=second_step)
        self.assertEqual(len(dossier.step_ids), 3)
        self.assertTrue(second_step.finished_at)

    def test_hand_over_form_left_open_is_refused(self):
        """The lifecycle form remembers the step the dossier was at when it opened: confirmed after someone else
        handed that step over, it is refused instead of handing over the next step."""
        dossier = self.received_and_assigned(self.proc_flow)
        first_step = dossier.current_step_id
        opened = dossier.with_user(self.proc_a1).with_context(q1_action="hand_over").action_open_lifecycle()
        form = (
            self.env["q1.dossier.action"]
            .with_user(self.proc_a1)
            .with_context(**opened["context"])
            .create({"user_id": self.proc_a2.id})
        )
        self.assertEqual(form.step_id, first_step)
        with self.at("2026-03-02 10:00"):
            dossier.with_user(self.proc_a1).hand_over(self.proc_a2, step=first_step)
        second_step = dossier.current_step_id
        with self.assertRaises(UserError), self.at("2026-03-02 10:05"):
            form.action_confirm()
        self.assertFalse(second_step.finished_at)
        self.assertEqual(len(dossier.step_ids), 2)


@tagged("post_install", "-at_install")
class TestHandOverRace(TransactionCase):
    """Two hand-overs of one step in two transactions on real connections, the second one's snapshot taken
    before the first commits (two officers pressing the button together)."""

    UNIT_CODE = "T99.RACE"

    def _cursor(self):
        return sql_db.db_connect(self.env.cr.dbname).cursor()

    def _committed_dossier(self):
        """A dossier of a two-step procedure, received (its first step open), committed; (dossier id, step id,
        cleanup)."""
        conn = self._cursor()
        try:
            env = api.Environment(conn, SUPERUSER_ID, {"tracking_disable": True, "mail_create_nolog": True})
            company = env.ref("base.main_company")
            saved = {"q1_unit_code": company.q1_unit_code, "q1_work_calendar_id": company.q1_work_calendar_id.id}
            company.write(
                {
                    "q1_unit_code": self.UNIT_CODE,
                    "q1_work_calendar_id": env.ref("q1_dossier.q1_work_calendar_state").id,
                }
            )
            field = env["q1.field"].create({"name": "Thử nghiệm tranh chấp", "code": "T99-RACE"})
            stage = env["q1.dossier.stage"]._for_status("processing")
            procedure = env["q1.procedure"].create(
                {
                    "name": "Thủ tục thử nghiệm tranh chấp",
                    "code": "T99.RACE01",
                    "field_id": field.id,
                    "time_limit": 5,
                    "step_ids": [
                        fields.Command.create(
                            {"name": "Thẩm định", "sequence": 1, "stage_id": stage.id, "time_budget": 2}
                        ),
                        fields.Command.create(
                            {"name": "Ký duyệt", "sequence": 2, "stage_id": stage.id, "time_budget": 2}
                        ),
                    ],
                }
            )
            dossier = env["q1.dossier"].create(
                {
                    "company_id": company.id,
                    "procedure_id": procedure.id,
                    "applicant_name": "Đỗ Văn Tranh",
                    "applicant_phone": "0903 000 111",
                }
            )
            dossier.document_ids.write({"is_received": True})
            dossier._receive(fields.Datetime.now())
            conn.execute("SELECT max(id) FROM q1_dossier_code_counter WHERE company_id = %s", (company.id,))
            number_id = conn.fetchone()[0]
            ids = (dossier.id, dossier.current_step_id.id, procedure.id, field.id, number_id)
            conn.commit()
        finally:
            conn.close()

        def cleanup():
            conn = self._cursor()
            try:
                dossier_id, _step, procedure_id, field_id, number_id = ids
                conn.execute("UPDATE q1_dossier SET current_step_id = NULL WHERE id = %s", (dossier_id,))
                conn.execute("DELETE FROM q1_dossier_step WHERE dossier_id = %s", (dossier_id,))
                for table, model_column, id_column in (
                    ("mail_message", "model", "res_id"),
                    ("mail_followers", "res_model", "res_id"),
                    ("mail_activity", "res_model", "res_id"),
                ):
                    conn.execute(
                        f"DELETE FROM {table} WHERE {model_column} = 'q1.dossier' AND {id_column} = %s", (dossier_id,)
                    )
                conn.execute("DELETE FROM q1_dossier WHERE id = %s", (dossier_id,))
                conn.execute("DELETE FROM q1_procedure WHERE id = %s", (procedure_id,))
                conn.execute("DELETE FROM q1_field WHERE id = %s", (field_id,))
                conn.execute("DELETE FROM q1_dossier_code_counter WHERE id = %s", (number_id,))
                conn.execute(
                    "UPDATE res_company SET q1_unit_code = %s, q1_work_calendar_id = %s WHERE id = %s",
                    (saved["q1_unit_code"] or None, saved["q1_work_calendar_id"] or None, company.id),
                )
                conn.commit()
            finally:
                conn.close()

        return ids[0], ids[1], cleanup

    @mute_logger("odoo.sql_db")
    def test_simultaneous_hand_overs_of_one_step(self):
        dossier_id, step_id, cleanup = self._committed_dossier()
        self.addCleanup(cleanup)
        cr_a, cr_b, probe = self._cursor(), self._cursor(), self._cursor()

        def hand_over_in_b():
            env_b["q1.dossier"].browse(dossier_id).hand_over(step=step_id)
            cr_b.commit()
            return "handed over"

        try:
            env_a = api.Environment(cr_a, SUPERUSER_ID, {})
            env_b = api.Environment(cr_b, SUPERUSER_ID, {})
            cr_b.execute("SET LOCAL lock_timeout = '60s'")
            cr_b.execute("SELECT pg_backend_pid()")
            b_pid = cr_b.fetchone()[0]
            # B reads the dossier (its snapshot) before A hands the step over.
            self.assertEqual(env_b["q1.dossier"].browse(dossier_id).current_step_id.id, step_id)
            env_a["q1.dossier"].browse(dossier_id).hand_over(step=step_id)

            thread, outcome, b_done = start_in_thread(hand_over_in_b)
            # B waits for A's row lock (bounded wait, so that a missing lock fails instead of hanging).
            waited = wait_for_lock(probe, b_pid, b_done)
            self.assertFalse(b_done.is_set(), f"B went through while A's hand-over was open: {outcome}")
            self.assertEqual(waited, "Lock", "B never waited for A's row lock")
            cr_a.commit()
            if stack := join_or_stack(thread):
                self.fail(f"B is still blocked after A committed:\n{stack}")

            self.assertNotIn("result", outcome, "the step was handed over twice")
            self.assertIsInstance(outcome["error"], UserError, repr(outcome["error"]))
            self.assertIn("was just changed by someone else", str(outcome["error"]))
            cr_b.rollback()

            probe.execute(
                "SELECT count(*), count(finished_at) FROM q1_dossier_step WHERE dossier_id = %s", (dossier_id,)
            )
            self.assertEqual(probe.fetchone(), (2, 1), "one step finished, the next one open")
            probe.execute(
                "SELECT s.sequence, s.finished_at FROM q1_dossier d JOIN q1_dossier_step s ON s.id = d.current_step_id "
                "WHERE d.id = %s",
                (dossier_id,),
            )
            sequence, finished_at = probe.fetchone()
            self.assertEqual(sequence, 2)
            self.assertIsNone(finished_at)
        finally:
            for cr in (cr_a, cr_b, probe):
                with contextlib.suppress(psycopg2.Error):
                    cr.rollback()
                cr.close()

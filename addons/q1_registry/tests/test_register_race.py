"""Two results of one register and unit written at the same time, on real independent connections: the second
waits for the first's numbering and, once it commits, takes the next number (never the same one, never a database
error)."""

import contextlib
import uuid
from datetime import date

import psycopg2

from odoo import SUPERUSER_ID, api, sql_db
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from odoo.addons.q1_dossier.tests.common import join_or_stack, start_in_thread, wait_for_lock


@tagged("post_install", "-at_install")
class TestRegisterNumberRace(TransactionCase):
    def _cursor(self):
        # A connection of its own, outside the test transaction.
        return sql_db.db_connect(self.env.cr.dbname).cursor()

    def _setup_register(self):
        """A register and field committed for the race (removed by ``_cleanup``)."""
        setup = self._cursor()
        try:
            env = api.Environment(setup, SUPERUSER_ID, {})
            tag = uuid.uuid4().hex[:8].upper()
            field = env["q1.field"].create({"name": f"Race {tag}", "code": f"RACE-{tag}"})
            register = env["q1.register"].create({"name": f"Race {tag}", "code": f"R-{tag}", "field_id": field.id})
            setup.commit()
            return register.id, field.id
        finally:
            setup.close()

    def _cleanup(self, register_id, field_id, *cursors):
        for cr in cursors:
            with contextlib.suppress(psycopg2.Error):
                cr.rollback()
        cleanup = self._cursor()
        try:
            cleanup.execute("DELETE FROM q1_register_event WHERE register_id = %s", (register_id,))
            cleanup.execute("DELETE FROM q1_register_entry WHERE register_id = %s", (register_id,))
            cleanup.execute("DELETE FROM q1_register WHERE id = %s", (register_id,))
            cleanup.execute("DELETE FROM q1_field WHERE id = %s", (field_id,))
            cleanup.commit()
        finally:
            cleanup.close()
            for cr in cursors:
                cr.close()

    @mute_logger("odoo.sql_db")
    def test_concurrent_results_never_share_a_number(self):
        register_id, field_id = self._setup_register()
        company_id = self.env.ref("base.main_company").id
        day = date(2026, 3, 2)
        cr_a, cr_b, probe = self._cursor(), self._cursor(), self._cursor()
        try:
            # B's snapshot starts before A writes its entry, as two officers handing over results together.
            cr_b.execute("SET LOCAL lock_timeout = '60s'")
            cr_b.execute("SELECT pg_backend_pid()")
            b_pid = cr_b.fetchone()[0]
            env_b = api.Environment(cr_b, SUPERUSER_ID, {})
            env_a = api.Environment(cr_a, SUPERUSER_ID, {})
            entries_a = env_a["q1.register.entry"]
            register_a, company_a = env_a["q1.register"].browse(register_id), env_a["res.company"].browse(company_id)
            seq, year, number = entries_a._q1_next_number(register_a, company_a, day)
            entries_a.create(
                {
                    "register_id": register_id,
                    "company_id": company_id,
                    "number": number,
                    "seq": seq,
                    "year": year,
                    "entry_date": day,
                    "holder_name": "A",
                }
            )
            entries_a.flush_model()

            def number_in_b():
                register_b = env_b["q1.register"].browse(register_id)
                result = env_b["q1.register.entry"]._q1_next_number(
                    register_b, env_b["res.company"].browse(company_id), day
                )
                cr_b.commit()
                return result

            thread, outcome, b_done = start_in_thread(number_in_b)
            waited = wait_for_lock(probe, b_pid, b_done)
            self.assertFalse(b_done.is_set(), f"B got a number while A's entry was not committed: {outcome}")
            self.assertEqual(waited, "Lock", "B never waited for A's numbering")
            cr_a.commit()
            if stack := join_or_stack(thread):
                self.fail(f"B is still blocked after A committed:\n{stack}")
            self.assertEqual(seq, 1)
            self.assertNotIn("error", outcome, outcome.get("error"))
            self.assertEqual(outcome["result"][0], 2, "B took A's number")
            self.assertNotEqual(outcome["result"][2], number)
        finally:
            self._cleanup(register_id, field_id, cr_a, cr_b, probe)

import contextlib
from datetime import date

import psycopg2
import psycopg2.errors

from odoo import SUPERUSER_ID, api, sql_db
from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from .common import Q1Case, join_or_stack, start_in_thread, wait_for_lock


@tagged("post_install", "-at_install")
class TestDossierCode(Q1Case):
    """<unit_code>-<yyMMdd>-<NNNN>, sequence restarting every local day for each receiving unit."""

    def test_daily_sequence_per_unit(self):
        a1, a2, a3 = (self.make_dossier() for _ in range(3))
        b1, b2 = (self.make_dossier(user=self.reception_b) for _ in range(2))
        self.receive_at(a1, "2026-03-05 08:00")
        self.receive_at(b1, "2026-03-05 08:05")
        self.receive_at(a2, "2026-03-05 10:00")
        self.receive_at(b2, "2026-03-05 16:30")
        self.assertEqual(a1.code, "T99.01-260305-0001")
        self.assertEqual(a2.code, "T99.01-260305-0002")
        # Ward B has its own sequence, starting at 0001 the same day.
        self.assertEqual(b1.code, "T99.02-260305-0001")
        self.assertEqual(b2.code, "T99.02-260305-0002")
        # Next day: the sequence restarts.
        self.receive_at(a3, "2026-03-06 07:45")
        self.assertEqual(a3.code, "T99.01-260306-0001")

    def test_code_uses_local_date(self):
        late, next_morning = self.make_dossier(), self.make_dossier()
        # 18:30 UTC on 05/03 is 01:30 on 06/03 in Ho Chi Minh City (an online filing at night).
        self.receive_at(late, "2026-03-06 01:30")
        self.assertEqual(late.received_at.strftime("%Y-%m-%d %H:%M"), "2026-03-05 18:30")
        self.assertEqual(late.received_date, date(2026, 3, 6))
        self.assertEqual(late.code, "T99.01-260306-0001")
        # Same local day in the morning: same daily counter, although the UTC date differs.
        self.receive_at(next_morning, "2026-03-06 08:00")
        self.assertEqual(next_morning.code, "T99.01-260306-0002")

    def test_local_evening_stays_on_its_day(self):
        dossier = self.make_dossier()
        # 23:59 local on 05/03 is 16:59 UTC the same day.
        self.receive_at(dossier, "2026-03-05 23:59")
        self.assertEqual(dossier.code, "T99.01-260305-0001")
        self.assertEqual(dossier.received_date, date(2026, 3, 5))

    def test_custom_code_pattern(self):
        self.ward_a.q1_code_pattern = "{yyyy}{mm}{dd}/{unit}/{seq:05d}"
        first, second = self.make_dossier(), self.make_dossier()
        self.receive_at(first, "2026-03-06 01:30")
        self.receive_at(second, "2026-03-06 09:00")
        self.assertEqual(first.code, "20260306/T99.01/00001")
        self.assertEqual(second.code, "20260306/T99.01/00002")
        # Ward B keeps the default pattern.
        other = self.receive_at(self.make_dossier(user=self.reception_b), "2026-03-06 09:00")
        self.assertEqual(other.code, "T99.02-260306-0001")

    def test_sequence_widens_past_9999(self):
        day = date(2026, 3, 9)
        self.env["q1.dossier.code.counter"].create({"company_id": self.ward_a.id, "day": day, "last_seq": 9999})
        dossier = self.receive_at(self.make_dossier(), "2026-03-09 08:00")
        self.assertEqual(dossier.code, "T99.01-260309-10000")

    def test_invalid_code_pattern_refused(self):
        for pattern in ("{unit}-{yy}{mm}{dd}-{number}", "{unit}-{seq:04d", "{unit}-{seq:xyz}"):
            with self.subTest(pattern=pattern), self.assertRaises(ValidationError):
                self.ward_a.q1_code_pattern = pattern
                self.env.flush_all()

    @mute_logger("odoo.sql_db")
    def test_code_is_unique(self):
        first = self.receive_at(self.make_dossier(), "2026-03-05 08:00")
        second = self.make_dossier()
        with self.assertRaises(psycopg2.IntegrityError):
            second.sudo().write({"code": first.code})
            self.env.flush_all()

    def test_unit_without_code_cannot_receive(self):
        from odoo.exceptions import UserError

        self.ward_a.q1_unit_code = False
        dossier = self.make_dossier()
        with self.assertRaises(UserError), self.at("2026-03-05 08:00"):
            dossier.action_receive()
        self.assertFalse(dossier.code)
        self.assertEqual(dossier.state, "draft")

    def test_rolled_back_reception_returns_its_number(self):
        first, second = self.make_dossier(), self.make_dossier()
        with self.assertRaises(RuntimeError), self.at("2026-03-05 08:00"):
            first.action_receive()
            self.assertEqual(first.code, "T99.01-260305-0001")
            self.env.flush_all()
            # Anything failing later in the same transaction rolls the reception back, number included.
            raise RuntimeError("simulated failure after numbering")
        self.assertFalse(first.code)
        self.receive_at(second, "2026-03-05 08:05")
        self.assertEqual(second.code, "T99.01-260305-0001")

    def test_pattern_that_cannot_give_unique_codes_refused(self):
        # Codes are unique in the whole database: a pattern must keep the unit, the full day and the sequence,
        # otherwise the second reception of a day (or of the next day, or of another unit) hits the unique
        # constraint and the desk is blocked.
        for pattern in ("{unit}-{yy}{mm}{dd}", "{unit}-{seq:04d}", "{yy}{mm}{dd}-{seq:04d}"):
            with self.subTest(pattern=pattern), self.assertRaises(ValidationError):
                self.ward_a.q1_code_pattern = pattern
                self.env.flush_all()


@tagged("post_install", "-at_install")
class TestDossierCodeRace(TransactionCase):
    """Reception transactions racing for the same unit and day, on real independent connections: the second
    waits for the first and never gets a database error; numbers stay unique and gap-free."""

    def _cursor(self):
        # A connection of its own, outside the test transaction.
        return sql_db.db_connect(self.env.cr.dbname).cursor()

    def _free_day(self, company_id):
        """A far-future day no real reception uses, unique per run (a stray row of an earlier run is skipped)."""
        probe = self._cursor()
        try:
            probe.execute(
                "SELECT COALESCE(MAX(day), '2098-12-31') FROM q1_dossier_code_counter "
                "WHERE company_id = %s AND day >= '2099-01-01'",
                (company_id,),
            )
            return date.fromordinal(probe.fetchone()[0].toordinal() + 1)
        finally:
            probe.close()

    def _cleanup(self, company_id, *cursors):
        for cr in cursors:
            with contextlib.suppress(psycopg2.Error):
                cr.rollback()
        cleanup = self._cursor()
        try:
            cleanup.execute(
                "DELETE FROM q1_dossier_code_counter WHERE company_id = %s AND day >= '2099-01-01'", (company_id,)
            )
            cleanup.commit()
        finally:
            cleanup.close()
            for cr in cursors:
                cr.close()

    def _race(self, finish_a):
        """A takes a number; B, whose snapshot started before, asks for one while A is open; then A ends with
        ``finish_a`` ('commit' or 'rollback'). Returns (A's number, B's outcome: {'result': n} or {'error': e})."""
        company_id = self.env.ref("base.main_company").id
        day = self._free_day(company_id)
        cr_a, cr_b, probe = self._cursor(), self._cursor(), self._cursor()

        def take_in_b():
            seq = counter_b._next_seq(company_id, day)
            cr_b.commit()
            return seq

        try:
            env_a = api.Environment(cr_a, SUPERUSER_ID, {})
            # B's snapshot starts before A takes its number, as at two counters pressing Receive together.
            cr_b.execute("SET LOCAL lock_timeout = '60s'")
            cr_b.execute("SELECT pg_backend_pid()")
            b_pid = cr_b.fetchone()[0]
            counter_b = api.Environment(cr_b, SUPERUSER_ID, {})["q1.dossier.code.counter"]
            seq_a = env_a["q1.dossier.code.counter"]._next_seq(company_id, day)

            thread, outcome, b_done = start_in_thread(take_in_b)
            # B must queue behind A's open reception rather than compute a number of its own: wait until its
            # backend is seen waiting on a lock (bounded, so that a broken lock fails instead of hanging).
            waited = wait_for_lock(probe, b_pid, b_done)
            self.assertFalse(b_done.is_set(), f"B got an answer while A's reception was open: {outcome}")
            self.assertEqual(waited, "Lock", "B never waited for A")
            getattr(cr_a, finish_a)()
            if stack := join_or_stack(thread):
                self.fail(f"B is still blocked after A ended:\n{stack}")
            return seq_a, outcome
        finally:
            self._cleanup(company_id, cr_a, cr_b, probe)

    @mute_logger("odoo.sql_db")
    def test_concurrent_counters_never_share_a_number(self):
        seq_a, outcome = self._race("commit")
        self.assertEqual(seq_a, 1)
        # No serialization error for Odoo to retry (or to show once its retries are spent): B simply waited.
        self.assertNotIn("error", outcome, outcome.get("error"))
        self.assertEqual(outcome["result"], 2)

    @mute_logger("odoo.sql_db")
    def test_rolled_back_reception_gives_its_number_to_the_one_waiting(self):
        seq_a, outcome = self._race("rollback")
        self.assertEqual(seq_a, 1)
        self.assertNotIn("error", outcome, outcome.get("error"))
        self.assertEqual(outcome["result"], 1, "a rolled-back number is issued again: no gap")

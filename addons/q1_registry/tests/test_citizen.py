"""The citizen's record (issue 15, item 3): one record per citizen ID or tax code, opened race-safely, seen by the
units holding data on the citizen only, every opening of its page logged in a log the administrators read and
nobody writes."""

import psycopg2

from odoo import SUPERUSER_ID, api, sql_db
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tests import HttpCase, TransactionCase, tagged
from odoo.tools import mute_logger

from odoo.addons.q1_dossier.tests.common import join_or_stack, start_in_thread, wait_for_lock

from .citizen_common import ID_AN, ID_BINH, TAX_CODE, CitizenCase

FORM_SPEC = {"name": {}, "identity_number": {}, "unit_document_ids": {"fields": {"name": {}}}}


@tagged("post_install", "-at_install")
class TestCitizenRecord(CitizenCase):
    def count(self, number):
        return self.env["q1.citizen"].sudo().search_count([("identity_number", "=", number)])

    def test_one_record_per_number(self):
        Citizen = self.env["q1.citizen"]
        citizen = Citizen._q1_for_identity("079 085 001.234", "Nguyễn Văn An", self.ward_a)
        self.assertEqual(citizen.identity_number, ID_AN)
        self.assertEqual(citizen.name, "Nguyễn Văn An")
        self.assertEqual(citizen.kind, "person")
        self.assertEqual(citizen.company_ids, self.ward_a)
        # the same number from another unit: the same record, the unit added
        again = Citizen._q1_for_identity(ID_AN, "Nguyen Van An", self.ward_b)
        self.assertEqual(again, citizen)
        self.assertEqual(citizen.company_ids, self.ward_a | self.ward_b)
        self.assertEqual(citizen.name, "Nguyễn Văn An", "the first name given stays")
        self.assertEqual(self.count(ID_AN), 1)
        organisation = Citizen._q1_for_identity(TAX_CODE, "Công ty TNHH Thử Nghiệm", self.ward_a, "organisation")
        self.assertEqual(organisation.kind, "organisation")
        self.assertEqual(organisation.identity_number, TAX_CODE)

    def test_bad_numbers_are_refused_and_save_nothing(self):
        Citizen = self.env["q1.citizen"]
        before = Citizen.sudo().search_count([])
        for number, kind in (
            ("07908500123", "person"),
            ("999085001234", "person"),
            ("0312345674", "organisation"),
            ("", "person"),
            (ID_AN, "organisation"),
        ):
            with self.subTest(number=number, kind=kind), self.assertRaises(ValidationError):
                Citizen._q1_for_identity(number, "X", self.ward_a, kind)
        self.assertEqual(Citizen.sudo().search_count([]), before)
        # a duplicate through create itself is refused by the unique index
        Citizen._q1_for_identity(ID_AN, "Nguyễn Văn An", self.ward_a)
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.UniqueViolation), self.cr.savepoint():
            Citizen.sudo().create({"identity_number": ID_AN, "name": "Bản sao"})

    def test_reception_opens_the_record_for_the_dossier_units(self):
        dossier = self.hkd_dossier(ID_BINH, applicant_name="Trần Thị Bình")
        dossier.document_ids.write({"is_received": True})
        self.assertFalse(self.count(ID_BINH), "a draft dossier opens no record")
        self.receive_at(dossier, "2026-03-02 09:00")
        citizen = self.env["q1.citizen"].sudo().search([("identity_number", "=", ID_BINH)])
        self.assertEqual(citizen.name, "Trần Thị Bình")
        self.assertEqual(citizen.company_ids, self.ward_a)
        # ward A's officers find it and see the dossier on its page; ward B's do not know it exists
        as_reception = citizen.with_user(self.reception_a)
        self.assertEqual(as_reception.dossier_ids, dossier)
        self.assertEqual(dossier.with_user(self.reception_a).citizen_id, citizen)
        self.assertEqual(
            self.env["q1.citizen"].with_user(self.proc_a1).search([("identity_number", "=", ID_BINH)]), citizen
        )
        self.assertFalse(self.env["q1.citizen"].with_user(self.reception_b).search([]))

    def test_installation_opens_the_records_of_dossiers_received_before(self):
        dossier = self.hkd_dossier(ID_BINH, applicant_name="Trần Thị Bình")
        dossier.document_ids.write({"is_received": True})
        self.receive_at(dossier, "2026-03-02 09:00")
        old = self.hkd_dossier(TAX_CODE, applicant_name="Công ty TNHH Cũ", applicant_type="organisation")
        old.document_ids.write({"is_received": True})
        self.receive_at(old, "2026-03-02 10:00")
        bad = self.hkd_dossier(ID_AN)
        bad.document_ids.write({"is_received": True})
        self.receive_at(bad, "2026-03-02 11:00")
        # as before the installation: no records, and one number that no longer passes the checks (old data)
        mine = [("identity_number", "in", [ID_BINH, TAX_CODE, ID_AN])]
        self.env["q1.citizen"].sudo().search(mine).unlink()
        self.env.cr.execute("UPDATE q1_dossier SET applicant_id_number = '12345' WHERE id = %s", (bad.id,))
        self.env.invalidate_all()
        self.env["q1.citizen"]._q1_open_records_of_received_dossiers()
        citizens = self.env["q1.citizen"].sudo().search(mine)
        self.assertEqual(sorted(citizens.mapped("identity_number")), sorted([ID_BINH, TAX_CODE]))
        binh = citizens.filtered(lambda c: c.identity_number == ID_BINH)
        self.assertEqual((binh.name, binh.kind, binh.company_ids), ("Trần Thị Bình", "person", self.ward_a))
        self.assertEqual(citizens.filtered(lambda c: c.identity_number == TAX_CODE).kind, "organisation")
        # run again: nothing doubled
        self.env["q1.citizen"]._q1_open_records_of_received_dossiers()
        self.assertEqual(self.env["q1.citizen"].sudo().search_count(mine), 2)

    def test_each_unit_sees_its_own_documents_on_the_page(self):
        card_a = self.held(ID_AN, self.kind_id_card, self.ward_a, number="A")
        card_b = self.held(ID_AN, self.kind_id_card, self.ward_b, number="B")
        citizen = card_a.citizen_id
        self.assertEqual(citizen.company_ids, self.ward_a | self.ward_b)
        spec = {"name": {}, "unit_document_ids": {"fields": {"number": {}}}, "unit_register_entry_ids": {"fields": {}}}
        for user, card in ((self.reception_a, card_a), (self.reception_b, card_b)):
            with self.subTest(user=user.login):
                values = citizen.with_user(user).web_read(spec)[0]
                self.assertEqual([line["id"] for line in values["unit_document_ids"]], card.ids)

    def test_officer_of_another_ward_cannot_read(self):
        citizen = self.env["q1.citizen"]._q1_for_identity(ID_AN, "Nguyễn Văn An", self.ward_a)
        for user in (self.reception_b, self.proc_b, self.leader_b):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    citizen.with_user(user).web_read(FORM_SPEC)
                with self.assertRaises(AccessError):
                    citizen.with_user(user).read(["name", "identity_number"])
                self.assertFalse(
                    self.env["q1.citizen"].with_user(user).search_read([("identity_number", "=", ID_AN)], ["name"])
                )
        self.assertFalse(
            self.env["q1.citizen.view.log"].sudo().search([("citizen_id", "=", citizen.id)]),
            "a refused read is no view",
        )

    def test_nobody_writes_the_record_facts(self):
        citizen = self.env["q1.citizen"]._q1_for_identity(ID_AN, "Nguyễn Văn An", self.ward_a)
        with self.assertRaises(AccessError):
            citizen.with_user(self.reception_a).write({"name": "Khác"})
        with self.assertRaises(AccessError):
            self.env["q1.citizen"].with_user(self.reception_a).create({"identity_number": ID_BINH, "name": "X"})
        for vals in ({"identity_number": ID_BINH}, {"kind": "organisation"}, {"company_ids": [(4, self.ward_b.id)]}):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                citizen.with_user(self.manager_a).write(vals)
        # the administrator corrects the name
        citizen.with_user(self.manager_a).write({"name": "Nguyễn Văn Ân"})
        self.assertEqual(citizen.name, "Nguyễn Văn Ân")
        self.assertEqual(citizen.identity_number, ID_AN)
        self.assertEqual(citizen.company_ids, self.ward_a)


@tagged("post_install", "-at_install")
class TestCitizenViewLog(CitizenCase):
    def setUp(self):
        super().setUp()
        self.citizen = self.env["q1.citizen"]._q1_for_identity(ID_AN, "Nguyễn Văn An", self.ward_a)
        self.Log = self.env["q1.citizen.view.log"].sudo()

    def test_every_opening_is_logged(self):
        with self.at("2026-03-02 09:00"):
            self.citizen.with_user(self.reception_a).web_read(FORM_SPEC)
        with self.at("2026-03-02 09:05"):
            self.citizen.with_user(self.reception_a).web_read(FORM_SPEC)
            self.citizen.with_user(self.proc_a1).web_read(FORM_SPEC)
        logs = self.Log.search([("citizen_id", "=", self.citizen.id)], order="id")
        self.assertEqual(
            [(log.user_id, log.citizen_id, log.company_id, log.at.strftime("%H:%M")) for log in logs],
            [
                (self.reception_a, self.citizen, self.ward_a, "02:00"),
                (self.reception_a, self.citizen, self.ward_a, "02:05"),
                (self.proc_a1, self.citizen, self.ward_a, "02:05"),
            ],
        )

    def test_searches_and_the_system_are_not_views(self):
        self.env["q1.citizen"].with_user(self.reception_a).web_search_read(
            [("identity_number", "=", ID_AN)], {"name": {}, "identity_number": {}}
        )
        self.citizen.web_read(FORM_SPEC)  # the system (the test's superuser environment)
        # a dossier naming the citizen (its smart button's field) is no opening of the record
        dossier = self.make_dossier(applicant_id_number=ID_AN)
        values = dossier.with_user(self.reception_a).web_read({"citizen_id": {"fields": {"display_name": {}}}})
        self.assertEqual(values[0]["citizen_id"]["id"], self.citizen.id)
        self.assertFalse(self.Log.search([("citizen_id", "=", self.citizen.id)]))

    def test_the_log_is_read_by_administrators_only_and_never_written(self):
        self.citizen.with_user(self.reception_a).web_read(FORM_SPEC)
        log = self.Log.search([("citizen_id", "=", self.citizen.id)])
        self.assertEqual(len(log), 1)
        for user in (self.reception_a, self.proc_a1, self.leader_a):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["q1.citizen.view.log"].with_user(user).search_read([], ["user_id"])
        as_manager = self.env["q1.citizen.view.log"].with_user(self.manager_a)
        self.assertEqual(as_manager.search([("citizen_id", "=", self.citizen.id)]), log)
        for user in (self.manager_a, self.reception_a):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    log.with_user(user).write({"user_id": self.manager_a.id})
                with self.assertRaises(AccessError):
                    log.with_user(user).unlink()
                with self.assertRaises(AccessError):
                    self.env["q1.citizen.view.log"].with_user(user).create(
                        {"user_id": user.id, "citizen_id": self.citizen.id}
                    )
        self.assertTrue(log.exists())
        self.assertEqual(log.user_id, self.reception_a)


@tagged("post_install", "-at_install")
class TestCitizenViewOnReplica(HttpCase, CitizenCase):
    """A read-only request (``web_read``) may run on a read replica, where nothing can be written: the opening is
    logged on the primary once the request has read. The registry in test mode gives read-only requests a cursor
    that refuses writes, as a replica does."""

    def test_an_opening_on_a_replica_is_logged_after_it(self):
        citizen = self.env["q1.citizen"]._q1_for_identity(ID_AN, "Nguyễn Văn An", self.ward_a)
        self.env.flush_all()
        Log = self.env["q1.citizen.view.log"].sudo()
        with self.registry.cursor(readonly=True) as cr:
            record = api.Environment(cr, self.reception_a.id, {})["q1.citizen"].browse(citizen.id)
            self.assertEqual(record.web_read(FORM_SPEC)[0]["name"], "Nguyễn Văn An")
            self.assertFalse(Log.search([("citizen_id", "=", citizen.id)]), "nothing written there")
            pending = list(cr.postcommit._funcs)  # what Odoo runs once the request's transaction ends
        for callback in pending:
            callback()
        entry = Log.search([("citizen_id", "=", citizen.id)])
        self.assertEqual((entry.user_id, entry.company_id), (self.reception_a, self.ward_a))


@tagged("post_install", "-at_install")
class TestCitizenRace(TransactionCase):
    """Two receptions of the same new citizen at once, in two transactions on real connections: one record. The
    second waits on the first's unique-index entry; once the first commits, PostgreSQL refuses the second's
    snapshot (a serialization failure, which Odoo answers by running the request again), and the request run
    again finds the record."""

    NUMBER = "001088000222"

    def _cursor(self):
        return sql_db.db_connect(self.env.cr.dbname).cursor()

    def _cleanup(self):
        conn = self._cursor()
        try:
            conn.execute("DELETE FROM q1_citizen WHERE identity_number = %s", (self.NUMBER,))
            conn.commit()
        finally:
            conn.close()

    @mute_logger("odoo.sql_db")
    def test_two_receptions_at_once_open_one_record(self):
        self.addCleanup(self._cleanup)
        cr_a, cr_b, probe = self._cursor(), self._cursor(), self._cursor()
        try:
            env_a = api.Environment(cr_a, SUPERUSER_ID, {})
            env_b = api.Environment(cr_b, SUPERUSER_ID, {})
            company_b = env_b.ref("base.main_company")
            cr_b.execute("SET LOCAL lock_timeout = '60s'")
            cr_b.execute("SELECT pg_backend_pid()")
            b_pid = cr_b.fetchone()[0]
            # B has looked for the citizen (its snapshot) before A opens the record
            self.assertFalse(env_b["q1.citizen"].search([("identity_number", "=", self.NUMBER)]))
            first = env_a["q1.citizen"]._q1_for_identity(self.NUMBER, "Lê Văn Cùng", env_a.ref("base.main_company"))

            def open_in_b():
                return env_b["q1.citizen"]._q1_for_identity(self.NUMBER, "Lê Văn Cùng", company_b).id

            thread, outcome, b_done = start_in_thread(open_in_b)
            waited = wait_for_lock(probe, b_pid, b_done)
            self.assertFalse(b_done.is_set(), f"B went through while A's record was not committed: {outcome}")
            self.assertEqual(waited, "Lock", "B never waited for A's record")
            cr_a.commit()
            if stack := join_or_stack(thread):
                self.fail(f"B is still blocked after A committed:\n{stack}")
            self.assertNotIn("result", outcome, "the record was opened twice")
            self.assertIsInstance(outcome["error"], PG_CONCURRENCY_EXCEPTIONS_TO_RETRY, repr(outcome["error"]))
            cr_b.rollback()
            # the request run again (Odoo's retry) finds A's record
            env_b.invalidate_all()
            self.assertEqual(open_in_b(), first.id)
            cr_b.commit()
            probe.execute("SELECT count(*) FROM q1_citizen WHERE identity_number = %s", (self.NUMBER,))
            self.assertEqual(probe.fetchone()[0], 1)
        finally:
            for cursor in (cr_a, cr_b, probe):
                cursor.rollback()
                cursor.close()

"""Who looked: reads of a citizen's data outside the dossier's unit flow are logged (once a day per user and
dossier), reads inside it and reads as the system are not; the log is the administrators' to read and nobody's to
change."""

from odoo import Command, api
from odoo.exceptions import AccessError
from odoo.tests import HttpCase, new_test_user, tagged

from .common import Q1Case


@tagged("post_install", "-at_install")
class TestPersonalDataReads(Q1Case):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # An officer given access to wards A and B, working in A.
        cls.roaming = new_test_user(
            cls.env,
            login="q1_proc_ab",
            groups="q1_dossier.group_q1_processing",
            name="Kiều Hai Phường",
            company_id=cls.ward_a.id,
            company_ids=[Command.set((cls.ward_a | cls.ward_b).ids)],
            tz="Asia/Ho_Chi_Minh",
        )
        cls.manager = new_test_user(
            cls.env,
            login="q1_manager_ab",
            groups="q1_dossier.group_q1_manager",
            name="Đỗ Quản Trị",
            company_id=cls.ward_a.id,
            company_ids=[Command.set((cls.ward_a | cls.ward_b).ids)],
            tz="Asia/Ho_Chi_Minh",
        )
        cls.dossier_a = cls.make_dossier(applicant_name="Phạm Thị Phường A")
        cls.dossier_b = cls.make_dossier(applicant_name="Ngô Văn Phường B", user=cls.reception_b)
        # Received by B for a procedure A decides: A's business too.
        cls.dossier_ba = cls.make_dossier(
            applicant_name="Đinh Văn Liên Phường", user=cls.reception_b, deciding_company_id=cls.ward_a.id
        )

    def read_as(self, user, dossiers, companies=None):
        """Read the applicant's data as ``user`` acting in ``companies`` (the switcher; default: all theirs)."""
        self.env.invalidate_all()
        records = dossiers.with_user(user)
        if companies is not None:
            records = records.with_context(allowed_company_ids=companies.ids)
        values = records.read(["applicant_name", "applicant_phone"])
        self.env.invalidate_all()
        return values

    def reads(self, user=None):
        domain = [("kind", "=", "read")] + ([("user_id", "=", user.id)] if user else [])
        return self.env["q1.audit.log"].search(domain)

    def test_officers_of_the_dossiers_units_are_not_logged(self):
        self.read_as(self.reception_a, self.dossier_a)
        self.read_as(self.proc_a1, self.dossier_a | self.dossier_ba)
        self.read_as(self.reception_b, self.dossier_b | self.dossier_ba)
        self.read_as(self.roaming, self.dossier_a | self.dossier_ba, companies=self.ward_a)
        self.assertFalse(self.reads())

    def test_reading_another_wards_citizens_is_logged_once_a_day(self):
        values = self.read_as(self.roaming, self.dossier_a | self.dossier_b | self.dossier_ba)
        self.assertEqual(
            {v["applicant_name"] for v in values}, {"Phạm Thị Phường A", "Ngô Văn Phường B", "Đinh Văn Liên Phường"}
        )
        entry = self.reads(self.roaming)
        self.assertEqual(entry.dossier_id, self.dossier_b, "only the dossier outside the flow of ward A")
        self.assertEqual((entry.acting_company_id, entry.company_id), (self.ward_a, self.ward_b))
        # Any path: search_read, a second read, the kanban's web_search_read; still one entry that day.
        self.env.invalidate_all()
        self.env["q1.dossier"].with_user(self.roaming).search_read([("id", "=", self.dossier_b.id)], ["applicant_name"])
        self.read_as(self.roaming, self.dossier_b)
        self.env.invalidate_all()
        self.env["q1.dossier"].with_user(self.roaming).web_search_read(
            [("company_id", "=", self.ward_b.id)], {"applicant_name": {}, "code": {}}
        )
        self.assertEqual(self.reads(self.roaming), entry)

    def test_acting_in_the_other_ward_is_inside_its_flow(self):
        self.read_as(self.roaming, self.dossier_b, companies=self.ward_b)
        self.assertFalse(self.reads())

    def test_every_read_by_an_administrator_is_logged(self):
        self.read_as(self.manager, self.dossier_a, companies=self.ward_a)
        self.read_as(self.manager, self.dossier_b)
        self.assertEqual(self.reads(self.manager).dossier_id, self.dossier_a | self.dossier_b)

    def test_reads_as_the_system_are_not_logged(self):
        self.env.invalidate_all()
        self.dossier_b.with_user(self.roaming).sudo().read(["applicant_name"])
        self.env["q1.dossier"].sudo().search([]).mapped("applicant_name")
        self.assertFalse(self.reads())

    def test_the_tracking_book_of_another_ward_is_logged(self):
        """The book lists names, addresses and phones, read with SQL: its dossiers outside the flow are logged."""
        received_a = self.receive_at(self.make_dossier(applicant_name="Lý Thị Sổ A"), "2026-03-05 09:00")
        received_b = self.receive_at(
            self.make_dossier(applicant_name="Hồ Văn Sổ B", user=self.reception_b), "2026-03-05 09:30"
        )
        book = (
            self.env["q1.tracking.book"]
            .with_user(self.roaming)
            .with_context(allowed_company_ids=(self.ward_a | self.ward_b).ids)
            .create(
                {
                    "date_from": "2026-03-01",
                    "date_to": "2026-03-31",
                    "company_ids": [Command.set((self.ward_a | self.ward_b).ids)],
                }
            )
        )
        rows = list(book._tracking_rows())
        self.assertEqual({row.code for row in rows}, {received_a.code, received_b.code})
        self.assertEqual(self.reads(self.roaming).dossier_id, received_b, "only ward B's dossier, outside the flow")

    def test_the_log_is_read_only_and_for_administrators(self):
        self.read_as(self.roaming, self.dossier_b)
        entry = self.reads(self.roaming)
        self.assertEqual(len(entry), 1)
        Log = self.env["q1.audit.log"]
        self.assertEqual(Log.with_user(self.manager).search([("id", "=", entry.id)]), entry)
        for user in (self.roaming, self.leader_a, self.reception_a):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                Log.with_user(user).search([])
        with self.assertRaises(AccessError):
            entry.with_user(self.manager).write({"dossier_code": "X"})
        with self.assertRaises(AccessError):
            entry.with_user(self.manager).unlink()
        with self.assertRaises(AccessError):
            Log.with_user(self.manager).create({"kind": "read", "user_id": self.manager.id})
        self.assertTrue(entry.exists())
        # The superuser alone may purge it.
        entry.unlink()
        self.assertFalse(entry.exists())


@tagged("post_install", "-at_install")
class TestPersonalDataReadsOnAReplica(HttpCase, Q1Case):
    """A read-only request may run on a read replica (db_replica_host), where nothing can be written. The registry in
    test mode gives read-only requests a cursor that refuses writes, as a replica does."""

    def test_an_administrators_read_on_a_replica_is_logged_on_the_primary_after_it(self):
        manager = new_test_user(
            self.env,
            login="q1_manager_ro",
            groups="q1_dossier.group_q1_manager",
            company_id=self.ward_a.id,
            company_ids=[Command.set((self.ward_a | self.ward_b).ids)],
        )
        dossier = self.make_dossier(applicant_name="Trương Thị Bản Sao")
        self.env.flush_all()
        with self.registry.cursor(readonly=True) as cr:
            # the read itself works (before: "cannot execute INSERT in a read-only transaction")
            record = api.Environment(cr, manager.id, {})["q1.dossier"].browse(dossier.id)
            self.assertEqual(record.applicant_name, "Trương Thị Bản Sao")
            self.assertFalse(self.env["q1.audit.log"].search([("user_id", "=", manager.id)]), "nothing written there")
            pending = list(cr.postcommit._funcs)  # what Odoo runs once the request's transaction ends
        for callback in pending:
            callback()
        entry = self.env["q1.audit.log"].search([("user_id", "=", manager.id)])
        self.assertEqual((entry.kind, entry.dossier_id), ("read", dossier))

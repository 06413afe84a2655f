"""Result registers: a dossier's result writes an entry with its data; an amendment, a replacement and a revocation
act on the entry named at reception and keep the history; numbers; the expiry cron; the printed book; the one
search; record rules per unit; and a user never writes an entry's legal facts."""

from datetime import date

import psycopg2

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .register_common import CAPITAL, ID_AN, ID_BINH, NAME, TRADE, RegisterCase


@tagged("post_install", "-at_install")
class TestRegisterWriting(RegisterCase):
    def test_result_creates_entry_with_the_data(self):
        dossier = self.result(self.proc_create, {NAME: "Quán Cơm An", CAPITAL: 50_000_000, TRADE: "food"})
        self.assertEqual(dossier.state, "done")
        entry = dossier.register_entry_id
        self.assertTrue(entry, "the result wrote no entry")
        self.assertEqual(entry.register_id, self.register)
        self.assertEqual(entry.company_id, self.ward_a)
        self.assertEqual(entry.number, "1/2026/T-HKD")
        self.assertEqual((entry.seq, entry.year), (1, 2026))
        self.assertEqual(entry.entry_date, date(2026, 3, 4))
        self.assertEqual(entry.valid_from, date(2026, 3, 4))
        self.assertEqual(entry.valid_until, date(2027, 3, 3))
        self.assertEqual(entry.state, "valid")
        self.assertEqual(entry.origin, "dossier")
        self.assertEqual((entry.holder_name, entry.holder_id_number), ("Nguyễn Văn An", ID_AN))
        self.assertEqual(entry.holder_address, "12 Lý Tự Trọng")
        self.assertEqual(entry.signer_name, self.proc_a1.name)
        self.assertEqual(entry._q1_data(), {NAME: "Quán Cơm An", CAPITAL: 50_000_000, TRADE: "food"})
        self.assertEqual(entry.citizen_id.identity_number, ID_AN)
        self.assertIn(self.ward_a, entry.citizen_id.company_ids)
        self.assertEqual(entry.dossier_ids, dossier)
        [event] = entry.event_ids
        self.assertEqual((event.kind, event.dossier_id, event.company_id), ("created", dossier, self.ward_a))
        self.assertEqual(event.data_after[NAME], "Quán Cơm An")
        self.assertIn("Ngành nghề: Ăn uống", event.changes)
        self.assertEqual(dossier.register_event_ids, event)
        # the next result of the register in the unit takes the next number
        second = self.result(self.proc_create, {NAME: "Tiệm Bình"}, identity=ID_BINH, applicant_name="Trần Thị Bình")
        self.assertEqual(second.register_entry_id.number, "2/2026/T-HKD")

    def test_refused_or_stopped_dossier_writes_nothing(self):
        dossier = self.make_dossier(self.proc_create, applicant_id_number=ID_AN)
        self.receive_at(dossier, "2026-03-02 09:00")
        with self.at("2026-03-03 09:00"):
            dossier.with_user(self.head_a).refuse("Không đủ điều kiện")
        self.assertFalse(dossier.register_entry_id)
        self.assertFalse(self.env["q1.register.entry"].search([("register_id", "=", self.register.id)]))

    def test_amendment_changes_the_entry_and_keeps_its_history(self):
        first = self.result(self.proc_create, {NAME: "Quán Cơm An", CAPITAL: 50_000_000, TRADE: "food"})
        entry = first.register_entry_id
        amendment = self.result(
            self.proc_amend,
            {CAPITAL: 120_000_000, TRADE: "retail"},
            when="2026-05-04 09:00",
            done="2026-05-05 10:00",
            entry=entry,
        )
        self.assertEqual(amendment.register_entry_id, entry)
        self.assertEqual(entry.state, "amended")
        self.assertEqual(entry.number, "1/2026/T-HKD", "an amendment keeps the number")
        self.assertEqual(entry._q1_data(), {NAME: "Quán Cơm An", CAPITAL: 120_000_000, TRADE: "retail"})
        created, amended = entry.event_ids.sorted("id")
        self.assertEqual((created.kind, amended.kind), ("created", "amended"))
        self.assertEqual(amended.dossier_id, amendment)
        self.assertEqual(amended.data_before, {NAME: "Quán Cơm An", CAPITAL: 50_000_000, TRADE: "food"})
        self.assertEqual(amended.data_after, {NAME: "Quán Cơm An", CAPITAL: 120_000_000, TRADE: "retail"})
        self.assertIn("Ngành nghề: Ăn uống → Bán lẻ", amended.changes)
        self.assertNotIn("Tên hộ kinh doanh", amended.changes)
        self.assertEqual(entry.dossier_ids, first | amendment)
        # a second amendment is still possible on an amended entry
        self.result(
            self.proc_amend, {NAME: "Quán Cơm An Mới"}, when="2026-06-01 09:00", done="2026-06-02 10:00", entry=entry
        )
        self.assertEqual(len(entry.event_ids), 3)
        self.assertEqual(entry.data_values[NAME], "Quán Cơm An Mới")

    def test_replacement_and_revocation(self):
        entry = self.result(self.proc_create, {NAME: "Quán Cơm An"}).register_entry_id
        replacing = self.result(
            self.proc_replace, {CAPITAL: 10}, when="2026-04-01 09:00", done="2026-04-02 10:00", entry=entry
        )
        new = replacing.register_entry_id
        self.assertNotEqual(new, entry)
        self.assertEqual(entry.state, "replaced")
        self.assertEqual(entry.replaced_by_id, new)
        self.assertEqual(new.state, "valid")
        self.assertEqual(new.number, "2/2026/T-HKD")
        self.assertEqual(new._q1_data(), {NAME: "Quán Cơm An", CAPITAL: 10})
        self.assertEqual(entry.event_ids.sorted("id")[-1].kind, "replaced")
        self.assertEqual(new.event_ids.kind, "created")
        # the replaced entry can no longer be acted on
        with self.assertRaisesRegex(UserError, "only an entry in force"), self.env.cr.savepoint():
            self.make_dossier(
                self.proc_revoke, applicant_name="Nguyễn Văn An", applicant_id_number=ID_AN, register_entry_id=entry.id
            )
        revoking = self.result(self.proc_revoke, when="2026-04-06 09:00", done="2026-04-07 10:00", entry=new)
        self.assertEqual(new.state, "revoked")
        self.assertEqual(new.event_ids.sorted("id")[-1].dossier_id, revoking)

    def test_the_entry_acted_on_is_checked_at_reception(self):
        entry = self.result(self.proc_create, {NAME: "Quán Cơm An"}).register_entry_id
        # another holder's entry
        with self.assertRaisesRegex(UserError, "belongs to another holder"), self.env.cr.savepoint():
            self.make_dossier(
                self.proc_amend, applicant_name="Trần Thị Bình", applicant_id_number=ID_BINH, register_entry_id=entry.id
            )
        # no entry named: reception refused
        dossier = self.make_dossier(self.proc_amend, applicant_name="Nguyễn Văn An", applicant_id_number=ID_AN)
        with self.assertRaisesRegex(UserError, "Name the register entry"):
            self.receive_at(dossier, "2026-04-01 09:00")
        self.assertEqual(dossier.state, "draft")
        # ward B cannot name ward A's entry (it does not even see it)
        with self.assertRaises(UserError), self.env.cr.savepoint():
            self.make_dossier(
                self.proc_amend,
                user=self.reception_b,
                applicant_name="Nguyễn Văn An",
                applicant_id_number=ID_AN,
                register_entry_id=entry.id,
            )
        # once received, the entry cannot be changed
        dossier.register_entry_id = entry
        self.receive_at(dossier, "2026-04-01 09:00")
        with self.assertRaisesRegex(UserError, "named before reception"):
            dossier.with_user(self.reception_a).write({"register_entry_id": False})

    def test_an_entry_revoked_meanwhile_cannot_be_amended(self):
        entry = self.result(self.proc_create, {NAME: "Quán Cơm An"}).register_entry_id
        # an amendment is received, then a revocation of the same entry reaches its result first
        amendment = self.make_dossier(
            self.proc_amend, applicant_name="Nguyễn Văn An", applicant_id_number=ID_AN, register_entry_id=entry.id
        )
        amendment.sudo().data_values = {CAPITAL: 1}
        self.receive_at(amendment, "2026-04-01 09:00")
        with self.at("2026-04-01 10:00"):
            amendment.with_user(self.head_a).assign(self.proc_a1)
        self.result(self.proc_revoke, when="2026-04-01 09:30", done="2026-04-02 10:00", entry=entry)
        self.assertEqual(entry.state, "revoked")
        with (
            self.at("2026-04-03 09:00"),
            self.assertRaisesRegex(UserError, "no longer in force"),
            self.env.cr.savepoint(),
        ):
            amendment.with_user(self.proc_a1).hand_over()
        self.env.invalidate_all()
        self.assertEqual(amendment.state, "processing")
        self.assertEqual(entry.event_ids.mapped("kind"), ["revoked", "created"])

    def test_an_amendment_that_changes_nothing_is_refused(self):
        entry = self.result(self.proc_create, {NAME: "Quán Cơm An"}).register_entry_id
        dossier = self.make_dossier(
            self.proc_amend, applicant_name="Nguyễn Văn An", applicant_id_number=ID_AN, register_entry_id=entry.id
        )
        dossier.sudo().data_values = {NAME: "Quán Cơm An"}
        self.receive_at(dossier, "2026-04-01 09:00")
        with self.at("2026-04-01 09:00"):
            dossier.with_user(self.head_a).assign(self.proc_a1)
        with (
            self.at("2026-04-02 09:00"),
            self.assertRaisesRegex(UserError, "changes none of the data"),
            self.env.cr.savepoint(),
        ):
            dossier.with_user(self.proc_a1).hand_over()
        self.assertEqual(entry.state, "valid")


@tagged("post_install", "-at_install")
class TestRegisterRules(RegisterCase):
    def test_numbers_skip_a_legacy_number_and_are_unique(self):
        Entry = self.env["q1.register.entry"].sudo()
        Entry.create(
            {
                "register_id": self.register.id,
                "company_id": self.ward_a.id,
                "number": "1/2026/T-HKD",
                "entry_date": "2025-12-01",
                "holder_name": "Sổ cũ",
                "origin": "import",
            }
        )
        dossier = self.result(self.proc_create, {NAME: "Quán Cơm An"})
        self.assertEqual(dossier.register_entry_id.number, "2/2026/T-HKD")
        # ward B's register starts its own sequence
        self.assertEqual(Entry._q1_next_number(self.register, self.ward_b, date(2026, 1, 1))[0], 1)
        with mute_logger("odoo.sql_db"), self.assertRaises(psycopg2.errors.UniqueViolation), self.env.cr.savepoint():
            Entry.create(
                {
                    "register_id": self.register.id,
                    "company_id": self.ward_a.id,
                    "number": "2/2026/T-HKD",
                    "entry_date": "2026-01-01",
                    "holder_name": "Trùng số",
                }
            )

    def test_users_never_write_the_legal_facts(self):
        entry = self.result(self.proc_create, {NAME: "Quán Cơm An"}).register_entry_id
        for user in (self.reception_a, self.proc_a1, self.leader_a):
            as_user = entry.with_user(user)
            for vals in (
                {"number": "99"},
                {"state": "revoked"},
                {"data_values": {NAME: "Khác"}},
                {"holder_name": "Khác"},
                {"valid_until": "2030-01-01"},
                {"entry_date": "2026-01-01"},
            ):
                with self.assertRaisesRegex(UserError, "cannot be written directly"):
                    as_user.write(vals)
            with self.assertRaises(UserError):
                as_user.unlink()
        # an officer's note is not a legal fact
        entry.with_user(self.proc_a1).write({"note": "Đã kiểm tra"})
        # and an officer cannot create an entry (only the import, by a leader)
        with self.assertRaises(AccessError):
            self.env["q1.register.entry"].with_user(self.reception_a).create(
                {
                    "register_id": self.register.id,
                    "number": "X1",
                    "entry_date": "2026-01-01",
                    "holder_name": "A",
                    "holder_id_number": ID_AN,
                }
            )
        self.assertEqual(entry.state, "valid")
        self.assertEqual(entry.number, "1/2026/T-HKD")

    def test_each_unit_sees_its_own_entries(self):
        entry = self.result(self.proc_create, {NAME: "Quán Cơm An"}).register_entry_id
        Entry = self.env["q1.register.entry"]
        self.assertEqual(Entry.with_user(self.reception_a).search([("register_id", "=", self.register.id)]), entry)
        for user in (self.reception_b, self.proc_b, self.leader_b):
            self.assertFalse(Entry.with_user(user).search([]).filtered(lambda e: e.company_id == self.ward_a))
            self.assertFalse(Entry.with_user(user).search_count([("id", "=", entry.id)]))
            self.assertFalse(self.env["q1.register.event"].with_user(user).search_count([("entry_id", "=", entry.id)]))
            with self.assertRaises(AccessError):
                entry.with_user(user).read(["holder_name"])
        # the register itself is the shared catalogue
        self.assertTrue(self.register.with_user(self.reception_b).read(["name"]))
        with self.assertRaises(AccessError):
            self.register.with_user(self.leader_b).write({"name": "Khác"})

    def test_one_search_across_registers(self):
        entry = self.result(self.proc_create, {NAME: "Quán Cơm An"}).register_entry_id
        Entry = self.env["q1.register.entry"].with_user(self.reception_a)
        view = self.env.ref("q1_registry.q1_register_entry_view_search")
        self.assertIn("holder_address", view.arch)
        for term in ("1/2026", "nguyễn văn", ID_AN[:6], "Lý Tự Trọng"):
            domain = [
                "|",
                "|",
                "|",
                ("number", "ilike", term),
                ("holder_name", "ilike", term),
                ("holder_id_number", "ilike", term),
                ("holder_address", "ilike", term),
            ]
            self.assertEqual(Entry.search(domain), entry, term)
        self.assertEqual(Entry.name_search("Nguyễn Văn An")[0][0], entry.id)


@tagged("post_install", "-at_install")
class TestRegisterExpiry(RegisterCase):
    def test_cron_expires_and_reminds_once(self):
        entry = self.result(self.proc_create, {NAME: "Quán Cơm An"}).register_entry_id  # valid until 03/03/2027
        Entry = self.env["q1.register.entry"]
        # two months before: nothing
        Entry._cron_q1_expiry(today=date(2027, 1, 1))
        self.assertFalse(entry.activity_ids)
        # within the 30 reminder days: one activity, for the officer who processed the dossier, never repeated
        Entry._cron_q1_expiry(today=date(2027, 2, 10))
        Entry._cron_q1_expiry(today=date(2027, 2, 11))
        self.assertEqual(len(entry.activity_ids), 1)
        self.assertEqual(entry.activity_ids.user_id, self.proc_a1)
        self.assertEqual(entry.activity_ids.date_deadline, date(2027, 3, 3))
        self.assertEqual(entry.state, "valid")
        # the last valid day passes: expired, with an event
        Entry._cron_q1_expiry(today=date(2027, 3, 3))
        self.assertEqual(entry.state, "valid")
        self.assertEqual(Entry._cron_q1_expiry(today=date(2027, 3, 4)), 1)
        self.assertEqual(entry.state, "expired")
        self.assertEqual(entry.event_ids.sorted("id")[-1].kind, "expired")
        self.assertEqual(Entry._cron_q1_expiry(today=date(2027, 3, 5)), 0)

    def test_expiring_this_quarter_filter(self):
        entry = self.result(self.proc_create, {NAME: "Quán Cơm An"}).register_entry_id  # valid until 03/03/2027
        Entry = self.env["q1.register.entry"].with_user(self.reception_a)
        with self.at("2027-01-15 09:00"):
            self.assertEqual(Entry.search([("expiring_this_quarter", "=", True)]), entry)
        with self.at("2026-12-15 09:00"):
            self.assertFalse(Entry.search([("expiring_this_quarter", "=", True)]))
        with self.at("2027-03-04 09:00"):
            self.assertFalse(Entry.search([("expiring_this_quarter", "=", True)]))


@tagged("post_install", "-at_install")
class TestRegisterBook(RegisterCase):
    def test_book_values_and_html(self):
        first = self.result(self.proc_create, {NAME: "Quán Cơm An", TRADE: "food"})
        self.result(self.proc_revoke, when="2026-04-06 09:00", done="2026-04-07 10:00", entry=first.register_entry_id)
        self.result(
            self.proc_create,
            {NAME: "Tiệm Bình"},
            identity=ID_BINH,
            applicant_name="Trần Thị Bình",
            when="2026-05-04 09:00",
            done="2026-05-05 10:00",
        )
        book = (
            self.env["q1.register.book"]
            .with_user(self.reception_a)
            .create(
                {
                    "register_id": self.register.id,
                    "company_id": self.ward_a.id,
                    "date_from": "2026-01-01",
                    "date_to": "2026-12-31",
                }
            )
        )
        values = self.env["report.q1_registry.report_q1_register_book"]._get_report_values(book.ids)
        rows = values["books"][book.id]["rows"]
        self.assertEqual([row["number"] for row in rows], ["1/2026/T-HKD", "2/2026/T-HKD"])
        self.assertEqual(rows[0]["date"], "04/03/2026")
        self.assertEqual(rows[0]["holder_id"], ID_AN)
        self.assertEqual(rows[0]["state"], "Đã thu hồi")
        self.assertEqual(rows[0]["content"], "Tên hộ kinh doanh: Quán Cơm An; Ngành nghề: Ăn uống")
        self.assertEqual(rows[0]["validity"], "04/03/2026 - 03/03/2027")
        self.assertIn(first.code, rows[0]["dossiers"])
        self.assertEqual(rows[1]["state"], "Còn hiệu lực")
        self.assertEqual(values["books"][book.id]["title"], "SỔ ĐĂNG KÝ HỘ KINH DOANH (THỬ NGHIỆM)")
        html, _kind = (
            self.env["ir.actions.report"]
            .with_user(self.reception_a)
            ._render_qweb_html("q1_registry.report_q1_register_book", book.ids)
        )
        html = html.decode()
        self.assertIn("SỔ ĐĂNG KÝ HỘ KINH DOANH", html)
        self.assertIn("Người được cấp / chủ thể", html)
        self.assertIn("Từ ngày 01/01/2026 đến ngày 31/12/2026", html)
        self.assertEqual(html.count('class="q1-register-row"'), 2)
        # ward B's officer prints an empty book of their own unit, never ward A's
        with self.assertRaises(UserError):
            self.env["q1.register.book"].with_user(self.reception_b).create(
                {"register_id": self.register.id, "company_id": self.ward_a.id}
            )
        with self.assertRaises(AccessError):
            book.with_user(self.reception_b).read(["date_from"])

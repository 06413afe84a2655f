"""Nonconformities raised by the one-stop record and closed by the unit's ISO secretary (ISO 9001 8.7, 10.2)."""

import psycopg2

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.q1_reporting.tests.common import Q1ReportingCase

NC = "mgmtsystem.nonconformity"


class Q1NonconformityCase(Q1ReportingCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # each ward's ISO secretary: a user of the unit with OCA's management-system Manager role
        cls.secretary_a = new_test_user(
            cls.env,
            login="q1_iso_a",
            groups="mgmtsystem.group_mgmtsystem_manager,q1_dossier.group_q1_processing",
            name="Đỗ Thư Ký",
            company_id=cls.ward_a.id,
            company_ids=[Command.set(cls.ward_a.ids)],
            tz="Asia/Ho_Chi_Minh",
        )
        cls.secretary_b = new_test_user(
            cls.env,
            login="q1_iso_b",
            groups="mgmtsystem.group_mgmtsystem_manager,q1_dossier.group_q1_processing",
            name="Bùi Thư Ký",
            company_id=cls.ward_b.id,
            company_ids=[Command.set(cls.ward_b.ids)],
            tz="Asia/Ho_Chi_Minh",
        )

    def ncs_of(self, record, kind=None):
        domain = [("res_model", "=", record._name), ("res_id", "=", record.id)]
        return self.env[NC].sudo().search(domain + ([("q1_kind", "=", kind)] if kind else []))

    def returned(self, finished_local, procedure=None, received_local="2026-03-02 09:00"):
        """A dossier of ward A received at ``received_local``, finished and returned at ``finished_local``."""
        dossier = self.received(received_local, procedure)
        self.finish(dossier, finished_local)
        with self.at(finished_local):
            dossier.with_user(self.reception_a).return_result("counter", "Lê Thị Công Dân")
        return dossier


@tagged("post_install", "-at_install")
class TestNonconformityRaise(Q1NonconformityCase):
    def test_raise_is_idempotent_per_source_and_kind(self):
        dossier = self.received("2026-03-02 09:00")
        first = self.env[NC]._q1_raise(dossier, "manual", "Hồ sơ thiếu phiếu kiểm soát", officer=self.officer_a)
        again = self.env[NC]._q1_raise(dossier, "manual", "Lần hai")
        other_kind = self.env[NC]._q1_raise(dossier, "apology", "Thư xin lỗi")
        self.assertEqual(first, again)
        self.assertNotEqual(first, other_kind)
        self.assertEqual(len(self.ncs_of(dossier)), 2)
        self.assertEqual(first.company_id, dossier.deciding_company_id)
        self.assertEqual(first.q1_dossier_id, dossier)
        self.assertEqual(first.q1_officer_id, self.officer_a)
        self.assertEqual(first.q1_kind, "manual")
        self.assertEqual(first.description, "Hồ sơ thiếu phiếu kiểm soát")
        self.assertEqual(first.state, "draft")
        self.assertEqual(first.partner_id, self.ward_a.partner_id)
        # the ISO secretary runs it, the unit leader approves its plan
        self.assertEqual(first.responsible_user_id, self.secretary_a)
        self.assertIn(first.manager_user_id, self.leader_a | self.leader)
        self.assertEqual(first.origin_ids, self.env.ref("q1_quality.q1_nc_origin_manual"))
        self.assertEqual(other_kind.origin_ids, self.env.ref("q1_quality.q1_nc_origin_apology"))
        # the secretary is told to analyse it
        self.assertIn(self.secretary_a, first.activity_ids.user_id)

    def test_the_unique_index_holds_without_the_search(self):
        dossier = self.received("2026-03-02 09:00")
        nc = self.env[NC]._q1_raise(dossier, "late", "Trễ hạn")
        with self.assertRaises(psycopg2.errors.UniqueViolation), self.cr.savepoint(), mute_logger("odoo.sql_db"):
            nc.copy({"q1_kind": "late", "res_model": "q1.dossier", "res_id": dossier.id})

    def test_unknown_kind_refused(self):
        dossier = self.received("2026-03-02 09:00")
        with self.assertRaises(ValueError):
            self.env[NC]._q1_raise(dossier, "gossip", "?")


@tagged("post_install", "-at_install")
class TestNonconformityFromRecord(Q1NonconformityCase):
    def test_late_dossier_raises_exactly_one(self):
        # 5 working days from Monday 02/03/2026: due Monday 09/03; finished and returned on Thursday 12/03
        dossier = self.returned("2026-03-12 10:00")
        ncs = self.ncs_of(dossier)
        self.assertEqual(ncs.mapped("q1_kind"), ["late"])
        self.assertEqual(ncs.q1_officer_id, self.officer_a)
        self.assertEqual(ncs.q1_dossier_id, dossier)
        self.assertIn(dossier.code, ncs.description)
        # the return recorded a second time is refused by the lifecycle and raises nothing more
        with self.at("2026-03-12 10:05"), self.assertRaises(UserError):
            dossier.with_user(self.reception_a).return_result("counter", "Lê Thị Công Dân")
        # and the hook run twice still finds the one nonconformity
        dossier._q1_raise_if_late()
        self.assertEqual(self.ncs_of(dossier), ncs)

    def test_on_time_dossier_raises_none(self):
        dossier = self.returned("2026-03-06 10:00")
        self.assertEqual(dossier.state, "returned")
        self.assertFalse(self.ncs_of(dossier))

    def test_not_satisfied_rating_raises_one(self):
        dossier = self.returned("2026-03-06 10:00")
        with self.at("2026-03-06 10:10"):
            dossier.with_user(self.reception_a).rate("not_satisfied", "Chờ lâu")
        nc = self.ncs_of(dossier)
        self.assertEqual(nc.q1_kind, "rating")
        self.assertEqual(nc.q1_officer_id, self.officer_a)
        self.assertIn("Chờ lâu", nc.description)

    def test_satisfied_rating_raises_none(self):
        dossier = self.returned("2026-03-06 10:00")
        with self.at("2026-03-06 10:10"):
            dossier.with_user(self.reception_a).rate("satisfied")
        self.assertFalse(self.ncs_of(dossier))

    def test_apology_raises_one(self):
        dossier = self.received("2026-03-02 09:00")
        with self.at("2026-03-05 09:00"):
            dossier.with_user(self.officer_a).request_extension("Chờ xác minh của Công an phường", "2026-03-16")
            dossier.with_user(self.leader_a).approve_extension()
        nc = self.ncs_of(dossier)
        self.assertEqual(nc.q1_kind, "apology")
        self.assertEqual(nc.q1_officer_id, self.officer_a)
        self.assertIn("16/03/2026", nc.description)


@tagged("post_install", "-at_install")
class TestNonconformityClosure(Q1NonconformityCase):
    def test_state_is_not_written_directly(self):
        nc = self.env[NC]._q1_raise(self.received("2026-03-02 09:00"), "manual", "Sai sót")
        done = self.env.ref("mgmtsystem_nonconformity.stage_done")
        for user in (self.secretary_a, self.leader_a, self.officer_a):
            for vals in ({"stage_id": done.id}, {"q1_kind": "late"}, {"q1_officer_id": self.proc_a2.id}):
                with self.assertRaises(UserError), self.cr.savepoint():
                    nc.with_user(user).write(vals)
        self.assertEqual(nc.state, "draft")

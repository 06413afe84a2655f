"""Nonconformities raised by the one-stop record and closed by the unit's ISO secretary (ISO 9001 8.7, 10.2)."""

from datetime import date

import psycopg2

from odoo import SUPERUSER_ID, Command, api, sql_db
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, TransactionCase, new_test_user, tagged
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

    def action(self, user, nc=None, days=5, owner=None, local="2026-03-02 09:00", **vals):
        """A corrective action of ward A planned by ``user`` on ``local``'s day, owned by ``owner``."""
        with self.at(local):
            action = (
                self.env["mgmtsystem.action"]
                .with_user(user)
                .with_context(allowed_company_ids=self.ward_a.ids)
                .create(
                    {
                        "name": vals.pop("name", "Rà soát lại quy trình thẩm định"),
                        "type_action": "correction",
                        "user_id": (owner or self.officer_a).id,
                        "q1_due_workdays": days,
                        "company_id": self.ward_a.id,
                        **vals,
                    }
                )
            )
        if nc:
            nc.sudo().action_ids = [Command.link(action.id)]
        return action

    def nc_ready_to_close(self, local="2026-03-02 09:00"):
        """A nonconformity of ward A in progress, its one action done and its efficacy checked."""
        nc = self.env[NC]._q1_raise(self.received(local), "manual", "Sai sót trong phiếu kiểm soát")
        action = self.action(self.secretary_a, nc, local=local)
        nc.sudo().write({"analysis": "Thiếu bước kiểm tra chéo", "action_comments": "Bổ sung bước kiểm tra"})
        nc.evaluation_comments = "Không tái diễn trong 1 tháng"
        with self.at(local):
            for move in ("q1_action_analyse", "q1_action_plan", "q1_action_open"):
                getattr(nc.with_user(self.secretary_a), move)()
            self.assertEqual(action.stage_id, self.env.ref("mgmtsystem_action.stage_open"))
            action.with_user(self.officer_a).q1_action_done()
            action.with_user(self.secretary_a).q1_record_efficacy(100, "Hiệu quả")
        return nc, action

    def ncs_of(self, record, kind=None):
        domain = [("res_model", "=", record._name), ("res_id", "=", record.id)]
        return self.env[NC].sudo().search(domain + ([("q1_kind", "=", kind)] if kind else []))

    def returned(self, finished_local, procedure=None, received_local="2026-03-02 09:00"):
        """A dossier of ward A received at ``received_local``, finished and returned at ``finished_local``."""
        dossier = self.received(received_local, procedure)
        self.finish(dossier, finished_local)
        with self.at(finished_local):
            dossier.with_user(self.reception_a).return_result("counter", "Lê Thị Công Dân")
            # the late check runs when the transaction commits (at the cursor's flush)
            self.env.cr.flush()
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

    def test_backfill_raises_past_events_at_their_moment(self):
        late = self.returned("2026-03-12 10:00")
        unhappy = self.returned("2026-03-06 10:00")
        with self.at("2026-03-06 10:10"):
            unhappy.with_user(self.reception_a).rate("not_satisfied", "Thái độ chưa tốt")
        # as if the addon had been installed after these events
        (self.ncs_of(late) | self.ncs_of(unhappy)).unlink()
        with self.at("2026-04-01 08:00"):
            found = self.env[NC]._q1_backfill(since=date(2026, 3, 1))
            again = self.env[NC]._q1_backfill(since=date(2026, 3, 1))
        self.assertEqual(found, again)
        self.assertEqual(self.ncs_of(late).q1_kind, "late")
        self.assertEqual(self.ncs_of(late).q1_raised_at, late.returned_at)
        self.assertEqual(self.ncs_of(unhappy).q1_kind, "rating")
        self.assertEqual(self.ncs_of(unhappy).q1_raised_at, unhappy.rating_date)
        # (with the demo data, its history's nonconformities are found too)
        self.assertLessEqual(self.ncs_of(late) | self.ncs_of(unhappy), found)


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

    def test_closed_by_the_units_iso_secretary(self):
        nc, _action = self.nc_ready_to_close()
        refused = (self.officer_a, self.leader_a, self.leader, self.secretary_b, self.reception_a)
        for user in refused:
            with self.assertRaises(AccessError), self.cr.savepoint():
                nc.with_user(user).q1_action_close()
        self.assertEqual(nc.state, "open")
        nc.with_user(self.secretary_a).q1_action_close()
        self.assertEqual(nc.state, "done")
        self.assertTrue(nc.closing_date)
        # closed once: a second closure is refused, not repeated
        with self.assertRaises(UserError):
            nc.with_user(self.secretary_a).q1_action_close()

    def test_closure_refused_while_an_action_is_open_or_unchecked(self):
        nc, action = self.nc_ready_to_close()
        second = self.action(self.secretary_a, nc, name="Tập huấn lại cán bộ")
        with self.assertRaises(ValidationError), self.cr.savepoint():
            nc.with_user(self.secretary_a).q1_action_close()
        second.with_user(self.secretary_a).q1_action_start()
        second.with_user(self.officer_a).q1_action_done()
        with self.assertRaisesRegex(ValidationError, "efficacy"), self.cr.savepoint():
            nc.with_user(self.secretary_a).q1_action_close()
        # the owner does not check their own action's efficacy
        with self.assertRaises(AccessError), self.cr.savepoint():
            second.with_user(self.officer_a).q1_record_efficacy(100)
        second.with_user(self.leader_a).q1_record_efficacy(50, "Cần theo dõi thêm")
        nc.with_user(self.secretary_a).q1_action_close()
        self.assertEqual(nc.state, "done")
        self.assertEqual(action.efficacy_user_id, self.secretary_a)

    def test_closure_refused_without_any_action(self):
        nc = self.env[NC]._q1_raise(self.received("2026-03-02 09:00"), "manual", "Sai sót")
        nc.sudo().write({"action_comments": "Kế hoạch", "evaluation_comments": "Kết luận"})
        for move in ("q1_action_analyse", "q1_action_plan", "q1_action_open"):
            getattr(nc.with_user(self.secretary_a), move)()
        with self.assertRaises(ValidationError):
            nc.with_user(self.secretary_a).q1_action_close()

    def test_an_officer_files_one_by_hand_in_their_unit(self):
        officer = self.officer_a.with_context(allowed_company_ids=self.ward_a.ids)
        form = Form(self.env[NC].with_user(officer), view="mgmtsystem_nonconformity.view_mgmtsystem_nonconformity_form")
        form.name = "Bảng niêm yết thủ tục chưa cập nhật"
        form.description = "Bảng niêm yết còn thủ tục đã bãi bỏ"
        form.partner_id = self.ward_a.partner_id
        form.responsible_user_id = self.secretary_a
        form.manager_user_id = self.leader_a
        form.origin_ids.add(self.env.ref("q1_quality.q1_nc_origin_manual"))
        nc = form.save()
        self.assertEqual((nc.q1_kind, nc.company_id, nc.state), ("manual", self.ward_a, "draft"))
        self.assertTrue(nc.q1_close_due)
        # not in another unit, not as another kind, not past the draft
        base = {"name": "X", "description": "X", "partner_id": self.ward_b.partner_id.id}
        base |= {"responsible_user_id": self.secretary_b.id, "manager_user_id": self.leader_b.id}
        for vals, error in (
            ({"company_id": self.ward_b.id}, AccessError),
            ({"q1_kind": "late"}, UserError),
            ({"stage_id": self.env.ref("mgmtsystem_nonconformity.stage_done").id}, UserError),
        ):
            with self.assertRaises(error), self.cr.savepoint():
                self.env[NC].with_user(self.officer_a).create(dict(base, **vals))

    def test_moves_follow_the_stages(self):
        nc = self.env[NC]._q1_raise(self.received("2026-03-02 09:00"), "manual", "Sai sót")
        with self.assertRaises(UserError), self.cr.savepoint():
            nc.with_user(self.secretary_a).q1_action_open()
        with self.assertRaises(AccessError), self.cr.savepoint():
            nc.with_user(self.officer_b).q1_action_analyse()
        nc.with_user(self.leader_a).q1_action_analyse()
        self.assertEqual(nc.state, "analysis")


@tagged("post_install", "-at_install")
class TestCorrectiveActions(Q1NonconformityCase):
    def test_due_date_in_working_days_over_a_holiday(self):
        # Wednesday 29/04/2026 + 3 working days: 30/04 and 01/05 are holidays, 02-03/05 a weekend -> Wednesday 06/05
        action = self.action(self.secretary_a, days=3, local="2026-04-29 10:00")
        self.assertEqual(action.q1_start_date, date(2026, 4, 29))
        self.assertEqual(action.date_deadline, date(2026, 5, 6))
        # a make-up working day on the unit's calendar counts
        self.calendar.day_ids = [Command.create({"date": date(2026, 5, 2), "day_type": "workday", "name": "Làm bù"})]
        action.invalidate_recordset()
        action.with_user(self.secretary_a).q1_due_workdays = 3
        action.sudo()._compute_date_deadline()
        self.assertEqual(action.date_deadline, date(2026, 5, 5))

    def test_due_workdays_bounded_and_deadline_not_written(self):
        for days in (-1, 251, 100000):
            with self.assertRaises(ValidationError), self.cr.savepoint():
                self.action(self.secretary_a, days=days)
        action = self.action(self.secretary_a, days=2)
        for vals in ({"date_deadline": "2026-12-31"}, {"stage_id": self.env.ref("mgmtsystem_action.stage_close").id}):
            with self.assertRaises(UserError), self.cr.savepoint():
                action.with_user(self.secretary_a).write(vals)
        action.with_user(self.officer_a).q1_action_start()
        with self.assertRaises(UserError), self.cr.savepoint():
            action.with_user(self.secretary_a).q1_due_workdays = 20

    def test_a_date_sent_beside_the_working_days_is_computed_again(self):
        # the action popup of a nonconformity's form sends the due date its client computed with the working days
        action = self.action(self.secretary_a, days=3, local="2026-04-29 10:00", date_deadline="2026-12-31")
        self.assertEqual(action.date_deadline, date(2026, 5, 6))
        action.with_user(self.secretary_a).write({"q1_due_workdays": 4, "date_deadline": "2026-12-31"})
        self.assertEqual(action.date_deadline, date(2026, 5, 7))

    def test_owner_is_an_officer_of_the_unit(self):
        with self.assertRaises(ValidationError):
            self.action(self.secretary_a, owner=self.officer_b)


@tagged("post_install", "-at_install")
class TestOverdueActions(Q1NonconformityCase):
    def run_watchdog(self, local):
        with self.at(local):
            self.env["q1.dossier.watchdog"]._run()

    def todos(self, action, user):
        return action.activity_ids.filtered(lambda a: a.user_id == user)

    def test_overdue_action_reaches_owner_then_leaders_once(self):
        # 2 working days from Monday 02/03/2026: due Wednesday 04/03
        action = self.action(self.secretary_a, days=2)
        action.with_user(self.officer_a).q1_action_start()
        self.assertEqual(action.date_deadline, date(2026, 3, 4))
        self.run_watchdog("2026-03-04 23:00")
        self.assertFalse(self.todos(action, self.officer_a), "due today is not overdue")
        self.run_watchdog("2026-03-05 06:00")
        self.assertEqual(len(self.todos(action, self.officer_a)), 1)
        self.assertEqual(action.q1_escalation_level, 1)
        self.assertTrue(action.q1_overdue)
        self.run_watchdog("2026-03-06 06:00")
        self.assertEqual(len(self.todos(action, self.officer_a)), 1, "told once")
        self.assertFalse(self.todos(action, self.leader_a), "2 working days overdue are not reached yet")
        # Monday 09/03: overdue since Thursday 05/03, two working days (06/03 and 09/03) later
        self.run_watchdog("2026-03-09 06:00")
        self.assertEqual(action.q1_escalation_level, 2)
        for user in (self.leader_a, self.secretary_a):
            self.assertEqual(len(self.todos(action, user)), 1)
        self.assertFalse(self.todos(action, self.leader_b))
        self.run_watchdog("2026-03-10 06:00")
        self.assertEqual(len(self.todos(action, self.leader_a)), 1)

    def test_done_action_is_not_overdue(self):
        action = self.action(self.secretary_a, days=2)
        action.with_user(self.officer_a).q1_action_start()
        with self.at("2026-03-04 10:00"):
            action.with_user(self.officer_a).q1_action_done()
        self.run_watchdog("2026-03-09 06:00")
        self.assertFalse(action.activity_ids)
        self.assertEqual(action.q1_escalation_level, 0)

    def test_digest_lists_overdue_actions_of_the_leaders_units(self):
        self.received("2026-03-02 09:00")
        late = self.action(self.secretary_a, days=2, name="Cập nhật bảng niêm yết thủ tục")
        on_time = self.action(self.secretary_a, days=10, name="Tập huấn kỹ năng giao tiếp")
        with self.at("2026-03-06 06:00"):
            mails = self.env["q1.dossier.watchdog"]._send_digest()
        to_leader_a = mails.filtered(lambda m: self.leader_a.partner_id in m.recipient_ids)
        self.assertEqual(len(to_leader_a), 1)
        self.assertIn(late.name, to_leader_a.body_html)
        self.assertIn("04/03/2026", to_leader_a.body_html)
        self.assertNotIn(on_time.name, to_leader_a.body_html)
        to_leader_b = mails.filtered(lambda m: self.leader_b.partner_id in m.recipient_ids)
        self.assertFalse(to_leader_b.filtered(lambda m: late.name in m.body_html))

    def test_digest_reaches_a_leader_without_open_dossiers(self):
        late = self.action(self.secretary_a, days=2, name="Cập nhật bảng niêm yết thủ tục")
        with self.at("2026-03-06 06:00"):
            mails = self.env["q1.dossier.watchdog"]._send_digest()
        to_leader_a = mails.filtered(lambda m: self.leader_a.partner_id in m.recipient_ids)
        self.assertEqual(len(to_leader_a), 1)
        self.assertIn(late.name, to_leader_a.body_html)
        self.assertFalse(mails.filtered(lambda m: self.leader_b.partner_id in m.recipient_ids))


@tagged("post_install", "-at_install")
class TestNonconformityEvidence(Q1NonconformityCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        head = cls._ward_a_employee(cls.head_a)
        cls._ward_a_employee(cls.officer_a, head)
        cls._ward_a_employee(cls.proc_a2, head)

    def period(self, index=3):
        return self.env["q1.evaluation.period"].create(
            {"company_id": self.ward_a.id, "kind": "month", "year": 2026, "index": index}
        )

    def test_nc_naming_an_officer_is_evidence_on_their_sheet(self):
        dossier = self.returned("2026-03-12 10:00")  # late: raises one naming officer_a
        nc = self.ncs_of(dossier)
        with self.at("2026-03-20 09:00"):
            other = self.env[NC]._q1_raise(self.received("2026-03-20 09:00"), "manual", "Khác", officer=self.proc_a2)
        march = self.period(3)
        march.action_compute_sheets()
        sheet = march.sheet_ids.filtered(lambda s: s.user_id == self.officer_a)
        lines = sheet.evidence_ids.filtered(lambda e: e.criterion == "nonconformity")
        self.assertEqual(lines.mapped("ref"), [f"nonconformity:{nc.id}"])
        self.assertEqual(lines.dossier_code, dossier.code)
        self.assertEqual(lines.points_deducted, 0.0, "no deduction unless the unit sets one")
        other_sheet = march.sheet_ids.filtered(lambda s: s.user_id == self.proc_a2)
        self.assertEqual(
            other_sheet.evidence_ids.filtered(lambda e: e.criterion == "nonconformity").ref, f"nonconformity:{other.id}"
        )
        printed = [row for row in sheet.print_values()["evidence"] if row["criterion"] == "Sự không phù hợp"]
        self.assertEqual(len(printed), 1)
        action = lines.action_q1_open_nonconformity()
        self.assertEqual((action["res_model"], action["res_id"]), (NC, nc.id))
        # another period does not cite it; recomputing does not double it
        april = self.period(4)
        april.action_compute_sheets()
        self.assertFalse(april.sheet_ids.evidence_ids.filtered(lambda e: e.criterion == "nonconformity"))
        march.action_compute_sheets()
        self.assertEqual(len(sheet.evidence_ids.filtered(lambda e: e.criterion == "nonconformity")), 1)

    def test_configured_deduction_takes_task_points(self):
        self.returned("2026-03-12 10:00")
        march = self.period(3)
        march.action_compute_sheets()
        sheet = march.sheet_ids.filtered(lambda s: s.user_id == self.officer_a)
        before = sheet.computed_task_points
        self.assertGreater(before, 2.5)
        self.env["ir.config_parameter"].sudo().set_param("q1_quality.nc_evidence_points", "2.5")
        march.action_compute_sheets()
        self.assertEqual(sheet.computed_task_points, max(0.0, before - 2.5))
        line = sheet.evidence_ids.filtered(lambda e: e.criterion == "nonconformity")
        self.assertIn("2.5", line.reason)
        self.assertEqual(line.points_deducted, 0.0, "a nonconformity is not a share of a converted product")

    def test_efficacy_checked_through_its_form(self):
        action = self.action(self.secretary_a, days=3)
        action.with_user(self.officer_a).q1_action_start()
        action.with_user(self.officer_a).q1_action_done()
        with self.assertRaises(AccessError):
            action.with_user(self.officer_a).q1_action_check_efficacy()
        opened = action.with_user(self.leader_a).q1_action_check_efficacy()
        wizard = Form(
            self.env[opened["res_model"]].with_user(self.leader_a).with_context(**opened["context"]),
            view="q1_quality.q1_action_efficacy_wizard_view_form",
        )
        wizard.efficacy = "50"
        wizard.notes = "Giảm một nửa số hồ sơ trễ"
        wizard.save().action_confirm()
        self.assertEqual((action.efficacy_value, action.efficacy_user_id), (50, self.leader_a))
        self.assertEqual(action.q1_stage_state, "close")
        # the check is recorded once the action is done, and is not re-made by writing
        with self.assertRaises(UserError):
            action.with_user(self.leader_a).write({"efficacy_value": 100})

    def test_forms_open_for_the_iso_secretary(self):
        nc, action = self.nc_ready_to_close()
        with Form(
            nc.with_user(self.secretary_a), view="mgmtsystem_nonconformity.view_mgmtsystem_nonconformity_form"
        ) as form:
            self.assertEqual(form.q1_kind, "manual")
        with Form(action.with_user(self.secretary_a), view="mgmtsystem_action.view_mgmtsystem_action_form") as form:
            self.assertEqual(form.q1_due_workdays, 5)


@tagged("post_install", "-at_install")
class TestNcClosedOnTimeMeasure(Q1NonconformityCase):
    def raised(self, local, officer=None):
        with self.at(local):
            return self.env[NC]._q1_raise(self.received(local), "manual", "Sai sót", officer=officer)

    def close_at(self, nc, local):
        with self.at(local):
            nc.sudo().write(
                {
                    "evaluation_comments": "Đã khắc phục",
                    "stage_id": self.env.ref("mgmtsystem_nonconformity.stage_done").id,
                }
            )

    def test_closed_on_time_rate(self):
        # 20 working days from Monday 02/03/2026: due Monday 30/03
        on_time, late, open_late, cancelled = (self.raised("2026-03-02 09:00") for _i in range(4))
        self.assertEqual(on_time.q1_close_due, date(2026, 3, 30))
        not_yet_due = self.raised("2026-03-20 09:00")  # due 17/04, still open on 10/04
        self.close_at(on_time, "2026-03-30 16:00")
        self.close_at(late, "2026-03-31 08:00")
        cancelled.sudo().stage_id = self.env.ref("mgmtsystem_nonconformity.stage_cancel")
        other_unit = self.env[NC]._q1_raise(self.received("2026-03-02 09:00", ward="b"), "manual", "Khác")
        with self.at("2026-04-10 09:00"):
            result = self.env["q1.quality.measure"]._q1_compute(
                "nc_closed_on_time", self.ward_a, date(2026, 3, 1), date(2026, 4, 30)
            )
        self.assertEqual((result["numerator"], result["denominator"]), (1, 3))
        self.assertAlmostEqual(result["value"], 100.0 / 3)
        self.assertEqual(result["model"], NC)
        behind = self.env[NC].sudo().search(result["domain"])
        self.assertEqual(behind, on_time | late | open_late)
        self.assertNotIn(not_yet_due, behind)
        self.assertNotIn(other_unit, behind)
        self.assertEqual(self.env[NC].sudo().search(result["numerator_domain"]), on_time)
        with self.at("2026-04-10 09:00"):
            empty = self.env["q1.quality.measure"]._q1_compute(
                "nc_closed_on_time", self.ward_a, date(2026, 1, 1), date(2026, 1, 31)
            )
        self.assertIsNone(empty["value"])


@tagged("post_install", "-at_install")
class TestRaiseRace(TransactionCase):
    """Two raisers of the same nonconformity in two transactions on real connections, the second one's snapshot
    taken before the first commits (a late dossier returned by two workers, a complaint answered twice)."""

    def _cursor(self):
        return sql_db.db_connect(self.env.cr.dbname).cursor()

    def test_second_raiser_retries_and_finds_the_first(self):
        setup, late, early = self._cursor(), self._cursor(), self._cursor()
        try:
            env0 = api.Environment(setup, SUPERUSER_ID, {"tracking_disable": True})
            source = env0["mgmtsystem.system"].create(
                {"name": "Thử nghiệm đồng thời", "company_id": env0.ref("base.main_company").id}
            )
            setup.commit()
            env_late = api.Environment(late, SUPERUSER_ID, {})
            env_early = api.Environment(early, SUPERUSER_ID, {})
            # the late raiser's snapshot begins before the early one commits
            env_late[NC].search_count([])
            first = env_early[NC]._q1_raise(env_early["mgmtsystem.system"].browse(source.id), "audit", "Phát hiện")
            early.commit()
            with self.assertRaises(psycopg2.errors.SerializationFailure), mute_logger("odoo.sql_db"):
                env_late[NC]._q1_raise(env_late["mgmtsystem.system"].browse(source.id), "audit", "Phát hiện")
            # what Odoo does with a serialization failure: the request starts again, and finds the first one
            late.rollback()
            env_late.invalidate_all()
            again = env_late[NC]._q1_raise(env_late["mgmtsystem.system"].browse(source.id), "audit", "Phát hiện")
            self.assertEqual(again.id, first.id)
            late.execute(
                "SELECT count(*) FROM mgmtsystem_nonconformity WHERE res_model = %s AND res_id = %s",
                ("mgmtsystem.system", source.id),
            )
            self.assertEqual(late.fetchone()[0], 1)
        finally:
            late.rollback()
            early.rollback()
            setup.rollback()
            setup.execute(
                "DELETE FROM mail_activity WHERE res_model = 'mgmtsystem.nonconformity' AND res_id IN "
                "(SELECT id FROM mgmtsystem_nonconformity WHERE res_model = 'mgmtsystem.system' AND res_id = %s)",
                (source.id,),
            )
            setup.execute(
                "DELETE FROM mgmtsystem_nonconformity WHERE res_model = 'mgmtsystem.system' AND res_id = %s",
                (source.id,),
            )
            setup.execute("DELETE FROM mgmtsystem_system WHERE id = %s", (source.id,))
            setup.commit()
            for cursor in (late, early, setup):
                cursor.close()

"""Legal facts change only through the lifecycle: a direct write or create of a fact the law or the statistics rest
on is refused for every role and saves nothing; an administrator corrects a fact through the explicit, logged
correction, which a unit leader cannot use."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import Q1Case, utc


@tagged("post_install", "-at_install")
class TestLegalFacts(Q1Case):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager_a = new_test_user(
            cls.env,
            login="q1_manager_a",
            groups="q1_dossier.group_q1_manager",
            name="Đỗ Quản Trị",
            company_id=cls.ward_a.id,
            company_ids=[Command.set(cls.ward_a.ids)],
            tz="Asia/Ho_Chi_Minh",
        )

    def facts(self):
        """(field, value) written directly: every one is refused whoever writes it."""
        other_step = self.env["q1.dossier.step"]
        return [
            ("code", "T99.01-260101-9999"),
            ("received_at", "2026-01-02 01:00:00"),
            ("received_date", "2026-01-02"),
            ("received_by_id", self.leader_a.id),
            ("time_limit", 60),
            ("time_unit", "hour"),
            ("same_day", True),
            ("due_date", "2026-12-31"),
            ("original_due_date", "2026-12-31"),
            ("statistical_due_date", "2026-12-31"),
            ("promised_date", "2026-12-31"),
            ("appointment_at", "2026-12-31 07:00:00"),
            ("state", "returned"),
            ("stage_id", self.env.ref("q1_dossier.q1_stage_returned").id),  # a kanban drag the lifecycle refuses
            ("submitted_at", "2026-01-02 01:00:00"),
            ("current_step_id", other_step.id or False),
            ("extension_state", "approved"),
            ("extension_date", "2026-12-31"),
            ("extension_approved_by_id", self.leader_a.id),
            ("finished_at", "2026-03-03 03:00:00"),
            ("closing_reason", "Đóng hồ sơ"),
            ("returned_at", "2026-03-03 03:00:00"),
            ("return_method", "postal"),
            ("returned_to", "Người khác"),
            ("deadline_state", "within"),
            ("escalation_level", 0),
            ("online_unanswered", False),
            ("rating", "very_satisfied"),
            ("rating_comment", "Rất tốt"),
            ("rating_date", "2026-03-03 03:00:00"),
            ("rating_channel", "lookup"),
            ("counter_reason", "Lý do"),
            ("counter_outcome_at", "2026-03-03 03:00:00"),
            ("counter_officer_id", self.leader_a.id),
            ("supplement_count", 0),
            ("field_id", self.field_2.id),
            # counter facts, fixed once received: the deciding unit would move the dossier to another ward
            ("company_id", self.ward_b.id),
            ("deciding_company_id", self.ward_b.id),
            ("procedure_id", self.proc_3d.id),
            ("channel", "online"),
            ("fee_amount", 0),
            ("applicant_name", "Người Khác"),
            ("applicant_id_number", "079090001234"),
            ("applicant_type", "organisation"),
        ]

    def stored(self, dossier, name):
        self.env.flush_all()
        self.env.cr.execute(f'SELECT "{name}" FROM q1_dossier WHERE id = %s', (dossier.id,))  # noqa: S608
        return self.env.cr.fetchone()[0]

    def test_every_role_is_refused_every_fact_and_nothing_is_saved(self):
        dossier = self.received_and_assigned(procedure=self.proc_5d)
        self.assertEqual(dossier.state, "processing")
        columns = [name for name, _value in self.facts() if dossier._fields[name].store and name != "step_ids"]
        before = {name: self.stored(dossier, name) for name in columns}
        messages = dossier.message_ids
        for user in (self.reception_a, self.proc_a1, self.head_a, self.leader_a):
            for name, value in self.facts():
                with self.subTest(user=user.login, field=name):
                    with self.assertRaises(UserError):
                        dossier.with_user(user).write({name: value})
                    dossier.invalidate_recordset()
                    if name in before:
                        self.assertEqual(self.stored(dossier, name), before[name])
        self.assertEqual({name: self.stored(dossier, name) for name in columns}, before)
        self.assertEqual(dossier.state, "processing")
        self.assertEqual(dossier.message_ids, messages, "nothing tracked either")

    def test_message_is_vietnamese_and_names_the_fields(self):
        dossier = self.received_and_assigned(procedure=self.proc_5d)
        with self.assertRaises(UserError) as caught:
            dossier.with_user(self.head_a).with_context(lang="vi_VN").write({"due_date": "2026-12-31"})
        self.assertIn("Đính chính", str(caught.exception))

    def test_a_fact_cannot_be_created_with_the_dossier(self):
        Dossier = self.env["q1.dossier"].with_user(self.reception_a)
        count = Dossier.search_count([])
        for name, value in (
            ("code", "T99.01-260101-0001"),
            ("received_at", "2026-01-02 01:00:00"),
            ("due_date", "2026-01-03"),
            ("stage_id", self.env.ref("q1_dossier.q1_stage_received").id),
            ("rating", "very_satisfied"),
            ("submitted_at", "2026-01-02 01:00:00"),
            ("online_unanswered", True),
        ):
            with self.subTest(field=name), self.assertRaises(UserError):
                Dossier.create({"procedure_id": self.proc_5d.id, "applicant_name": "Lê Văn Tạo", name: value})
        self.assertEqual(Dossier.search_count([]), count)
        # The draft stage the form sends with a new dossier is no fact.
        draft = Dossier.create(
            {
                "procedure_id": self.proc_5d.id,
                "applicant_name": "Lê Văn Tạo",
                "stage_id": self.env.ref("q1_dossier.q1_stage_draft").id,
            }
        )
        self.assertEqual(draft.state, "draft")

    def test_a_dossier_is_entered_for_ones_own_unit(self):
        with self.assertRaises(UserError):
            self.make_dossier(company_id=self.ward_b.id)

    def test_counter_facts_stay_writable_before_reception(self):
        dossier = self.make_dossier()
        dossier.write(
            {
                "procedure_id": self.proc_3d.id,
                "channel": "postal",
                "deciding_company_id": self.ward_b.id,
                "applicant_name": "  Lê Thị Sửa Tên  ",
                "applicant_phone": "0912 345 679",
            }
        )
        self.assertEqual(dossier.applicant_name, "Lê Thị Sửa Tên")
        self.assertEqual(dossier.deciding_company_id, self.ward_b)
        self.receive_at(dossier, "2026-03-05 09:00")
        # After reception the contact details may still change, the identity may not.
        dossier.write({"applicant_phone": "0987 654 321", "applicant_address": "5 Lê Lợi"})
        self.assertEqual(dossier.applicant_phone, "0987654321")
        with self.assertRaises(UserError):
            dossier.write({"applicant_name": "Tên Mới"})

    def test_control_slip_and_waits_are_not_written_over_rpc(self):
        dossier = self.received_and_assigned(procedure=self.proc_5d)
        step = dossier.current_step_id
        for user in (self.reception_a, self.proc_a1, self.head_a, self.leader_a, self.manager_a):
            with self.subTest(user=user.login):
                with self.assertRaises(AccessError):
                    step.with_user(user).write({"finished_at": utc("2026-03-03 10:00")})
                with self.assertRaises(AccessError):
                    self.env["q1.dossier.step"].with_user(user).create(
                        {
                            "dossier_id": dossier.id,
                            "name": "Bước giả",
                            "handed_by_id": user.id,
                            "handed_at": utc("2026-03-03 10:00"),
                            "planned_end": utc("2026-03-04 10:00"),
                        }
                    )
                with self.assertRaises(AccessError):
                    self.env["q1.dossier.pause"].with_user(user).create(
                        {"dossier_id": dossier.id, "kind": "payment", "paused_at": utc("2026-03-03 10:00")}
                    )
        self.assertFalse(step.finished_at)
        self.assertEqual(len(dossier.step_ids), 1)
        self.assertFalse(dossier.pause_ids)

    # ------------------------------------------------------------------ correction

    def correct(self, user, dossier, fact, reason="Nhập sai ngày hẹn khi tiếp nhận (biên bản số 12/BB)", **value):
        wizard = (
            self.env["q1.dossier.correction"]
            .with_user(user)
            .create(dict({"dossier_id": dossier.id, "fact": fact, "reason": reason}, **value))
        )
        return wizard.action_confirm()

    def test_manager_corrects_a_fact_with_reason_chatter_and_audit(self):
        dossier = self.received_and_assigned(procedure=self.proc_5d)
        old = dossier.promised_date
        self.correct(self.manager_a, dossier, "promised_date", value_date="2026-03-20")
        self.assertEqual(str(dossier.promised_date), "2026-03-20")
        note = dossier.message_ids.filtered(lambda message: "biên bản số 12/BB" in (message.body or ""))
        self.assertEqual(len(note), 1)
        self.assertIn(old.strftime("%d/%m/%Y"), note.body)
        self.assertIn("20/03/2026", note.body)
        self.assertIn("→", note.body)
        entry = self.env["q1.audit.log"].search([("kind", "=", "correction"), ("dossier_id", "=", dossier.id)])
        self.assertEqual(len(entry), 1)
        self.assertEqual(
            (entry.user_id, entry.old_value, entry.new_value), (self.manager_a, old.strftime("%d/%m/%Y"), "20/03/2026")
        )
        self.assertIn("biên bản số 12/BB", entry.reason)
        # The administrator sees it in the audit menu; nobody edits or deletes it.
        self.assertEqual(self.env["q1.audit.log"].with_user(self.manager_a).search([("id", "=", entry.id)]), entry)
        with self.assertRaises(AccessError):
            entry.with_user(self.manager_a).write({"reason": "Sửa vết"})
        with self.assertRaises(AccessError):
            entry.with_user(self.manager_a).unlink()
        with self.assertRaises(AccessError):
            entry.with_user(self.leader_a).read(["reason"])

    def test_received_at_correction_moves_the_reception_date_too(self):
        dossier = self.received_and_assigned(procedure=self.proc_5d, local_string="2026-03-02 09:00")
        self.correct(self.manager_a, dossier, "received_at", value_datetime=utc("2026-03-01 23:30"))
        self.assertEqual(dossier.received_at, utc("2026-03-01 23:30"))
        self.assertEqual(str(dossier.received_date), "2026-03-01")

    def test_correction_values_are_checked(self):
        dossier = self.received_and_assigned(procedure=self.proc_5d)
        for fact, reason, value in (
            ("applicant_name", "Sai tên", {"value_char": "   "}),
            ("applicant_name", "Sai tên", {"value_char": "Tên\x00Mới"}),
            ("applicant_id_number", "Sai số", {"value_char": "123"}),
            ("applicant_birth_date", "Sai ngày sinh", {"value_date": "2099-01-01"}),
            ("promised_date", "  ", {"value_date": "2026-03-20"}),
        ):
            with self.subTest(fact=fact, value=value):
                with self.assertRaises(UserError), self.env.cr.savepoint():
                    self.correct(self.manager_a, dossier, fact, reason=reason, **value)
        dossier.invalidate_recordset()
        self.assertEqual(dossier.applicant_name, "Lê Thị Công Dân")
        self.assertFalse(self.env["q1.audit.log"].search([("dossier_id", "=", dossier.id)]))

    def test_leader_cannot_correct(self):
        dossier = self.received_and_assigned(procedure=self.proc_5d)
        before = dossier.promised_date
        with self.assertRaises(AccessError):
            self.correct(self.leader_a, dossier, "promised_date", value_date="2026-03-20")
        # nor through a form someone else prepared
        wizard = self.env["q1.dossier.correction"].create(
            {"dossier_id": dossier.id, "fact": "promised_date", "value_date": "2026-03-20", "reason": "Thử"}
        )
        with self.assertRaises(AccessError):
            wizard.with_user(self.leader_a).action_confirm()
        self.assertEqual(dossier.promised_date, before)
        self.assertFalse(self.env["q1.audit.log"].search([("dossier_id", "=", dossier.id)]))

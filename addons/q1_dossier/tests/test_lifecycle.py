"""Lifecycle of a dossier after reception (Decree 118/2025 Art. 18-23): transitions, waits, apology.

Calendar used by hand (state calendar 2026): March 2026 starts on a Sunday, so Mon 02/03, Tue 03/03, ...,
Fri 06/03, Mon 09/03, ...; Tết 16-20/02/2026 is off (Thu 12/02, Fri 13/02, then Mon 23/02).
Working shifts 07:30-11:30 and 13:00-17:00 (8 h a day); appointments printed at 14:00.
"""

from datetime import date

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import Q1Case, utc


@tagged("post_install", "-at_install")
class TestLifecycle(Q1Case):
    # ------------------------------------------------------------------ the happy path

    def test_full_path_receive_assign_hand_over_done_return_rate(self):
        dossier = self.make_dossier(self.proc_flow)
        self.receive_at(dossier, "2026-03-02 09:00")
        self.assertEqual(dossier.state, "received")
        self.assertEqual(dossier.stage_id, self.env.ref("q1_dossier.q1_stage_received"))
        self.assertEqual(dossier.code, f"{self.UNIT_A}-260302-0001")
        # 5 working days strictly after Mon 02/03: 03, 04, 05, 06, Mon 09/03.
        self.assertEqual(dossier.due_date, date(2026, 3, 9))
        self.assertEqual(len(dossier.step_ids), 1, "the first step is handed over at reception")
        step1 = dossier.step_ids
        self.assertEqual(dossier.current_step_id, step1)
        self.assertFalse(step1.user_id)
        self.assertEqual(step1.handed_by_id, self.reception_a)
        self.assertEqual(step1.handed_at, utc("2026-03-02 09:00"))
        # 2 working days = 16 h from Mon 09:00: 6.5 h on Monday, 8 h Tuesday, 1.5 h Wednesday -> Wed 04/03 09:00.
        self.assertEqual(step1.planned_end, utc("2026-03-04 09:00"))

        with self.at("2026-03-02 09:30"):
            dossier.with_user(self.head_a).assign(self.proc_a1)
        self.assertEqual(dossier.state, "processing")
        self.assertEqual(dossier.stage_id, self.stage_appraise, "first step's stage")
        self.assertEqual(dossier.user_id, self.proc_a1)
        self.assertEqual(step1.user_id, self.proc_a1)
        self.assertEqual(step1.taken_at, utc("2026-03-02 09:30"))
        self.assertEqual(len(dossier.step_ids), 1)

        with self.at("2026-03-03 10:00"):
            dossier.with_user(self.proc_a1).hand_over(self.proc_a2, note="Đủ điều kiện")
        self.assertEqual(step1.finished_at, utc("2026-03-03 10:00"))
        self.assertEqual(step1.note, "Đủ điều kiện")
        self.assertEqual(step1.result, "early", "finished Tue 03/03, planned Wed 04/03")
        step2 = dossier.current_step_id
        self.assertEqual(len(dossier.step_ids), 2)
        self.assertEqual((step2.sequence, step2.name), (2, "Trình ký"))
        self.assertEqual(step2.handed_by_id, self.proc_a1)
        self.assertEqual(step2.user_id, self.proc_a2)
        self.assertEqual(dossier.stage_id, self.stage_sign)
        self.assertEqual(dossier.user_id, self.proc_a2)
        # 16 h from Tue 10:00: 5.5 h Tuesday, 8 h Wednesday, 2.5 h Thursday from 07:30 -> Thu 05/03 10:00.
        self.assertEqual(step2.planned_end, utc("2026-03-05 10:00"))

        with self.at("2026-03-05 10:00"):
            dossier.with_user(self.proc_a2).hand_over(self.leader_a)
        self.assertEqual(step2.result, "on_time", "finished exactly at the planned instant")
        step3 = dossier.current_step_id
        self.assertEqual(dossier.stage_id, self.stage_approve)
        self.assertEqual(dossier.user_id, self.leader_a)
        # 8 h from Thu 10:00: 5.5 h Thursday, 2.5 h Friday -> Fri 06/03 10:00.
        self.assertEqual(step3.planned_end, utc("2026-03-06 10:00"))

        with self.at("2026-03-05 16:00"):
            dossier.with_user(self.leader_a).hand_over()
        self.assertEqual(dossier.state, "done")
        self.assertEqual(dossier.stage_id, self.env.ref("q1_dossier.q1_stage_done"))
        self.assertEqual(dossier.finished_at, utc("2026-03-05 16:00"))
        self.assertEqual(dossier.user_id, self.reception_a, "the result goes back to the receiving officer")
        self.assertEqual(step3.finished_at, utc("2026-03-05 16:00"))
        self.assertEqual(step3.result, "early")
        self.assertEqual(len(dossier.step_ids), 3)

        def plain_notes():
            return dossier.sudo().message_ids.filtered(
                lambda m: m.subtype_id == self.env.ref("mail.mt_note") and not m.tracking_value_ids
            )

        notes_before = len(plain_notes())
        with self.at("2026-03-06 08:00"):
            dossier.with_user(self.reception_a).return_result("counter", "  Lê Thị Công Dân ")
        self.assertEqual(dossier.state, "returned")
        self.assertEqual(dossier.stage_id, self.env.ref("q1_dossier.q1_stage_returned"))
        self.assertEqual(dossier.returned_at, utc("2026-03-06 08:00"))
        self.assertEqual(dossier.return_method, "counter")
        self.assertEqual(dossier.returned_to, "Lê Thị Công Dân")
        self.assertEqual(len(plain_notes()), notes_before + 1, "an early return is noted in the chatter")

        with self.at("2026-03-06 08:05"):
            dossier.with_user(self.reception_a).rate("satisfied", " Nhanh gọn ")
        self.assertEqual(dossier.rating, "satisfied")
        self.assertEqual(dossier.rating_comment, "Nhanh gọn")
        self.assertEqual(dossier.rating_channel, "counter")
        self.assertEqual(dossier.rating_date, utc("2026-03-06 08:05"))
        with self.assertRaises(UserError):
            dossier.with_user(self.reception_a).rate("not_satisfied")
        self.assertEqual(dossier.rating, "satisfied")

    # ------------------------------------------------------------------ endings

    def test_refuse_after_appraisal_closes_open_step(self):
        dossier = self.received_and_assigned()
        with self.at("2026-03-03 14:00"), self.assertRaises(UserError):
            dossier.with_user(self.proc_a1).refuse("   ")
        self.assertEqual(dossier.state, "processing")
        with self.at("2026-03-03 14:00"):
            action = dossier.with_user(self.proc_a1).refuse(" Không thuộc thẩm quyền giải quyết. ")
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(dossier.state, "refused")
        self.assertEqual(dossier.stage_id, self.env.ref("q1_dossier.q1_stage_refused"))
        self.assertEqual(dossier.closing_reason, "Không thuộc thẩm quyền giải quyết.")
        self.assertEqual(dossier.finished_at, utc("2026-03-03 14:00"))
        self.assertEqual(dossier.step_ids.finished_at, utc("2026-03-03 14:00"), "the open step is closed")
        self.assertTrue(
            any("Không thuộc thẩm quyền" in (m.body or "") for m in dossier.sudo().message_ids),
            "the reason is written in the chatter",
        )

    def test_stop_at_applicant_request_closes_open_pause(self):
        dossier = self.received_and_assigned()
        with self.at("2026-03-03 10:00"):
            dossier.with_user(self.proc_a1).request_supplement("Thiếu giấy tờ", "Bản sao giấy chứng sinh")
        pause = dossier.pause_ids
        self.assertFalse(pause.resumed_at)
        with self.at("2026-03-05 10:00"):
            dossier.with_user(self.reception_a).stop("Người nộp hồ sơ đề nghị dừng giải quyết.")
        self.assertEqual(dossier.state, "stopped")
        self.assertEqual(pause.resumed_at, utc("2026-03-05 10:00"), "the open pause is closed too")
        self.assertEqual(dossier.finished_at, utc("2026-03-05 10:00"))
        self.assertEqual(dossier.closing_reason, "Người nộp hồ sơ đề nghị dừng giải quyết.")
        self.assertEqual(dossier.current_step_id.finished_at, utc("2026-03-05 10:00"))

    def test_withdraw_from_received(self):
        dossier = self.make_dossier()
        self.receive_at(dossier, "2026-03-02 09:00")
        with self.at("2026-03-02 10:00"):
            dossier.with_user(self.reception_a).withdraw("Rút hồ sơ")
        self.assertEqual(dossier.state, "withdrawn")
        self.assertEqual(dossier.stage_id, self.env.ref("q1_dossier.q1_stage_withdrawn"))
        self.assertEqual(dossier.finished_at, utc("2026-03-02 10:00"))
        self.assertEqual(dossier.step_ids.finished_at, utc("2026-03-02 10:00"))
        with self.assertRaises(UserError):
            dossier.with_user(self.reception_a).withdraw("Lần hai")

    # ------------------------------------------------------------------ refused moves

    def test_refused_moves_change_nothing(self):
        returned = self.received_and_assigned()
        with self.at("2026-03-03 10:00"):
            returned.with_user(self.proc_a1).hand_over()
            returned.with_user(self.reception_a).return_result("counter", "Lê Thị Công Dân")
        before = self.snapshot(returned)
        with self.at("2026-03-03 11:00"), self.assertRaises(UserError):
            returned.with_user(self.proc_a1).hand_over()
        self.assertEqual(self.snapshot(returned), before, "hand over on a returned dossier")

        processing = self.received_and_assigned()
        before = self.snapshot(processing)
        with self.assertRaises(UserError):
            processing.with_user(self.reception_a).return_result("counter", "Lê Thị Công Dân")
        self.assertEqual(self.snapshot(processing), before, "return_result on a processing dossier")
        with self.assertRaises(UserError):
            processing.with_user(self.reception_a).resume()
        self.assertEqual(self.snapshot(processing), before, "resume when not paused")

        code, received_at = processing.code, processing.received_at
        with self.at("2026-03-04 09:00"), self.assertRaises(UserError):
            processing.with_user(self.reception_a).action_receive()
        self.assertEqual((processing.code, processing.received_at), (code, received_at), "received twice")
        self.assertEqual(self.snapshot(processing), before)

        # Transitions the law forbids, straight through _set_status.
        for status in ("returned", "draft", "received", "incomplete"):
            with self.subTest(status=status), self.assertRaises(UserError):
                processing._set_status(status)
            self.assertEqual(self.snapshot(processing), before)
        with self.assertRaises(UserError):
            returned._set_status("processing")
        self.assertEqual(returned.state, "returned")

    # ------------------------------------------------------------------ waits and due dates

    def test_supplement_restarts_legal_clock_statistics_subtract_wait(self):
        dossier = self.received_and_assigned(self.proc_5d)  # Mon 02/03 09:00, due Mon 09/03
        self.assertEqual(dossier.stage_id, self.env.ref("q1_dossier.q1_stage_processing"))
        # Wed 04/03: 2 working days after reception (03, 04) <= 3.
        with self.at("2026-03-04 10:00"):
            action = dossier.with_user(self.proc_a1).request_supplement(
                "Giấy tờ chưa hợp lệ", "- Bản sao giấy chứng sinh có chứng thực"
            )
        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(dossier.state, "supplement")
        self.assertEqual(dossier.stage_id, self.env.ref("q1_dossier.q1_stage_supplement"))
        self.assertEqual(dossier.supplement_count, 1)
        pause = dossier.pause_ids
        self.assertEqual(
            (pause.kind, pause.paused_at, pause.requested_by_id), ("supplement", utc("2026-03-04 10:00"), self.proc_a1)
        )
        self.assertFalse(pause.resumed_at)

        with self.at("2026-03-10 09:00"):  # Tue 10/03: the complete dossier is back
            dossier.with_user(self.reception_a).resume()
        self.assertEqual(pause.resumed_at, utc("2026-03-10 09:00"))
        self.assertEqual(dossier.state, "processing")
        self.assertEqual(dossier.stage_id, self.env.ref("q1_dossier.q1_stage_processing"))
        # Legal (Art. 19(5)): restart from zero on Tue 10/03 -> 11, 12, 13, 16, Tue 17/03.
        self.assertEqual(dossier.due_date, date(2026, 3, 17))
        self.assertEqual(dossier.promised_date, date(2026, 3, 17))
        # Statistical: 2 days used (03, 04), 3 left from Tue 10/03 -> 11, 12, Fri 13/03.
        self.assertEqual(dossier.statistical_due_date, date(2026, 3, 13))
        self.assertEqual(dossier.original_due_date, date(2026, 3, 9))

        with self.at("2026-03-10 10:00"), self.assertRaises(UserError):
            dossier.with_user(self.proc_a1).request_supplement("Lần hai", "Giấy tờ khác")
        self.assertEqual(dossier.state, "processing")
        self.assertEqual(len(dossier.pause_ids), 1, "a supplement is requested only once")

    def test_supplement_only_within_three_working_days(self):
        late = self.received_and_assigned(self.proc_5d)  # Mon 02/03
        # Fri 06/03 is the 4th working day after reception (03, 04, 05, 06).
        with self.at("2026-03-06 09:00"), self.assertRaises(UserError):
            late.with_user(self.proc_a1).request_supplement("Thiếu", "Giấy chứng sinh")
        self.assertEqual(late.state, "processing")
        self.assertFalse(late.pause_ids)

        on_limit = self.received_and_assigned(self.proc_5d)  # Thu 05/03 is the 3rd: allowed
        with self.at("2026-03-05 16:30"):
            on_limit.with_user(self.proc_a1).request_supplement("Thiếu", "Giấy chứng sinh")
        self.assertEqual(on_limit.state, "supplement")

        # Across Tết: received Thu 12/02, Mon 23/02 is only the 2nd working day (13/02, 23/02).
        tet = self.received_and_assigned(self.proc_5d, "2026-02-12 09:00")
        with self.at("2026-02-23 09:00"):
            tet.with_user(self.proc_a1).request_supplement("Thiếu", "Giấy chứng sinh")
        self.assertEqual(tet.state, "supplement")

    def test_fee_payment_shifts_due_date_without_restart(self):
        dossier = self.received_and_assigned(self.proc_5d)  # Mon 02/03 09:00, due Mon 09/03
        with self.at("2026-03-04 10:00"):
            dossier.with_user(self.proc_a1).request_payment("Nộp lệ phí")
        self.assertEqual(dossier.state, "payment")
        self.assertEqual(dossier.pause_ids.kind, "payment")
        with self.at("2026-03-09 10:00"):
            dossier.with_user(self.reception_a).resume()
        self.assertEqual(dossier.state, "processing")
        # 2 days used (03, 04), 3 left from Mon 09/03 -> 10, 11, Thu 12/03 (a restart would give Mon 16/03).
        self.assertEqual(dossier.due_date, date(2026, 3, 12))
        self.assertEqual(dossier.statistical_due_date, date(2026, 3, 12))
        self.assertEqual(dossier.promised_date, date(2026, 3, 12))
        self.assertEqual(dossier.original_due_date, date(2026, 3, 9))

    # ------------------------------------------------------------------ apology and extension (Art. 19(6))

    def test_extension_requested_then_approved_by_the_unit_leader(self):
        dossier = self.received_and_assigned(self.proc_5d, applicant_email="cong.dan@example.vn")
        # Fri 06/03 is one working day before the due date Mon 09/03.
        with self.at("2026-03-06 10:00"):
            dossier.with_user(self.proc_a1).request_extension("Cần xác minh thêm tại nơi cư trú", date(2026, 3, 12))
        self.assertEqual(dossier.extension_state, "requested")
        self.assertEqual(dossier.extension_date, date(2026, 3, 12))
        self.assertEqual(dossier.extension_requested_by_id, self.proc_a1)
        activities = self.env["mail.activity"].search([("res_model", "=", "q1.dossier"), ("res_id", "=", dossier.id)])
        self.assertEqual(activities.user_id, self.leader_a, "one activity, for the unit leader")
        self.assertEqual(dossier.promised_date, date(2026, 3, 9), "nothing promised before approval")

        with self.at("2026-03-06 11:00"), self.assertRaises(UserError):
            dossier.with_user(self.proc_a1).approve_extension()
        self.assertEqual(dossier.extension_state, "requested")
        self.assertEqual(dossier.promised_date, date(2026, 3, 9))

        with self.at("2026-03-06 15:00"):
            dossier.with_user(self.leader_a).approve_extension()
        self.assertEqual(dossier.extension_state, "approved")
        self.assertEqual(dossier.extension_approved_by_id, self.leader_a)
        self.assertEqual(dossier.promised_date, date(2026, 3, 12))
        self.assertEqual(dossier.original_due_date, date(2026, 3, 9))
        self.assertEqual(dossier.statistical_due_date, date(2026, 3, 9))
        self.assertEqual(dossier.due_date, date(2026, 3, 9))
        self.assertFalse(
            self.env["mail.activity"].search([("res_model", "=", "q1.dossier"), ("res_id", "=", dossier.id)]),
            "the leader's activity is done",
        )
        apology = self.mails(dossier).filtered(lambda m: "Xin lỗi" in (m.subject or ""))
        self.assertEqual(len(apology), 1)
        self.assertIn("12/03/2026", apology.subject)

        with self.at("2026-03-06 16:00"), self.assertRaises(UserError):
            dossier.with_user(self.proc_a1).request_extension("Lần hai", date(2026, 3, 20))
        self.assertEqual(dossier.extension_date, date(2026, 3, 12), "re-appointment at most once")

    def test_extension_refused_on_due_date_or_without_a_later_date(self):
        dossier = self.received_and_assigned(self.proc_5d)  # due Mon 09/03
        with self.at("2026-03-09 08:00"), self.assertRaises(UserError):
            dossier.with_user(self.proc_a1).request_extension("Chậm", date(2026, 3, 12))
        self.assertFalse(dossier.extension_state, "on the due date itself it is too late")
        for new_date in (date(2026, 3, 9), date(2026, 3, 6)):
            with self.subTest(new_date=new_date), self.at("2026-03-05 10:00"), self.assertRaises(UserError):
                dossier.with_user(self.proc_a1).request_extension("Chậm", new_date)
        with self.at("2026-03-05 10:00"), self.assertRaises(UserError):
            dossier.with_user(self.proc_a1).request_extension("  ", date(2026, 3, 12))
        self.assertFalse(dossier.extension_state)
        self.assertEqual(dossier.promised_date, date(2026, 3, 9))

    def test_rejected_extension_keeps_the_date_and_leaves_room_for_a_new_request(self):
        dossier = self.received_and_assigned(self.proc_5d)  # due Mon 09/03
        with self.at("2026-03-05 10:00"):
            dossier.with_user(self.proc_a1).request_extension("Chậm", date(2026, 3, 12))
        with self.at("2026-03-05 11:00"), self.assertRaises(UserError):
            dossier.with_user(self.proc_a1).reject_extension()
        with self.at("2026-03-05 11:00"):
            dossier.with_user(self.leader_a).reject_extension()
        self.assertEqual(dossier.extension_state, "rejected")
        self.assertEqual(dossier.promised_date, date(2026, 3, 9))
        self.assertFalse(
            self.env["mail.activity"].search([("res_model", "=", "q1.dossier"), ("res_id", "=", dossier.id)])
        )
        # A rejected request was no re-appointment: Fri 06/03 is still one working day before Mon 09/03.
        with self.at("2026-03-06 09:00"):
            dossier.with_user(self.proc_a1).request_extension("Chậm, lý do mới", date(2026, 3, 11))
        self.assertEqual(dossier.extension_state, "requested")

    def test_paused_dossier_cannot_be_handed_over(self):
        dossier = self.received_and_assigned(self.proc_5d)
        with self.at("2026-03-03 10:00"):
            dossier.with_user(self.proc_a1).request_supplement("Thiếu giấy tờ", "Giấy chứng sinh")
        before = self.snapshot(dossier)
        with self.at("2026-03-03 11:00"), self.assertRaises(UserError):
            dossier.with_user(self.proc_a1).hand_over()
        self.assertEqual(self.snapshot(dossier), before)

    def test_action_wizard_enforces_the_same_rules(self):
        dossier = self.received_and_assigned(self.proc_5d)
        Wizard = self.env["q1.dossier.action"].with_user(self.proc_a1)
        with self.at("2026-03-03 10:00"):
            result = Wizard.create(
                {
                    "dossier_id": dossier.id,
                    "action": "supplement",
                    "reason": "Thiếu giấy tờ",
                    "missing_items": "Giấy chứng sinh",
                }
            ).action_confirm()
        self.assertEqual(result["type"], "ir.actions.report", "the supplement request form is printed")
        self.assertEqual(dossier.state, "supplement")
        wizard = (
            self.env["q1.dossier.action"]
            .with_user(self.reception_a)
            .create({"dossier_id": dossier.id, "action": "return"})
        )
        self.assertEqual(wizard.recipient, "Lê Thị Công Dân", "defaults to the applicant")
        with self.assertRaises(UserError):
            wizard.action_confirm()
        self.assertEqual(dossier.state, "supplement")

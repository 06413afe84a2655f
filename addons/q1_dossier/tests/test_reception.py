from datetime import date, datetime

from odoo.tests import Form, tagged

from .common import Q1Case, utc


@tagged("post_install", "-at_install")
class TestReception(Q1Case):
    """Reception at the counter, end to end through the form view, as a reception officer of ward A."""

    def test_reception_through_form(self):
        Dossier = self.env["q1.dossier"].with_user(self.reception_a)
        with Form(Dossier) as form:
            form.applicant_name = "Phạm Minh Khai"
            form.applicant_id_number = "079 090 001 234"
            form.applicant_birth_date = date(1990, 5, 1)
            form.applicant_sex = "male"
            form.applicant_phone = "+84 912 345 678"
            form.procedure_id = self.proc_5d
            # The checklist comes from the procedure, in its order, nothing handed in yet.
            self.assertEqual(len(form.document_ids), 3)
            self.assertEqual(
                [form.document_ids.edit(i).name for i in range(3)],
                ["Tờ khai đăng ký khai sinh", "Giấy chứng sinh", "Giấy ủy quyền (nếu có)"],
            )
            self.assertEqual(form.fee_amount, 50000)
            for i in range(2):
                with form.document_ids.edit(i) as line:
                    self.assertTrue(line.is_required)
                    self.assertFalse(line.is_received)
                    line.is_received = True
        dossier = form.record
        self.assertEqual(dossier.state, "draft")
        self.assertFalse(dossier.code)
        self.assertEqual(dossier.company_id, self.ward_a)
        # Canonical forms of the applicant's identifiers are stored.
        self.assertEqual(dossier.applicant_phone, "0912345678")
        self.assertEqual(dossier.applicant_id_number, "079090001234")
        self.assertEqual(
            dossier.document_ids.filtered("is_received").mapped("name"),
            ["Tờ khai đăng ký khai sinh", "Giấy chứng sinh"],
        )

        # Thursday 05/02/2026 09:15 in Ho Chi Minh City (02:15 UTC).
        self.receive_at(dossier, "2026-02-05 09:15")

        self.assertEqual(dossier.code, "T99.01-260205-0001")
        self.assertEqual(dossier.stage_id.status, "received")
        self.assertEqual(dossier.state, "received")
        self.assertEqual(dossier.received_by_id, self.reception_a)
        self.assertEqual(dossier.received_at, datetime(2026, 2, 5, 2, 15))
        self.assertEqual(dossier.received_date, date(2026, 2, 5))
        # 5 working days after Thu 05/02: Fri 06, Mon 09, Tue 10, Wed 11, Thu 12.
        self.assertEqual(dossier.due_date, date(2026, 2, 12))
        # Appointment at the calendar's appointment time, 14:00 local = 07:00 UTC.
        self.assertEqual(dossier.appointment_at, datetime(2026, 2, 12, 7, 0))
        self.assertEqual(dossier.time_limit, 5)
        self.assertEqual(dossier.time_unit, "day")
        self.assertFalse(dossier.same_day)
        self.assertEqual(dossier.display_name, "T99.01-260205-0001 - Phạm Minh Khai")

    def test_time_limit_is_a_snapshot(self):
        dossier = self.receive_at(self.make_dossier(), "2026-03-02 08:00")
        self.proc_5d.write({"time_limit": 20})
        self.assertEqual(dossier.time_limit, 5)
        # Mon 02/03 + 5 working days: 03, 04, 05, 06, 09.
        self.assertEqual(dossier.due_date, date(2026, 3, 9))

    def test_code_change_is_tracked_in_chatter(self):
        dossier = self.make_dossier()
        self.env.flush_all()
        self.env.cr.flush()
        self.receive_at(dossier, "2026-03-02 08:00")
        self.env.flush_all()
        self.env.cr.flush()
        trackings = dossier.sudo().message_ids.tracking_value_ids
        code_tracking = trackings.filtered(lambda t: t.field_id.name == "code")
        self.assertEqual(len(code_tracking), 1)
        self.assertFalse(code_tracking.old_value_char)
        self.assertEqual(code_tracking.new_value_char, "T99.01-260302-0001")
        self.assertEqual(code_tracking.mail_message_id.author_id, self.reception_a.partner_id)
        self.assertIn("due_date", trackings.mapped("field_id.name"))

    def test_checklist_follows_procedure_change_before_reception(self):
        with Form(self.env["q1.dossier"].with_user(self.reception_a)) as form:
            form.applicant_name = "Hồ Văn Đổi"
            form.procedure_id = self.proc_5d
            self.assertEqual(len(form.document_ids), 3)
            form.procedure_id = self.proc_3d
            self.assertEqual(len(form.document_ids), 0)
            self.assertEqual(form.fee_amount, 0)
        self.assertFalse(form.record.document_ids)

    def test_received_dossier_cannot_be_received_twice(self):
        from odoo.exceptions import UserError

        dossier = self.receive_at(self.make_dossier(), "2026-03-02 08:00")
        code = dossier.code
        with self.assertRaises(UserError), self.at("2026-03-02 09:00"):
            dossier.action_receive()
        self.assertEqual(dossier.code, code)

    def test_checklist_kept_after_reception(self):
        dossier = self.receive_at(self.make_dossier(), "2026-03-02 08:00")
        names = dossier.document_ids.mapped("name")
        # Recomputing the checklist (procedure edited afterwards) must not wipe a received dossier's documents.
        self.proc_5d.write({"document_ids": [(0, 0, {"name": "Giấy tờ mới", "original_count": 1})]})
        dossier.invalidate_recordset()
        self.assertEqual(dossier.document_ids.mapped("name"), names)
        self.assertTrue(all(dossier.document_ids.filtered("is_required").mapped("is_received")))

    def test_receipt_action_only_for_received_dossier(self):
        from odoo.exceptions import UserError

        dossier = self.make_dossier()
        with self.assertRaises(UserError):
            dossier.action_print_receipt()
        self.receive_at(dossier, "2026-03-02 08:00")
        action = dossier.action_print_receipt()
        self.assertEqual(action["report_name"], "q1_dossier.report_q1_receipt")
        self.assertEqual(action["type"], "ir.actions.report")

    def test_utc_helper(self):
        # Guard of the helper the other tests rely on: Vietnam is UTC+7 all year.
        self.assertEqual(utc("2026-03-06 01:30"), datetime(2026, 3, 5, 18, 30))

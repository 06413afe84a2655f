"""Notices to the applicant (Decree 118/2025 Art. 17(2), 19(5), 19(6), 22): queued e-mails, the SMS hook and
per-stage templates.

Reception Mon 02/03/2026 09:00, 5 working days: due Mon 09/03 (03, 04, 05, 06, 09), appointment 14:00.
"""

from datetime import date

from odoo.tests import tagged

from .common import Q1Case

EMAIL = "cong.dan@example.vn"


@tagged("post_install", "-at_install")
class TestNotifications(Q1Case):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.sms_action = cls.env["ir.actions.server"].create(
            {
                "name": "SMS kiểm thử",
                "model_id": cls.env.ref("q1_dossier.model_q1_dossier").id,
                "state": "code",
                "code": "env['ir.config_parameter'].sudo().set_param("
                "'q1_test.last_sms', '%s|%s' % (env.context.get('q1_sms_phone'), env.context.get('q1_sms_body')))",
            }
        )

    def _last_sms(self):
        return self.env["ir.config_parameter"].sudo().get_param("q1_test.last_sms")

    def test_reception_queues_vietnamese_mail(self):
        self.assertTrue(
            self.env.ref("q1_dossier.mail_template_q1_received", raise_if_not_found=False),
            "template q1_dossier.mail_template_q1_received is missing",
        )
        dossier = self.make_dossier(applicant_email=EMAIL)
        self.receive_at(dossier, "2026-03-02 09:00")
        mail = self.mails(dossier)
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.email_to, EMAIL)
        self.assertEqual(mail.state, "outgoing", "queued, not sent in the request")
        code = f"{self.UNIT_A}-260302-0001"
        self.assertEqual(mail.subject, f"Hồ sơ {code} đã được tiếp nhận, hẹn trả kết quả 14:00 09/03/2026")
        self.assertIn(code, str(mail.body_html))

    def test_supplement_apology_and_result_mails(self):
        dossier = self.received_and_assigned(self.proc_5d, applicant_email=EMAIL)
        code = dossier.code
        with self.at("2026-03-03 10:00"):
            dossier.with_user(self.proc_a1).request_supplement("Thiếu giấy tờ", "Giấy chứng sinh")
        with self.at("2026-03-04 10:00"):
            dossier.with_user(self.reception_a).resume()
        # Legal restart from Wed 04/03: 05, 06, 09, 10, Wed 11/03; extension asked on Mon 09/03 for 13/03.
        self.assertEqual(dossier.promised_date, date(2026, 3, 11))
        with self.at("2026-03-09 10:00"):
            dossier.with_user(self.proc_a1).request_extension("Cần xác minh", date(2026, 3, 13))
        with self.at("2026-03-09 11:00"):
            dossier.with_user(self.leader_a).approve_extension()
        with self.at("2026-03-12 10:00"):
            dossier.with_user(self.proc_a1).hand_over()
        subjects = self.mails(dossier).mapped("subject")
        self.assertEqual(
            subjects[1:],
            [
                f"Hồ sơ {code} cần bổ sung, hoàn thiện trong 15 ngày; quá hạn hồ sơ sẽ bị đóng",
                f"Xin lỗi ông/bà: hồ sơ {code} chậm trả kết quả, hẹn lại ngày 13/03/2026",
                f"Hồ sơ {code} đã có kết quả, mời ông/bà đến nhận",
            ],
        )
        self.assertEqual(set(self.mails(dossier).mapped("email_to")), {EMAIL})

    def test_no_mail_without_an_address(self):
        dossier = self.received_and_assigned(self.proc_5d)
        with self.at("2026-03-03 10:00"):
            dossier.with_user(self.proc_a1).request_supplement("Thiếu giấy tờ", "Giấy chứng sinh")
        with self.at("2026-03-04 10:00"):
            dossier.with_user(self.reception_a).resume()
            dossier.with_user(self.proc_a1).hand_over()
        self.assertEqual(dossier.state, "done")
        self.assertFalse(self.mails(dossier))

    def test_sms_hook_off_by_default(self):
        self.assertFalse(self.ward_a.q1_sms_enabled)
        self.ward_a.q1_sms_action_id = self.sms_action  # connected, but not switched on
        dossier = self.make_dossier(applicant_email=EMAIL)
        self.receive_at(dossier, "2026-03-02 09:00")
        self.assertFalse(self._last_sms())
        self.assertFalse(dossier.message_ids.filtered(lambda m: "0912345678" in (m.body or "")))

    def test_sms_hook_runs_with_phone_and_subject(self):
        self.ward_a.write({"q1_sms_enabled": True, "q1_sms_action_id": self.sms_action.id})
        dossier = self.make_dossier(applicant_email=EMAIL)
        self.receive_at(dossier, "2026-03-02 09:00")
        self.assertEqual(
            self._last_sms(),
            f"0912345678|Hồ sơ {self.UNIT_A}-260302-0001 đã được tiếp nhận, hẹn trả kết quả 14:00 09/03/2026",
        )
        self.assertTrue(
            dossier.message_ids.filtered(lambda m: "0912345678" in (m.body or "")), "the SMS is recorded in the chatter"
        )

    def test_sms_hook_from_a_processing_officer(self):
        dossier = self.received_and_assigned(self.proc_5d)
        self.ward_a.write({"q1_sms_enabled": True, "q1_sms_action_id": self.sms_action.id})
        with self.at("2026-03-03 10:00"):
            dossier.with_user(self.proc_a1).request_supplement("Thiếu giấy tờ", "Giấy chứng sinh")
        self.assertEqual(
            self._last_sms(),
            f"0912345678|Hồ sơ {dossier.code} cần bổ sung, hoàn thiện trong 15 ngày; quá hạn hồ sơ sẽ bị đóng",
        )

    def test_stage_template_sent_when_a_dossier_enters_the_stage(self):
        template = self.env["mail.template"].create(
            {
                "name": "Đang thẩm định (kiểm thử)",
                "model_id": self.env.ref("q1_dossier.model_q1_dossier").id,
                "subject": "Hồ sơ {{ object.code }} đang được thẩm định",
                "email_to": "{{ object.applicant_email }}",
                "body_html": '<p>Hồ sơ <t t-out="object.code"/> đang được thẩm định.</p>',
            }
        )
        self.stage_appraise.mail_template_id = template
        dossier = self.make_dossier(self.proc_flow, applicant_email=EMAIL)
        self.receive_at(dossier, "2026-03-02 09:00")
        self.assertEqual(len(self.mails(dossier)), 1, "only the reception notice so far")
        with self.at("2026-03-02 10:00"):
            dossier.with_user(self.head_a).assign(self.proc_a1)
        stage_mails = self.mails(dossier).filtered(lambda m: m.subject == f"Hồ sơ {dossier.code} đang được thẩm định")
        self.assertEqual(len(stage_mails), 1)
        self.assertEqual(stage_mails.email_to, EMAIL)
        # Leaving the stage sends nothing more from it.
        with self.at("2026-03-03 10:00"):
            dossier.with_user(self.proc_a1).hand_over(self.proc_a2)
        self.assertEqual(len(self.mails(dossier).filtered(lambda m: "đang được thẩm định" in m.subject)), 1)

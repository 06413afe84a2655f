from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import Q1Case


@tagged("post_install", "-at_install")
class TestCounterOutcomes(Q1Case):
    """Completion request (Mẫu 02) and refusal (Mẫu 03) at the counter, Decree 118/2025 Art. 17(1)(c)."""

    def outcome_form(self, dossier, outcome):
        Wizard = self.env["q1.dossier.counter.outcome"].with_user(self.reception_a)
        return Form(Wizard.with_context(default_dossier_id=dossier.id, default_outcome=outcome))

    def test_completion_request(self):
        dossier = self.make_dossier(tick=False)
        dossier.document_ids.filtered(lambda d: d.name == "Tờ khai đăng ký khai sinh").is_received = True
        form = self.outcome_form(dossier, "incomplete")
        # Only the required document not handed in is listed; the optional one is not.
        self.assertEqual(form.missing_items, "Giấy chứng sinh")
        form.missing_items = "Giấy chứng sinh\nBản sao CCCD của người đi đăng ký"
        form.reason = "Thiếu giấy chứng sinh bản chính."
        wizard = form.save()
        with self.at("2026-03-05 10:00"):
            action = wizard.action_confirm()

        self.assertEqual(action["type"], "ir.actions.report")
        self.assertEqual(action["report_name"], "q1_dossier.report_q1_completion_request")
        self.assertEqual(action["context"]["active_ids"], dossier.ids)
        self.assertEqual(dossier.state, "incomplete")
        self.assertEqual(dossier.stage_id.status, "incomplete")
        self.assertFalse(dossier.code)
        self.assertFalse(dossier.received_at)
        self.assertEqual(dossier.counter_reason, "Thiếu giấy chứng sinh bản chính.")
        self.assertEqual(dossier.missing_items, "Giấy chứng sinh\nBản sao CCCD của người đi đăng ký")
        self.assertEqual(dossier.counter_officer_id, self.reception_a)
        self.assertEqual(dossier.counter_outcome_at.strftime("%Y-%m-%d %H:%M"), "2026-03-05 03:00")
        note = dossier.message_ids.filtered(lambda m: "Thiếu giấy chứng sinh bản chính." in (m.body or ""))
        self.assertEqual(len(note), 1)
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
        self.assertEqual(note.author_id, self.reception_a.partner_id)

        # The applicant comes back with the missing paper: the dossier is received and gets its code then.
        dossier.document_ids.write({"is_received": True})
        self.receive_at(dossier, "2026-03-09 08:00")
        self.assertEqual(dossier.state, "received")
        self.assertEqual(dossier.code, "T99.01-260309-0001")
        self.assertEqual(dossier.received_date.isoformat(), "2026-03-09")
        # 5 working days after Mon 09/03: 10, 11, 12, 13, Mon 16/03.
        self.assertEqual(dossier.due_date.isoformat(), "2026-03-16")

    def test_completion_request_needs_a_reason(self):
        dossier = self.make_dossier(tick=False)
        form = self.outcome_form(dossier, "incomplete")
        self.assertEqual(form.missing_items, "Tờ khai đăng ký khai sinh\nGiấy chứng sinh")
        # The form refuses to save without a reason (required field).
        with self.assertRaises(AssertionError):
            form.save()
        # A blank reason is refused by the wizard itself, and nothing changes on the dossier.
        form.reason = "   "
        wizard = form.save()
        with self.assertRaises(UserError):
            wizard.action_confirm()
        self.assertEqual(dossier.state, "draft")
        self.assertFalse(dossier.counter_reason)

    def test_completion_request_needs_items(self):
        dossier = self.make_dossier()  # everything handed in: nothing prefilled
        form = self.outcome_form(dossier, "incomplete")
        self.assertFalse(form.missing_items)
        form.reason = "Hồ sơ cần sửa."
        form.missing_items = "  "
        with self.assertRaises(UserError):
            form.save().action_confirm()
        self.assertEqual(dossier.state, "draft")

    def test_refusal(self):
        dossier = self.make_dossier()
        form = self.outcome_form(dossier, "refused")
        self.assertFalse(form.missing_items)
        form.reason = "Thủ tục không thuộc thẩm quyền giải quyết của phường."
        action = form.save().action_confirm()

        self.assertEqual(action["report_name"], "q1_dossier.report_q1_refusal")
        self.assertEqual(dossier.state, "refused")
        self.assertFalse(dossier.code)
        self.assertFalse(dossier.missing_items)
        self.assertEqual(dossier.counter_reason, "Thủ tục không thuộc thẩm quyền giải quyết của phường.")
        self.assertTrue(dossier.message_ids.filtered(lambda m: "thẩm quyền" in (m.body or "")))

        # A refused dossier cannot be received afterwards, nor given another counter outcome.
        with self.assertRaises(UserError), self.at("2026-03-05 10:00"):
            dossier.action_receive()
        self.assertFalse(dossier.code)
        self.assertEqual(dossier.state, "refused")
        form = self.outcome_form(dossier, "incomplete")
        form.reason = "Thử lại"
        form.missing_items = "Tờ khai"
        with self.assertRaises(UserError):
            form.save().action_confirm()

    def test_no_counter_outcome_after_reception(self):
        dossier = self.receive_at(self.make_dossier(), "2026-03-05 10:00")
        form = self.outcome_form(dossier, "refused")
        form.reason = "Muộn"
        with self.assertRaises(UserError):
            form.save().action_confirm()
        self.assertEqual(dossier.state, "received")
        self.assertFalse(dossier.counter_reason)

    def test_open_counter_outcome_action(self):
        dossier = self.make_dossier()
        action = dossier.with_context(q1_outcome="refused").action_open_counter_outcome()
        self.assertEqual(action["res_model"], "q1.dossier.counter.outcome")
        self.assertEqual(action["target"], "new")
        self.assertEqual(action["context"], {"default_dossier_id": dossier.id, "default_outcome": "refused"})

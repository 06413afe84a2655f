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

    # ------------------------------------------------------------------ issue 12, defect 1: the dialog closes

    def test_confirm_closes_the_dialog_and_a_second_click_reprints(self):
        """'Xác nhận và in' prints the slip and closes the dialog, which reloads the dossier form behind it
        (close_on_report_download: web's action service closes the dialog and calls its onClose once the PDF is
        downloaded). A second click on the same dialog prints the same slip again and records nothing twice."""
        for outcome, report in (
            ("incomplete", "q1_dossier.report_q1_completion_request"),
            ("refused", "q1_dossier.report_q1_refusal"),
        ):
            with self.subTest(outcome):
                dossier = self.make_dossier(tick=False)
                form = self.outcome_form(dossier, outcome)
                form.reason = "Lý do ghi trên phiếu."
                wizard = form.save()
                first = wizard.action_confirm()
                self.assertEqual(first["report_name"], report)
                self.assertIs(first.get("close_on_report_download"), True)
                self.assertEqual(dossier.state, outcome)
                notes = len(dossier.message_ids)
                outcome_at = dossier.counter_outcome_at

                second = wizard.action_confirm()  # raised "cannot go from ... to ..." before
                self.assertEqual(second["report_name"], report)
                self.assertEqual(second["context"]["active_ids"], dossier.ids)
                self.assertIs(second.get("close_on_report_download"), True)
                self.assertEqual(dossier.state, outcome)
                self.assertEqual(len(dossier.message_ids), notes, "nothing is recorded twice")
                self.assertEqual(dossier.counter_outcome_at, outcome_at)


@tagged("post_install", "-at_install")
class TestCounterBoard(Q1Case):
    """Issue 12, defect 10: the reception officer's home is today's counter, a board of its own with the counter's
    four columns, apart from the processing board."""

    def outcome(self, dossier, outcome, local_string):
        with self.at(local_string):
            wizard = (
                self.env["q1.dossier.counter.outcome"]
                .with_user(self.reception_a)
                .create({"dossier_id": dossier.id, "outcome": outcome, "reason": "Lý do.", "missing_items": "Tờ khai"})
            )
            wizard.action_confirm()
        return dossier

    def test_todays_counter_columns(self):
        with self.at("2026-03-04 10:00"):
            received_yesterday = self.receive_at(self.make_dossier(), "2026-03-04 10:00")
            refused_yesterday = self.outcome(self.make_dossier(), "refused", "2026-03-04 11:00")
        with self.at("2026-03-05 07:30"):
            new = self.make_dossier(tick=False)
            asked = self.outcome(self.make_dossier(tick=False), "incomplete", "2026-03-05 08:00")
            refused = self.outcome(self.make_dossier(), "refused", "2026-03-05 08:10")
            received = self.receive_at(self.make_dossier(), "2026-03-05 08:20")
            taken = self.receive_at(self.make_dossier(), "2026-03-05 08:30")
        with self.at("2026-03-05 09:00"):
            taken.with_user(self.head_a).assign(self.proc_a1)
        other_ward = self.make_dossier(user=self.reception_b)

        Dossier = self.env["q1.dossier"].with_user(self.reception_a)
        with self.at("2026-03-05 16:00"):
            on_counter = Dossier.search([("at_counter_today", "=", True)])
            self.assertEqual(on_counter, new | asked | refused | received | taken)
            self.assertEqual(Dossier.search([("at_counter_today", "!=", True), ("id", "in", on_counter.ids)]), Dossier)
            self.assertIn(received_yesterday, Dossier.search([("at_counter_today", "=", False)]))
            self.assertNotIn(other_ward, Dossier.search([("at_counter_today", "=", True)]))
            self.assertEqual(
                (new | asked | refused | received | taken | received_yesterday | refused_yesterday).mapped(
                    "at_counter_today"
                ),
                [True, True, True, True, True, False, False],
            )
            groups = Dossier.read_group([("at_counter_today", "=", True)], ["counter_column"], ["counter_column"])
        self.assertEqual(
            [(group["counter_column"], group["counter_column_count"]) for group in groups],
            [("new", 1), ("incomplete", 1), ("received", 2), ("refused", 1)],
        )
        # Only the counter's columns, even when empty: not the processing board's eleven stages.
        with self.at("2026-03-06 08:00"):
            groups = Dossier.read_group([("at_counter_today", "=", True)], ["counter_column"], ["counter_column"])
        self.assertEqual(
            [(group["counter_column"], group["counter_column_count"]) for group in groups],
            [("new", 1), ("incomplete", 1), ("received", 0), ("refused", 0)],
        )
        self.assertEqual(taken.state, "processing")

    def test_counter_action_and_board(self):
        action = self.env.ref("q1_dossier.q1_counter_action")
        self.assertEqual(action.domain, "[('at_counter_today', '=', True)]")
        kanban = action.view_ids.filtered(lambda v: v.view_mode == "kanban").view_id
        self.assertEqual(kanban, self.env.ref("q1_dossier.q1_dossier_view_kanban_counter"))
        arch = self.env["q1.dossier"].with_user(self.reception_a).get_views([(kanban.id, "kanban")])["views"]
        self.assertIn('default_group_by="counter_column"', arch["kanban"]["arch"])
        self.assertIn('records_draggable="0"', arch["kanban"]["arch"])

    def test_reception_lands_on_the_counter(self):
        counter = self.env.ref("q1_dossier.q1_counter_action")
        root = self.env.ref("q1_dossier.q1_menu_root")

        def landing(user):
            """The action the web client opens for ``user`` without a home action: its first app's."""
            menus = self.env["ir.ui.menu"].with_user(user).load_web_menus(False)
            first_app = menus[menus["root"]["children"][0]]
            return first_app["id"], first_app["actionID"]

        self.assertEqual(landing(self.reception_a), (root.id, counter.id), "not Discuss")
        processing_app, processing_action = landing(self.proc_a1)
        self.assertEqual(processing_app, root.id)
        self.assertNotEqual(processing_action, counter.id, "the counter is not the processing officers' home")
        # The demo reception officers have the counter as their home action (session's home_action_id).
        demo = self.env.ref("q1_dossier.q1_demo_user_tiepnhan_saigon", raise_if_not_found=False)
        if demo:
            for xmlid in ("saigon", "tandinh", "benthanh", "cauonglanh"):
                user = self.env.ref(f"q1_dossier.q1_demo_user_tiepnhan_{xmlid}")
                self.assertEqual(user.action_id.id, counter.id)

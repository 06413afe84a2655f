"""The whole path in the UI (forms as the web client sends them): an administrator creates a register and its
columns, links a procedure to it and copies the columns into the procedure's dossier data; officers fill the data on
a dossier; its result lands in the register with that data and found by the one search."""

from odoo import Command
from odoo.tests import Form, new_test_user, tagged

from odoo.addons.q1_dossier.tests.common import Q1Case

SHOP = "c0ffee0000000001"
TRADE = "c0ffee0000000002"


@tagged("post_install", "-at_install")
class TestRegisterInTheUi(Q1Case):
    def test_a_procedure_data_defined_in_the_ui_lands_in_the_register(self):
        manager = new_test_user(
            self.env,
            login="q1_reg_ui_manager",
            groups="q1_dossier.group_q1_manager",
            company_id=self.ward_a.id,
            company_ids=[Command.set(self.ward_a.ids)],
            tz="Asia/Ho_Chi_Minh",
        )
        with Form(self.env["q1.register"].with_user(manager)) as form:
            form.name = "Sổ đăng ký hộ kinh doanh (giao diện)"
            form.code = "UI-HKD"
            form.field_id = self.field
            form.validity_months = 0
        register = form.record
        # the columns, added with the properties widget of the register's form ("Add a property")
        with Form(register.with_user(manager)) as form:
            form.data_preview = [
                {"name": SHOP, "string": "Tên hộ kinh doanh", "type": "char", "definition_changed": True},
                {
                    "name": TRADE,
                    "string": "Ngành nghề",
                    "type": "selection",
                    "selection": [["food", "Ăn uống"], ["retail", "Bán lẻ"]],
                    "definition_changed": True,
                },
            ]
        self.assertEqual([prop["name"] for prop in register.data_definition], [SHOP, TRADE])
        with Form(self.proc_5d.with_user(manager)) as form:
            form.register_id = register
            form.register_action = "create"
        self.proc_5d.with_user(manager).action_copy_register_definition()
        with Form(self.env["q1.dossier"].with_user(self.reception_a)) as form:
            form.procedure_id = self.proc_5d
            form.applicant_name = "Nguyễn Văn An"
            form.applicant_id_number = "079085001234"
            form.applicant_phone = "0912345678"
            form.applicant_address = "5 Lê Duẩn"
            form.data_values = [
                dict(item, value={SHOP: "Quán Cơm An", TRADE: "food"}.get(item["name"], False))
                for item in form.data_values
            ]
        dossier = form.record
        dossier.document_ids.write({"is_received": True})
        self.receive_at(dossier, "2026-03-02 09:00")
        with self.at("2026-03-02 10:00"):
            dossier.with_user(self.head_a).assign(self.proc_a1)
        with self.at("2026-03-04 10:00"):
            dossier.with_user(self.proc_a1).hand_over()
        entry = dossier.register_entry_id
        self.assertEqual(entry.register_id, register)
        self.assertEqual(entry.number, "1/2026/UI-HKD")
        self.assertEqual(entry._q1_data(), {SHOP: "Quán Cơm An", TRADE: "food"})
        self.assertFalse(entry.valid_until, "a register without validity gives entries without expiry")
        # the one search (the name search of the entries) finds it by the holder's name
        found = self.env["q1.register.entry"].with_user(self.reception_a).name_search("Nguyễn Văn An")
        self.assertEqual([row[0] for row in found], entry.ids)
        # the entry's form shows its data and history; nothing of it can be changed there
        with Form(entry.with_user(self.proc_a1)) as form:
            self.assertEqual(form.number, "1/2026/UI-HKD")
            form.note = "Đã đối chiếu bản giấy"
        self.assertEqual(entry.note, "Đã đối chiếu bản giấy")
        self.assertEqual(entry.event_ids.kind, "created")

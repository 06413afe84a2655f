"""Per-procedure data without code: an administrator defines a procedure's data in its form (Odoo properties, sent
as the properties widget sends them), officers fill it on the dossier, a stage that needs empty data is refused and
names it, the data freezes once the result is ready, lists, pivots, filters and exports use it, the receipt prints
the items marked for it, and only the right people change the definition or the values."""

from contextlib import contextmanager

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, HttpCase, new_test_user, tagged

from odoo.addons.q1_dossier.tests.common import Q1Case

# The properties as the widget creates them: a generated 16-hex name, a label, a type and its options, flagged
# definition_changed so that the write updates the container's definition.
BUSINESS_NAME = "a1b2c3d4e5f60001"
CAPITAL = "a1b2c3d4e5f60002"
OPENED_ON = "a1b2c3d4e5f60003"
TRADE = "a1b2c3d4e5f60004"
EMPLOYEES = "a1b2c3d4e5f60005"
FOOD_SAFETY = "a1b2c3d4e5f60006"
REMARK = "a1b2c3d4e5f60007"


def widget_definition():
    return [
        {"name": BUSINESS_NAME, "string": "Tên hộ kinh doanh", "type": "char", "definition_changed": True},
        {"name": CAPITAL, "string": "Vốn kinh doanh (đồng)", "type": "integer", "definition_changed": True},
        {"name": OPENED_ON, "string": "Ngày bắt đầu kinh doanh", "type": "date", "definition_changed": True},
        {
            "name": TRADE,
            "string": "Ngành nghề",
            "type": "selection",
            "selection": [["food", "Ăn uống"], ["retail", "Bán lẻ"]],
            "definition_changed": True,
        },
        {"name": EMPLOYEES, "string": "Số lao động", "type": "integer", "definition_changed": True},
        {"name": FOOD_SAFETY, "string": "Có giấy ATTP", "type": "boolean", "definition_changed": True},
        {"name": REMARK, "string": "Ghi chú nội bộ", "type": "char", "definition_changed": True},
    ]


@tagged("post_install", "-at_install")
class TestProcedureData(Q1Case):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager_a = new_test_user(
            cls.env,
            login="q1_data_manager_a",
            groups="q1_dossier.group_q1_manager",
            name="Đỗ Quản Trị",
            company_id=cls.ward_a.id,
            company_ids=[Command.set(cls.ward_a.ids)],
            tz="Asia/Ho_Chi_Minh",
        )
        cls.stage_received = cls.env.ref("q1_dossier.q1_stage_received")
        cls.stage_done = cls.env.ref("q1_dossier.q1_stage_done")

    # ------------------------------------------------------------------ helpers

    @contextmanager
    def refused(self, exception, text):
        """``assertRaises`` (which rolls the refused call back, as a request would be) and the message names
        ``text``."""
        with self.assertRaises(exception) as caught:
            yield caught
        self.assertIn(text, str(caught.exception))

    def define_data(self, procedure=None):
        """The administrator adds the procedure's data in the procedure form, as the widget sends it."""
        procedure = procedure or self.proc_5d
        with Form(procedure.with_user(self.manager_a)) as form:
            form.data_preview = widget_definition()
        return procedure

    def add_rules(self, procedure=None, **rules):
        """Rules in the procedure form's "Data Rules" tab: ``{property: (required stage or None, printed)}``."""
        procedure = procedure or self.proc_5d
        with Form(procedure.with_user(self.manager_a)) as form:
            for name, (stage, printed) in rules.items():
                with form.data_rule_ids.new() as line:
                    line.property_choice = name
                    if stage:
                        line.required_stage_id = stage
                    line.printed = printed
        return procedure

    def fill(self, dossier, user=None, **values):
        """An officer fills data items on the dossier form: the widget sends the whole list, values changed."""
        with Form(dossier.with_user(user or self.reception_a)) as form:
            form.data_values = [
                dict(item, value=values.get(item["name"], item.get("value"))) for item in form.data_values
            ]
        return dossier

    def new_dossier_with_data(self, **values):
        self.define_data()
        dossier = self.make_dossier()
        return self.fill(dossier, **values) if values else dossier

    # ------------------------------------------------------------------ definition in the UI

    def test_manager_defines_data_in_the_procedure_form(self):
        procedure = self.define_data()
        definition = procedure.data_definition
        self.assertEqual(
            [(item["name"], item["string"], item["type"]) for item in definition],
            [(item["name"], item["string"], item["type"]) for item in widget_definition()],
        )
        self.assertEqual(definition[3]["selection"], [["food", "Ăn uống"], ["retail", "Bán lẻ"]])
        self.assertNotIn("definition_changed", definition[0])
        # The rules are chosen among the procedure's items (offered by label) and name them by key.
        self.add_rules(**{BUSINESS_NAME: (self.stage_received, True), CAPITAL: (None, True)})
        rules = procedure.data_rule_ids
        self.assertEqual(rules.mapped("property_name"), [BUSINESS_NAME, CAPITAL])
        self.assertEqual(rules[0].property_label, "Tên hộ kinh doanh")
        self.assertEqual(rules[0].required_stage_id, self.stage_received)
        self.assertEqual(rules[0].allowed_property_names, [item["name"] for item in widget_definition()])
        offered = dict(rules._fields["property_choice"]._description_selection(self.env))
        self.assertEqual(offered[TRADE], "Ngành nghề")
        # A dossier of the procedure carries its data, empty.
        dossier = self.make_dossier()
        self.assertEqual(
            [item["string"] for item in dossier.read(["data_values"])[0]["data_values"]],
            [item["string"] for item in widget_definition()],
        )

    def test_rules_name_only_items_of_the_procedure(self):
        self.define_data()
        Rule = self.env["q1.procedure.data.rule"].with_user(self.manager_a)
        with self.refused(ValidationError, "has no dossier data item"):
            Rule.create({"procedure_id": self.proc_5d.id, "property_name": "ffffffffffffffff"})
        with self.refused(ValidationError, "yes/no"):
            Rule.create(
                {
                    "procedure_id": self.proc_5d.id,
                    "property_name": FOOD_SAFETY,
                    "required_stage_id": self.stage_received.id,
                }
            )
        # another procedure's item is not this one's
        other = self.define_data(self.proc_3d)
        other.data_definition = [dict(item, name="b" + item["name"][1:]) for item in other.data_definition]
        with self.refused(ValidationError, "has no dossier data item"):
            Rule.create({"procedure_id": self.proc_3d.id, "property_name": BUSINESS_NAME})
        # An item a rule names cannot leave the definition while the rule exists.
        self.add_rules(**{CAPITAL: (self.stage_received, False)})
        with self.refused(ValidationError, "remove the rule"):
            self.proc_5d.with_user(self.manager_a).data_definition = [
                item for item in self.proc_5d.data_definition if item["name"] != CAPITAL
            ]
        self.assertIn(CAPITAL, [item["name"] for item in self.proc_5d.data_definition])

    # ------------------------------------------------------------------ the officer fills it

    def test_officer_fills_data_on_the_dossier_form(self):
        self.define_data()
        with Form(self.env["q1.dossier"].with_user(self.reception_a)) as form:
            form.procedure_id = self.proc_5d
            form.applicant_name = "Nguyễn Thị Hà"
            form.applicant_phone = "0912345678"
            self.assertEqual(len(form.data_values), len(widget_definition()))
            form.data_values = [
                dict(item, value={BUSINESS_NAME: "Quán Phở Hà", CAPITAL: 150_000_000}.get(item["name"], False))
                for item in form.data_values
            ]
        dossier = form.record
        self.assertEqual(dossier.data_values[BUSINESS_NAME], "Quán Phở Hà")
        self.assertEqual(dossier.data_values[CAPITAL], 150_000_000)
        # the processing officer adds what appraisal found
        dossier.document_ids.write({"is_received": True})
        self.receive_at(dossier, "2026-03-02 09:00")
        self.fill(dossier, user=self.proc_a1, **{TRADE: "food", OPENED_ON: "2026-03-01", EMPLOYEES: 4})
        self.assertEqual(dossier.data_values[TRADE], "food")
        self.assertEqual(dossier.data_values[OPENED_ON], "2026-03-01")
        self.assertEqual(dossier.data_values[BUSINESS_NAME], "Quán Phở Hà")
        # the procedure's definition was not touched by the officers' values
        self.assertEqual(len(self.proc_5d.data_definition), len(widget_definition()))

    # ------------------------------------------------------------------ required from a stage

    def test_required_data_holds_back_the_stage_and_names_it(self):
        self.define_data()
        self.add_rules(
            **{BUSINESS_NAME: (self.stage_received, True), TRADE: (self.stage_done, False), CAPITAL: (None, True)}
        )
        dossier = self.make_dossier()
        self.assertEqual(dossier._q1_missing_data(), [])
        self.assertEqual(dossier._q1_missing_data(self.stage_received), ["Tên hộ kinh doanh"])
        self.assertEqual(dossier._q1_missing_data(self.stage_done), ["Tên hộ kinh doanh", "Ngành nghề"])
        with self.refused(UserError, "Tên hộ kinh doanh") as caught:
            self.receive_at(dossier, "2026-03-02 09:00")
        self.assertNotIn("Ngành nghề", str(caught.exception))
        self.assertEqual(dossier.state, "draft")
        self.assertFalse(dossier.code)

        self.fill(dossier, **{BUSINESS_NAME: "Quán Phở Hà"})
        self.receive_at(dossier, "2026-03-02 09:00")
        self.assertEqual(dossier.state, "received")
        with self.at("2026-03-02 10:00"):
            dossier.with_user(self.head_a).assign(self.proc_a1)
        # the result needs the trade: the last hand-over is refused, naming it, and leaves the dossier as it was
        before = self.snapshot(dossier)
        with self.refused(UserError, "Ngành nghề"), self.at("2026-03-03 11:00"):
            dossier.with_user(self.proc_a1).hand_over()
        self.env.invalidate_all()
        self.assertEqual(self.snapshot(dossier), before)
        with self.refused(UserError, "Ngành nghề"):
            dossier._q1_check_data_complete(self.stage_done)
        # emptying a required item once past its stage is refused too
        with self.refused(UserError, "Tên hộ kinh doanh"):
            self.fill(dossier, user=self.proc_a1, **{BUSINESS_NAME: "  "})
        self.fill(dossier, user=self.proc_a1, **{TRADE: "retail"})
        with self.at("2026-03-03 11:00"):
            dossier.with_user(self.proc_a1).hand_over()
        self.assertEqual(dossier.state, "done")
        self.assertTrue(dossier._q1_check_data_complete())

    def test_refusal_is_never_held_back_by_missing_data(self):
        self.define_data()
        dossier = self.make_dossier()
        self.receive_at(dossier, "2026-03-02 09:00")
        self.add_rules(**{TRADE: (self.stage_received, False)})
        # the processing stages come after reception: taking the dossier needs the trade
        with self.refused(UserError, "Ngành nghề"), self.at("2026-03-02 10:00"):
            dossier.with_user(self.head_a).assign(self.proc_a1)
        dossier.invalidate_recordset()
        self.assertEqual(dossier.state, "received")
        self.assertEqual(dossier._q1_missing_data(), ["Ngành nghề"])
        with self.at("2026-03-02 11:00"):
            dossier.with_user(self.proc_a1).refuse("Ngành nghề kinh doanh bị cấm")
        self.assertEqual(dossier.state, "refused")

    # ------------------------------------------------------------------ frozen with the result

    def test_data_frozen_once_the_result_is_ready(self):
        dossier = self.new_dossier_with_data(**{BUSINESS_NAME: "Quán Phở Hà"})
        self.received_and_assigned_dossier(dossier)
        with self.at("2026-03-03 11:00"):
            dossier.with_user(self.proc_a1).hand_over()
        self.assertEqual(dossier.state, "done")
        for user in (self.proc_a1, self.reception_a, self.leader_a, self.manager_a):
            with self.refused(UserError, "frozen"):
                dossier.with_user(user).write({"data_values": {BUSINESS_NAME: "Quán Bún"}})
        with self.at("2026-03-03 14:00"):
            dossier.with_user(self.reception_a).return_result("counter", "Nguyễn Thị Hà")
        with self.refused(UserError, "frozen"):
            dossier.with_user(self.reception_a).write({"data_values": {BUSINESS_NAME: "Quán Bún"}})
        dossier.invalidate_recordset()
        self.assertEqual(dossier.data_values[BUSINESS_NAME], "Quán Phở Hà")
        # the form shows it read-only
        form = Form(dossier.with_user(self.reception_a))
        with self.assertRaises(AssertionError):
            form.data_values = []

    def received_and_assigned_dossier(self, dossier):
        self.receive_at(dossier, "2026-03-02 09:00")
        with self.at("2026-03-02 10:00"):
            dossier.with_user(self.head_a).assign(self.proc_a1)
        return dossier

    # ------------------------------------------------------------------ lists, pivots, filters, exports

    def test_lists_pivots_filters_and_exports_use_the_data(self):
        self.define_data()
        rows = [
            ("Quán Phở Hà", "food", 150_000_000, "2026-01-15"),
            ("Tạp hóa Minh", "retail", 80_000_000, "2026-02-03"),
            ("Cơm tấm Sài Gòn", "food", 60_000_000, "2026-02-20"),
        ]
        dossiers = self.env["q1.dossier"]
        for name, trade, capital, opened in rows:
            dossiers |= self.fill(
                self.make_dossier(), **{BUSINESS_NAME: name, TRADE: trade, CAPITAL: capital, OPENED_ON: opened}
            )
        other = self.make_dossier(self.proc_3d)
        Dossier = self.env["q1.dossier"].with_user(self.leader_a)
        domain = [("procedure_id", "=", self.proc_5d.id)]
        # search filtered by a data item
        found = Dossier.search(domain + [(f"data_values.{TRADE}", "=", "food")])
        self.assertEqual(found, dossiers[0] | dossiers[2])
        found = Dossier.search([(f"data_values.{BUSINESS_NAME}", "ilike", "minh")])
        self.assertEqual(found, dossiers[1])
        self.assertNotIn(other, Dossier.search([(f"data_values.{TRADE}", "!=", "food")]))
        # grouped by a data item (the pivot's and the Group By menu's query), with the capital summed
        groups = Dossier.read_group(domain, [], [f"data_values.{TRADE}"])
        counts = {group[f"data_values.{TRADE}"]: group[f"data_values.{TRADE}_count"] for group in groups}
        self.assertEqual(counts, {"food": 2, "retail": 1})
        by_month = Dossier.read_group(domain, [], [f"data_values.{OPENED_ON}:month"], lazy=False)
        self.assertEqual([group["__count"] for group in by_month], [1, 2])
        grouped = dict(Dossier._read_group(domain, [f"data_values.{TRADE}"], ["__count"]))
        self.assertEqual(grouped, {"food": 2, "retail": 1})
        # export: one column per data item, values as typed
        exported = dossiers.export_data(["code", f"data_values.{BUSINESS_NAME}", f"data_values.{CAPITAL}"])["datas"]
        self.assertEqual({row[1] for row in exported}, {"Quán Phở Hà", "Tạp hóa Minh", "Cơm tấm Sài Gòn"})
        # the views carry the data: list columns, search items and group-bys, and a pivot of the dossiers
        views = Dossier.get_views([(False, "list"), (False, "search"), (False, "pivot")])["views"]
        for kind in ("list", "search"):
            self.assertIn('name="data_values"', views[kind]["arch"])
        action = self.env.ref("q1_registry.q1_dossier_action_data")
        self.assertIn("pivot", action.view_mode)
        definitions = Dossier.get_property_definition(f"data_values.{TRADE}")
        self.assertEqual(definitions["string"], "Ngành nghề")

    # ------------------------------------------------------------------ the printed receipt

    def test_receipt_prints_the_items_marked_for_forms(self):
        self.define_data()
        self.add_rules(**{BUSINESS_NAME: (None, True), CAPITAL: (None, True), OPENED_ON: (None, True)})
        self.add_rules(**{TRADE: (None, True), FOOD_SAFETY: (None, True), EMPLOYEES: (None, True)})
        dossier = self.fill(
            self.make_dossier(),
            **{
                BUSINESS_NAME: "Quán Phở Hà",
                CAPITAL: 1_500_000,
                OPENED_ON: "2026-02-05",
                TRADE: "food",
                FOOD_SAFETY: True,
                REMARK: "Không in dòng này",
            },
        )
        self.receive_at(dossier, "2026-03-02 09:00")
        self.env.invalidate_all()
        html = (
            self.env["ir.actions.report"]
            .with_user(self.reception_a)
            ._render_qweb_html("q1_dossier.report_q1_receipt", dossier.ids)[0]
            .decode()
        )
        self.assertIn("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ", html)
        lines = self.env["q1.dossier.form.values"]._receipt(dossier)["data_lines"]
        self.assertEqual(
            lines,
            [
                ("Tên hộ kinh doanh", "Quán Phở Hà"),
                ("Vốn kinh doanh (đồng)", "1.500.000"),
                ("Ngày bắt đầu kinh doanh", "05/02/2026"),
                ("Ngành nghề", "Ăn uống"),
                ("Có giấy ATTP", "Có"),
            ],
        )
        for label, text in lines:
            self.assertIn(f"<span>{label}</span>: <b>{text}</b>", html)
        # not marked for forms, or empty: not printed
        self.assertNotIn("Không in dòng này", html)
        self.assertNotIn("Số lao động", html)

    # ------------------------------------------------------------------ the register's columns

    def test_copy_register_columns_into_the_procedure(self):
        self.define_data()
        register = self.env["q1.register"].create(
            {
                "name": "Sổ đăng ký hộ kinh doanh (thử nghiệm)",
                "code": "T99HKD",
                "field_id": self.field.id,
                "data_definition": [
                    {"name": BUSINESS_NAME, "string": "Tên hộ kinh doanh", "type": "char"},
                    {"name": "c0ffee0000000001", "string": "Địa điểm kinh doanh", "type": "char"},
                ],
            }
        )
        self.proc_5d.register_id = register
        with self.assertRaises(UserError):
            self.proc_5d.with_user(self.reception_a).action_copy_register_definition()
        with self.assertRaises(UserError):
            self.proc_3d.with_user(self.manager_a).action_copy_register_definition()  # no register
        self.proc_5d.with_user(self.manager_a).action_copy_register_definition()
        names = [item["name"] for item in self.proc_5d.data_definition]
        self.assertEqual(names[:2], [BUSINESS_NAME, "c0ffee0000000001"])
        self.assertEqual(set(names), {item["name"] for item in widget_definition()} | {"c0ffee0000000001"})

    def test_data_defined_in_the_ui_lands_in_the_register_entry(self):
        """The issue's whole path: the administrator defines the register's columns and the procedure's data in
        their forms, an officer fills the dossier's data in its form, and the result writes the values into the
        register entry."""
        with Form(self.env["q1.register"].with_user(self.manager_a)) as form:
            form.name = "Sổ đăng ký hộ kinh doanh (thử nghiệm)"
            form.code = "T99HKD"
            form.field_id = self.field
        register = form.record
        with Form(register.with_user(self.manager_a)) as form:  # the columns, once saved, as the widget adds them
            form.data_preview = widget_definition()[:4]
        with Form(self.proc_5d.with_user(self.manager_a)) as procedure:
            procedure.register_id = register
            procedure.register_action = "create"
        self.proc_5d.with_user(self.manager_a).action_copy_register_definition()
        dossier = self.fill(self.make_dossier(), **{BUSINESS_NAME: "Quán Phở Lê Duẩn", CAPITAL: 150000000})
        self.receive_at(dossier, "2026-03-02 09:00")
        with self.at("2026-03-02 10:00"):
            dossier.with_user(self.head_a).assign(self.proc_a1)
        with self.at("2026-03-03 11:00"):
            dossier.with_user(self.proc_a1).hand_over()
        entry = dossier.register_entry_id
        self.assertEqual(entry.register_id, register)
        self.assertEqual(entry.company_id, self.ward_a)
        values = {item["name"]: item["value"] for item in entry.read(["data_values"])[0]["data_values"]}
        self.assertEqual(values[BUSINESS_NAME], "Quán Phở Lê Duẩn")
        self.assertEqual(values[CAPITAL], 150000000)
        self.assertEqual(entry.event_ids.mapped("kind"), ["created"])
        self.assertEqual(entry.event_ids.dossier_id, dossier)

    # ------------------------------------------------------------------ RPC: who may change what

    def test_rpc_who_changes_the_definition_and_the_values(self):
        dossier = self.new_dossier_with_data(**{BUSINESS_NAME: "Quán Phở Hà"})
        before = self.proc_5d.data_definition
        extra = {"name": "deadbeef00000001", "string": "Trường lậu", "type": "char", "definition_changed": True}
        # a reception officer cannot write the definition: not on the procedure...
        plain = {key: value for key, value in extra.items() if key != "definition_changed"}
        for vals in ({"data_definition": before + [plain]}, {"data_preview": before + [extra]}):
            with self.assertRaises(AccessError):
                self.proc_5d.with_user(self.reception_a).write(vals)
        # ...nor through a dossier's values flagged as a definition change, as the widget would send them
        with self.assertRaises(AccessError):
            dossier.with_user(self.reception_a).write(
                {"data_values": dossier.read(["data_values"])[0]["data_values"] + [extra]}
            )
        with self.assertRaises(AccessError):
            self.env["q1.procedure.data.rule"].with_user(self.reception_a).create(
                {"procedure_id": self.proc_5d.id, "property_name": BUSINESS_NAME}
            )
        self.proc_5d.invalidate_recordset()
        self.assertEqual(self.proc_5d.data_definition, before)
        # an officer of another ward cannot write, nor read, the dossier's data
        for user in (self.reception_b, self.proc_b, self.leader_b):
            with self.assertRaises(AccessError):
                dossier.with_user(user).write({"data_values": {BUSINESS_NAME: "Quán Bún"}})
            with self.assertRaises(AccessError):
                dossier.with_user(user).read(["data_values"])
        dossier.invalidate_recordset()
        self.assertEqual(dossier.data_values[BUSINESS_NAME], "Quán Phở Hà")
        # the dossier's own officers may
        dossier.with_user(self.reception_a).write({"data_values": {BUSINESS_NAME: "Quán Phở Hà Nội"}})
        self.assertEqual(dossier.data_values[BUSINESS_NAME], "Quán Phở Hà Nội")

    def test_reading_the_data_outside_the_unit_flow_is_logged(self):
        dossier = self.new_dossier_with_data(**{BUSINESS_NAME: "Quán Phở Hà"})
        Log = self.env["q1.audit.log"]
        self.env.invalidate_all()
        self.assertEqual(
            dossier.with_user(self.reception_a).read(["data_values"])[0]["data_values"][0]["value"], "Quán Phở Hà"
        )
        self.assertFalse(Log.search([("kind", "=", "read"), ("dossier_id", "=", dossier.id)]))
        # an administrator's read of the data alone (the properties are fetched on their own) is logged
        self.env.invalidate_all()
        dossier.with_user(self.manager_a).read(["data_values"])
        entry = Log.search([("kind", "=", "read"), ("dossier_id", "=", dossier.id)])
        self.assertEqual(entry.user_id, self.manager_a)

    def test_definition_bounded(self):
        self.define_data()
        Procedure = self.proc_5d.with_user(self.manager_a)
        bad_definitions = (
            [{"name": f"{i:016x}", "string": "x", "type": "char"} for i in range(101)],  # too many
            [{"name": "0000000000000abc", "string": "x" * 300, "type": "char"}],  # label too long
            [{"name": "0000000000000abc", "string": "Tiền", "type": "money"}],  # no such type
            [{"name": "bad name!", "string": "Tiền", "type": "char"}],  # not a key
            [{"name": "0000000000000abc", "string": "Tiền", "type": "char", "secret": 1}],  # unknown key
            [{"name": "0000000000000abc", "type": "selection", "string": "x", "selection": [["a"]]}],  # bad options
            "not a list",
            [7],
        )
        for definition in bad_definitions:
            with self.assertRaises(ValidationError):
                Procedure.write({"data_definition": definition})
        self.assertEqual(len(self.proc_5d.data_definition), len(widget_definition()))

    def test_bad_values_refused_naming_the_item(self):
        dossier = self.new_dossier_with_data(**{BUSINESS_NAME: "Quán Phở Hà"})
        Dossier = dossier.with_user(self.reception_a)
        for values, text in (
            ({CAPITAL: "một trăm"}, "Vốn kinh doanh (đồng)"),
            ({CAPITAL: 10**18}, "Vốn kinh doanh (đồng)"),
            ({BUSINESS_NAME: "x" * 1001}, "Tên hộ kinh doanh"),
            ({OPENED_ON: "05/02/2026"}, "Ngày bắt đầu kinh doanh"),
            ({TRADE: "weapons"}, "Ngành nghề"),
            ({FOOD_SAFETY: "yes"}, "Có giấy ATTP"),
        ):
            with self.refused(ValidationError, text):
                Dossier.write({"data_values": values})
        for shape in ("Quán Phở", 12, [1, 2]):
            with self.refused(ValidationError, "item by item"):
                Dossier.write({"data_values": shape})
        with self.refused(ValidationError, "Ngành nghề"):
            self.env["q1.dossier"].with_user(self.reception_a).create(
                {"procedure_id": self.proc_5d.id, "applicant_name": "Lê Văn Sai", "data_values": {TRADE: "weapons"}}
            )
        dossier.invalidate_recordset()
        self.assertEqual(dossier.data_values[BUSINESS_NAME], "Quán Phở Hà")
        self.assertFalse(dossier.data_values.get(CAPITAL))


@tagged("post_install", "-at_install")
class TestProcedureDataTour(HttpCase, Q1Case):
    """In Chromium (static/tests/tours/q1_procedure_data_tour.js): the administrator adds a data item with Odoo's
    properties widget in the procedure form, the reception officer fills it on a dossier."""

    def test_define_and_fill_in_the_browser(self):
        manager = new_test_user(
            self.env,
            login="q1_data_tour_manager",
            groups="q1_dossier.group_q1_manager",
            company_id=self.ward_a.id,
            company_ids=[Command.set(self.ward_a.ids)],
        )
        procedure = self.proc_5d
        self.start_tour(
            f"/odoo/action-q1_dossier.q1_procedure_action/{procedure.id}", "q1_procedure_data_tour", login=manager.login
        )
        procedure.invalidate_recordset()
        self.assertEqual([item["string"] for item in procedure.data_definition], ["Tên hộ kinh doanh"])
        self.assertEqual(procedure.data_definition[0]["type"], "char")
        dossier = self.make_dossier(procedure)
        self.start_tour(
            f"/odoo/action-q1_dossier.q1_dossier_action/{dossier.id}",
            "q1_dossier_data_tour",
            login=self.reception_a.login,
        )
        dossier.invalidate_recordset()
        self.assertEqual(dossier.data_values, {procedure.data_definition[0]["name"]: "Quán Phở Hà"})

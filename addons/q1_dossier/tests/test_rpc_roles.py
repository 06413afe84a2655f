"""Every public method is an API: any logged-in user can call a method without a leading underscore over RPC
(``/web/dataset/call_kw``, XML-RPC ``execute_kw``), whatever the buttons of the form show them.

``TestRpcRoles`` finds the public methods the addon defines on its models (its own classes in the model's class
hierarchy, leaving out the ORM's methods it overrides, such as ``create``, ``write`` or ``onchange``) and replays
each one through ``odoo.api.call_kw``, as the RPC layer does, from the table ``CALLS``: as users of the right unit
without the method's role, as a user with the role in another unit, and as the right user. The first two must be
refused with a clean ``AccessError``/``UserError`` (never another kind of traceback) and change nothing; the last
must work and return what RPC can marshal. A public method missing from the table fails the test: give it a caller
check and an entry, or make it private. q1_reporting's ``test_rpc_roles`` runs the same replay on its own table.

``TestSideDoors`` closes the other ways round the buttons found so far: a form naming another ward's dossier, the
lookup address by id, the checklist of a received dossier, a holder from another ward, the crons' code.
"""

import inspect
import json
from contextlib import closing
from datetime import date

from odoo import Command, api, models
from odoo.exceptions import AccessError, UserError
from odoo.models import regex_private
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import json_default

from odoo.addons.base.controllers.rpc import OdooMarshaller

from .common import Q1Case

# Every call is replayed on Wednesday 04/03/2026 10:00 (local), on dossiers of ward A received on Monday 02/03.
CALL_TIME = "2026-03-04 10:00"
STATES = ("draft", "received", "processing", "supplement", "extension", "done", "returned")


def public_methods(env, addon):
    """{(model, method)} of the public methods defined by ``addon`` on the models of the registry, ORM overrides
    excluded: a name a class of the model's hierarchy outside the addon also defines, with the same parameters, is
    the ORM's (or another module's) API, which checks access itself. A name redefined with other parameters (the
    generator's ``load`` is not the ORM's import) is the addon's own method."""
    prefix = f"odoo.addons.{addon}."
    found = set()
    for model_name in env.registry:
        hierarchy = type(env[model_name]).__mro__
        ours = [cls for cls in hierarchy if cls.__module__.startswith(prefix)]
        others = [cls for cls in hierarchy if cls not in ours]
        for cls in ours:
            for name, value in vars(cls).items():
                if regex_private.match(name):
                    continue
                if not (inspect.isfunction(value) or isinstance(value, (classmethod, staticmethod))):
                    continue
                if any(same_parameters(value, vars(other)[name]) for other in others if name in vars(other)):
                    continue
                found.add((model_name, name))
    return found


def same_parameters(method, other):
    def parameters(function):
        function = getattr(function, "__func__", function)
        return list(inspect.signature(function).parameters) if callable(function) else None

    return parameters(method) == parameters(other)


def dossier_on(state):
    """A table entry's record: ward A's dossier prepared in ``state``."""
    return {"prepare": lambda test: test.dossier(state)}


def own_form(model, values):
    """A table entry's record: a form of ``model`` made by the caller themself on the prepared dossier (a wizard is
    its maker's: another user's id is refused by the record rules before anything else)."""

    def build(test, user, dossier):
        return test.env[model].with_user(user).create(dict(values(test, dossier), dossier_id=dossier.id))

    return build


CALLS = {
    # model, method: how to prepare the record (``prepare``: once per entry, as the system; ``record``: per call,
    # from the caller and the prepared record), its arguments as RPC sends them, and who calls it: ``right`` must
    # succeed, ``wrong`` (same unit, without the role) and ``other`` (the role, another unit) must be refused.
    # ``other`` None needs ``no_unit``: why the method has no unit. ``after``: what the right call must have done.
    ("q1.dossier", "action_receive"): {
        **dossier_on("draft"),
        "right": "reception_a",
        "wrong": ("proc_a1", "clerk_a"),
        "other": "reception_b",
        "after": lambda test, dossier: dossier.state == "received",
    },
    ("q1.dossier", "action_open_counter_outcome"): {
        **dossier_on("draft"),
        "right": "reception_a",
        "wrong": ("proc_a1",),
        "other": "reception_b",
    },
    ("q1.dossier", "action_take"): {
        **dossier_on("received"),
        "right": "proc_a1",
        "wrong": ("reception_a",),
        "other": "proc_b",
        "after": lambda test, dossier: dossier.user_id == test.proc_a1,
    },
    ("q1.dossier", "assign"): {
        **dossier_on("received"),
        "args": lambda test, dossier: [test.proc_a2.id],
        "right": "head_a",
        "wrong": ("proc_a1", "reception_a"),
        "other": "leader_b",
        "after": lambda test, dossier: dossier.current_step_id.user_id == test.proc_a2,
    },
    ("q1.dossier", "hand_over"): {
        **dossier_on("processing"),
        "right": "proc_a1",
        "wrong": ("reception_a",),
        "other": "proc_b",
        "after": lambda test, dossier: dossier.state == "done",
    },
    ("q1.dossier", "request_supplement"): {
        **dossier_on("processing"),
        "args": ["Thiếu giấy tờ", "Bản sao giấy chứng sinh"],
        "right": "proc_a1",
        "wrong": ("reception_a",),
        "other": "proc_b",
        "after": lambda test, dossier: dossier.state == "supplement",
    },
    ("q1.dossier", "request_payment"): {
        **dossier_on("processing"),
        "args": ["Nộp lệ phí"],
        "right": "proc_a1",
        "wrong": ("reception_a",),
        "other": "proc_b",
        "after": lambda test, dossier: dossier.state == "payment",
    },
    ("q1.dossier", "resume"): {
        **dossier_on("supplement"),
        "right": "reception_a",
        "wrong": ("clerk_a",),
        "other": "reception_b",
        "after": lambda test, dossier: dossier.state == "processing",
    },
    ("q1.dossier", "action_resume"): {
        **dossier_on("supplement"),
        "right": "proc_a1",
        "wrong": ("clerk_a",),
        "other": "proc_b",
        "after": lambda test, dossier: dossier.state == "processing",
    },
    ("q1.dossier", "request_extension"): {
        **dossier_on("processing"),
        "args": ["Chờ kết quả xác minh", date(2026, 3, 16)],
        "right": "proc_a1",
        "wrong": ("reception_a",),
        "other": "proc_b",
        "after": lambda test, dossier: dossier.extension_state == "requested",
    },
    ("q1.dossier", "approve_extension"): {
        **dossier_on("extension"),
        "right": "leader_a",
        "wrong": ("head_a", "proc_a1"),
        "other": "leader_b",
        "after": lambda test, dossier: dossier.extension_state == "approved",
    },
    ("q1.dossier", "action_approve_extension"): {
        **dossier_on("extension"),
        "right": "leader_a",
        "wrong": ("head_a",),
        "other": "leader_b",
        "after": lambda test, dossier: dossier.extension_state == "approved",
    },
    ("q1.dossier", "reject_extension"): {
        **dossier_on("extension"),
        "right": "leader_a",
        "wrong": ("head_a", "proc_a1"),
        "other": "leader_b",
        "after": lambda test, dossier: dossier.extension_state == "rejected",
    },
    ("q1.dossier", "action_reject_extension"): {
        **dossier_on("extension"),
        "right": "leader_a",
        "wrong": ("head_a",),
        "other": "leader_b",
        "after": lambda test, dossier: dossier.extension_state == "rejected",
    },
    ("q1.dossier", "refuse"): {
        **dossier_on("processing"),
        "args": ["Không đủ điều kiện theo quy định"],
        "right": "proc_a1",
        "wrong": ("reception_a",),
        "other": "proc_b",
        "after": lambda test, dossier: dossier.state == "refused",
    },
    ("q1.dossier", "stop"): {
        **dossier_on("processing"),
        "args": ["Người nộp đề nghị dừng giải quyết"],
        "right": "reception_a",
        "wrong": ("proc_a1",),
        "other": "reception_b",
        "after": lambda test, dossier: dossier.state == "stopped",
    },
    ("q1.dossier", "withdraw"): {
        **dossier_on("processing"),
        "args": ["Rút hồ sơ"],
        "right": "reception_a",
        "wrong": ("proc_a1",),
        "other": "reception_b",
        "after": lambda test, dossier: dossier.state == "withdrawn",
    },
    ("q1.dossier", "return_result"): {
        **dossier_on("done"),
        "args": ["counter", "Lê Thị Công Dân"],
        "right": "reception_a",
        "wrong": ("proc_a1",),
        "other": "reception_b",
        "after": lambda test, dossier: dossier.state == "returned",
    },
    ("q1.dossier", "rate"): {
        **dossier_on("returned"),
        "args": ["satisfied"],
        "right": "reception_a",
        "wrong": ("proc_a1",),
        "other": "reception_b",
        "after": lambda test, dossier: dossier.rating == "satisfied",
    },
    ("q1.dossier", "action_open_lifecycle"): {
        **dossier_on("processing"),
        "context": {"q1_action": "hand_over"},
        "right": "proc_a1",
        "wrong": ("reception_a",),
        "other": "proc_b",
    },
    ("q1.dossier", "action_print_receipt"): {
        **dossier_on("received"),
        "right": "reception_a",
        "wrong": ("clerk_a",),
        "other": "reception_b",
    },
    ("q1.dossier", "action_print_form"): {
        **dossier_on("received"),
        "context": {"q1_form": "receipt"},
        "right": "reception_a",
        "wrong": ("clerk_a",),
        "other": "reception_b",
    },
    ("q1.dossier", "lookup_url"): {
        **dossier_on("received"),
        "right": "proc_a1",
        "wrong": ("clerk_a",),
        "other": "reception_c",
    },
    ("q1.dossier", "lifecycle_print_values"): {
        **dossier_on("received"),
        "right": "reception_a",
        "wrong": ("clerk_a",),
        "other": "reception_b",
    },
    ("q1.dossier", "receipt_print_values"): {
        **dossier_on("received"),
        "right": "reception_a",
        "wrong": ("clerk_a",),
        "other": "reception_b",
    },
    ("q1.dossier.action", "action_confirm"): {
        **dossier_on("processing"),
        "record": own_form("q1.dossier.action", lambda test, dossier: {"action": "hand_over"}),
        "right": "proc_a1",
        "wrong": ("reception_a", "clerk_a"),
        "other": "proc_b",
        "after": lambda test, dossier: dossier.state == "done",
    },
    ("q1.dossier.counter.outcome", "action_confirm"): {
        **dossier_on("draft"),
        "record": own_form(
            "q1.dossier.counter.outcome", lambda test, dossier: {"outcome": "refused", "reason": "Giấy tờ bị tẩy xóa"}
        ),
        "right": "reception_a",
        "wrong": ("proc_a1",),
        "other": "reception_b",
        "after": lambda test, dossier: dossier.state == "refused",
    },
    ("q1.dossier.correction", "action_confirm"): {
        **dossier_on("returned"),
        "record": own_form(
            "q1.dossier.correction",
            lambda test, dossier: {"fact": "returned_to", "value_char": "Trần Văn Nhận", "reason": "Ghi nhầm tên"},
        ),
        "right": "manager_a",
        "wrong": ("leader_a",),
        "other": "manager_b",
        "after": lambda test, dossier: dossier.returned_to == "Trần Văn Nhận",
    },
    ("q1.tracking.book", "action_export_xlsx"): {
        "prepare": lambda test: test.tracking_book(),
        "right": "reception_a",
        "wrong": ("proc_a1", "clerk_a"),
        "other": "reception_b",
    },
    ("q1.tracking.book", "action_print_pdf"): {
        "prepare": lambda test: test.tracking_book(),
        "right": "reception_a",
        "wrong": ("proc_a1", "clerk_a"),
        "other": "reception_b",
    },
    ("q1.dossier.generator", "load"): {
        "prepare": lambda test: test.env["q1.dossier.generator"],
        "kwargs": lambda test, _records: {"count": 2, "days": 5, "company_ids": test.ward_a.ids},
        "right": "manager_a",
        "wrong": ("leader_a", "reception_a"),
        "other": None,
        "no_unit": "the administrators' generator of demo and load-test histories, over the units it is given",
    },
    ("q1.dossier.generator", "load_demo_counter"): {
        "prepare": lambda test: test.env["q1.dossier.generator"],
        "kwargs": lambda test, _records: {"count": 2, "days": 5},
        "right": "manager_a",
        "wrong": ("leader_a", "reception_a"),
        "other": None,
        "no_unit": "the administrators' generator of demo histories for every unit",
    },
}


def assert_marshallable(test, result, label):
    """What a method returns over RPC: no recordset and no None (XML-RPC has no null), something JSON-RPC and
    XML-RPC both encode."""
    test.assertIsNotNone(result, f"{label} returns None, which XML-RPC cannot send")
    test.assertNotIsInstance(result, models.BaseModel, f"{label} returns a recordset")
    json.dumps(result, default=json_default)
    OdooMarshaller(allow_none=True).dumps((result,))  # as /xmlrpc does, None inside an action aside


class RpcReplay:
    """The replay of a table of calls (mixed into an Odoo test case of the addon ``addon``)."""

    addon = None
    calls = {}

    def dossier(self, state):
        """Ward A's dossier (received Mon 02/03/2026 09:00 by its counter, 5 working days) in ``state``."""
        assert state in STATES, state
        dossier = self.make_dossier(self.proc_5d)
        system = self.env["q1.dossier"].browse(dossier.id)
        if state == "draft":
            return system
        self.receive_at(dossier, "2026-03-02 09:00")
        if state in ("processing", "supplement", "extension", "done", "returned"):
            with self.at("2026-03-02 10:00"):
                system.assign(self.proc_a1)
        if state == "supplement":
            with self.at("2026-03-03 10:00"):
                system.request_supplement("Thiếu giấy tờ", "Bản sao giấy chứng sinh")
        if state == "extension":
            with self.at("2026-03-03 10:00"):
                system.request_extension("Chờ kết quả xác minh", date(2026, 3, 16))
        if state in ("done", "returned"):
            with self.at("2026-03-03 11:00"):
                system.hand_over()
        if state == "returned":
            with self.at("2026-03-03 14:00"):
                system.return_result("counter", "Lê Thị Công Dân")
        return system

    def tracking_book(self):
        return (
            self.env["q1.tracking.book"]
            .with_user(self.reception_a)
            .create({"date_from": date(2026, 3, 1), "date_to": date(2026, 3, 31), "company_ids": self.ward_a.ids})
        )

    def _attempt(self, model, method, spec, user, prepared):
        """Call ``model.method`` as ``user`` the way the RPC layer does; return (error, result, records)."""
        records = spec["record"](self, user, prepared) if "record" in spec else prepared
        args = spec.get("args", [])
        args = args(self, prepared) if callable(args) else list(args)
        kwargs = spec.get("kwargs", {})
        kwargs = kwargs(self, prepared) if callable(kwargs) else dict(kwargs)
        if spec.get("context"):
            kwargs["context"] = spec["context"]
        Model = self.env[model].with_user(user)
        if getattr(getattr(Model, method), "_api", None) != "model":
            args = [records.ids, *args]
        return api.call_kw(Model, method, args, kwargs), records

    def _replay(self, key, spec):
        model, method = key
        label = f"{model}.{method}"
        callers = list(spec["wrong"])
        if spec["other"]:
            callers.append(spec["other"])
        else:
            self.assertTrue(spec.get("no_unit"), f"{label}: no caller from another unit and no reason why")
        with closing(self.env.cr.savepoint()):
            prepared = spec["prepare"](self)
            for name in callers:
                with closing(self.env.cr.savepoint()):
                    try:
                        result, _records = self._attempt(model, method, spec, getattr(self, name), prepared)
                    except UserError as error:  # AccessError and ValidationError are UserErrors too
                        self.assertTrue(str(error), f"{label} as {name}: a refusal without a message")
                    except Exception as error:  # noqa: BLE001 - any other kind is the failure reported
                        self.fail(f"{label} as {name} ended with {type(error).__name__}: {error}")
                    else:
                        self.fail(f"{label} as {name} was accepted (returned {result!r})")
                self.env.invalidate_all(flush=False)
            with closing(self.env.cr.savepoint()):
                right = spec["right"]
                try:
                    result, records = self._attempt(model, method, spec, getattr(self, right), prepared)
                except Exception as error:  # noqa: BLE001
                    self.fail(f"{label} as {right} (the right role) failed: {type(error).__name__}: {error}")
                assert_marshallable(self, result, label)
                if spec.get("after"):
                    self.env.invalidate_all()
                    self.assertTrue(spec["after"](self, prepared), f"{label} as {right} did not do its work")
            self.env.invalidate_all(flush=False)

    def test_every_public_method_checks_its_caller(self):
        found = public_methods(self.env, self.addon)
        missing = sorted(found - set(self.calls))
        self.assertFalse(
            missing,
            "Public methods (callable by any user over RPC) without an entry in the table of the RPC role test: "
            "check the caller's role and unit at their start and add them, or make them private:\n"
            + "\n".join(f"{model}.{method}" for model, method in missing),
        )
        stale = sorted(set(self.calls) - found)
        self.assertFalse(stale, f"Entries of the RPC role table for methods that are not public any more: {stale}")
        with self.at(CALL_TIME):
            for key, spec in sorted(self.calls.items()):
                with self.subTest(call=f"{key[0]}.{key[1]}"):
                    self._replay(key, spec)


class RpcUsers:
    """The callers besides the fixture's officers: an internal user without any role of the one-stop shop in
    ward A, and an administrator in wards A and B."""

    @classmethod
    def _create_rpc_users(cls):
        def user(login, groups, company):
            return new_test_user(
                cls.env,
                login=login,
                groups=groups,
                company_id=company.id,
                company_ids=[Command.set(company.ids)],
                tz="Asia/Ho_Chi_Minh",
            )

        cls.clerk_a = user("q1_rpc_clerk_a", "base.group_user", cls.ward_a)
        cls.manager_a = user("q1_rpc_manager_a", "q1_dossier.group_q1_manager", cls.ward_a)
        cls.manager_b = user("q1_rpc_manager_b", "q1_dossier.group_q1_manager", cls.ward_b)


@tagged("post_install", "-at_install")
class TestRpcRoles(RpcReplay, RpcUsers, Q1Case):
    addon = "q1_dossier"
    calls = CALLS
    allow_inherited_tests_method = True  # the replay's test method comes from RpcReplay

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_rpc_users()


@tagged("post_install", "-at_install")
class TestSideDoors(RpcUsers, Q1Case):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_rpc_users()
        cls.dossier_a = cls.make_dossier(applicant_name="Nguyễn Thị Bí Mật")
        cls.dossier_b = cls.make_dossier(user=cls.reception_b, applicant_name="Trần Văn Kín Đáo")
        for dossier in (cls.dossier_a, cls.dossier_b):
            with cls.at("2026-03-02 09:00"):
                dossier.action_receive()

    def test_a_form_cannot_name_another_wards_dossier(self):
        """A new form's onchange shows its dossier by name (code and applicant) and, for the lifecycle form, fills
        in the applicant as the recipient: refused for a dossier of another ward, as reading it is."""
        spec = {"dossier_id": {"fields": {"display_name": {}}}, "recipient": {}, "missing_items": {}}
        for model, values in (
            ("q1.dossier.action", {"action": "return"}),
            ("q1.dossier.counter.outcome", {"outcome": "incomplete"}),
            ("q1.dossier.document", {"name": "Tờ khai"}),
            ("q1.dossier.step", {"name": "Thẩm định"}),
            ("q1.dossier.pause", {"kind": "payment"}),
        ):
            Model = self.env[model].with_user(self.reception_b)
            fields_spec = {name: value for name, value in spec.items() if name in Model._fields}
            for field_names in ([], ["dossier_id"]):
                with self.subTest(model=model, first_call=not field_names), self.assertRaises(AccessError):
                    Model.onchange(dict(values, dossier_id=self.dossier_a.id), field_names, fields_spec)
        # Their own ward's dossier is named and filled in as before.
        own = self.env["q1.dossier.action"].with_user(self.reception_a)
        result = own.onchange(
            {"action": "return", "dossier_id": self.dossier_a.id}, [], {"dossier_id": {}, "recipient": {}}
        )
        self.assertEqual(result["value"]["recipient"], "Nguyễn Thị Bí Mật")

    def test_lookup_url_of_another_ward_by_id(self):
        # The system has just read the dossier (its unit's lookup address): its code sits in the cache.
        self.env["q1.dossier"].browse(self.dossier_a.id).sudo().company_id.q1_lookup_url  # noqa: B018
        with self.assertRaises(AccessError):
            api.call_kw(self.env["q1.dossier"].with_user(self.reception_b), "lookup_url", [self.dossier_a.ids], {})
        url = api.call_kw(self.env["q1.dossier"].with_user(self.reception_a), "lookup_url", [self.dossier_a.ids], {})
        self.assertIn(self.dossier_a.code, url)

    def test_checklist_of_a_received_dossier_is_closed(self):
        line = self.dossier_a.document_ids[:1]
        for operation in (
            lambda: line.with_user(self.reception_a).write({"is_received": False}),
            lambda: line.with_user(self.reception_a).unlink(),
            lambda: (
                self.env["q1.dossier.document"]
                .with_user(self.reception_a)
                .create({"dossier_id": self.dossier_a.id, "name": "Giấy tờ thêm"})
            ),
            lambda: line.with_user(self.proc_a1).write({"note": "Sửa sau khi nhận"}),
        ):
            with self.assertRaises(AccessError), self.env.cr.savepoint():
                operation()
        self.assertTrue(line.exists().is_received)
        self.assertEqual(len(self.dossier_a.document_ids), 3)
        # Before reception the counter completes the checklist as usual.
        draft = self.make_dossier(tick=False)
        draft.document_ids[:1].with_user(self.reception_a).write({"is_received": True})
        draft.document_ids[-1:].with_user(self.reception_a).unlink()
        self.assertEqual(len(draft.document_ids), 2)

    def test_a_head_cannot_give_a_dossier_to_another_wards_officer(self):
        with self.at("2026-03-02 10:00"):
            dossier = self.dossier_a.with_user(self.head_a)
            before = self.snapshot(dossier)
            for holder in (self.proc_b.id, self.reception_a.id, self.clerk_a.id, 999999999, "x", [self.proc_a1.id]):
                with self.subTest(holder=holder), self.assertRaises(UserError):
                    api.call_kw(dossier, "assign", [dossier.ids, holder], {})
            self.proc_a2.active = False
            with self.assertRaises(UserError):
                dossier.assign(self.proc_a2)
            self.assertEqual(self.snapshot(dossier), before)
            # An id, as RPC sends it, works for an officer of the unit.
            api.call_kw(dossier, "assign", [dossier.ids, self.proc_a1.id], {})
        self.assertEqual(self.dossier_a.current_step_id.user_id, self.proc_a1)

    def test_the_crons_run_their_private_methods(self):
        """The watchdog's entry points are private: the crons call them by their new names."""
        crons = self.env["ir.cron"].search([("model_id.model", "=", "q1.dossier.watchdog")])
        self.assertEqual(len(crons), 3)
        watchdog = self.env["q1.dossier.watchdog"]
        for cron in crons:
            method = cron.code.strip().removeprefix("model.").removesuffix("()")
            self.assertTrue(method.startswith("_") and callable(getattr(watchdog, method, None)), cron.code)
            with self.at(CALL_TIME):
                cron.method_direct_trigger()


@tagged("post_install", "-at_install")
class TestScansFollowTheirDossier(HttpCase, Q1Case):
    """Scanned documents are tied to their dossier: read by its units' officers, by nobody else, through the ORM
    and through /web/content."""

    def _upload(self, user, name):
        """What the form's upload widget does on a dossier not saved yet: an attachment of the model, no record."""
        return (
            self.env["ir.attachment"]
            .with_user(user)
            .create({"name": name, "raw": b"%PDF-1.4 scan", "res_model": "q1.dossier", "res_id": 0})
        )

    def test_scans_are_read_only_where_the_dossier_is(self):
        scan = self._upload(self.reception_a, "cccd.pdf")
        dossier = self.make_dossier(attachment_ids=[Command.set(scan.ids)])
        scan = scan.sudo()
        self.assertEqual((scan.res_model, scan.res_id), ("q1.dossier", dossier.id))
        self.assertTrue(dossier.digitised)
        self.assertEqual(scan.with_user(self.proc_a1).read(["name"])[0]["name"], "cccd.pdf")
        with self.assertRaises(AccessError):
            scan.with_user(self.reception_b).read(["datas"])
        self.assertFalse(self.env["ir.attachment"].with_user(self.reception_b).search([("id", "=", scan.id)]))

        self.authenticate(self.proc_a1.login, self.proc_a1.login)
        self.assertEqual(self.url_open(f"/web/content/{scan.id}").status_code, 200)
        self.authenticate(self.reception_b.login, self.reception_b.login)
        self.assertIn(self.url_open(f"/web/content/{scan.id}").status_code, (403, 404))

    def test_another_wards_or_anothers_file_cannot_be_linked(self):
        scan_b = self._upload(self.reception_b, "b.pdf")
        self.make_dossier(user=self.reception_b, attachment_ids=[Command.set(scan_b.ids)])
        loose = self._upload(self.proc_a1, "nhap.pdf")
        dossier = self.make_dossier()
        for attachment in (scan_b, loose):
            with self.subTest(attachment=attachment.name), self.assertRaises(AccessError), self.env.cr.savepoint():
                dossier.write({"attachment_ids": [Command.link(attachment.id)]})
        self.assertFalse(dossier.attachment_ids)

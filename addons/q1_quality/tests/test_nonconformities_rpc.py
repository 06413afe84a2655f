"""The public methods of the nonconformities, corrective actions, their efficacy check and evidence are APIs: each
one, called over RPC by the wrong role and by another ward's officer, is refused with a message, and works for the
right role (q1_dossier's RPC replay over these models; a public method of theirs missing here fails the test)."""

from datetime import date

from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.q1_dossier.tests.test_rpc_roles import CALL_TIME, RpcReplay, RpcUsers, public_methods
from odoo.addons.q1_reporting.tests.common import Q1ReportingCase

MODELS = ("mgmtsystem.nonconformity", "mgmtsystem.action", "q1.action.efficacy.wizard", "q1.evaluation.evidence")
NC, ACTION = "mgmtsystem.nonconformity", "mgmtsystem.action"


def nc(state):
    return {"prepare": lambda test: test.nc(state)}


def action(state):
    return {"prepare": lambda test: test.action(state)}


CALLS = {
    (NC, "q1_action_analyse"): {
        **nc("draft"),
        "right": "secretary_a",
        "wrong": ("reception_a", "clerk_a"),
        "other": "secretary_b",
        "after": lambda test, record: record.state == "analysis",
    },
    (NC, "q1_action_plan"): {
        **nc("analysis"),
        "right": "leader_a",
        "wrong": ("proc_a2", "clerk_a"),
        "other": "leader_b",
        "after": lambda test, record: record.state == "pending",
    },
    (NC, "q1_action_open"): {
        **nc("pending"),
        "right": "leader_a",
        "wrong": ("reception_a", "clerk_a"),
        "other": "secretary_b",
        "after": lambda test, record: record.state == "open",
    },
    (NC, "q1_action_close"): {
        **nc("closable"),
        "right": "secretary_a",
        "wrong": ("leader_a", "proc_a1", "clerk_a", "manager_a"),
        "other": "secretary_b",
        "after": lambda test, record: record.state == "done",
    },
    (NC, "q1_action_cancel"): {
        **nc("draft"),
        "right": "secretary_a",
        "wrong": ("reception_a", "clerk_a"),
        "other": "secretary_b",
        "after": lambda test, record: record.state == "cancel",
    },
    (NC, "q1_action_reopen"): {
        **nc("cancel"),
        "right": "secretary_a",
        "wrong": ("leader_a", "clerk_a"),
        "other": "secretary_b",
        "after": lambda test, record: record.state == "draft",
    },
    (ACTION, "q1_action_start"): {
        **action("draft"),
        "right": "proc_a1",
        "wrong": ("proc_a2", "reception_a", "clerk_a"),
        "other": "secretary_b",
        "after": lambda test, record: record.q1_stage_state == "open",
    },
    (ACTION, "q1_action_done"): {
        **action("open"),
        "right": "proc_a1",
        "wrong": ("proc_a2", "clerk_a"),
        "other": "leader_b",
        "after": lambda test, record: record.q1_stage_state == "close",
    },
    (ACTION, "q1_action_cancel"): {
        **action("draft"),
        "right": "leader_a",
        "wrong": ("proc_a1", "clerk_a"),
        "other": "leader_b",
        "after": lambda test, record: record.q1_stage_state == "cancel",
    },
    (ACTION, "q1_action_check_efficacy"): {
        **action("close"),
        "right": "secretary_a",
        "wrong": ("proc_a1", "proc_a2", "clerk_a"),
        "other": "secretary_b",
    },
    (ACTION, "q1_record_efficacy"): {
        **action("close"),
        "args": [100, "Không tái diễn"],
        "right": "leader_a",
        "wrong": ("proc_a1", "proc_a2", "clerk_a"),
        "other": "leader_b",
        "after": lambda test, record: record.efficacy_user_id == test.leader_a and record.efficacy_value == 100,
    },
    ("q1.action.efficacy.wizard", "action_confirm"): {
        **action("close"),
        # a form is its maker's: each caller opens their own on ward A's action
        "record": lambda test, user, prepared: (
            test.env["q1.action.efficacy.wizard"].with_user(user).create({"action_id": prepared.id, "efficacy": "50"})
        ),
        "right": "secretary_a",
        "wrong": ("proc_a1", "clerk_a"),
        "other": "secretary_b",
        "after": lambda test, record: record.efficacy_value == 50,
    },
    ("q1.evaluation.evidence", "action_q1_open_nonconformity"): {
        "prepare": lambda test: test.evidence(),
        "right": "leader_a",
        # proc_a1 reads the lines of their own sheet, and their nonconformity: a colleague does not
        "wrong": ("proc_a2", "reception_a", "clerk_a"),
        "other": "leader_b",
    },
}


@tagged("post_install", "-at_install")
class TestNonconformityRpcRoles(RpcReplay, RpcUsers, Q1ReportingCase):
    addon = "q1_quality"
    calls = CALLS
    allow_inherited_tests_method = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_rpc_users()
        for ward, company in (("a", cls.ward_a), ("b", cls.ward_b)):
            setattr(
                cls,
                f"secretary_{ward}",
                new_test_user(
                    cls.env,
                    login=f"q1_rpc_iso_{ward}",
                    groups="mgmtsystem.group_mgmtsystem_manager,q1_dossier.group_q1_processing",
                    company_id=company.id,
                    company_ids=[Command.set(company.ids)],
                    tz="Asia/Ho_Chi_Minh",
                ),
            )

    def nc(self, state):
        """Ward A's nonconformity about a received dossier, naming proc_a1, in ``state`` (as the system)."""
        record = self.env[NC]._q1_raise(self.dossier("processing"), "manual", "Sai sót", officer=self.proc_a1)
        if state == "cancel":
            record._q1_move("cancel")
        if state in ("analysis", "pending", "closable"):
            record._q1_move("analyse")
        if state in ("pending", "closable"):
            record.write({"action_comments": "Kế hoạch khắc phục"})
            record._q1_move("plan")
        if state == "closable":
            done = self.action("close")
            done.write({"efficacy_value": 100, "efficacy_user_id": self.secretary_a.id})
            record.write({"action_ids": [Command.link(done.id)], "evaluation_comments": "Có hiệu lực"})
            record._q1_move("open")
        return record

    def action(self, state):
        """Ward A's corrective action owned by proc_a1, in ``state`` (as the system)."""
        record = self.env[ACTION].create(
            {
                "name": "Rà soát quy trình",
                "type_action": "correction",
                "company_id": self.ward_a.id,
                "user_id": self.proc_a1.id,
                "q1_due_workdays": 5,
            }
        )
        if state in ("open", "close"):
            record._q1_move("start")
        if state == "close":
            record._q1_move("done")
        return record

    def evidence(self):
        """The evidence line citing a nonconformity that names proc_a1, on their March sheet of ward A."""
        self._ward_a_employee(self.proc_a1)
        with self.at("2026-03-10 09:00"):
            self.env[NC]._q1_raise(self.dossier("processing"), "manual", "Sai sót", officer=self.proc_a1)
        period = self.env["q1.evaluation.period"].create(
            {"company_id": self.ward_a.id, "kind": "month", "year": 2026, "index": 3}
        )
        period.action_compute_sheets()
        sheet = period.sheet_ids.filtered(lambda s: s.user_id == self.proc_a1)
        line = sheet.evidence_ids.filtered(lambda e: e.criterion == "nonconformity")
        self.assertEqual(len(line), 1)
        self.assertTrue(date(2026, 3, 1) <= period.date_from)
        return line

    def test_every_public_method_checks_its_caller(self):
        found = {key for key in public_methods(self.env, self.addon) if key[0] in MODELS}
        missing = sorted(found - set(self.calls))
        self.assertFalse(missing, f"Public methods of the nonconformities' models without an entry: {missing}")
        self.assertFalse(sorted(set(self.calls) - found), "entries for methods that are not public any more")
        with self.at(CALL_TIME):
            for key, spec in sorted(self.calls.items()):
                with self.subTest(call=f"{key[0]}.{key[1]}"):
                    self._replay(key, spec)

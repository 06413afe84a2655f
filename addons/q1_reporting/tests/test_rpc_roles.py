"""q1_reporting's public methods are APIs too: the replay of q1_dossier's ``test_rpc_roles`` over this addon's
methods, from this table (a public method of the addon missing from it fails the test)."""

from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.q1_dossier.tests.test_rpc_roles import RpcReplay, RpcUsers

from .common import Q1ReportingCase


def sheet_in(state):
    """A table entry's record: proc_a1's sheet of March 2026 (their manager: head_a) in ``state``."""
    return {"prepare": lambda test: test.sheet(state)}


def report_wizard():
    """A table entry's record: head_a's handling report of ward A for March 2026."""
    return {"prepare": lambda test: test.report_wizard()}


CALLS = {
    ("hr.employee", "action_open_q1_evaluations"): {
        "prepare": lambda test: test.employee_a1,
        "right": "hr_a",
        "wrong": ("proc_a1", "leader_a"),
        "other": "hr_b",
    },
    ("q1.dossier.report", "action_open_dossier"): {
        "prepare": lambda test: test.report_row(test.received("2026-03-02 09:00")),
        "right": "head_a",
        "wrong": ("proc_a1", "reception_a"),
        "other": "leader_b",
    },
    ("q1.evaluation.evidence", "action_open_source"): {
        "prepare": lambda test: test.sheet("draft").evidence_ids,
        "right": "proc_a1",
        "wrong": ("proc_a2",),
        "other": "proc_b",
    },
    ("q1.evaluation.period", "action_compute_sheets"): {
        "prepare": lambda test: test.period(),
        "right": "leader_a",
        "wrong": ("proc_a1", "head_a"),
        "other": "leader_b",
    },
    ("q1.evaluation.period", "action_close"): {
        "prepare": lambda test: test.period(),
        "right": "hr_a",
        "wrong": ("proc_a1",),
        "other": "leader_b",
        "after": lambda test, period: period.state == "closed",
    },
    # Every officer of the unit reads its periods (the sheets and the spreadsheet then hold only the sheets each
    # one may read: their own, their team's, or all for HR and the leaders).
    ("q1.evaluation.period", "action_open_sheets"): {
        "prepare": lambda test: test.period(),
        "right": "proc_a1",
        "wrong": ("outsider_a",),
        "other": "leader_b",
    },
    # HR's home: the open period of the caller's own unit (the record rule keeps the others' out of it).
    ("q1.evaluation.period", "action_open_home"): {
        "prepare": lambda test: test.period(),
        "right": "hr_a",
        "wrong": ("outsider_a",),
        "other": None,
        "no_unit": "opens the caller's own unit's open period: the period record rule picks it",
    },
    ("q1.evaluation.period", "action_export_xlsx"): {
        "prepare": lambda test: test.period(),
        "right": "leader_a",
        "wrong": ("outsider_a",),
        "other": "leader_b",
    },
    ("q1.evaluation.sheet", "action_submit"): {
        **sheet_in("draft"),
        "right": "proc_a1",
        "wrong": ("head_a", "proc_a2"),
        "other": "proc_b",
        "after": lambda test, sheet: sheet.state == "submitted",
    },
    ("q1.evaluation.sheet", "action_review"): {
        **sheet_in("submitted"),
        "right": "head_a",
        "wrong": ("proc_a1", "proc_a2"),
        "other": "leader_b",
        "after": lambda test, sheet: sheet.state == "reviewed",
    },
    ("q1.evaluation.sheet", "action_approve"): {
        **sheet_in("reviewed"),
        "right": "leader_a",
        "wrong": ("head_a", "proc_a1"),
        "other": "leader_b",
        "after": lambda test, sheet: sheet.state == "approved",
    },
    ("q1.evaluation.sheet", "action_approve_manager_level"): {
        **sheet_in("reviewed"),
        "right": "leader_a",
        "wrong": ("head_a", "proc_a1"),
        "other": "leader_b",
        "after": lambda test, sheet: sheet.state == "approved" and sheet.band == "not_completed",
    },
    ("q1.evaluation.sheet", "action_back_to_review"): {
        **sheet_in("reviewed"),
        "right": "leader_a",
        "wrong": ("head_a", "proc_a1"),
        "other": "leader_b",
        "after": lambda test, sheet: sheet.state == "submitted",
    },
    ("q1.evaluation.sheet", "action_print"): {
        **sheet_in("draft"),
        "right": "proc_a1",
        "wrong": ("proc_a2",),
        "other": "proc_b",
    },
    ("q1.evaluation.sheet", "print_values"): {
        **sheet_in("draft"),
        "right": "head_a",
        "wrong": ("proc_a2",),
        "other": "proc_b",
    },
    ("q1.handling.report.line", "action_open_entries"): {
        "prepare": lambda test: test.report_wizard(computed=True).line_ids[:1],
        "right": "head_a",
        "wrong": ("proc_a1", "head_b"),
        "other": "leader_b",
    },
    ("q1.handling.report.wizard", "action_compute"): {
        **report_wizard(),
        "right": "head_a",
        "wrong": ("proc_a1",),
        "other": "leader_b",
        "after": lambda test, wizard: bool(wizard.line_ids),
    },
    ("q1.handling.report.wizard", "action_open_pivot"): {
        **report_wizard(),
        "right": "head_a",
        "wrong": ("proc_a1",),
        "other": "leader_b",
    },
    ("q1.handling.report.wizard", "action_export_xlsx"): {
        **report_wizard(),
        "right": "head_a",
        "wrong": ("proc_a1",),
        "other": "leader_b",
    },
    ("q1.handling.report.wizard", "action_issue"): {
        "prepare": lambda test: test.march_report(test.leader_a),
        "right": "leader_a",
        "wrong": ("proc_a1", "head_a"),
        "other": "leader_b",
        "after": lambda test, wizard: wizard.is_issued,
    },
    ("q1.handling.report.issue", "action_export_xlsx"): {
        "prepare": lambda test: test.issued_report(),
        "right": "leader_a",
        "wrong": ("proc_a1", "head_a"),
        "other": "leader_b",
    },
    ("q1.handling.report.issue", "action_print_pdf"): {
        "prepare": lambda test: test.issued_report(),
        "right": "leader_a",
        "wrong": ("proc_a1", "head_a"),
        "other": "leader_b",
    },
    ("q1.handling.report.issue", "action_open_rerun"): {
        "prepare": lambda test: test.issued_report(),
        "right": "leader_a",
        "wrong": ("proc_a1", "head_a"),
        "other": "leader_b",
    },
    ("q1.handling.report.withdrawal", "action_confirm"): {
        "prepare": lambda test: test.withdrawal(),
        "right": "manager_a",
        "wrong": ("leader_a", "head_a"),
        "other": "manager_b",
        "after": lambda test, withdrawal: withdrawal.issue_id.state == "withdrawn",
    },
    ("q1.handling.report.wizard", "action_print_pdf"): {
        **report_wizard(),
        "right": "head_a",
        "wrong": ("proc_a1",),
        "other": "leader_b",
    },
}


@tagged("post_install", "-at_install")
class TestReportingRpcRoles(RpcReplay, RpcUsers, Q1ReportingCase):
    addon = "q1_reporting"
    calls = CALLS
    allow_inherited_tests_method = True  # the replay's test method comes from q1_dossier's RpcReplay

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_rpc_users()

        def user(login, groups, ward):
            return new_test_user(
                cls.env, login=login, groups=groups, company_id=ward.id, company_ids=[Command.set(ward.ids)]
            )

        cls.hr_a = user("q1_rpc_hr_a", "base.group_user,hr.group_hr_user", cls.ward_a)
        cls.hr_b = user("q1_rpc_hr_b", "base.group_user,hr.group_hr_user", cls.ward_b)
        cls.head_b = user("q1_rpc_head_b", "q1_dossier.group_q1_department_head", cls.ward_b)
        cls.outsider_a = user("q1_rpc_outsider_a", "base.group_portal", cls.ward_a)
        Employee = cls.env["hr.employee"]

        def employee(officer, manager=None):
            return Employee.create(
                {
                    "name": officer.name,
                    "user_id": officer.id,
                    "company_id": cls.ward_a.id,
                    "parent_id": manager.id if manager else False,
                }
            )

        cls.employee_head = employee(cls.head_a)
        cls.employee_a1 = employee(cls.proc_a1, cls.employee_head)
        cls.employee_a2 = employee(cls.proc_a2, cls.employee_head)

    def period(self):
        return self.env["q1.evaluation.period"].create(
            {"company_id": self.ward_a.id, "kind": "month", "year": 2026, "index": 3}
        )

    def sheet(self, state):
        """proc_a1's sheet with one evidence line (a reception of theirs), in ``state``, as the workflow leaves it."""
        dossier = self.received("2026-03-02 09:00")
        sheet = self.env["q1.evaluation.sheet"].create(
            {
                "period_id": self.period().id,
                "employee_id": self.employee_a1.id,
                "manager_user_id": self.head_a.id,
            }
        )
        self.env["q1.evaluation.evidence"].create(
            {
                "sheet_id": sheet.id,
                "ref": f"reception:{dossier.id}",
                "dossier_code": dossier.code,
                "step_name": "Tiếp nhận hồ sơ",
                "criterion": "service",
                "reason": "Không hài lòng",
            }
        )
        if state != "draft":
            sheet.write({"state": state, "manager_proposed_band": "not_completed"})
        return sheet

    def report_wizard(self, computed=False):
        return self.march_report(self.head_a, computed)

    def issued_report(self):
        """Ward A's handling report of March 2026, issued by leader_a."""
        action = self.march_report(self.leader_a).action_issue()
        return self.env["q1.handling.report.issue"].browse(action["res_id"])

    def withdrawal(self):
        """manager_a's withdrawal of ward A's issued report of March 2026."""
        return (
            self.env["q1.handling.report.withdrawal"]
            .with_user(self.manager_a)
            .create({"issue_id": self.issued_report().id, "reason": "Nhầm người ký"})
        )

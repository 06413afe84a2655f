import ast
from datetime import date
from pathlib import Path

import polib
from lxml import etree

from odoo.modules.module import get_module_path
from odoo.tests import HttpCase, TransactionCase, tagged
from odoo.tools.safe_eval import safe_eval

from .common import Q1ReportingCase


@tagged("post_install", "-at_install")
class TestReportingUi(HttpCase):
    """Odoo's click-everything bot opens every menu of the One-Stop Shop app, the reporting menus included, and
    every view they offer (pivot, graph, list, form, the report wizard): any client error fails the test."""

    def test_every_menu_and_view_opens(self):
        self.browser_js(
            "/odoo",
            "odoo.loader.modules.get('@web/webclient/clickbot/clickbot_loader')"
            ".startClickEverywhere('q1_dossier.q1_menu_root');",
            "odoo.isReady === true",
            login="admin",
            timeout=600,
            success_signal="clickbot test succeeded",
        )


@tagged("post_install", "-at_install")
class TestLeaderDashboard(Q1ReportingCase):
    """Issue 12, defect 5: the leader's first screen counts dossiers per unit, one distinctly titled column per
    outcome with the on-time rate, every number opening its dossiers; the department view has no empty department
    and counts only officers, never Odoo's administrator."""

    def test_the_first_screen_is_counts_per_unit_by_outcome(self):
        action = self.env.ref("q1_reporting.q1_dossier_report_action")
        view_id, view_type = action.views[0]
        self.assertEqual(
            (view_id, view_type), (self.env.ref("q1_reporting.q1_dossier_report_view_pivot_counts").id, "pivot")
        )
        arch = etree.fromstring(self.env["q1.dossier.report"].get_view(view_id, "pivot")["arch"])
        fields = {(node.get("name"), node.get("type")) for node in arch.iter("field")}
        self.assertIn(("dossier_count", "measure"), fields)
        self.assertIn(("on_time_rate", "measure"), fields)
        self.assertIn(("deciding_company_id", "row"), fields)
        self.assertIn(("outcome_id", "col"), fields)
        self.assertNotIn(arch.get("disable_linking"), ("1", "True", "true"))
        # the count measure counts dossiers: one per row
        first = self.received("2026-03-02 09:00")
        second = self.received("2026-03-03 09:00")
        self.finish(second, "2026-03-04 10:00")
        self.env.flush_all()
        Report = self.env["q1.dossier.report"].with_user(self.leader)
        domain = [("dossier_id", "in", (first | second).ids)]
        groups = Report.read_group(domain, ["dossier_count:sum"], ["outcome_id"])
        self.assertEqual(sum(group["dossier_count"] for group in groups), 2)
        for group in groups:
            cell = Report.search(domain + group["__domain"])
            self.assertEqual(len(cell), group["dossier_count"])

    def test_outcome_columns_have_distinct_titles_in_english_and_vietnamese(self):
        columns = self.env["q1.handling.column"].search([("section_id", "!=", False)])
        names = columns.mapped("name")
        self.assertEqual(len(names), len(set(names)), names)
        vi_po = Path(get_module_path("q1_reporting"), "i18n", "vi.po")
        translations = {entry.msgid: entry.msgstr for entry in polib.pofile(str(vi_po))}
        vietnamese = [translations[name] for name in names]
        self.assertEqual(len(vietnamese), len(set(vietnamese)), vietnamese)

    def test_officers_are_the_one_stop_officers_and_the_department_view_has_no_empty_department(self):
        held = self.received("2026-03-02 09:00")
        # Entered by Odoo's administrator and not yet assigned: no officer, no department.
        admin = self.env.ref("base.user_admin")
        by_admin = self.make_dossier(user=self.reception_a)
        with self.at("2026-03-02 10:00"):
            by_admin.action_receive()
        by_admin.sudo().write({"user_id": admin.id})
        self.env.flush_all()
        rows = self.env["q1.dossier.report"].search([("dossier_id", "in", (held | by_admin).ids)])
        officers = {row.dossier_id: row.officer_id for row in rows}
        self.assertEqual(officers[held], self.officer_a)
        self.assertFalse(officers[by_admin])
        self.assertFalse(
            self.env["q1.dossier.report"].search([("officer_id", "in", (admin | self.env.ref("base.user_root")).ids)])
        )
        action = self.env.ref("q1_reporting.q1_dossier_report_action_department")
        domain = safe_eval(action.domain or "[]")
        shown = self.env["q1.dossier.report"].search(domain + [("dossier_id", "in", (held | by_admin).ids)])
        self.assertFalse(shown.filtered(lambda row: not row.department_id))

    def test_due_soon_on_the_dashboard_is_live(self):
        """Issue 12: the dashboard split 'due soon' with the nightly deadline_state, so a dossier due tomorrow showed
        as within time until the watchdog ran. Now judged on today from the promised date, as the boards'
        deadline_today. Received Mon 02/03/2026, 5 working days: due Mon 09/03; one working day of 'due soon'."""
        dossier = self.received("2026-03-02 09:00")
        self.assertEqual(dossier.promised_date, date(2026, 3, 9))
        outcomes = {}
        for day in ("2026-03-05", "2026-03-06", "2026-03-09", "2026-03-10"):
            with self.at(f"{day} 10:00"):
                self.env["q1.dossier.report"].invalidate_model()
                outcomes[day] = self.report_row(dossier).outcome_code
        self.assertFalse(dossier.deadline_state, "the nightly stamp never ran")
        self.assertEqual(outcomes["2026-03-05"], "within")
        self.assertEqual(outcomes["2026-03-06"], "due_soon", "Friday 06/03: due the next working day")
        self.assertEqual(outcomes["2026-03-09"], "due_soon", "due today")
        self.assertEqual(outcomes["2026-03-10"], "overdue")


@tagged("post_install", "-at_install")
class TestDemoLogins(TransactionCase):
    """Issue 12: every role has a demo login that lands on its work, HR included; tools/screenshots.py uses them."""

    def test_demo_hr_officer_lands_on_the_open_period(self):
        hr = self.env.ref("q1_reporting.q1_demo_user_nhansu_saigon", raise_if_not_found=False)
        if not self.env.ref("q1_dossier.q1_demo_company_saigon", raise_if_not_found=False):
            self.skipTest("no demo data")
        self.assertTrue(hr, "no demo HR officer")
        self.assertEqual(hr.login, "nhansu.saigon")
        self.assertEqual(hr.lang, "vi_VN")
        self.assertTrue(hr.has_group("hr.group_hr_user"))
        self.assertFalse(hr.has_group("base.group_system"))
        self.assertEqual(hr.company_ids, self.env.ref("q1_dossier.q1_demo_company_saigon"))
        self.assertEqual(hr.action_id.id, self.env.ref("q1_reporting.q1_evaluation_period_home_action").id)
        period = (
            self.env["q1.evaluation.period"]
            .with_user(hr)
            .create({"company_id": hr.company_id.id, "kind": "month", "year": 2025, "index": 2})
        )
        action = self.env["q1.evaluation.period"].with_user(hr).action_open_home()
        opened = self.env["q1.evaluation.period"].browse(action["res_id"])
        self.assertEqual((opened.state, opened.company_id), ("open", period.company_id))

    def test_screenshots_use_a_demo_login_per_role(self):
        script = Path(get_module_path("q1_reporting")).parent.parent / "tools" / "screenshots.py"
        if not script.exists() or not self.env.ref("q1_dossier.q1_demo_company_saigon", raise_if_not_found=False):
            self.skipTest("no tools/screenshots.py beside the addons, or no demo data")
        tree = ast.parse(script.read_text())
        roles = next(
            ast.literal_eval(node.value)
            for node in tree.body
            if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "ROLES"
        )
        expected = {
            "reception": "q1_dossier.group_q1_reception",
            "processing": "q1_dossier.group_q1_processing",
            "head": "q1_dossier.group_q1_department_head",
            "leader": "q1_dossier.group_q1_unit_leader",
            "catalogue_admin": "q1_dossier.group_q1_manager",
            "hr": "hr.group_hr_user",
        }
        if self.env.ref("mgmtsystem.group_mgmtsystem_manager", raise_if_not_found=False):
            # the quality system installed (q1_quality): its ISO secretary, OCA's management-system manager
            expected["iso_secretary"] = "mgmtsystem.group_mgmtsystem_manager"
        by_role = {role: login for role, login, _password in roles}
        self.assertIsNone(by_role.pop("citizen_lookup", "missing"), "the citizens' lookup page is shown public")
        self.assertEqual(set(by_role), set(expected))
        for role, login in by_role.items():
            user = self.env["res.users"].search([("login", "=", login)])
            self.assertTrue(user, f"{role}: no demo user {login}")
            self.assertTrue(user.has_group(expected[role]), f"{role}: {login} is not in {expected[role]}")
            self.assertTrue(user.action_id or role == "catalogue_admin", f"{role}: {login} has no home action")

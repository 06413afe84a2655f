"""The ISO secretary's month in Chromium (issue 14: "a browser tour walks the ISO secretary's month"), on the demo
data, as the demo ISO secretary of ward Sài Gòn (thukyiso.saigon), in Vietnamese.

q1_iso_secretary_tour: from the Chất lượng (ISO) menu she reads the objectives dashboard, then takes the
nonconformity raised from a late dossier of her ward: starts its analysis, writes the cause analysis and picks its
cause, plans a corrective action owned by a processing officer with its due date, writes the plan's
comments and approves it. The owner then carries the action out (here, between the tours, through his own methods).
q1_iso_secretary_close_tour: she checks the action's efficacy, writes the conclusion of the effectiveness review and
closes the nonconformity; in the internal audit of her ward she answers a checklist item "not conforming" with its
evidence (a finding, which raises its nonconformity); she gathers the management review's figures, records a
decision and closes the review. Every screen is checked for English words and technical names.

The records the tours work on are made here (one late dossier's nonconformity, one audit with its scope, one review
of the month), named so the tours find them whatever else the demo holds.

Found by this tour on a fresh database with the whole demo (tests/odoo_tier.py): "Gather the Figures" failed with
KeyError when the unit had feedback in the period (fixed by the feedback part, b9f5e0f); still open:

* A corrective action created from the nonconformity's action plan (the dialog) with a number of working days is
  refused on save ("Hạn chót ... cannot be written directly"): that form sends the computed due date with the
  working days and ``mgmtsystem.action._q1_check_user_vals`` refuses the pair on creation; the full-page form of
  Corrective Actions saves the same values. The tour types the due date instead (OCA's way, accepted).
"""

from datetime import date

from odoo import Command
from odoo.tests import HttpCase, tagged

NC_TITLE = "Hồ sơ trả kết quả trễ hạn (tháng ISO)"
AUDIT_TITLE = "Đánh giá nội bộ tháng ISO - Bộ phận Một cửa"
REVIEW_TITLE = "Xem xét của lãnh đạo tháng ISO"


@tagged("post_install", "-at_install")
class TestTourIsoSecretary(HttpCase):
    def setUp(self):
        super().setUp()
        env = self.env
        self.ward = env.ref("q1_dossier.q1_demo_company_saigon")
        self.secretary = env.ref("q1_quality.q1_demo_user_thukyiso_saigon")
        self.owner = env.ref("q1_dossier.q1_demo_user_chuyenvien_saigon")
        NC = env["mgmtsystem.nonconformity"]
        self.assertIn(self.secretary, NC._q1_iso_secretaries(self.ward))
        # a dossier of the ward that has no nonconformity yet: its late resolution raises one (interface 1)
        raised = NC.with_context(active_test=False).search([("res_model", "=", "q1.dossier")]).mapped("res_id")
        dossier = env["q1.dossier"].search(
            [("company_id", "=", self.ward.id), ("code", "!=", False), ("id", "not in", raised)], limit=1
        )
        self.assertTrue(dossier, "the demo has dossiers received by ward Sài Gòn")
        self.nc = NC._q1_raise(dossier, "late", "Hồ sơ trả kết quả sau ngày hẹn, không có thư xin lỗi.")
        self.nc.write({"name": NC_TITLE})
        self.assertEqual(self.nc.responsible_user_id, self.secretary)
        self.assertEqual(self.nc.state, "draft")
        # the month's internal audit of the one-stop desk, its scope (two clauses) and its generated checklist
        clauses = env["q1.iso.clause"].search([], limit=2)
        self.audit = env["mgmtsystem.audit"].create(
            {
                "name": AUDIT_TITLE,
                "company_id": self.ward.id,
                "user_id": self.secretary.id,
                "q1_clause_ids": [Command.set(clauses.ids)],
            }
        )
        self.audit._q1_generate_checklist()
        self.assertTrue(self.audit.line_ids)
        # the management review of the year (figures gathered in the tour; dates given, no clock read)
        self.review = env["mgmtsystem.review"].create(
            {
                "name": REVIEW_TITLE,
                "date": "2026-12-15 08:00:00",
                "company_id": self.ward.id,
                "q1_date_from": date(2026, 1, 1),
                "q1_date_to": date(2026, 12, 31),
                "q1_chair_id": env.ref("q1_dossier.q1_demo_user_lanhdao_saigon").id,
                "q1_secretary_id": self.secretary.id,
            }
        )

    def test_iso_secretary_month(self):
        self.start_tour("/odoo", "q1_iso_secretary_tour", login="thukyiso.saigon", timeout=300)
        nc = self.nc
        nc.invalidate_recordset()
        self.assertEqual(nc.state, "open")
        self.assertTrue(nc.analysis)
        self.assertTrue(nc.cause_ids)
        action = nc.action_ids
        self.assertEqual(len(action), 1)
        self.assertEqual(action.type_action, "correction")
        self.assertEqual(action.user_id, self.owner)
        self.assertEqual(action.date_deadline, date(2026, 12, 15))
        # the owner carries it out (the plan's approval may have started it already)
        if action.q1_stage_state == "draft":
            action.with_user(self.owner).q1_action_start()
        action.with_user(self.owner).q1_action_done()
        self.start_tour("/odoo", "q1_iso_secretary_close_tour", login="thukyiso.saigon", timeout=300)
        nc.invalidate_recordset()
        action.invalidate_recordset()
        self.assertEqual(action.efficacy_value, 100)
        self.assertEqual(action.efficacy_user_id, self.secretary)
        self.assertEqual(nc.state, "done")
        findings = self.audit.line_ids.filtered(lambda line: line.q1_result == "not_conforming")
        self.assertEqual(len(findings), 1)
        self.assertTrue(findings.q1_nonconformity_id)
        self.assertEqual(findings.q1_nonconformity_id.q1_kind, "audit")
        self.assertEqual(self.review.state, "done")
        self.assertTrue(self.review.q1_figure_ids)
        self.assertTrue(self.review.line_ids.filtered("decision"))

"""The unit leader's day in Chromium (issue 12): the dashboard of counts is his home, a number opens its dossiers,
the statutory report is read in full in its dialog and issued (q1_leader_tour, on the demo data)."""

from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestTourLeader(HttpCase):
    def test_leader_tour(self):
        leader = self.env.ref("q1_dossier.q1_demo_user_lanhdao_saigon")
        self.assertEqual(leader.action_id.id, self.env.ref("q1_reporting.q1_dossier_report_action").id)
        self.start_tour("/odoo", "q1_leader_tour", login="lanhdao.saigon", timeout=300)
        issue = self.env["q1.handling.report.issue"].search([("issued_by_id", "=", leader.id)])
        self.assertEqual(len(issue), 1)

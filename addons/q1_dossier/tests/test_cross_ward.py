"""Boundary-free reception (Decree 118/2025 Art. 14(2)): ward A receives a dossier that ward B decides."""

from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import Q1Case


@tagged("post_install", "-at_install")
class TestCrossWard(Q1Case):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.proc_b_decides = cls.env["q1.procedure"].create(
            {
                "name": "Đăng ký hộ kinh doanh (liên phường)",
                "code": "T98.000020",
                "field_id": cls.field.id,
                "time_unit": "day",
                "time_limit": 3,
                "deciding_company_id": cls.ward_b.id,
            }
        )

    def _cross_dossier(self, bypass_rules=False):
        """Ward A's counter receives one of its own dossiers, then one that ward B decides.

        ``bypass_rules``: receive with ward A's officer in sudo mode (same user, record rules off), so that the
        tests of what happens after reception do not depend on the reception path itself, which
        test_code_from_receiving_ward_decision_by_deciding_ward checks with the officer's real rights.
        """
        own = self.receive_at(self.make_dossier(self.proc_5d), "2026-03-02 08:00")
        cross = self.make_dossier(self.proc_b_decides)
        with self.at("2026-03-02 09:00"):
            officer_view = cross.with_user(self.reception_a)
            (officer_view.sudo() if bypass_rules else officer_view).action_receive()
        return own, cross

    def test_code_from_receiving_ward_decision_by_deciding_ward(self):
        own, cross = self._cross_dossier()
        b_own = self.receive_at(
            self.make_dossier(self.proc_5d, user=self.reception_b), "2026-03-02 10:00", user=self.reception_b
        )
        self.assertEqual(own.code, f"{self.UNIT_A}-260302-0001")
        self.assertEqual(cross.code, f"{self.UNIT_A}-260302-0002", "ward A's unit code and A's daily sequence")
        self.assertEqual(b_own.code, f"{self.UNIT_B}-260302-0001", "ward B's sequence is not used by A's reception")
        self.assertEqual(cross.company_id, self.ward_a)
        self.assertEqual(cross.deciding_company_id, self.ward_b)
        self.assertEqual(cross.received_by_id, self.reception_a)
        # 3 working days after Mon 02/03: 03, 04, Thu 05/03.
        self.assertEqual(cross.due_date, date(2026, 3, 5))
        routing = cross.sudo().message_ids.filtered(lambda m: self.ward_b.name in (m.body or ""))
        self.assertEqual(len(routing), 1, "a routing note names the deciding ward")
        self.assertEqual(routing.subtype_id, self.env.ref("mail.mt_note"))
        self.assertFalse(own.sudo().message_ids.filtered(lambda m: self.ward_b.name in (m.body or "")))

    def test_visible_to_both_wards_not_to_a_third(self):
        own, cross = self._cross_dossier(bypass_rules=True)
        Dossier = self.env["q1.dossier"]
        ours = [("id", "in", (own | cross).ids)]
        self.assertEqual(Dossier.with_user(self.reception_a).search(ours), own | cross)
        self.assertEqual(Dossier.with_user(self.reception_b).search(ours), cross)
        self.assertEqual(Dossier.with_user(self.proc_b).search(ours), cross)
        self.assertFalse(Dossier.with_user(self.reception_c).search(ours))
        self.assertFalse(Dossier.with_user(self.proc_c).search(ours))
        self.assertEqual(cross.with_user(self.proc_b).code, cross.code)
        with self.assertRaises(AccessError):
            cross.with_user(self.proc_c).read(["code"])
        # The control slip follows the dossier's visibility.
        Step = self.env["q1.dossier.step"]
        self.assertEqual(Step.with_user(self.proc_b).search([("dossier_id", "=", cross.id)]), cross.step_ids)
        self.assertFalse(Step.with_user(self.proc_c).search([("dossier_id", "=", cross.id)]))

    def test_deciding_ward_processes_and_its_leader_approves_extension(self):
        _own, cross = self._cross_dossier(bypass_rules=True)
        with self.at("2026-03-02 10:00"):
            cross.with_user(self.proc_b).action_take()
        self.assertEqual(cross.state, "processing")
        self.assertEqual(cross.user_id, self.proc_b)
        self.assertEqual(cross.current_step_id.company_id, self.ward_b)
        with self.at("2026-03-03 10:00"):
            cross.with_user(self.proc_b).request_extension("Cần xác minh", date(2026, 3, 10))
        activities = self.env["mail.activity"].search([("res_model", "=", "q1.dossier"), ("res_id", "=", cross.id)])
        self.assertEqual(activities.user_id, self.leader_b, "the deciding ward's leader, not A's")
        with self.at("2026-03-03 11:00"):
            cross.with_user(self.leader_b).approve_extension()
        self.assertEqual(cross.promised_date, date(2026, 3, 10))
        with self.at("2026-03-04 10:00"):
            cross.with_user(self.proc_b).hand_over()
        self.assertEqual(cross.state, "done")
        self.assertEqual(cross.user_id, self.reception_a, "the result goes back to ward A's counter")

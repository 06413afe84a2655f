"""Only the people who may act are offered (issue 12, defect 2): the assignee and the next holder of a dossier are
active internal users of the unit that decides it, in the step's role (the processing role, or the one the step
names, e.g. the department heads) and, when the step names a responsible department, employees of it. The
lifecycle form offers exactly them; assign and hand_over refuse anyone else, changing nothing."""

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import Q1Case


@tagged("post_install", "-at_install")
class TestLifecycleHolders(Q1Case):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.department = cls.env["hr.department"].create({"name": "Phòng Văn hóa - Xã hội (thử nghiệm)"})
        cls.department.company_id = cls.ward_a
        cls.env["hr.employee"].create(
            {
                "name": cls.proc_a2.name,
                "user_id": cls.proc_a2.id,
                "company_id": cls.ward_a.id,
                "department_id": cls.department.id,
            }
        )
        head_group = cls.env.ref("q1_dossier.group_q1_department_head")
        # 5 working days: any officer, then an officer of the department, then a department head.
        cls.proc_roles = cls.env["q1.procedure"].create(
            {
                "name": "Xác nhận có phòng phụ trách (thử nghiệm)",
                "code": "T99.000070",
                "field_id": cls.field.id,
                "time_unit": "day",
                "time_limit": 5,
                "step_ids": [
                    Command.create({"name": "Tiếp nhận thụ lý", "sequence": 1, "time_budget": 1}),
                    Command.create(
                        {"name": "Thẩm định", "sequence": 2, "time_budget": 2, "department_id": cls.department.id}
                    ),
                    Command.create({"name": "Duyệt", "sequence": 3, "time_budget": 2, "group_id": head_group.id}),
                ],
            }
        )
        cls.proc_ward_b = cls.env["q1.procedure"].create(
            {
                "name": "Thủ tục phường B quyết định (thử nghiệm)",
                "code": "T99.000071",
                "field_id": cls.field.id,
                "time_unit": "day",
                "time_limit": 5,
                "deciding_company_id": cls.ward_b.id,
            }
        )

    def _form(self, dossier, action, user):
        return (
            self.env["q1.dossier.action"]
            .with_user(user)
            .create({"dossier_id": dossier.id, "action": action, "step_id": dossier.current_step_id.id})
        )

    def test_assign_form_offers_only_the_deciding_units_officers(self):
        dossier = self.receive_at(self.make_dossier(self.proc_5d), "2026-03-02 09:00")
        offered = self._form(dossier, "assign", self.head_a).allowed_user_ids
        self.assertEqual(offered, self.head_a | self.proc_a1 | self.proc_a2 | self.leader_a)
        # the field's domain is what the dropdown searches
        Users = self.env["res.users"].with_user(self.head_a)
        domain = [("id", "in", offered.ids)]
        self.assertNotIn(self.proc_b, Users.search(domain))
        self.assertNotIn(self.reception_a, Users.search(domain))
        self.assertNotIn(self.env.ref("base.user_admin"), Users.search(domain))

    def test_a_dossier_another_ward_decides_is_held_there(self):
        dossier = self.receive_at(self.make_dossier(self.proc_ward_b), "2026-03-02 09:00")
        self.assertEqual(dossier._allowed_holders(0), self.proc_b | self.leader_b)
        before = self.snapshot(dossier)
        with self.at("2026-03-02 10:00"), self.assertRaises(UserError):
            dossier.with_user(self.leader_b).assign(self.proc_a1)
        self.assertEqual(self.snapshot(dossier), before)
        with self.at("2026-03-02 10:00"):
            dossier.with_user(self.leader_b).assign(self.proc_b)
        self.assertEqual(dossier.user_id, self.proc_b)

    def test_step_department_and_role_are_checked_on_the_server(self):
        dossier = self.receive_at(self.make_dossier(self.proc_roles), "2026-03-02 09:00")
        with self.at("2026-03-02 10:00"):
            dossier.with_user(self.head_a).assign(self.proc_a1)
        # the next step belongs to the department: only its employee is offered and accepted
        form = self._form(dossier, "hand_over", self.proc_a1)
        self.assertEqual(form.allowed_user_ids, self.proc_a2)
        before = self.snapshot(dossier)
        with self.at("2026-03-03 10:00"), self.assertRaisesRegex(UserError, "Thẩm định"):
            dossier.with_user(self.proc_a1).hand_over(self.proc_a1)
        self.assertEqual(self.snapshot(dossier), before, "a refused hand-over changes nothing")
        with self.at("2026-03-03 10:00"):
            dossier.with_user(self.proc_a1).hand_over(self.proc_a2)
        self.assertEqual(dossier.current_step_id.user_id, self.proc_a2)
        # the last step is a head's: a processing officer is refused, the head accepted
        self.assertEqual(self._form(dossier, "hand_over", self.proc_a2).allowed_user_ids, self.head_a | self.leader_a)
        before = self.snapshot(dossier)
        with self.at("2026-03-04 10:00"), self.assertRaises(UserError):
            dossier.with_user(self.proc_a2).hand_over(self.proc_a1)
        self.assertEqual(self.snapshot(dossier), before)
        with self.at("2026-03-04 10:00"):
            dossier.with_user(self.proc_a2).hand_over(self.head_a)
        self.assertEqual(dossier.user_id, self.head_a)
        # and the head assigning the head's step again cannot give it to an officer
        with self.at("2026-03-04 11:00"), self.assertRaises(UserError):
            dossier.with_user(self.head_a).assign(self.proc_a1)

    def test_an_archived_or_portal_user_is_refused(self):
        dossier = self.receive_at(self.make_dossier(self.proc_5d), "2026-03-02 09:00")
        self.proc_a2.active = False
        self.assertNotIn(self.proc_a2, dossier._allowed_holders(0))
        with self.at("2026-03-02 10:00"), self.assertRaises(UserError):
            dossier.with_user(self.head_a).assign(self.proc_a2)

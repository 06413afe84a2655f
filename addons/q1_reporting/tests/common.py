"""Shared set-up of the reporting tests: q1_dossier's fixture (wards A and B, their officers, two fields of law and
their procedures) with a unit leader of both wards, and helpers that drive dossiers through the real lifecycle at
frozen local instants."""

from datetime import date

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.q1_dossier.tests.common import Q1Case

# General criteria (30 points, Decree 335/2025 Art. 12(2)) a manager enters in the evaluation tests: with 70 task
# points, GOOD_GENERAL (10) makes 80, "good", and EXCELLENT_GENERAL (25) makes 95, "excellent".
GOOD_GENERAL = {
    "qualities": 2,
    "discipline": 2,
    "competence": 1,
    "task_fulfilment": 1,
    "responsibility": 1,
    "service_attitude": 1,
    "innovation": 2,
}
EXCELLENT_GENERAL = {
    "qualities": 5,
    "discipline": 5,
    "competence": 2.5,
    "task_fulfilment": 2.5,
    "responsibility": 2.5,
    "service_attitude": 2.5,
    "innovation": 5,
}


class Q1ReportingCase(Q1Case):
    """``Q1Case`` plus ``leader``, a unit leader of wards A and B who reads the reports over both; ``officer_a`` and
    ``officer_b`` are the processing officers who take each ward's dossiers (``proc_a1`` and ``proc_b``)."""

    @classmethod
    def _ward_a_employee(cls, user, manager=None, job=None):
        """The employee of ``user`` in ward A (created if missing), under ``manager`` (an employee), in ``job``."""
        found = user.employee_ids.filtered(lambda e: e.company_id == cls.ward_a) or cls.env["hr.employee"].create(
            {"name": user.name, "user_id": user.id, "company_id": cls.ward_a.id}
        )
        found.write({"parent_id": manager.id if manager else False, "job_id": job.id if job else False})
        return found

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.leader = new_test_user(
            cls.env,
            login="q1_leader_ab",
            groups="q1_dossier.group_q1_unit_leader",
            name="Trần Lãnh Đạo",
            company_id=cls.ward_a.id,
            company_ids=[Command.set((cls.ward_a | cls.ward_b).ids)],
            tz="Asia/Ho_Chi_Minh",
        )
        cls.officer_a, cls.officer_b = cls.proc_a1, cls.proc_b

    @classmethod
    def received(cls, local_string, procedure=None, ward="a", channel="direct"):
        """A dossier received at ``local_string`` by the ward's counter and taken by its officer."""
        reception, officer = (cls.reception_a, cls.officer_a) if ward == "a" else (cls.reception_b, cls.officer_b)
        with cls.at(local_string):
            dossier = cls.make_dossier(procedure, user=reception, channel=channel)
            dossier.action_receive()
            dossier.sudo().assign(officer)
        return dossier

    @classmethod
    def finish(cls, dossier, local_string):
        """The officer hands over the last step: the result is ready."""
        with cls.at(local_string):
            while dossier.state != "done":
                dossier.with_user(dossier.current_step_id.user_id or dossier.user_id).hand_over()
        return dossier

    def march_report(self, user, computed=False):
        """Ward A's handling report of March 2026 made by ``user``, over one dossier received on 02/03."""
        self.received("2026-03-02 09:00")
        wizard = (
            self.env["q1.handling.report.wizard"]
            .with_user(user)
            .create(
                {
                    "company_ids": [Command.set(self.ward_a.ids)],
                    "period_kind": "custom",
                    "date_from": date(2026, 3, 1),
                    "date_to": date(2026, 3, 31),
                }
            )
        )
        if computed:
            wizard.action_compute()
        return wizard

    def report_row(self, dossier):
        self.env.flush_all()
        return self.env["q1.dossier.report"].search([("dossier_id", "=", dossier.id)])

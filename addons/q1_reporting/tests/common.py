"""Shared set-up of the reporting tests: two wards of their own (unit codes T97.0x), their officers, a field of
law with two procedures, and helpers that drive dossiers through the real lifecycle at frozen local instants."""

from contextlib import contextmanager
from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

from odoo.addons.q1_dossier.core.localtime import to_utc


def utc(local_string):
    return to_utc(datetime.strptime(local_string, "%Y-%m-%d %H:%M"))


class Q1ReportingCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        calendar = env.ref("q1_dossier.q1_work_calendar_state")
        Company = env["res.company"]
        cls.ward_a = Company.create(
            {
                "name": "Phường Báo Cáo A",
                "q1_unit_code": "T97.01",
                "q1_place_name": "Báo Cáo A",
                "q1_authority_name": "Ủy ban nhân dân phường Báo Cáo A",
                "q1_work_calendar_id": calendar.id,
            }
        )
        cls.ward_b = Company.create(
            {
                "name": "Phường Báo Cáo B",
                "q1_unit_code": "T97.02",
                "q1_place_name": "Báo Cáo B",
                "q1_work_calendar_id": calendar.id,
            }
        )

        def user(login, group, companies, name):
            return new_test_user(
                env,
                login=login,
                groups=group,
                name=name,
                company_id=companies[0].id,
                company_ids=[Command.set([c.id for c in companies])],
                tz="Asia/Ho_Chi_Minh",
            )

        cls.reception_a = user("bc_reception_a", "q1_dossier.group_q1_reception", [cls.ward_a], "Nguyễn Tiếp Nhận")
        cls.officer_a = user("bc_officer_a", "q1_dossier.group_q1_processing", [cls.ward_a], "Lê Xử Lý")
        cls.head_a = user("bc_head_a", "q1_dossier.group_q1_department_head", [cls.ward_a], "Phạm Trưởng Phòng")
        cls.reception_b = user("bc_reception_b", "q1_dossier.group_q1_reception", [cls.ward_b], "Đỗ Tiếp Nhận")
        cls.officer_b = user("bc_officer_b", "q1_dossier.group_q1_processing", [cls.ward_b], "Hồ Xử Lý")
        cls.leader = user("bc_leader", "q1_dossier.group_q1_unit_leader", [cls.ward_a, cls.ward_b], "Trần Lãnh Đạo")

        cls.field = env["q1.field"].create({"name": "Hộ tịch (báo cáo)", "code": "T97-HT"})
        cls.field_2 = env["q1.field"].create({"name": "Chứng thực (báo cáo)", "code": "T97-CT"})
        Procedure = env["q1.procedure"]
        cls.proc_5d = Procedure.create(
            {
                "name": "Đăng ký khai sinh (báo cáo)",
                "code": "T97.000001",
                "field_id": cls.field.id,
                "time_unit": "day",
                "time_limit": 5,
            }
        )
        cls.proc_3d = Procedure.create(
            {
                "name": "Chứng thực chữ ký (báo cáo)",
                "code": "T97.000002",
                "field_id": cls.field_2.id,
                "time_unit": "day",
                "time_limit": 3,
            }
        )

    @classmethod
    @contextmanager
    def at(cls, local_string):
        with freeze_time(utc(local_string)):
            yield

    @classmethod
    def received(cls, local_string, procedure=None, ward="a", channel="direct"):
        """A dossier received at ``local_string`` by the ward's counter and taken by its officer."""
        reception = cls.reception_a if ward == "a" else cls.reception_b
        officer = cls.officer_a if ward == "a" else cls.officer_b
        with cls.at(local_string):
            dossier = (
                cls.env["q1.dossier"]
                .with_user(reception)
                .create(
                    {
                        "procedure_id": (procedure or cls.proc_5d).id,
                        "applicant_name": "Lê Thị Công Dân",
                        "applicant_phone": "0912 345 678",
                        "applicant_address": "12 Lý Tự Trọng",
                        "channel": channel,
                    }
                )
            )
            dossier.document_ids.write({"is_received": True})
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

    def report_row(self, dossier):
        self.env.flush_all()
        return self.env["q1.dossier.report"].search([("dossier_id", "=", dossier.id)])

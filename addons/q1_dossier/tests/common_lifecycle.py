"""Shared set-up of the lifecycle tests (issue 3): three wards, their officers, processing stages and procedures.

Test-only unit codes (T98.0x), logins and procedure codes, so that nothing collides with demo data.
All instants are written as local (Asia/Ho_Chi_Minh) wall-clock strings and frozen with freezegun.
"""
from contextlib import contextmanager
from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

from ..models.q1_dossier import to_local, to_utc


def utc(local_string):
    """UTC naive datetime of a local 'YYYY-MM-DD HH:MM' (what Datetime fields store)."""
    return to_utc(datetime.strptime(local_string, "%Y-%m-%d %H:%M"))


def local(utc_naive):
    return to_local(utc_naive)


class Q1LifecycleCase(TransactionCase):

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.calendar = env.ref("q1_dossier.q1_work_calendar_state")
        Company = env["res.company"]
        cls.ward_a = Company.create({
            "name": "Phường Kiểm Thử A", "q1_unit_code": "T98.01", "q1_place_name": "Kiểm Thử A",
            "q1_work_calendar_id": cls.calendar.id})
        cls.ward_b = Company.create({
            "name": "Phường Kiểm Thử B", "q1_unit_code": "T98.02", "q1_place_name": "Kiểm Thử B",
            "q1_work_calendar_id": cls.calendar.id})
        cls.ward_c = Company.create({
            "name": "Phường Kiểm Thử C", "q1_unit_code": "T98.03", "q1_place_name": "Kiểm Thử C",
            "q1_work_calendar_id": cls.calendar.id})

        def user(login, groups, company, name):
            return new_test_user(
                env, login=login, groups=groups, name=name, company_id=company.id,
                company_ids=[Command.set(company.ids)], tz="Asia/Ho_Chi_Minh")

        cls.reception_a = user("lt_reception_a", "q1_dossier.group_q1_reception", cls.ward_a, "Nguyễn Văn Tiếp")
        cls.head_a = user("lt_head_a", "q1_dossier.group_q1_department_head", cls.ward_a, "Phạm Trưởng Phòng")
        cls.proc_a1 = user("lt_proc_a1", "q1_dossier.group_q1_processing", cls.ward_a, "Lê Thẩm Định")
        cls.proc_a2 = user("lt_proc_a2", "q1_dossier.group_q1_processing", cls.ward_a, "Võ Trình Ký")
        cls.leader_a = user("lt_leader_a", "q1_dossier.group_q1_unit_leader", cls.ward_a, "Trần Chủ Tịch")
        cls.reception_b = user("lt_reception_b", "q1_dossier.group_q1_reception", cls.ward_b, "Đỗ Thị Nhận")
        cls.proc_b = user("lt_proc_b", "q1_dossier.group_q1_processing", cls.ward_b, "Hồ Văn Xử Lý")
        cls.leader_b = user("lt_leader_b", "q1_dossier.group_q1_unit_leader", cls.ward_b, "Mai Lãnh Đạo")
        cls.reception_c = user("lt_reception_c", "q1_dossier.group_q1_reception", cls.ward_c, "Châu Thị Ba")
        cls.proc_c = user("lt_proc_c", "q1_dossier.group_q1_processing", cls.ward_c, "Tạ Văn Ba")

        Stage = env["q1.dossier.stage"]
        # After the standard 'Processing' stage (sequence 4, lower id), so _for_status('processing') is unchanged.
        cls.stage_appraise = Stage.create({"name": "Thẩm định (LT)", "status": "processing", "sequence": 4})
        cls.stage_sign = Stage.create({"name": "Trình ký (LT)", "status": "processing", "sequence": 4})
        cls.stage_approve = Stage.create({"name": "Ký duyệt (LT)", "status": "processing", "sequence": 4})

        cls.field = env["q1.field"].create({"name": "Hộ tịch (vòng đời)", "code": "T98-HT"})
        Procedure = env["q1.procedure"]
        # 5 working days, no internal process: one step 'Processing' taking the whole legal time.
        cls.proc_5d = Procedure.create({
            "name": "Đăng ký khai sinh (vòng đời)", "code": "T98.000001", "field_id": cls.field.id,
            "time_unit": "day", "time_limit": 5})
        # 5 working days, three steps on three stages: 2 + 2 + 1 working days.
        cls.proc_flow = Procedure.create({
            "name": "Cấp giấy xác nhận (vòng đời)", "code": "T98.000002", "field_id": cls.field.id,
            "time_unit": "day", "time_limit": 5,
            "step_ids": [
                Command.create({"name": "Thẩm định", "sequence": 1, "stage_id": cls.stage_appraise.id,
                                "time_budget": 2}),
                Command.create({"name": "Trình ký", "sequence": 2, "stage_id": cls.stage_sign.id,
                                "time_budget": 2}),
                Command.create({"name": "Ký duyệt", "sequence": 3, "stage_id": cls.stage_approve.id,
                                "time_budget": 1}),
            ]})

    # ------------------------------------------------------------------ helpers

    @classmethod
    def make_dossier(cls, procedure=None, user=None, **values):
        """A draft dossier entered by ``user`` (ward A's reception officer by default), documents ticked."""
        vals = {
            "procedure_id": (procedure or cls.proc_5d).id,
            "applicant_name": "Lê Thị Công Dân",
            "applicant_phone": "0912 345 678",
            "applicant_address": "12 Lý Tự Trọng",
        }
        vals.update(values)
        dossier = cls.env["q1.dossier"].with_user(user or cls.reception_a).create(vals)
        dossier.document_ids.write({"is_received": True})
        return dossier

    @contextmanager
    def at(self, local_string):
        """Freeze the clock at a local wall-clock time of Ho Chi Minh City."""
        with freeze_time(utc(local_string)):
            yield

    def receive_at(self, dossier, local_string, user=None):
        with self.at(local_string):
            dossier.with_user(user or self.reception_a).action_receive()
        return dossier

    def received_and_assigned(self, procedure=None, local_string="2026-03-02 09:00", officer=None, **values):
        """Received at ``local_string`` by ward A's counter and taken at once by ``officer`` (proc_a1)."""
        dossier = self.make_dossier(procedure, **values)
        self.receive_at(dossier, local_string)
        with self.at(local_string):
            dossier.with_user(self.head_a).assign(officer or self.proc_a1)
        return dossier

    def mails(self, dossier):
        return self.env["mail.mail"].sudo().search(
            [("model", "=", "q1.dossier"), ("res_id", "=", dossier.id)], order="id")

    def snapshot(self, dossier):
        """What a refused action must leave untouched."""
        dossier.invalidate_recordset()
        return {
            "stage": dossier.stage_id.id, "state": dossier.state, "user": dossier.user_id.id,
            "current_step": dossier.current_step_id.id, "finished_at": dossier.finished_at,
            "returned_at": dossier.returned_at, "due_date": dossier.due_date,
            "promised_date": dossier.promised_date,
            "steps": [(s.id, s.user_id.id, s.finished_at) for s in dossier.step_ids],
            "pauses": [(p.id, p.resumed_at) for p in dossier.pause_ids],
        }

"""Shared set-up of the Odoo-tier tests: two ward centres, their officers and a small catalogue.

Nothing here relies on demo data: unit codes, logins, field and procedure codes are test-only values chosen so
that they cannot collide with the demo companies (H29.39.0x) when demo data is installed.
"""
from contextlib import contextmanager
from datetime import datetime

import pytz
from freezegun import freeze_time

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

VN_TZ = pytz.timezone("Asia/Ho_Chi_Minh")

RECEPTION_GROUPS = "base.group_user,q1_dossier.group_q1_reception"


def utc(local_string):
    """UTC naive datetime of a local (Asia/Ho_Chi_Minh, UTC+7) 'YYYY-MM-DD HH:MM' wall-clock time."""
    local = datetime.strptime(local_string, "%Y-%m-%d %H:%M")
    return VN_TZ.localize(local).astimezone(pytz.utc).replace(tzinfo=None)


class Q1DossierCase(TransactionCase):
    """Two receiving units (wards A and B), one reception officer each, and procedures of each kind."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        env = cls.env
        cls.calendar = env.ref("q1_dossier.q1_work_calendar_state")
        cls.ward_a = env["res.company"].create({
            "name": "Trung tâm Phục vụ hành chính công phường Thử Nghiệm A",
            "q1_unit_code": "T99.01",
            "q1_authority_name": "Ủy ban nhân dân phường Thử Nghiệm A",
            "q1_place_name": "Thử Nghiệm A",
            "q1_work_calendar_id": cls.calendar.id,
            "street": "1 Đường Thử",
            "city": "Thành phố Hồ Chí Minh",
        })
        cls.ward_b = env["res.company"].create({
            "name": "Trung tâm Phục vụ hành chính công phường Thử Nghiệm B",
            "q1_unit_code": "T99.02",
            "q1_place_name": "Thử Nghiệm B",
            "q1_work_calendar_id": cls.calendar.id,
        })
        cls.officer_a = new_test_user(
            env, login="q1_officer_a", groups=RECEPTION_GROUPS, name="Nguyễn Văn Tiếp",
            company_id=cls.ward_a.id, company_ids=[Command.set([cls.ward_a.id])], tz="Asia/Ho_Chi_Minh")
        cls.officer_b = new_test_user(
            env, login="q1_officer_b", groups=RECEPTION_GROUPS, name="Trần Thị Nhận",
            company_id=cls.ward_b.id, company_ids=[Command.set([cls.ward_b.id])], tz="Asia/Ho_Chi_Minh")

        cls.field = env["q1.field"].create({"name": "Hộ tịch (thử nghiệm)", "code": "T99-HT"})
        Procedure = env["q1.procedure"]
        cls.proc_5d = Procedure.create({
            "name": "Đăng ký khai sinh (thử nghiệm)",
            "code": "T99.000001",
            "field_id": cls.field.id,
            "time_unit": "day",
            "time_limit": 5,
            "fee_amount": 50000,
            "document_ids": [
                Command.create({"name": "Tờ khai đăng ký khai sinh", "sequence": 1, "original_count": 1}),
                Command.create({"name": "Giấy chứng sinh", "sequence": 2, "original_count": 1}),
                Command.create({"name": "Giấy ủy quyền (nếu có)", "sequence": 3, "original_count": 1,
                                "is_required": False}),
            ],
        })
        cls.proc_3d = Procedure.create({
            "name": "Đăng ký kết hôn (thử nghiệm)", "code": "T99.000002", "field_id": cls.field.id,
            "time_unit": "day", "time_limit": 3,
        })
        cls.proc_10d = Procedure.create({
            "name": "Cấp giấy phép (thử nghiệm)", "code": "T99.000003", "field_id": cls.field.id,
            "time_unit": "day", "time_limit": 10,
        })
        cls.proc_same_day = Procedure.create({
            "name": "Chứng thực bản sao (thử nghiệm)", "code": "T99.000004", "field_id": cls.field.id,
            "time_unit": "day", "same_day": True, "time_limit": 0, "fee_amount": 2000,
        })
        cls.proc_8h = Procedure.create({
            "name": "Xác nhận trực tuyến (thử nghiệm)", "code": "T99.000005", "field_id": cls.field.id,
            "time_unit": "hour", "time_limit": 8,
        })
        cls.proc_4h = Procedure.create({
            "name": "Xác nhận nhanh (thử nghiệm)", "code": "T99.000006", "field_id": cls.field.id,
            "time_unit": "hour", "time_limit": 4,
        })

    # ------------------------------------------------------------------ helpers

    @classmethod
    def make_dossier(cls, procedure=None, user=None, tick=True, **values):
        """A draft dossier entered by ``user`` (ward A's officer by default), documents handed in if ``tick``."""
        user = user or cls.officer_a
        vals = {
            "procedure_id": (procedure or cls.proc_5d).id,
            "applicant_name": "Lê Thị Công Dân",
            "applicant_phone": "0912 345 678",
            "applicant_address": "12 Lý Tự Trọng",
        }
        vals.update(values)
        dossier = cls.env["q1.dossier"].with_user(user).create(vals)
        if tick:
            dossier.document_ids.write({"is_received": True})
        return dossier

    @contextmanager
    def at_local(self, local_string):
        """Freeze the clock at a local wall-clock time of Ho Chi Minh City."""
        with freeze_time(utc(local_string)):
            yield

    def receive_at(self, dossier, local_string):
        with self.at_local(local_string):
            dossier.action_receive()
        return dossier

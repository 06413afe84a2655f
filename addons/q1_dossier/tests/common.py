"""Shared set-up of the Odoo-tier tests: three ward centres, their officers, processing stages and a small catalogue.

Nothing here relies on demo data: unit codes, logins, field and procedure codes are test-only values chosen so
that they cannot collide with the demo companies (H29.39.0x) when demo data is installed. All instants are
written as local (Asia/Ho_Chi_Minh) wall-clock strings and frozen with freezegun.

``Q1Case`` is the one fixture class of both addons' Odoo tests (q1_reporting's ``Q1ReportingCase`` adds to it).
Its wards' unit codes are ``UNIT_A``, ``UNIT_B`` and ``UNIT_C``; a dossier code asserted by a test starts with one
of them.
"""

import sys
import threading
import traceback
from contextlib import contextmanager
from datetime import datetime

from freezegun import freeze_time

from odoo import Command
from odoo.tests import TransactionCase, new_test_user

from ..core.localtime import to_local, to_utc

RECEPTION_GROUPS = "base.group_user,q1_dossier.group_q1_reception"


def start_in_thread(action):
    """Run ``action()`` in a thread of its own, the second of two concurrent requests. Returns the thread, the
    outcome (``{"result": ...}`` or ``{"error": exception}``, the error itself being what the tests look at) and
    the event set when it ends."""
    outcome, done = {}, threading.Event()

    def run():
        try:
            outcome["result"] = action()
        except Exception as error:  # noqa: BLE001 - the error itself is the result under test
            outcome["error"] = error
        finally:
            done.set()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, outcome, done


def wait_for_lock(probe, pid, done):
    """Poll ``pg_stat_activity`` through the cursor ``probe`` until backend ``pid`` waits on a lock or the event
    ``done`` is set; return the wait event type last seen. Bounded (1,200 polls), so that a missing lock fails a
    test instead of hanging it; the bound is a count, not a speed."""
    row = None
    for _poll in range(1200):
        probe.execute("SELECT wait_event_type FROM pg_stat_activity WHERE pid = %s", (pid,))
        row = probe.fetchone()
        probe.rollback()
        if (row and row[0] == "Lock") or done.wait(0.05):
            break
    return row and row[0]


def join_or_stack(thread):
    """Join ``thread`` (60 s at most, against a hang); return its stack if it is still running, else None."""
    thread.join(timeout=60)
    if thread.is_alive():
        return "".join(traceback.format_stack(sys._current_frames()[thread.ident]))
    return None


def utc(local_string):
    """UTC naive datetime (what Datetime fields store) of a local 'YYYY-MM-DD HH:MM' wall-clock time."""
    return to_utc(datetime.strptime(local_string, "%Y-%m-%d %H:%M"))


def local(utc_naive):
    return to_local(utc_naive)


class Q1Case(TransactionCase):
    """Wards A, B and C on the state calendar; A has a full team (reception, department head, two processing
    officers, leader), B reception, processing and a leader, C reception and processing. Two fields of law and
    procedures of every kind: days, same day, hours, and a three-step internal process on three stages."""

    UNIT_A, UNIT_B, UNIT_C = "T99.01", "T99.02", "T99.03"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env.ref("q1_dossier.q1_work_calendar_state")
        cls._create_wards()
        cls._create_users()
        cls._create_stages()
        cls._create_procedures()

    @classmethod
    def _create_wards(cls):
        Company = cls.env["res.company"]
        cls.ward_a = Company.create(
            {
                "name": "Trung tâm Phục vụ hành chính công phường Thử Nghiệm A",
                "q1_unit_code": cls.UNIT_A,
                "q1_authority_name": "Ủy ban nhân dân phường Thử Nghiệm A",
                "q1_place_name": "Thử Nghiệm A",
                "q1_work_calendar_id": cls.calendar.id,
                "street": "1 Đường Thử",
                "city": "Thành phố Hồ Chí Minh",
            }
        )
        cls.ward_b = Company.create(
            {
                "name": "Trung tâm Phục vụ hành chính công phường Thử Nghiệm B",
                "q1_unit_code": cls.UNIT_B,
                "q1_place_name": "Thử Nghiệm B",
                "q1_work_calendar_id": cls.calendar.id,
            }
        )
        cls.ward_c = Company.create(
            {
                "name": "Trung tâm Phục vụ hành chính công phường Thử Nghiệm C",
                "q1_unit_code": cls.UNIT_C,
                "q1_place_name": "Thử Nghiệm C",
                "q1_work_calendar_id": cls.calendar.id,
            }
        )

    @classmethod
    def _create_users(cls):
        def user(login, groups, company, name):
            return new_test_user(
                cls.env,
                login=login,
                groups=groups,
                name=name,
                company_id=company.id,
                company_ids=[Command.set(company.ids)],
                tz="Asia/Ho_Chi_Minh",
            )

        cls.reception_a = user("q1_reception_a", RECEPTION_GROUPS, cls.ward_a, "Nguyễn Văn Tiếp")
        cls.head_a = user("q1_head_a", "q1_dossier.group_q1_department_head", cls.ward_a, "Phạm Trưởng Phòng")
        cls.proc_a1 = user("q1_proc_a1", "q1_dossier.group_q1_processing", cls.ward_a, "Lê Thẩm Định")
        cls.proc_a2 = user("q1_proc_a2", "q1_dossier.group_q1_processing", cls.ward_a, "Võ Trình Ký")
        cls.leader_a = user("q1_leader_a", "q1_dossier.group_q1_unit_leader", cls.ward_a, "Trần Chủ Tịch")
        cls.reception_b = user("q1_reception_b", RECEPTION_GROUPS, cls.ward_b, "Trần Thị Nhận")
        cls.proc_b = user("q1_proc_b", "q1_dossier.group_q1_processing", cls.ward_b, "Hồ Văn Xử Lý")
        cls.leader_b = user("q1_leader_b", "q1_dossier.group_q1_unit_leader", cls.ward_b, "Mai Lãnh Đạo")
        cls.reception_c = user("q1_reception_c", RECEPTION_GROUPS, cls.ward_c, "Châu Thị Ba")
        cls.proc_c = user("q1_proc_c", "q1_dossier.group_q1_processing", cls.ward_c, "Tạ Văn Ba")

    @classmethod
    def _create_stages(cls):
        Stage = cls.env["q1.dossier.stage"]
        # After the standard 'Processing' stage (sequence 4, lower id), so _for_status('processing') is unchanged.
        cls.stage_appraise = Stage.create({"name": "Thẩm định (thử nghiệm)", "status": "processing", "sequence": 4})
        cls.stage_sign = Stage.create({"name": "Trình ký (thử nghiệm)", "status": "processing", "sequence": 4})
        cls.stage_approve = Stage.create({"name": "Ký duyệt (thử nghiệm)", "status": "processing", "sequence": 4})

    @classmethod
    def _create_procedures(cls):
        cls.field = cls.env["q1.field"].create({"name": "Hộ tịch (thử nghiệm)", "code": "T99-HT"})
        cls.field_2 = cls.env["q1.field"].create({"name": "Chứng thực (thử nghiệm)", "code": "T99-CT"})
        field = cls.field.id
        Procedure = cls.env["q1.procedure"]
        # 5 working days, no internal process: one step 'Processing' taking the whole legal time.
        cls.proc_5d = Procedure.create(
            {
                "name": "Đăng ký khai sinh (thử nghiệm)",
                "code": "T99.000001",
                "field_id": field,
                "time_unit": "day",
                "time_limit": 5,
                "fee_amount": 50000,
                "document_ids": [
                    Command.create({"name": "Tờ khai đăng ký khai sinh", "sequence": 1, "original_count": 1}),
                    Command.create({"name": "Giấy chứng sinh", "sequence": 2, "original_count": 1}),
                    Command.create(
                        {"name": "Giấy ủy quyền (nếu có)", "sequence": 3, "original_count": 1, "is_required": False}
                    ),
                ],
            }
        )
        cls.proc_3d = Procedure.create(
            {
                "name": "Chứng thực chữ ký (thử nghiệm)",
                "code": "T99.000002",
                "field_id": cls.field_2.id,
                "time_unit": "day",
                "time_limit": 3,
            }
        )
        cls.proc_10d = Procedure.create(
            {
                "name": "Cấp giấy phép (thử nghiệm)",
                "code": "T99.000003",
                "field_id": field,
                "time_unit": "day",
                "time_limit": 10,
            }
        )
        cls.proc_same_day = Procedure.create(
            {
                "name": "Chứng thực bản sao (thử nghiệm)",
                "code": "T99.000004",
                "field_id": field,
                "time_unit": "day",
                "same_day": True,
                "time_limit": 0,
                "fee_amount": 2000,
            }
        )
        cls.proc_8h = Procedure.create(
            {
                "name": "Xác nhận trực tuyến (thử nghiệm)",
                "code": "T99.000005",
                "field_id": field,
                "time_unit": "hour",
                "time_limit": 8,
            }
        )
        cls.proc_4h = Procedure.create(
            {
                "name": "Xác nhận nhanh (thử nghiệm)",
                "code": "T99.000006",
                "field_id": field,
                "time_unit": "hour",
                "time_limit": 4,
            }
        )
        # 5 working days, three steps on three stages: 2 + 2 + 1 working days.
        cls.proc_flow = Procedure.create(
            {
                "name": "Cấp giấy xác nhận (thử nghiệm)",
                "code": "T99.000007",
                "field_id": field,
                "time_unit": "day",
                "time_limit": 5,
                "step_ids": [
                    Command.create(
                        {"name": "Thẩm định", "sequence": 1, "stage_id": cls.stage_appraise.id, "time_budget": 2}
                    ),
                    Command.create(
                        {"name": "Trình ký", "sequence": 2, "stage_id": cls.stage_sign.id, "time_budget": 2}
                    ),
                    Command.create(
                        {"name": "Ký duyệt", "sequence": 3, "stage_id": cls.stage_approve.id, "time_budget": 1}
                    ),
                ],
            }
        )

    # ------------------------------------------------------------------ helpers

    @classmethod
    def make_dossier(cls, procedure=None, user=None, tick=True, **values):
        """A draft dossier entered by ``user`` (ward A's reception officer by default), documents handed in if
        ``tick``."""
        vals = {
            "procedure_id": (procedure or cls.proc_5d).id,
            "applicant_name": "Lê Thị Công Dân",
            "applicant_phone": "0912 345 678",
            "applicant_address": "12 Lý Tự Trọng",
        }
        vals.update(values)
        dossier = cls.env["q1.dossier"].with_user(user or cls.reception_a).create(vals)
        if tick:
            dossier.document_ids.write({"is_received": True})
        return dossier

    @classmethod
    @contextmanager
    def at(cls, local_string):
        """Freeze the clock at a local wall-clock time of Ho Chi Minh City."""
        with freeze_time(utc(local_string)):
            yield

    def receive_at(self, dossier, local_string, user=None):
        """Receive at ``local_string`` as ``user``, by default as the user the dossier record is bound to (the
        officer who entered it, for a dossier from ``make_dossier``)."""
        with self.at(local_string):
            (dossier.with_user(user) if user else dossier).action_receive()
        return dossier

    def received_and_assigned(self, procedure=None, local_string="2026-03-02 09:00", officer=None, **values):
        """Received at ``local_string`` by ward A's counter and taken at once by ``officer`` (proc_a1)."""
        dossier = self.make_dossier(procedure, **values)
        self.receive_at(dossier, local_string)
        with self.at(local_string):
            dossier.with_user(self.head_a).assign(officer or self.proc_a1)
        return dossier

    def mails(self, dossier):
        return (
            self.env["mail.mail"].sudo().search([("model", "=", "q1.dossier"), ("res_id", "=", dossier.id)], order="id")
        )

    def snapshot(self, dossier):
        """What a refused action must leave untouched."""
        dossier.invalidate_recordset()
        return {
            "stage": dossier.stage_id.id,
            "state": dossier.state,
            "user": dossier.user_id.id,
            "current_step": dossier.current_step_id.id,
            "finished_at": dossier.finished_at,
            "returned_at": dossier.returned_at,
            "due_date": dossier.due_date,
            "promised_date": dossier.promised_date,
            "steps": [(s.id, s.user_id.id, s.finished_at) for s in dossier.step_ids],
            "pauses": [(p.id, p.resumed_at) for p in dossier.pause_ids],
        }

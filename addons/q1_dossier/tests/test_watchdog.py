from datetime import date, datetime, time

from freezegun import freeze_time

from odoo import Command, fields
from odoo.tests import TransactionCase, new_test_user, tagged

from ..core.localtime import to_utc


def utc(day, hour=0, minute=5):
    """UTC naive instant of a local (Asia/Ho_Chi_Minh) day and time; 00:05 is the nightly pass."""
    return to_utc(datetime.combine(day, time(hour, minute)))


@tagged("post_install", "-at_install")
class TestWatchdog(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls.env.ref("q1_dossier.q1_work_calendar_state")
        cls.company = cls.env["res.company"].create(
            {"name": "Phường Watchdog", "q1_unit_code": "WD.TEST", "q1_work_calendar_id": cls.calendar.id}
        )
        company_vals = {"company_id": cls.company.id, "company_ids": [Command.set(cls.company.ids)]}
        cls.holder = new_test_user(cls.env, "wd_holder", "q1_dossier.group_q1_processing", **company_vals)
        cls.head = new_test_user(cls.env, "wd_head", "q1_dossier.group_q1_department_head", **company_vals)
        cls.leader = new_test_user(cls.env, "wd_leader", "q1_dossier.group_q1_unit_leader", **company_vals)
        cls.reception = new_test_user(cls.env, "wd_reception", "q1_dossier.group_q1_reception", **company_vals)
        cls.department = cls.env["hr.department"].create(
            {
                "name": "Văn hóa - Xã hội",
                "company_id": cls.company.id,
                "manager_id": cls.env["hr.employee"]
                .create({"name": "Trưởng phòng", "user_id": cls.head.id, "company_id": cls.company.id})
                .id,
            }
        )
        field = cls.env["q1.field"].create({"name": "Hộ tịch (watchdog)"})
        cls.procedure = cls.env["q1.procedure"].create(
            {
                "name": "Thủ tục kiểm thử",
                "code": "WD.0001",
                "field_id": field.id,
                "time_limit": 3,
                "step_ids": [
                    Command.create({"name": "Thẩm định", "department_id": cls.department.id, "time_budget": 3})
                ],
            }
        )
        cls.watchdog = cls.env["q1.dossier.watchdog"]

    def _dossier(self, **vals):
        return (
            self.env["q1.dossier"]
            .with_company(self.company)
            .create(
                dict(
                    {
                        "company_id": self.company.id,
                        "procedure_id": self.procedure.id,
                        "applicant_name": "Nguyễn Văn An",
                        "channel": "direct",
                    },
                    **vals,
                )
            )
        )

    def _received(self, local_day, hour=9):
        dossier = self._dossier()
        with freeze_time(utc(local_day, hour, 0)):
            dossier._receive(fields.Datetime.now())
            dossier.assign(self.holder)
        return dossier

    def _run(self, local_day, hour=0, minute=5):
        with freeze_time(utc(local_day, hour, minute)):
            return self.watchdog.run()

    def _activities(self, dossier, user):
        return self.env["mail.activity"].search(
            [("res_model", "=", "q1.dossier"), ("res_id", "=", dossier.id), ("user_id", "=", user.id)]
        )

    def test_deadline_states_around_tet_and_escalation(self):
        # Wednesday 11/02/2026, 3 working days: Thu 12, Fri 13, then Tết 16-20/02, so Monday 23/02.
        dossier = self._received(date(2026, 2, 11))
        self.assertEqual(dossier.promised_date, date(2026, 2, 23))

        self._run(date(2026, 2, 12))
        self.assertEqual(dossier.deadline_state, "within")
        self.assertFalse(self._activities(dossier, self.holder))

        # Friday before Tết: ten calendar days away, but the next working day.
        self.assertEqual(self._run(date(2026, 2, 13)), {dossier.id: "due_soon"})
        self.assertEqual(dossier.deadline_state, "due_soon")
        self.assertEqual(len(self._activities(dossier, self.holder)), 1)
        self.assertEqual(self._run(date(2026, 2, 13), 10), {})
        self.assertEqual(len(self._activities(dossier, self.holder)), 1, "no duplicate on a second run")

        # During Tết nothing moves.
        self._run(date(2026, 2, 18))
        self.assertEqual(dossier.deadline_state, "due_soon")

        self._run(date(2026, 2, 23))
        self.assertEqual(dossier.deadline_state, "due_today")
        self.assertEqual(dossier.escalation_level, 0)
        self.assertEqual(len(self._activities(dossier, self.holder)), 2)

        # Tuesday 24/02: overdue; the department head (manager of the step's department) is told once.
        self._run(date(2026, 2, 24))
        self.assertEqual(dossier.deadline_state, "overdue")
        self.assertEqual(dossier.escalation_level, 1)
        self.assertEqual(len(self._activities(dossier, self.holder)), 3)
        self.assertEqual(len(self._activities(dossier, self.head)), 1)
        self.assertFalse(self._activities(dossier, self.leader))

        self._run(date(2026, 2, 25))
        self.assertEqual(dossier.escalation_level, 1, "one working day later: not yet the leader")

        # Thursday 26/02: still overdue two working days after it became overdue: the unit leader.
        self._run(date(2026, 2, 26))
        self._run(date(2026, 2, 26), 9)
        self.assertEqual(dossier.escalation_level, 2)
        self.assertEqual(len(self._activities(dossier, self.leader)), 1)
        self.assertEqual(len(self._activities(dossier, self.head)), 1)
        self.assertEqual(len(self._activities(dossier, self.holder)), 3)

        # Closed dossiers lose their deadline state.
        with freeze_time(utc(date(2026, 2, 26), 10)):
            dossier.hand_over()
        self._run(date(2026, 2, 27))
        self.assertFalse(dossier.deadline_state)

    def test_idle_step_escalates_before_the_due_date(self):
        dossier = self._received(date(2026, 3, 2))  # Monday; step budget ends Thursday 05/03 09:00
        self._run(date(2026, 3, 5), 8)
        self.assertEqual(dossier.escalation_level, 0)
        self._run(date(2026, 3, 5), 10)
        self.assertEqual(dossier.deadline_state, "due_today")
        self.assertEqual(dossier.escalation_level, 1)
        self.assertEqual(len(self._activities(dossier, self.head)), 1)

    def test_online_unanswered_after_eight_working_hours(self):
        # Filed online on Friday 06/03/2026 at 15:00: 2 h on Friday, 8 h are reached on Monday at 15:00.
        with freeze_time(utc(date(2026, 3, 6), 15, 0)):
            dossier = self._dossier(channel="online")

        self._run(date(2026, 3, 7), 23, 30)  # 32 wall-clock hours, 2 working hours
        self.assertFalse(dossier.online_unanswered)
        with freeze_time(utc(date(2026, 3, 9), 14, 30)):
            self.watchdog.check_online()
        self.assertFalse(dossier.online_unanswered)
        with freeze_time(utc(date(2026, 3, 9), 15, 30)):
            self.assertEqual(self.watchdog.check_online(), [dossier.id])
        self.assertTrue(dossier.online_unanswered)
        self.assertEqual(len(self._activities(dossier, self.reception)), 1)
        self.assertFalse(self._activities(dossier, self.leader))
        self._run(date(2026, 3, 9), 16)
        self.assertEqual(len(self._activities(dossier, self.reception)), 1)

    def test_supplement_closed_after_fifteen_days(self):
        dossier = self._received(date(2026, 3, 2))
        with freeze_time(utc(date(2026, 3, 3), 9, 0)):
            # _pause, not request_supplement(): the latter ends on a report action the addon does not define yet.
            dossier._pause("supplement", "Thiếu giấy tờ", "- Bản sao giấy khai sinh")
        self._run(date(2026, 3, 4))
        self.assertEqual(dossier.state, "supplement")
        self.assertFalse(dossier.deadline_state, "waiting for the applicant is not the officer's delay")
        self._run(date(2026, 3, 18), 8)
        self.assertEqual(dossier.state, "supplement")
        self._run(date(2026, 3, 18), 10)
        self.assertEqual(dossier.state, "stopped")
        self.assertIn("khoản 5 Điều 19 Nghị định 118/2025/NĐ-CP", dossier.closing_reason)
        self.assertTrue(dossier.pause_ids.resumed_at)

    def test_digest_counts_per_unit(self):
        monday = date(2026, 3, 2)
        overdue = [self._received(date(2026, 2, 23)), self._received(date(2026, 2, 24))]
        due_today = self._received(date(2026, 2, 25))  # Wed + 3 working days = Mon 02/03
        within = self._received(monday)
        waiting = self._received(monday)
        with freeze_time(utc(monday, 9, 0)):
            waiting._pause("supplement", "Thiếu giấy tờ", "- Bản sao")
        self._run(monday, 10)
        self.assertEqual(
            set((overdue[0] | overdue[1] | due_today | within).mapped("deadline_state")),
            {"overdue", "due_today", "within"},
        )
        with freeze_time(utc(monday, 10, 30)):
            self.watchdog.send_digest()
        mail = self.env["mail.mail"].search([("recipient_ids", "in", self.leader.partner_id.ids)])
        self.assertEqual(len(mail), 1)
        expected = "".join(f'<td style="text-align:right">{n}</td>' for n in (2, 1, 0, 1, 1))
        self.assertIn(f"<tr><td>{self.company.name}</td>{expected}</tr>", mail.body_html)
        self.assertIn("Tình hình hồ sơ ngày 02/03/2026", mail.subject)
        self.assertIn("/odoo/action-q1_dossier.q1_dossier_action", mail.body_html)

"""Set-up shared by the tests of the result registers: q1_dossier's wards A, B and C (``Q1Case``), a household
business register with three columns and a validity of 12 months, and procedures that create, amend, replace and
revoke its entries, with the register's columns copied into their dossier data."""

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.q1_dossier.tests.common import Q1Case

ID_AN = "079085001234"  # Nguyễn Văn An, male, born 1985 (province 079)
ID_BINH = "079190000111"  # Trần Thị Bình, female, born 1990
TAX_CODE = "0312345673"  # an organisation (check digit 3)

NAME = "b0000000000000a1"
CAPITAL = "b0000000000000a2"
TRADE = "b0000000000000a3"

COLUMNS = [
    {"name": NAME, "string": "Tên hộ kinh doanh", "type": "char"},
    {"name": CAPITAL, "string": "Vốn kinh doanh (đồng)", "type": "integer"},
    {
        "name": TRADE,
        "string": "Ngành nghề",
        "type": "selection",
        "selection": [["food", "Ăn uống"], ["retail", "Bán lẻ"]],
    },
]


class RegisterCase(Q1Case):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.leader_a.write({"company_ids": [Command.set(cls.ward_a.ids)]})
        cls.register = cls.env["q1.register"].create(
            {
                "name": "Sổ đăng ký hộ kinh doanh (thử nghiệm)",
                "code": "T-HKD",
                "field_id": cls.field.id,
                "data_definition": COLUMNS,
                "validity_months": 12,
                "reminder_days": 30,
            }
        )

        def procedure(code, name, action):
            return cls.env["q1.procedure"].create(
                {
                    "name": name,
                    "code": code,
                    "field_id": cls.field.id,
                    "time_unit": "day",
                    "time_limit": 3,
                    "register_id": cls.register.id,
                    "register_action": action,
                    "data_definition": COLUMNS,
                }
            )

        cls.proc_create = procedure("T99.000201", "Đăng ký hộ kinh doanh (thử nghiệm)", "create")
        cls.proc_amend = procedure("T99.000202", "Đăng ký thay đổi hộ kinh doanh (thử nghiệm)", "amend")
        cls.proc_replace = procedure("T99.000203", "Cấp lại giấy chứng nhận hộ kinh doanh (thử nghiệm)", "replace")
        cls.proc_revoke = procedure("T99.000204", "Thu hồi giấy chứng nhận hộ kinh doanh (thử nghiệm)", "revoke")
        cls.manager = new_test_user(
            cls.env,
            login="q1_reg_manager",
            groups="q1_dossier.group_q1_manager",
            name="Đỗ Quản Trị Sổ",
            company_id=cls.ward_a.id,
            tz="Asia/Ho_Chi_Minh",
        )

    def result(
        self,
        procedure,
        data=None,
        when="2026-03-02 09:00",
        done="2026-03-04 10:00",
        identity=ID_AN,
        entry=None,
        user=None,
        **values,
    ):
        """A dossier of ``procedure`` received at ``when`` by ward A's counter (acting on ``entry``), processed by
        proc_a1 and handed over (its result ready) at ``done``."""
        vals = {"applicant_name": "Nguyễn Văn An", "applicant_id_number": identity}
        vals.update(values)
        if entry:
            vals["register_entry_id"] = entry.id
        dossier = self.make_dossier(procedure, user=user, **vals)
        if data is not None:
            dossier.sudo().data_values = data
        self.receive_at(dossier, when)
        with self.at(when):
            dossier.with_user(self.head_a).assign(self.proc_a1)
        with self.at(done):
            dossier.with_user(self.proc_a1).hand_over()
        return dossier

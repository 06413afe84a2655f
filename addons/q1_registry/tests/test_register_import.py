"""Import of a ward's legacy register through Odoo's importer: every row is checked as the register checks it (ID
numbers, dates, unique numbers, status); a file with bad rows imports none of them and names each; a good file
lands with origin "import" and an "imported" event; only a unit's leaders import, into their own unit."""

import io

import xlsxwriter

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .register_common import CAPITAL, ID_AN, ID_BINH, NAME, TAX_CODE, RegisterCase

FIELDS = [
    "register_id",
    "number",
    "entry_date",
    "holder_name",
    "holder_id_number",
    "holder_address",
    "valid_until",
    "state",
    f"data_values.{NAME}",
    f"data_values.{CAPITAL}",
]
GOOD = [
    [
        "T-HKD",
        "15/2019/HKD",
        "2019-04-02",
        "Nguyễn Văn An",
        ID_AN,
        "5 Lê Duẩn",
        "2030-04-01",
        "valid",
        "Quán An",
        "100",
    ],
    ["T-HKD", "16/2019/HKD", "2019-04-03", "Công ty TNHH Mẫu", TAX_CODE, "7 Lê Duẩn", "", "revoked", "Cty Mẫu", ""],
    [
        "T-HKD",
        "17/2019/HKD",
        "2019-04-04",
        "Trần Thị Bình",
        ID_BINH,
        "9 Pasteur",
        "2020-04-03",
        "valid",
        "Tiệm Bình",
        "",
    ],
]
BAD = [
    ["T-HKD", "18/2019/HKD", "2019-04-05", "Người Sai Số", "07908500123", "1 Nguyễn Huệ", "", "valid", "X", ""],
    ["T-HKD", "15/2019/HKD", "2019-04-06", "Trùng Số", ID_AN, "2 Nguyễn Huệ", "", "valid", "Y", ""],
    ["T-HKD", "19/2019/HKD", "2019-04-07", "Tình Trạng Sai", ID_AN, "3 Nguyễn Huệ", "", "replaced", "Z", ""],
    ["T-HKD", "20/2019/HKD", "2031-01-01", "Ngày Tương Lai", ID_AN, "4 Nguyễn Huệ", "", "valid", "W", ""],
    ["T-HKD", "21/2019/HKD", "2019-04-09", "", ID_AN, "5 Nguyễn Huệ", "", "valid", "V", ""],
]


@tagged("post_install", "-at_install")
class TestRegisterImport(RegisterCase):
    def entries(self):
        return self.env["q1.register.entry"].sudo().search([("register_id", "=", self.register.id)])

    def test_good_rows_are_imported_with_their_history(self):
        with self.at("2026-03-02 09:00"):
            result = self.env["q1.register.entry"].with_user(self.leader_a).load(FIELDS, GOOD)
        self.assertEqual(result["messages"], [])
        self.assertEqual(len(result["ids"]), 3)
        entries = self.entries()
        self.assertEqual(set(entries.mapped("number")), {"15/2019/HKD", "16/2019/HKD", "17/2019/HKD"})
        self.assertEqual(set(entries.mapped("origin")), {"import"})
        self.assertEqual(set(entries.mapped("company_id")), {self.ward_a})
        first = entries.filtered(lambda e: e.number == "15/2019/HKD")
        self.assertEqual(first._q1_data(), {NAME: "Quán An", CAPITAL: 100})
        self.assertEqual(first.citizen_id.identity_number, ID_AN)
        self.assertEqual(first.event_ids.kind, "imported")
        self.assertEqual(first.event_ids.user_id, self.leader_a)
        company = entries.filtered(lambda e: e.number == "16/2019/HKD")
        self.assertEqual((company.state, company.citizen_id.kind), ("revoked", "organisation"))
        # a legacy entry already past its validity is recorded as expired
        self.assertEqual(entries.filtered(lambda e: e.number == "17/2019/HKD").state, "expired")
        # an amendment dossier can then act on an imported entry
        dossier = self.result(
            self.proc_amend, {CAPITAL: 200}, when="2026-03-03 09:00", done="2026-03-04 09:00", entry=first
        )
        self.assertEqual(first.state, "amended")
        self.assertEqual(first.event_ids.sorted("id").mapped("kind"), ["imported", "amended"])
        self.assertEqual(first.event_ids.sorted("id")[-1].dossier_id, dossier)

    def test_bad_rows_import_nothing_and_are_each_named(self):
        with self.at("2026-03-02 09:00"):
            result = self.env["q1.register.entry"].with_user(self.leader_a).load(FIELDS, GOOD + BAD)
        self.assertFalse(result["ids"])
        self.assertFalse(self.entries(), "a file with bad rows imported some")
        errors = [message for message in result["messages"] if message["type"] == "error"]
        by_row = {message["rows"]["from"]: message["message"] for message in errors if "rows" in message}
        self.assertEqual(sorted(by_row), [3, 4, 5, 6, 7], result["messages"])
        self.assertIn("18/2019/HKD", by_row[3])
        self.assertIn("neither a citizen ID nor a tax code", by_row[3])
        self.assertIn("already in register", by_row[4])
        self.assertIn("cannot be imported", by_row[5])
        self.assertIn("in the future", by_row[6])
        self.assertIn("name is missing", by_row[7])

    def xlsx(self, rows):
        stream = io.BytesIO()
        workbook = xlsxwriter.Workbook(stream)
        sheet = workbook.add_worksheet()
        headers = [
            "Register",
            "Number",
            "Entry Date",
            "Holder",
            "ID",
            "Address",
            "Valid Until",
            "Status",
            "Name",
            "Capital",
        ]
        for column, header in enumerate(headers):
            sheet.write(0, column, header)
        for row, values in enumerate(rows, 1):
            for column, value in enumerate(values):
                sheet.write_string(row, column, value)
        workbook.close()
        return stream.getvalue(), headers

    def execute(self, rows, user):
        content, headers = self.xlsx(rows)
        wizard = (
            self.env["base_import.import"]
            .with_user(user)
            .create(
                {
                    "res_model": "q1.register.entry",
                    "file": content,
                    "file_type": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                }
            )
        )
        with self.at("2026-03-02 09:00"):
            return wizard.execute_import(
                FIELDS,
                headers,
                {"has_headers": True, "date_format": "%Y-%m-%d", "quoting": '"', "separator": ",", "limit": 2},
            )

    def test_importer_with_a_file(self):
        result = self.execute(GOOD + BAD, self.leader_a)
        self.assertFalse(result["ids"])
        self.assertFalse(self.entries())
        rows = sorted(m["rows"]["from"] for m in result["messages"] if m["type"] == "error" and "rows" in m)
        self.assertEqual(rows, [3, 4, 5, 6, 7], result["messages"])
        # the client's batches (limit 2 here) do not split the file: the good file is imported whole
        result = self.execute(GOOD, self.leader_a)
        self.assertEqual(result["messages"], [])
        self.assertEqual(len(self.entries()), 3)

    def test_only_a_unit_leader_imports_into_their_unit(self):
        for user in (self.reception_a, self.proc_a1, self.head_a):
            with self.assertRaises(AccessError):
                self.env["q1.register.entry"].with_user(user).load(FIELDS, GOOD[:1])
        # ward B's leader: into ward B (their default unit), never ward A
        result = self.env["q1.register.entry"].with_user(self.leader_b).load(FIELDS, GOOD[:1])
        self.assertEqual(self.entries().company_id, self.ward_b, result)
        result = (
            self.env["q1.register.entry"]
            .with_user(self.leader_b)
            .load([*FIELDS, "company_id/.id"], [[*GOOD[1], str(self.ward_a.id)]])
        )
        self.assertFalse(result["ids"])
        self.assertEqual(len(self.entries()), 1)

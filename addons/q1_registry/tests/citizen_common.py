"""Set-up shared by the tests of the citizen's record and of reuse at reception: q1_dossier's wards A, B and C
(``Q1Case``), an administrator of ward A, a household-business procedure whose checklist names kinds of document,
and helpers that put documents in a citizen's record as reception would."""

from datetime import date

from odoo import Command
from odoo.tests import new_test_user

from odoo.addons.q1_dossier.tests.common import Q1Case

ID_AN = "079085001234"  # Nguyễn Văn An, male, born 1985, registered in Hồ Chí Minh City (province 079)
ID_BINH = "079190000111"  # Trần Thị Bình, female, born 1990
TAX_CODE = "0312345673"  # an organisation (check digit 3)


class CitizenCase(Q1Case):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager_a = new_test_user(
            cls.env,
            login="q1_cit_manager_a",
            groups="q1_dossier.group_q1_manager",
            name="Đặng Quản Trị",
            company_id=cls.ward_a.id,
            company_ids=[Command.set(cls.ward_a.ids)],
            tz="Asia/Ho_Chi_Minh",
        )
        cls.kind_id_card = cls.env.ref("q1_registry.q1_document_kind_citizen_id")
        cls.kind_rental = cls.env.ref("q1_registry.q1_document_kind_rental_contract")
        cls.proc_hkd = cls.env["q1.procedure"].create(
            {
                "name": "Đăng ký thành lập hộ kinh doanh (thử nghiệm)",
                "code": "T99.000101",
                "field_id": cls.field.id,
                "time_unit": "day",
                "time_limit": 3,
                "document_ids": [
                    Command.create({"name": "Giấy đề nghị đăng ký hộ kinh doanh", "sequence": 1}),
                    Command.create({"name": "Căn cước của chủ hộ", "sequence": 2, "kind_id": cls.kind_id_card.id}),
                    Command.create(
                        {"name": "Hợp đồng thuê địa điểm kinh doanh", "sequence": 3, "kind_id": cls.kind_rental.id}
                    ),
                ],
            }
        )

    @classmethod
    def held(cls, identity_number, kind, company, valid_until=None, issued_on=None, number="", name="Nguyễn Văn An"):
        """A document of ``kind`` already digitised by ``company`` in the record of ``identity_number`` (as the
        product makes it at reception)."""
        citizen = cls.env["q1.citizen"]._q1_for_identity(identity_number, name, company)
        return (
            cls.env["q1.citizen.document"]
            .sudo()
            .create(
                {
                    "citizen_id": citizen.id,
                    "kind_id": kind.id,
                    "name": kind.name,
                    "number": number,
                    "issued_on": issued_on,
                    "valid_until": valid_until,
                    "digitised_at": "2026-01-05 02:00:00",
                    "company_id": company.id,
                }
            )
        )

    @classmethod
    def hkd_dossier(cls, identity_number=ID_AN, user=None, **values):
        """A draft household-business dossier of ``identity_number``, nothing ticked yet."""
        values.setdefault("applicant_name", "Nguyễn Văn An")
        values.setdefault("applicant_id_number", identity_number)
        return cls.make_dossier(cls.proc_hkd, user=user, tick=False, **values)

    @staticmethod
    def line(dossier, kind):
        return dossier.document_ids.filtered(lambda line: line.kind_id == kind)

    FAR = date(2040, 1, 1)

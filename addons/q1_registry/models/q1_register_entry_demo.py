import random

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

# The demo procedures and the register they write into (demo/q1_register_demo.xml).
DEMO_PROCEDURES = (
    "q1_dossier.q1_demo_proc_hkd_thanhlap",
    "q1_dossier.q1_demo_proc_hkd_thaydoi",
    "q1_dossier.q1_demo_proc_ht_khaisinh",
    "q1_dossier.q1_demo_proc_ht_tthn",
    "q1_dossier.q1_demo_proc_ct_bansao",
    "q1_dossier.q1_demo_proc_ct_chuky",
)
WARDS = ("saigon", "tandinh", "benthanh", "cauonglanh")
TRADES = ("Bán lẻ tạp hóa", "Ăn uống, giải khát", "Sửa chữa điện thoại", "May đo quần áo", "Cắt tóc, gội đầu")
GIVEN = ("Minh Anh", "Gia Bảo", "Khánh Linh", "Đức Huy", "Ngọc Hân", "Quốc Khánh", "Bảo Ngọc", "Thành Đạt")
PAPERS = ("Căn cước công dân", "Bằng tốt nghiệp trung học phổ thông", "Giấy khai sinh", "Sổ hộ khẩu (bản cũ)")


class Q1RegisterEntry(models.Model):
    """The demo's register entries: results of the demo dossiers written through ``_q1_write_register``, legacy
    registers imported by each ward's leader through ``load``, one amendment, one revoked and one expiring soon."""

    _inherit = "q1.register.entry"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _q1_load_demo(self, per_procedure=6):
        if self.search_count([]):
            return True  # loaded already
        rng = random.Random(2026)
        procedures = self.env["q1.procedure"].browse([self.env.ref(xmlid).id for xmlid in DEMO_PROCEDURES])
        procedures.action_copy_register_definition()
        Dossier = self.env["q1.dossier"].sudo()
        created = self.browse()
        for procedure in procedures.filtered(lambda p: p.register_action == "create"):
            dossiers = Dossier.search(
                [
                    ("procedure_id", "=", procedure.id),
                    ("state", "in", ("done", "returned")),
                    ("finished_at", "!=", False),
                ],
                order="finished_at, id",
            )
            for ward in WARDS:
                company = self.env.ref(f"q1_dossier.q1_demo_company_{ward}")
                ward_dossiers = dossiers.filtered(lambda d, c=company: d.deciding_company_id == c)
                # the unit's latest results, written in the order they were decided
                latest = ward_dossiers[-max(1, per_procedure // len(WARDS) + 1) :]
                for dossier in latest:
                    dossier.data_values = self._q1_demo_values(procedure, dossier, rng)
                    dossier._q1_write_register()
                    created |= dossier.register_entry_id
        self._q1_demo_amendment(created)
        self._q1_demo_import()
        self._cron_q1_expiry()
        return True

    @api.model
    def _q1_demo_values(self, procedure, dossier, rng):
        code = procedure.register_id.code
        surname = (dossier.applicant_name or "Nguyễn").split()[0]
        if code == "HKD":
            return {
                "hkd_ten": f"Hộ kinh doanh {dossier.applicant_name}",
                "hkd_dia_diem": dossier.applicant_address or "",
                "hkd_nganh_nghe": rng.choice(TRADES),
                "hkd_von": rng.choice((30, 50, 80, 120, 200)) * 1_000_000,
                "hkd_lao_dong": rng.randint(1, 8),
            }
        if code == "KS":
            born = (dossier.received_date or fields.Date.today()) - relativedelta(days=rng.randint(5, 50))
            return {
                "ks_ho_ten": f"{surname} {rng.choice(GIVEN)}",
                "ks_ngay_sinh": fields.Date.to_string(born),
                "ks_gioi_tinh": rng.choice(("nam", "nu")),
                "ks_noi_sinh": rng.choice(("Bệnh viện Từ Dũ", "Bệnh viện Hùng Vương", "Bệnh viện Nhi Đồng 1")),
                "ks_me": dossier.applicant_name,
            }
        if code == "TTHN":
            return {"tthn_tinh_trang": "Chưa đăng ký kết hôn với ai", "tthn_muc_dich": "Đăng ký kết hôn"}
        return {
            "ct_viec": "chu_ky" if procedure == self.env.ref("q1_dossier.q1_demo_proc_ct_chuky") else "ban_sao",
            "ct_giay_to": rng.choice(PAPERS),
            "ct_so_ban": rng.randint(1, 5),
        }

    @api.model
    def _q1_demo_amendment(self, created):
        """A change-of-details dossier (hkd_thaydoi) for the holder of a household business entry of Sài Gòn, entered
        and received by the ward's counter, assigned by its head and handed over by its officer (the dossier's own
        methods, at the time of installation): its result amends the entry, kept as "amended" with the data before
        and after. A new dossier: the demo never rewrites the applicant of a dossier already received."""
        ward = self.env.ref("q1_dossier.q1_demo_company_saigon")
        entry = created.filtered(lambda e: e.register_id.code == "HKD" and e.company_id == ward)[:1]
        original = entry.event_ids.dossier_id[:1]
        if not original:
            return self.browse()
        user = {role: self.env.ref(f"q1_dossier.q1_demo_user_{role}_saigon") for role in ("tiepnhan", "truongphong")}
        dossier = (
            self.env["q1.dossier"]
            .with_user(user["tiepnhan"])
            .with_company(ward)
            .create(
                {
                    "procedure_id": self.env.ref("q1_dossier.q1_demo_proc_hkd_thaydoi").id,
                    "company_id": ward.id,
                    "applicant_type": original.applicant_type,
                    "applicant_name": original.applicant_name,
                    "applicant_id_number": original.applicant_id_number,
                    "applicant_birth_date": original.applicant_birth_date,
                    "applicant_sex": original.applicant_sex,
                    "applicant_phone": original.applicant_phone,
                    "applicant_address": original.applicant_address,
                    "register_entry_id": entry.id,
                }
            )
        )
        dossier.document_ids.write({"is_received": True})
        dossier.sudo().data_values = {"hkd_nganh_nghe": "Ăn uống, giải khát; bán lẻ tạp hóa", "hkd_lao_dong": 10}
        dossier.action_receive()
        officer = self.env.ref("q1_dossier.q1_demo_user_chuyenvien_saigon")
        dossier.with_user(user["truongphong"]).assign(officer)
        dossier.with_user(officer).hand_over()  # the procedure's one step: its result is ready, the entry amended
        return entry

    @api.model
    def _q1_demo_import(self):
        """Each ward's leader imports a few entries of the ward's legacy household business register; Bến Thành's
        includes one revoked, Sài Gòn's legacy certificates of marital status one expiring in three weeks."""
        today = fields.Date.context_today(self)
        fields_ = [
            "register_id",
            "number",
            "entry_date",
            "holder_name",
            "holder_id_number",
            "holder_address",
            "valid_until",
            "state",
            "signer_name",
            "signer_title",
            "data_values.hkd_ten",
            "data_values.hkd_nganh_nghe",
        ]
        legacy = {
            "saigon": [
                [
                    "HKD",
                    "41A8012345",
                    "2019-05-14",
                    "Trịnh Văn Khoa",
                    "079078002233",
                    "50 Lê Thánh Tôn, phường Sài Gòn",
                    "",
                    "valid",
                    "Nguyễn Văn Tám",
                    "Chủ tịch UBND phường",
                    "Tiệm Khoa Phát",
                    "Bán lẻ tạp hóa",
                ],
            ],
            "tandinh": [
                [
                    "HKD",
                    "41B8000870",
                    "2020-08-03",
                    "Lê Thị Thu",
                    "079185007777",
                    "12 Trần Quang Khải, phường Tân Định",
                    "",
                    "valid",
                    "Võ Thị Hoa",
                    "Phó Chủ tịch UBND phường",
                    "Quán Thu",
                    "Ăn uống, giải khát",
                ],
                [
                    "HKD",
                    "41B8000871",
                    "2018-11-20",
                    "Trần Minh Tâm",
                    "079079001122",
                    "210 Hai Bà Trưng, phường Tân Định",
                    "",
                    "valid",
                    "Võ Thị Hoa",
                    "Phó Chủ tịch UBND phường",
                    "Tiệm sửa xe Tâm",
                    "Sửa chữa xe máy",
                ],
            ],
            "benthanh": [
                [
                    "HKD",
                    "41C8003309",
                    "2016-10-12",
                    "Phạm Văn Lộc",
                    "079080004321",
                    "45 Lê Lợi, phường Bến Thành",
                    "",
                    "valid",
                    "Phan Văn Sáu",
                    "Chủ tịch UBND phường",
                    "Tiệm Lộc Phát",
                    "Bán lẻ tạp hóa",
                ],
                [
                    "HKD",
                    "41C8003310",
                    "2017-03-09",
                    "Đỗ Văn Hùng",
                    "079077005566",
                    "8 Lê Lợi, phường Bến Thành",
                    "",
                    "revoked",
                    "Phan Văn Sáu",
                    "Chủ tịch UBND phường",
                    "Cửa hàng Hùng",
                    "Bán lẻ quần áo",
                ],
                [
                    "HKD",
                    "41C8003311",
                    "2021-01-15",
                    "Ngô Thị Lan",
                    "079186003344",
                    "16 Lê Lợi, phường Bến Thành",
                    "",
                    "valid",
                    "Phan Văn Sáu",
                    "Chủ tịch UBND phường",
                    "Quán Lan",
                    "Ăn uống, giải khát",
                ],
            ],
            "cauonglanh": [
                [
                    "HKD",
                    "41D8000102",
                    "2022-06-30",
                    "Huỳnh Văn Phúc",
                    "079082009988",
                    "77 Nguyễn Thái Học, phường Cầu Ông Lãnh",
                    "",
                    "valid",
                    "Lý Văn Bảy",
                    "Chủ tịch UBND phường",
                    "Tiệm Phúc",
                    "May đo quần áo",
                ],
            ],
        }
        issued = today + relativedelta(days=21) - relativedelta(months=6)
        until = today + relativedelta(days=20)
        legacy["saigon"].append(
            [
                "TTHN",
                f"12/{issued.year}/TTHN",
                fields.Date.to_string(issued),
                "Vũ Thị Mai",
                "079192004455",
                "30 Nguyễn Huệ, phường Sài Gòn",
                fields.Date.to_string(until),
                "valid",
                "Nguyễn Văn Tám",
                "Chủ tịch UBND phường",
                "",
                "",
            ]
        )
        for ward, rows in legacy.items():
            leader = self.env.ref(f"q1_dossier.q1_demo_user_lanhdao_{ward}")
            company = self.env.ref(f"q1_dossier.q1_demo_company_{ward}")
            result = self.with_user(leader).with_company(company).load(fields_, rows)
            if not result["ids"]:
                raise ValueError(f"demo import of {ward} refused: {result['messages']}")

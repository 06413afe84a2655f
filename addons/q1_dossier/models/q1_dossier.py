import base64
import re
from datetime import datetime

import pytz

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..core.codes import dossier_code
from ..core.deadline import due_date, due_datetime_for_hours
from ..core.identity import normalize_phone, validate_citizen_id, validate_tax_code
from ..core.vntext import amount_in_words, format_vn_date
from .q1_procedure import CHANNELS

# Vietnam has a single time zone; the core computes in naive local time (DESIGN.md §3).
LOCAL_TZ = pytz.timezone("Asia/Ho_Chi_Minh")
OPEN_STATES = ("received", "processing", "supplement", "payment")


def to_local(utc_naive):
    return pytz.utc.localize(utc_naive).astimezone(LOCAL_TZ).replace(tzinfo=None)


def to_utc(local_naive):
    return LOCAL_TZ.localize(local_naive).astimezone(pytz.utc).replace(tzinfo=None)


class Q1Dossier(models.Model):
    _name = "q1.dossier"
    _description = "Administrative Dossier"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "received_at desc, id desc"
    _rec_names_search = ["code", "applicant_name", "applicant_id_number"]
    _check_company_auto = True

    code = fields.Char(string="Dossier Code", readonly=True, copy=False, index=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", string="Receiving Unit", required=True, index=True, default=lambda self: self.env.company)
    procedure_id = fields.Many2one(
        "q1.procedure", string="Procedure", required=True, index=True, tracking=True, ondelete="restrict")
    field_id = fields.Many2one(related="procedure_id.field_id", store=True, string="Field of Law")
    deciding_company_id = fields.Many2one(
        "res.company", string="Deciding Unit", compute="_compute_deciding_company_id", store=True, readonly=False,
        index=True, help="Unit competent to decide; a ward may receive dossiers another unit decides.")
    channel = fields.Selection(CHANNELS, required=True, default="direct", tracking=True)
    stage_id = fields.Many2one(
        "q1.dossier.stage", string="Stage", index=True, tracking=True, copy=False, ondelete="restrict",
        default=lambda self: self.env["q1.dossier.stage"]._for_status("draft"),
        group_expand="_read_group_stage_ids")
    state = fields.Selection(related="stage_id.status", store=True, string="Status")
    user_id = fields.Many2one("res.users", string="Holder", tracking=True, default=lambda self: self.env.user)
    color = fields.Integer()

    applicant_type = fields.Selection(
        [("person", "Individual"), ("organisation", "Organisation")], required=True, default="person")
    applicant_name = fields.Char(string="Applicant", required=True, tracking=True)
    applicant_id_number = fields.Char(
        string="Identity Number", tracking=True,
        help="Personal identification number (12 digits) for an individual, tax code for an organisation.")
    applicant_birth_date = fields.Date(string="Date of Birth")
    applicant_sex = fields.Selection([("male", "Male"), ("female", "Female")], string="Sex")
    applicant_phone = fields.Char(string="Phone")
    applicant_email = fields.Char(string="Email")
    applicant_address = fields.Char(string="Address")

    document_ids = fields.One2many(
        "q1.dossier.document", "dossier_id", string="Documents",
        compute="_compute_document_ids", store=True, readonly=False)
    attachment_ids = fields.Many2many("ir.attachment", string="Scanned Documents")

    received_at = fields.Datetime(string="Received At", readonly=True, copy=False, tracking=True)
    received_date = fields.Date(readonly=True, copy=False, index=True, help="Local date of reception.")
    received_by_id = fields.Many2one("res.users", string="Received By", readonly=True, copy=False)
    time_limit = fields.Integer(string="Legal Time Limit", readonly=True, copy=False)
    time_unit = fields.Selection(
        [("day", "Working days"), ("hour", "Working hours")], readonly=True, copy=False)
    same_day = fields.Boolean(string="Same-Day Result", readonly=True, copy=False)
    due_date = fields.Date(string="Legal Due Date", readonly=True, copy=False, index=True, tracking=True)
    appointment_at = fields.Datetime(string="Appointment", readonly=True, copy=False)

    fee_amount = fields.Integer(
        string="Fee (VND)", compute="_compute_fee_amount", store=True, readonly=False, tracking=True)
    fee_in_words = fields.Char(compute="_compute_fee_in_words")

    counter_reason = fields.Text(string="Reason", readonly=True, copy=False)
    missing_items = fields.Text(string="Items to Complete", readonly=True, copy=False)
    counter_outcome_at = fields.Datetime(string="Counter Outcome At", readonly=True, copy=False)
    counter_officer_id = fields.Many2one("res.users", string="Counter Officer", readonly=True, copy=False)
    note = fields.Html()

    _sql_constraints = [("code_uniq", "unique(code)", "A dossier code is issued only once.")]

    # ------------------------------------------------------------------ computes

    @api.depends("code", "applicant_name")
    def _compute_display_name(self):
        for dossier in self:
            dossier.display_name = (
                f"{dossier.code} - {dossier.applicant_name}" if dossier.code
                else self.env._("%s (not received)", dossier.applicant_name or ""))

    @api.depends("procedure_id", "company_id")
    def _compute_deciding_company_id(self):
        for dossier in self:
            dossier.deciding_company_id = dossier.procedure_id.deciding_company_id or dossier.company_id

    @api.depends("procedure_id")
    def _compute_fee_amount(self):
        for dossier in self:
            dossier.fee_amount = dossier.procedure_id.fee_amount

    @api.depends("fee_amount")
    def _compute_fee_in_words(self):
        for dossier in self:
            dossier.fee_in_words = amount_in_words(dossier.fee_amount) if dossier.fee_amount >= 0 else False

    @api.depends("procedure_id")
    def _compute_document_ids(self):
        for dossier in self.filtered(lambda d: not d.received_at):
            dossier.document_ids = [Command.clear()] + [
                Command.create({
                    "procedure_document_id": document.id,
                    "name": document.name,
                    "sequence": document.sequence,
                    "original_count": document.original_count,
                    "copy_count": document.copy_count,
                    "is_required": document.is_required,
                })
                for document in dossier.procedure_id.document_ids
            ]

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        return stages.search([], order=stages._order)

    # ------------------------------------------------------------------ applicant input

    @api.model_create_multi
    def create(self, vals_list):
        return super().create([self._clean_applicant_vals(vals) for vals in vals_list])

    def write(self, vals):
        return super().write(self._clean_applicant_vals(vals))

    @api.model
    def _clean_applicant_vals(self, vals):
        """Store the phone and identity number in their canonical form; bad input is refused, not guessed."""
        vals = dict(vals)
        if vals.get("applicant_phone"):
            try:
                vals["applicant_phone"] = normalize_phone(vals["applicant_phone"])
            except ValueError as error:
                raise ValidationError(str(error)) from error
        if vals.get("applicant_id_number"):
            vals["applicant_id_number"] = re.sub(r"[\s.]", "", vals["applicant_id_number"])
        return vals

    @api.constrains("applicant_type", "applicant_id_number", "applicant_birth_date", "applicant_sex")
    def _check_applicant_identity(self):
        for dossier in self.filtered("applicant_id_number"):
            try:
                if dossier.applicant_type == "person":
                    validate_citizen_id(
                        dossier.applicant_id_number, dossier.applicant_birth_date or None, dossier.applicant_sex or None)
                else:
                    validate_tax_code(dossier.applicant_id_number)
            except ValueError as error:
                raise ValidationError(str(error)) from error

    @api.constrains("fee_amount")
    def _check_fee_amount(self):
        if any(dossier.fee_amount < 0 for dossier in self):
            raise ValidationError(self.env._("A fee cannot be negative."))

    # ------------------------------------------------------------------ reception

    def action_receive(self):
        """Tiếp nhận: check completeness, issue the dossier code and the legal appointment date."""
        for dossier in self:
            dossier._check_receivable()
            dossier._receive(fields.Datetime.now())
        return True

    def _check_receivable(self):
        self.ensure_one()
        if self.state not in ("draft", "incomplete"):
            raise UserError(self.env._("Dossier %s has already been received or closed.", self.display_name))
        company = self.company_id
        if not company.q1_unit_code or not company.q1_work_calendar_id:
            raise UserError(self.env._(
                "Receiving unit %s has no official unit code or working calendar; ask the administrator to set them.",
                company.name))
        procedure = self.procedure_id
        today = to_local(fields.Datetime.now()).date()
        if not procedure.active or not procedure.is_effective_on(today):
            raise UserError(self.env._("Procedure %s is not in effect today.", procedure.display_name))
        if self.channel not in procedure.allowed_channels():
            raise UserError(self.env._(
                "Procedure %(procedure)s cannot be filed through the %(channel)s channel.",
                procedure=procedure.display_name, channel=dict(CHANNELS)[self.channel]))
        missing = self.document_ids.filtered(lambda line: line.is_required and not line.is_received)
        if missing:
            raise UserError(self.env._(
                "The dossier is incomplete. Missing documents:\n%(items)s\n"
                "Use 'Request completion' to give the applicant the list of missing items.",
                items="\n".join(f"- {name}" for name in missing.mapped("name"))))

    def _receive(self, received_at):
        """Stamp the reception instant (UTC naive) and compute what follows from it."""
        self.ensure_one()
        company = self.company_id
        calendar = company.q1_work_calendar_id
        local_received = to_local(received_at)
        procedure = self.procedure_id
        due, appointment = self._legal_due(local_received, procedure, calendar)
        seq = self.env["q1.dossier.code.counter"].sudo().next_seq(company.id, local_received.date())
        self.write({
            "code": dossier_code(company.q1_unit_code, local_received.date(), seq, company.q1_code_pattern),
            "stage_id": self.env["q1.dossier.stage"]._for_status("received").id,
            "received_at": received_at,
            "received_date": local_received.date(),
            "received_by_id": self.env.user.id,
            "time_limit": procedure.time_limit,
            "time_unit": procedure.time_unit,
            "same_day": procedure.same_day,
            "due_date": due,
            "appointment_at": to_utc(appointment),
        })

    @api.model
    def _legal_due(self, local_received, procedure, calendar):
        """(legal due date, local appointment datetime) for a reception instant."""
        core_calendar = calendar.to_core()
        if procedure.time_unit == "hour":
            appointment = due_datetime_for_hours(local_received, procedure.time_limit, core_calendar)
            return appointment.date(), appointment
        days = 0 if procedure.same_day else procedure.time_limit
        due = due_date(local_received, days, core_calendar, cutoff=calendar.cutoff_time())
        appointment = datetime.combine(due, calendar.appointment_clock())
        if appointment <= local_received:
            # A same-day result promised for an hour already past: the end of the working day instead.
            appointment = datetime.combine(due, core_calendar.shifts[-1][1])
        return due, appointment

    # ------------------------------------------------------------------ counter outcomes and printing

    def action_open_counter_outcome(self):
        self.ensure_one()
        outcome = self.env.context.get("q1_outcome", "incomplete")
        return {
            "type": "ir.actions.act_window",
            "res_model": "q1.dossier.counter.outcome",
            "view_mode": "form",
            "target": "new",
            "context": {"default_dossier_id": self.id, "default_outcome": outcome},
        }

    def missing_document_names(self):
        self.ensure_one()
        return self.document_ids.filtered(lambda line: line.is_required and not line.is_received).mapped("name")

    def action_print_receipt(self):
        self.ensure_one()
        if not self.code:
            raise UserError(self.env._("Only a received dossier has a receipt."))
        return self.env.ref("q1_dossier.action_report_q1_receipt").report_action(self, config=False)

    def lookup_url(self):
        self.ensure_one()
        base = self.company_id.q1_lookup_url or (self.get_base_url() + "/q1/lookup")
        return f"{base}?code={self.code or ''}"

    def qr_code_data_uri(self):
        """QR code with the dossier code and the lookup address, embedded so that PDF rendering needs no URL fetch."""
        self.ensure_one()
        value = f"{self.code}\n{self.lookup_url()}"
        png = self.env["ir.actions.report"].barcode("QR", value, width=160, height=160)
        return "data:image/png;base64," + base64.b64encode(png).decode()

    # Printed forms are the official Vietnamese forms: their wording is fixed, not translated.

    def _vn_datetime_text(self, utc_value):
        local = to_local(utc_value)
        return f"{local.hour:02d} giờ {local.minute:02d} phút, {format_vn_date(local.date())}"

    def _vn_issue_date(self, utc_value):
        day = to_local(utc_value or fields.Datetime.now()).date()
        return format_vn_date(day, place=self.company_id.q1_place_name or None)

    def receipt_print_values(self):
        """Texts of the receipt (Mẫu 01) that need computing."""
        self.ensure_one()
        if self.same_day:
            legal_time = "trong ngày làm việc"
        else:
            unit = "ngày làm việc" if self.time_unit == "day" else "giờ làm việc"
            legal_time = f"{self.time_limit:02d} {unit}"
        company = self.company_id
        address = ", ".join(part for part in (company.street, company.street2, company.city) if part)
        return {
            "issue_date": self._vn_issue_date(self.received_at),
            "legal_time": legal_time,
            "received": self._vn_datetime_text(self.received_at),
            "appointment": self._vn_datetime_text(self.appointment_at),
            "fee": f"{self.fee_amount:,}".replace(",", ".") + " đồng" if self.fee_amount else "Không thu",
            "return_place": f"{company.name}, {address}" if address else company.name,
        }

    def counter_slip_print_values(self):
        """Texts of the completion request (Mẫu 02) and refusal (Mẫu 03) slips."""
        self.ensure_one()
        return {
            "issue_date": self._vn_issue_date(self.counter_outcome_at),
            "missing_items": [line.strip("-• ").strip() for line in (self.missing_items or "").splitlines() if line.strip()],
        }

    # ------------------------------------------------------------------ demo data

    @api.model
    def _q1_demo_generate(self, count=320, seed=2026, days=120):
        """Generate demo dossiers for the receiving units (demo data only; deterministic for a given seed).

        Dossiers go through the real paths: created by the unit's reception officer, received with ``_receive``
        in chronological order per unit (so codes follow the daily sequence), counter outcomes through the
        ``q1.dossier.counter.outcome`` wizard. Historical instants are then written back where the real path
        stamps "now" (outcome time, chatter dates)."""
        import random
        from datetime import time, timedelta

        rng = random.Random(seed)
        companies = self.env["res.company"].search(
            [("q1_unit_code", "!=", False), ("q1_work_calendar_id", "!=", False)], order="q1_unit_code")
        reception = self.env.ref("q1_dossier.group_q1_reception")
        leader = self.env.ref("q1_dossier.group_q1_unit_leader")
        officers = {}
        for company in companies:
            officer = self.env["res.users"].search([
                ("company_id", "=", company.id), ("groups_id", "in", reception.id),
                ("groups_id", "not in", leader.id), ("share", "=", False)], limit=1, order="id")
            if officer:
                officers[company] = officer
        companies = companies.filtered(lambda c: c in officers)
        procedures = self.env["q1.procedure"].search([])
        if not companies or not procedures:
            return False

        now_utc = fields.Datetime.now().replace(microsecond=0)
        now_local = to_local(now_utc)
        today = now_local.date()
        first_day = today - timedelta(days=days)

        # Relative volumes at a ward counter: certification dominates, then civil status.
        weights = {"2.000815": 30, "2.000884": 14, "2.001035": 5, "2.001019": 2, "2.000908": 3, "1.001193": 10,
                   "1.000894": 5, "1.000656": 4, "2.000635": 8, "1.004873": 8, "1.004884": 2, "1.004222": 6,
                   "1.003677": 3, "1.001612": 5, "2.000575": 4, "1.013225": 3, "1.001776": 2, "1.001699": 2}
        organisation_share = {"2.001035": 0.3, "2.000815": 0.08, "2.000884": 0.1, "2.000575": 0.6, "1.013225": 0.15}
        proc_list = list(procedures)
        proc_weights = [weights.get(p.code, 1) for p in proc_list]
        company_weights = [1.3, 0.9, 1.2, 1.0] + [1.0] * max(0, len(companies) - 4)

        surnames = (["Nguyễn"] * 8 + ["Trần"] * 3 + ["Lê"] * 3 + ["Phạm"] * 2 + ["Huỳnh", "Hoàng", "Phan", "Võ", "Vũ",
                    "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Trương", "Lâm", "Đinh", "Tạ", "Mai", "Châu"])
        middles = {"male": ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Hoàng", "Gia", "Công", "Tấn", "Ngọc"],
                   "female": ["Thị", "Thị", "Ngọc", "Thanh", "Thu", "Mỹ", "Bảo", "Kim", "Phương", "Hoài", "Diệu"]}
        givens = {"male": ["An", "Bảo", "Cường", "Dũng", "Duy", "Hải", "Hiếu", "Hòa", "Huy", "Khang", "Khánh", "Kiên",
                           "Long", "Lộc", "Minh", "Nam", "Nghĩa", "Nhân", "Phát", "Phong", "Phúc", "Quân", "Sang",
                           "Tài", "Thắng", "Thiện", "Thịnh", "Toàn", "Trí", "Trung", "Tuấn", "Việt", "Vinh", "Vũ"],
                  "female": ["Anh", "Châu", "Chi", "Diễm", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa",
                             "Hương", "Lan", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Nhi", "Nhung", "Oanh",
                             "Phương", "Quyên", "Thảo", "Thư", "Trang", "Trâm", "Tuyết", "Uyên", "Vân", "Yến"]}
        streets = {
            0: ["Lê Lợi", "Nguyễn Huệ", "Đồng Khởi", "Hai Bà Trưng", "Lý Tự Trọng", "Tôn Đức Thắng", "Mạc Thị Bưởi",
                "Nguyễn Thị Minh Khai", "Lê Duẩn", "Pasteur"],
            1: ["Hai Bà Trưng", "Trần Quang Khải", "Đinh Tiên Hoàng", "Nguyễn Hữu Cầu", "Trần Nhật Duật", "Đặng Dung",
                "Trần Khắc Chân", "Mai Thị Lựu", "Nguyễn Phi Khanh"],
            2: ["Lê Thánh Tôn", "Phạm Ngũ Lão", "Bùi Viện", "Nguyễn Trãi", "Lê Lai", "Cách Mạng Tháng Tám",
                "Nguyễn Thị Nghĩa", "Đề Thám", "Phạm Hồng Thái"],
            3: ["Trần Hưng Đạo", "Nguyễn Thái Học", "Cô Giang", "Cô Bắc", "Nguyễn Cư Trinh", "Calmette", "Ký Con",
                "Nguyễn Khắc Nhu", "Trần Đình Xu"],
        }
        other_wards = ["Xuân Hòa", "Bàn Cờ", "Phú Nhuận", "Gia Định", "Bình Thạnh", "Chợ Lớn", "Chợ Quán", "Tân Sơn Nhất"]
        mobile_prefixes = ["090", "091", "093", "094", "096", "097", "098", "032", "033", "034", "035", "036", "037",
                           "038", "039", "070", "076", "077", "078", "079", "081", "083", "084", "085", "086", "088", "089"]
        other_provinces = ["001", "038", "040", "042", "044", "046", "052", "054", "056", "066", "072", "074", "075",
                           "080", "082", "083", "087", "089", "092", "094", "096"]
        company_words = ["Ánh Dương", "Phương Nam", "Sao Việt", "Bến Nghé", "Sông Sài Gòn", "Minh Phát", "Thành Công",
                         "Hoàng Gia", "Đông Á", "Nam Long", "Kim Thành", "Hưng Thịnh", "Việt Tín", "An Khang"]
        company_kinds = ["Công ty TNHH Thương mại Dịch vụ", "Công ty Cổ phần Đầu tư", "Công ty TNHH Tư vấn Xây dựng",
                         "Công ty TNHH Du lịch"]
        shop_kinds = ["Quán cơm", "Tiệm tạp hóa", "Tiệm may", "Quán cà phê", "Tiệm bánh mì", "Tiệm hoa", "Tiệm sửa xe"]
        refusal_reasons = {
            "chungthuc": ["Bản chính giấy tờ bị tẩy xóa, sửa chữa, không xác định được nội dung "
                          "(Điều 22 Nghị định số 23/2015/NĐ-CP).",
                          "Người yêu cầu chứng thực chữ ký không có mặt để ký trước người thực hiện chứng thực.",
                          "Giấy tờ yêu cầu chứng thực có nội dung trái pháp luật, đạo đức xã hội."],
            "other": ["Yêu cầu không thuộc thẩm quyền giải quyết của Ủy ban nhân dân phường; đã hướng dẫn người yêu cầu "
                      "liên hệ cơ quan có thẩm quyền.",
                      "Người nộp hồ sơ không phải là người có quyền yêu cầu và không có văn bản ủy quyền hợp lệ.",
                      "Giấy tờ tùy thân xuất trình đã hết giá trị sử dụng."],
        }
        incomplete_reason = "Hồ sơ chưa đủ thành phần theo quy định; đề nghị bổ sung đầy đủ các giấy tờ dưới đây."

        def ascii_fold(text):
            import unicodedata
            text = text.replace("Đ", "D").replace("đ", "d")
            return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()

        def tax_code():
            while True:
                digits = [0, 3] + [rng.randrange(10) for _i in range(7)]
                check = 10 - sum(d * w for d, w in zip(digits, (31, 29, 23, 19, 17, 13, 7, 5, 3))) % 11
                if check < 10:
                    return "".join(map(str, digits)) + str(check)

        def person(min_age=18, max_age=80):
            sex = rng.choice(["male", "female"])
            name = f"{rng.choice(surnames)} {rng.choice(middles[sex])} {rng.choice(givens[sex])}"
            birth = today - timedelta(days=rng.randint(min_age * 365 + 10, max_age * 365))
            century = {1900: 0, 2000: 2}[birth.year // 100 * 100] + (1 if sex == "female" else 0)
            province = "079" if rng.random() < 0.8 else rng.choice(other_provinces)
            cid = f"{province}{century}{birth.year % 100:02d}{rng.randrange(10 ** 6):06d}"
            return name, sex, birth, validate_citizen_id(cid, birth, sex)

        def phone():
            return rng.choice(mobile_prefixes) + f"{rng.randrange(10 ** 7):07d}"

        def address(index):
            if rng.random() < 0.15:
                ward = rng.choice(other_wards)
                street = rng.choice(["Nguyễn Văn Trỗi", "Phan Đăng Lưu", "Lê Văn Sỹ", "Nguyễn Đình Chiểu", "Hùng Vương"])
            else:
                ward = companies[index].q1_place_name or ""
                street = rng.choice(streets.get(index, streets[0]))
            number = rng.randint(1, 220)
            number = f"{number}/{rng.randint(1, 40)}" if rng.random() < 0.3 else str(number)
            return f"{number} {street}, phường {ward}, Thành phố Hồ Chí Minh"

        def local_instant(day, anytime=False):
            if anytime:
                return datetime.combine(day, time(rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59)))
            if rng.random() < 0.55:
                start, end = 7 * 60 + 30, 11 * 60 + 25
            else:
                start, end = 13 * 60, 16 * 60 + 55
            minute = rng.randint(start, end)
            return datetime.combine(day, time(minute // 60, minute % 60, rng.randint(0, 59)))

        workdays = {}
        for company in companies:
            core = company.q1_work_calendar_id.to_core()
            workdays[company] = [first_day + timedelta(days=i) for i in range(days + 1)
                                 if core.is_workday(first_day + timedelta(days=i))]

        specs = []
        for _index in range(count):
            cindex = rng.choices(range(len(companies)), weights=company_weights[:len(companies)])[0]
            company = companies[cindex]
            procedure = rng.choices(proc_list, weights=proc_weights)[0]
            channels = procedure.allowed_channels()
            roll = rng.random()
            wanted = "direct" if roll < 0.52 else "online" if roll < 0.9 else "postal"
            channel = wanted if wanted in channels else ("direct" if "direct" in channels else channels[0])
            roll = rng.random()
            outcome = "received" if roll < 0.78 else "incomplete" if roll < 0.88 else "refused" if roll < 0.94 else "draft"
            if outcome == "draft":
                day = rng.choice([d for d in workdays[company] if d > today - timedelta(days=5)] or workdays[company][-1:])
                when = local_instant(day)
            elif outcome == "received" and channel == "online" and rng.random() < 0.2:
                # Filed on the national portal at night or over a weekend: received when the system records it.
                day = first_day + timedelta(days=rng.randint(0, days - 1))
                when = local_instant(day, anytime=True)
            else:
                when = local_instant(rng.choice(workdays[company]))
            if when >= now_local or not procedure.is_effective_on(when.date()):
                outcome = "draft"
            specs.append({"company": company, "cindex": cindex, "procedure": procedure, "channel": channel,
                          "outcome": outcome, "when": when})

        specs.sort(key=lambda spec: (spec["when"], spec["company"].id))
        field_of = {p: ("chungthuc" if p.field_id.code == "CT" else "other") for p in proc_list}
        dated = []
        for spec in specs:
            company, procedure = spec["company"], spec["procedure"]
            officer = officers[company]
            org_share = organisation_share.get(procedure.code, 0.0)
            vals = {"company_id": company.id, "procedure_id": procedure.id, "channel": spec["channel"]}
            if rng.random() < org_share:
                if procedure.code == "2.000575":
                    name = f"Hộ kinh doanh {rng.choice(shop_kinds)} {rng.choice(givens['female'] + givens['male'])}"
                else:
                    name = f"{rng.choice(company_kinds)} {rng.choice(company_words)}"
                vals.update(applicant_type="organisation", applicant_name=name, applicant_id_number=tax_code())
            else:
                min_age = 20 if procedure.code in ("1.001193", "1.000894") else 18
                max_age = 45 if procedure.code == "1.001193" else 85
                name, sex, birth, cid = person(min_age, max_age)
                vals.update(applicant_type="person", applicant_name=name, applicant_sex=sex,
                            applicant_birth_date=birth, applicant_id_number=cid)
                if rng.random() < 0.3:
                    vals["applicant_email"] = ascii_fold(name).replace(" ", ".") + f"{rng.randint(1, 99)}@example.vn"
            vals.update(applicant_phone=phone(), applicant_address=address(spec["cindex"]))
            if procedure.code == "2.000815":
                pages = rng.choice([1, 1, 1, 2, 2, 3, 4, 6])
                copies = rng.choice([1, 1, 2, 3])
                vals["fee_amount"] = copies * (2000 * min(pages, 2) + 1000 * max(pages - 2, 0))
            elif procedure.code == "2.000635":
                vals["fee_amount"] = procedure.fee_amount * rng.choice([1, 1, 2, 3])
            elif spec["channel"] == "online" and procedure.code == "1.001612":
                vals["fee_amount"] = 0
            elif spec["channel"] == "online" and procedure.code == "1.004222":
                vals["fee_amount"] = procedure.fee_amount // 2
            if len(companies) > 1 and procedure.field_id.code in ("HKD", "XD", "BTXH") and rng.random() < 0.15:
                # Boundary-free reception (Decree 118/2025 Art. 14(2)): another ward decides.
                vals["deciding_company_id"] = rng.choice(companies - company).id

            dossier = self.with_user(officer).with_company(company).create(vals)
            lines = dossier.document_ids
            instant_utc = to_utc(spec["when"])
            if spec["outcome"] == "draft":
                lines.filtered(lambda line: rng.random() < 0.5).write({"is_received": True})
            elif spec["outcome"] == "received":
                lines.write({"is_received": True})
                dossier._receive(instant_utc)
            else:
                required = lines.filtered("is_required")
                missing = required.filtered(lambda line: rng.random() < 0.5) or required[-1:]
                (lines - missing).write({"is_received": True})
                if spec["outcome"] == "incomplete" and not missing:
                    spec["outcome"] = "refused"
                reason = (incomplete_reason if spec["outcome"] == "incomplete"
                          else rng.choice(refusal_reasons[field_of[procedure]]))
                wizard = self.env["q1.dossier.counter.outcome"].with_user(officer).with_company(company).create(
                    {"dossier_id": dossier.id, "outcome": spec["outcome"], "reason": reason})
                wizard.action_confirm()
                dossier.sudo().write({"counter_outcome_at": instant_utc})
            dated.append((dossier.id, instant_utc))

        # The real paths stamp "now" on the chatter and the creation date: move them to the demo instant.
        self.env.flush_all()
        for dossier_id, instant in dated:
            self.env.cr.execute(
                "UPDATE mail_message SET date = %s WHERE model = 'q1.dossier' AND res_id = %s", (instant, dossier_id))
            self.env.cr.execute("UPDATE q1_dossier SET create_date = %s WHERE id = %s", (instant, dossier_id))
        self.env.invalidate_all()
        return True

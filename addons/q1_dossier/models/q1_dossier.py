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
                        dossier.applicant_id_number, dossier.applicant_birth_date, dossier.applicant_sex or None)
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
        today = fields.Date.context_today(self)
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
        return self.env.ref("q1_dossier.action_report_q1_receipt").report_action(self)

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
        day = to_local(utc_value).date() if utc_value else fields.Date.context_today(self)
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

import re
from urllib.parse import urlencode

from markupsafe import Markup, escape

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.sql import create_index

from ..core import lifecycle, validation
from ..core.codes import dossier_code
from ..core.deadline import due_date, due_datetime_for_hours
from ..core.identity import normalize_phone, validate_citizen_id, validate_tax_code
from ..core.labels import (
    CHANNELS,
    DEADLINE_STATES,
    EXTENSION_STATES,
    RATING_CHANNELS,
    RATINGS,
    RETURN_METHODS,
)
from ..core.localtime import to_local, to_utc
from ..core.vntext import amount_in_words
from .q1_dossier_caller import Q1DossierCaller
from .q1_dossier_process import Q1DossierProcess
from .q1_dossier_waits import Q1DossierWaits

# The counter's answers to a submission (Decree 118/2025 Art. 17(1)(c), 17(2)(c)).
COUNTER_ANSWERS = (lifecycle.RECEIVED, lifecycle.INCOMPLETE, lifecycle.REFUSED)

# Legal facts: what the law or the statistics rest on (codes, times, dates, states, outcomes, ratings). Only the
# dossier's own methods write them, through ``_lifecycle_write``; a manager corrects one with the explicit, logged
# q1.dossier.correction. Fields the model computes (state, supplement_count, ...) are never written either.
LEGAL_FACTS = frozenset(
    # reception (Art. 17): the code, the instants and the time limit the receipt states
    ("code", "submitted_at", "received_at", "received_date", "received_by_id", "time_limit", "time_unit", "same_day")
    # the due dates and the appointment, legal and statistical
    + ("due_date", "original_due_date", "statistical_due_date", "promised_date", "appointment_at")
    # the national status, moved along the lifecycle's graph only
    + ("state",)
    # the counter's answer: completion requested or refused
    + ("counter_reason", "missing_items", "counter_outcome_at", "counter_officer_id")
    # processing: the control slip, the waits, the extension (Art. 19)
    + ("current_step_id", "step_ids", "pause_ids", "extension_state", "extension_reason", "extension_date")
    + ("extension_requested_by_id", "extension_approved_by_id")
    # the ending and the return of the result (Art. 20-22)
    + ("finished_at", "closing_reason", "returned_at", "return_method", "returned_to", "e_result")
    # the watchdog's marks and the applicant's rating
    + ("deadline_state", "escalation_level", "online_unanswered")
    + ("rating", "rating_comment", "rating_date", "rating_channel")
)
# What the counter enters before reception and the receipt then states: fixed once the dossier is received (the
# deciding unit moves the dossier, and its applicant's data, to another ward). The applicant's contact details
# (phone, e-mail, address) stay editable: they are how the applicant is reached, not facts of the decision.
COUNTER_FACTS = frozenset(
    {
        "procedure_id",
        "channel",
        "company_id",
        "deciding_company_id",
        "fee_amount",
        "applicant_type",
        "applicant_name",
        "applicant_id_number",
        "applicant_birth_date",
        "applicant_sex",
    }
)


class DossierExtension:
    """The base of every class extending (``_inherit``) ``q1.dossier``, ``q1.dossier.step`` or ``q1.dossier.pause``:
    their classes have plain Python bases (Q1DossierCaller, Q1DossierLifecycleRow, ...), which give their instances
    a ``__dict__``; a class extending one must have the same instance layout, or Odoo's registry cannot rebase it
    (TypeError: object layout differs)."""


class Q1Dossier(Q1DossierCaller, Q1DossierProcess, Q1DossierWaits, models.Model):
    _name = "q1.dossier"
    _description = "Administrative Dossier"
    _inherit = ["mail.thread", "mail.activity.mixin", "q1.personal.data.mixin"]
    # The citizen's personal data: reads outside the dossier's unit flow are logged (q1.personal.data.mixin).
    _q1_personal_fields = (
        "applicant_name",
        "applicant_id_number",
        "applicant_birth_date",
        "applicant_sex",
        "applicant_phone",
        "applicant_phone_search",
        "applicant_email",
        "applicant_address",
    )
    # Longest typed-in texts (core.validation), checked before anything else.
    _q1_text_limits = {
        "applicant_name": validation.NAME_MAX_LENGTH,
        "applicant_address": validation.ADDRESS_MAX_LENGTH,
        "applicant_email": validation.EMAIL_MAX_LENGTH,
    }
    _order = "received_at desc, id desc"
    _rec_names_search = ["code", "applicant_name", "applicant_id_number"]
    _check_company_auto = True

    code = fields.Char(string="Dossier Code", readonly=True, copy=False, index=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", string="Receiving Unit", required=True, index=True, default=lambda self: self.env.company
    )
    procedure_id = fields.Many2one("q1.procedure", required=True, index=True, tracking=True, ondelete="restrict")
    field_id = fields.Many2one(related="procedure_id.field_id", store=True, string="Field of Law")
    deciding_company_id = fields.Many2one(
        "res.company",
        string="Deciding Unit",
        compute="_compute_deciding_company_id",
        store=True,
        readonly=False,
        index=True,
        help="Unit competent to decide; a ward may receive dossiers another unit decides.",
    )
    channel = fields.Selection(CHANNELS, required=True, default="direct", tracking=True)
    submitted_at = fields.Datetime(
        string="Submitted Online At",
        readonly=True,
        copy=False,
        help="When an online submission reached the system (now at creation, or the national portal's instant "
        "when given): the 8 working hours to accept or answer it run from here (Decree 118/2025 Art. 17(2)).",
    )
    stage_id = fields.Many2one(
        "q1.dossier.stage",
        index=True,
        tracking=True,
        copy=False,
        ondelete="restrict",
        default=lambda self: self.env["q1.dossier.stage"]._for_status("draft"),
        group_expand="_read_group_stage_ids",
    )
    state = fields.Selection(related="stage_id.status", store=True, string="Status")
    user_id = fields.Many2one("res.users", string="Holder", tracking=True, default=lambda self: self.env.user)
    color = fields.Integer()

    applicant_type = fields.Selection(
        [("person", "Individual"), ("organisation", "Organisation")], required=True, default="person"
    )
    applicant_name = fields.Char(string="Applicant", required=True, tracking=True)
    applicant_id_number = fields.Char(
        string="Identity Number",
        tracking=True,
        help="Personal identification number (12 digits) for an individual, tax code for an organisation.",
    )
    applicant_birth_date = fields.Date(string="Date of Birth")
    applicant_sex = fields.Selection([("male", "Male"), ("female", "Female")], string="Sex")
    applicant_phone = fields.Char(string="Phone")
    # Phones are stored in their domestic form, digits only ("0901234567", see _q1_clean_vals); a search typed as
    # people write a number ("090 123 4567", "+84 90-123-4567") is brought to that form first.
    applicant_phone_search = fields.Char(
        string="Phone (as typed)", compute="_compute_applicant_phone_search", search="_search_applicant_phone_search"
    )
    applicant_email = fields.Char(string="Email")
    applicant_address = fields.Char(string="Address")

    document_ids = fields.One2many(
        "q1.dossier.document",
        "dossier_id",
        string="Documents",
        compute="_compute_document_ids",
        store=True,
        readonly=False,
    )
    attachment_ids = fields.Many2many("ir.attachment", string="Scanned Documents")
    digitised = fields.Boolean(
        compute="_compute_digitised",
        store=True,
        readonly=False,
        help="The dossier exists in electronic form: filed online, or its paper documents copied to electronic "
        "form and signed (Decree 118/2025 Art. 17(1)(c)). Counted by the digitisation index.",
    )

    received_at = fields.Datetime(readonly=True, copy=False, tracking=True)
    received_date = fields.Date(readonly=True, copy=False, index=True, help="Local date of reception.")
    received_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    time_limit = fields.Integer(string="Legal Time Limit", readonly=True, copy=False)
    time_unit = fields.Selection([("day", "Working days"), ("hour", "Working hours")], readonly=True, copy=False)
    same_day = fields.Boolean(string="Same-Day Result", readonly=True, copy=False)
    due_date = fields.Date(string="Legal Due Date", readonly=True, copy=False, index=True, tracking=True)
    appointment_at = fields.Datetime(string="Appointment", readonly=True, copy=False)

    fee_amount = fields.Integer(
        string="Fee (VND)", compute="_compute_fee_amount", store=True, readonly=False, tracking=True
    )
    fee_in_words = fields.Char(compute="_compute_fee_in_words")

    counter_reason = fields.Text(string="Reason", readonly=True, copy=False)
    missing_items = fields.Text(string="Items to Complete", readonly=True, copy=False)
    counter_outcome_at = fields.Datetime(readonly=True, copy=False)
    counter_officer_id = fields.Many2one("res.users", readonly=True, copy=False)
    note = fields.Html()

    # Processing (Decree 118/2025 Art. 18-23)
    step_ids = fields.One2many("q1.dossier.step", "dossier_id", string="Control Slip", readonly=True)
    current_step_id = fields.Many2one("q1.dossier.step", readonly=True, copy=False)
    pause_ids = fields.One2many("q1.dossier.pause", "dossier_id", string="Waiting Periods", readonly=True)
    supplement_count = fields.Integer(compute="_compute_supplement_count", store=True)
    supplement_close_date = fields.Date(
        string="Supplement Deadline",
        compute="_compute_supplement_close_date",
        help="Last day for the applicant to supplement the dossier; if nothing is brought by its end, the dossier is "
        "closed (Decree 118/2025 Art. 19(5): 15 days from the notice, the notice day not counted).",
    )
    # Due dates are stamped at the events that set them, never recomputed from the calendar afterwards:
    # a date printed on a receipt must not move when a manager edits next year's holidays.
    original_due_date = fields.Date(
        readonly=True, copy=False, help="Due date given at reception; statistics keep it after an extension."
    )
    statistical_due_date = fields.Date(
        readonly=True, copy=False, help="Due date net of waiting periods, as the national statistics count it."
    )
    promised_date = fields.Date(
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
        help="Date promised to the applicant: the legal due date, or the new date after an approved extension.",
    )
    extension_state = fields.Selection(
        EXTENSION_STATES,
        readonly=True,
        copy=False,
        tracking=True,
    )
    extension_reason = fields.Text(readonly=True, copy=False)
    extension_date = fields.Date(string="Proposed New Date", readonly=True, copy=False)
    extension_requested_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    extension_approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    finished_at = fields.Datetime(
        string="Processing Ended At",
        readonly=True,
        copy=False,
        help="When the result was ready, or the dossier was refused, stopped or withdrawn.",
    )
    closing_reason = fields.Text(readonly=True, copy=False)
    returned_at = fields.Datetime(readonly=True, copy=False)
    return_method = fields.Selection(
        RETURN_METHODS,
        readonly=True,
        copy=False,
    )
    returned_to = fields.Char(string="Result Received By", readonly=True, copy=False)
    e_result = fields.Boolean(
        string="Electronic Result",
        readonly=True,
        copy=False,
        help="The result was returned in electronic form, digitally signed (Decree 118/2025 Art. 22(1)); stamped "
        "when the result is returned electronically, or on paper together with an electronic copy. Counted by index "
        "4.2 of Decision 766/QĐ-TTg.",
    )
    deadline_state = fields.Selection(
        DEADLINE_STATES,
        readonly=True,
        copy=False,
        index=True,
        help="Set by the watchdog every day.",
    )
    deadline_today = fields.Selection(
        DEADLINE_STATES,
        compute="_compute_deadline_today",
        search="_search_deadline_today",
        help="Due soon, due today or overdue as of today, from the promised date: right the moment the page opens. "
        "A dossier waiting for the applicant, or closed, has none.",
    )
    escalation_level = fields.Integer(readonly=True, copy=False)
    online_unanswered = fields.Boolean(
        readonly=True, copy=False, help="Online dossier not accepted or answered within 8 working hours (Art. 17(2))."
    )
    rating = fields.Selection(
        RATINGS,
        readonly=True,
        copy=False,
        tracking=True,
    )
    rating_comment = fields.Text(readonly=True, copy=False)
    rating_date = fields.Datetime(readonly=True, copy=False)
    timeline_html = fields.Html(string="Timeline", compute="_compute_timeline_html", sanitize=False)
    rating_channel = fields.Selection(RATING_CHANNELS, readonly=True, copy=False)
    # The forms that mean something for the dossier now (q1.dossier.form.values._can_print), space-separated keys:
    # the print buttons show only these, by the same rule the report refuses the others with.
    printable_forms = fields.Char(compute="_compute_printable_forms")

    _sql_constraints = [("code_uniq", "unique(code)", "A dossier code is issued only once.")]

    # ------------------------------------------------------------------ computes

    # The boards' queries at a million dossiers (tests/bench/bench_pages.py): each open column reads its first cards
    # in the model's order and counts its dossiers within the user's units (the record rule: receiving OR deciding
    # unit), the board counts by stage. Without these, every column sorted its whole stage (0.5 s a column).
    _q1_indexes = {
        "q1_dossier_stage_received_index": ["stage_id", "received_at DESC", "id DESC"],
        "q1_dossier_company_stage_index": ["company_id", "stage_id"],
        "q1_dossier_deciding_stage_index": ["deciding_company_id", "stage_id"],
    }

    def init(self):
        for name, expressions in self._q1_indexes.items():
            create_index(self.env.cr, name, self._table, expressions)
        return super().init()

    def _creation_message(self):
        return super(Q1Dossier, self._q1_in_fallback_lang())._creation_message()

    @api.depends("code", "applicant_name")
    def _compute_display_name(self):
        for dossier in self:
            dossier.display_name = (
                f"{dossier.code} - {dossier.applicant_name}"
                if dossier.code
                else self.env._("%s (not received)", dossier.applicant_name or "")
            )

    @api.depends(
        "code",
        "state",
        "counter_outcome_at",
        "missing_items",
        "counter_reason",
        "closing_reason",
        "pause_ids.missing_items",
        "extension_state",
        "extension_reason",
        "step_ids",
    )
    def _compute_printable_forms(self):
        forms = self.env["q1.dossier.form.values"]
        for dossier in self:
            dossier.printable_forms = " ".join(key for key in forms.FORMS if forms._can_print(key, dossier))

    @api.depends("state", "promised_date", "deciding_company_id", "company_id")
    @api.depends_context("uid")
    def _compute_deadline_today(self):
        today = to_local(fields.Datetime.now()).date()
        states = self.env["q1.dossier.watchdog"]._live_deadline_states(self, today)
        for dossier in self:
            dossier.deadline_today = states[dossier.id]

    def _search_deadline_today(self, operator, value):
        keys = [key for key, _label in DEADLINE_STATES] + [False]
        values = set(value if isinstance(value, (list, tuple, set)) else [value])
        if operator in ("=", "in"):
            wanted = [key for key in keys if key in values]
        elif operator in ("!=", "not in"):
            wanted = [key for key in keys if key not in values]
        else:
            raise UserError(self.env._("Unsupported search on the deadline."))
        today = to_local(fields.Datetime.now()).date()
        return self.env["q1.dossier.watchdog"]._live_deadline_domain(wanted, today)

    @api.depends("procedure_id", "company_id")
    def _compute_deciding_company_id(self):
        for dossier in self:
            dossier.deciding_company_id = dossier.procedure_id.deciding_company_id or dossier.company_id

    @api.depends("procedure_id")
    def _compute_fee_amount(self):
        for dossier in self:
            dossier.fee_amount = dossier.procedure_id.fee_amount

    @api.depends("channel", "attachment_ids")
    def _compute_digitised(self):
        for dossier in self:
            dossier.digitised = dossier.digitised or dossier.channel == "online" or bool(dossier.attachment_ids)

    @api.depends("fee_amount")
    def _compute_fee_in_words(self):
        for dossier in self:
            dossier.fee_in_words = amount_in_words(dossier.fee_amount) if dossier.fee_amount >= 0 else False

    @api.depends("procedure_id")
    def _compute_document_ids(self):
        for dossier in self.filtered(lambda d: not d.received_at):
            dossier.document_ids = [Command.clear()] + [
                Command.create(
                    {
                        "procedure_document_id": document.id,
                        "name": document.name,
                        "sequence": document.sequence,
                        "original_count": document.original_count,
                        "copy_count": document.copy_count,
                        "is_required": document.is_required,
                    }
                )
                for document in dossier.procedure_id.document_ids
            ]

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        # every stage is a kanban column, empty or not (a dozen records); the processing boards (context q1_board)
        # leave the counter's columns to today's counter
        if self.env.context.get("q1_board") == "processing":
            return stages.search([("status", "not in", ("draft", "incomplete"))], order=stages._order)
        return stages.search([], order=stages._order)  # pylint: disable=no-search-all

    # ------------------------------------------------------------------ applicant input

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                self._check_user_vals(self._q1_check_vals(vals), creating=True)
        dossiers = super().create(vals_list)
        dossiers._stamp_online_submission()
        dossiers._tie_scans()
        return dossiers

    def write(self, vals):
        """Writes from forms, the kanban and RPC. A new stage is a card dragged on the kanban: it moves the dossier
        only through the lifecycle (``_apply_manual_move``), never straight to the column. The lifecycle itself
        writes through ``_lifecycle_write``; a user's write of a legal fact is refused (``_check_user_vals``)."""
        self._q1_check_vals(vals)
        if not self.env.su:
            self._check_user_vals(vals)
        if "stage_id" in vals:
            stage = self.env["q1.dossier.stage"].browse(vals["stage_id"])
            for dossier in self.filtered(lambda d: d.stage_id != stage):
                dossier._apply_manual_move(stage)
            vals = {key: value for key, value in vals.items() if key != "stage_id"}
            if not vals:
                return True
        result = super().write(vals)
        if vals.get("channel") == "online":
            self._stamp_online_submission()
        if "attachment_ids" in vals:
            self._tie_scans()
        return result

    def _lifecycle_write(self, vals):
        """The lifecycle's own writes, the one way a dossier's stage and the facts stamped at its events change
        (reception, hand-overs, waits, extension, endings, rating). It bypasses ``write``'s handling of user edits
        (a stage given here is the status the lifecycle has already checked) and e-mails the applicant when the
        new stage has a template."""
        previous_stages = {dossier: dossier.stage_id for dossier in self} if "stage_id" in vals else {}
        # the model's write below this class on purpose: this class's write is the user-edit path
        result = super().write(vals)  # pylint: disable=super-method-mismatch
        for dossier, stage in previous_stages.items():
            if dossier.stage_id != stage and dossier.stage_id.mail_template_id:
                dossier._notify_applicant(dossier.stage_id.mail_template_id)
        return result

    def _tie_scans(self):
        """Tie the scanned documents to their dossier (res_model, res_id), as Odoo ties every attachment: a file is
        then read exactly by those who read its dossier (the units' record rule), through ``/web/content`` as
        through the ORM. A scan uploaded on a form not saved yet has no record (res_id 0: its uploader alone reads
        it) and is tied here; a file the user may not read, or that belongs to another record, is refused."""
        for dossier in self:
            scans = dossier.sudo().attachment_ids
            if not scans:
                continue
            scans.with_env(self.env).check("read")
            loose = scans.filtered(lambda a: not a.res_id and a.res_model in (False, self._name) and not a.res_field)
            tied = scans.filtered_domain([("res_model", "=", self._name), ("res_id", "=", dossier.id)])
            if scans - loose - tied:
                raise UserError(
                    self.env._("A scanned document belongs to one dossier only: upload the file again for this one.")
                )
            loose.write({"res_model": self._name, "res_id": dossier.id})

    def _stamp_online_submission(self):
        """Date the online dossiers that have no submission instant yet with the present moment: the record is
        created when the submission reaches the system. An instant given by the caller (the national portal's
        receipt) is kept."""
        unstamped = self.filtered(lambda d: d.channel == "online" and not d.submitted_at)
        if unstamped:
            unstamped.sudo()._lifecycle_write({"submitted_at": fields.Datetime.now()})

    # Arguments of the public methods, as RPC gives them (any JSON value): checked like the fields they end in.

    @api.model
    def _text_argument(self, value, field_name, model="q1.dossier"):
        """A text argument (``False``/``None`` is no text): stripped, or the message of field ``field_name``."""
        vals = self.env[model]._q1_apply(
            {field_name: value}, field_name, validation.clean_text, validation.TEXT_MAX_LENGTH, False, True
        )
        return vals[field_name] or ""

    @api.model
    def _date_argument(self, value, field_name):
        return self._q1_apply({field_name: value}, field_name, lambda day: day and validation.to_date(day))[field_name]

    def _check_user_vals(self, vals, creating=False):
        """Refuse a user's direct write of a legal fact (``LEGAL_FACTS``, any field the model computes, and on
        creation a stage other than the draft one), of a counter fact (``COUNTER_FACTS``) once the dossier is
        received, and a receiving unit that is not one of the user's units. The superuser (the lifecycle's
        ``sudo``, data loading) is not checked: the lifecycle writes through ``_lifecycle_write``."""
        facts = [name for name in vals if name in LEGAL_FACTS or self._is_computed_fact(name)]
        if creating:
            # A new dossier is a draft: empty facts and the draft stage (the form sends its default) are harmless.
            draft = self._fields["stage_id"].default(self).id
            facts += ["stage_id"] if vals.get("stage_id") not in (None, False, draft) else []
            facts = [name for name in facts if name == "stage_id" or vals[name]]
        if facts:
            raise UserError(
                self.env._(
                    "%(fields)s of a dossier are set by its own actions (reception, hand-over, waiting, extension, "
                    "closing, return, rating) and cannot be written directly. An administrator corrects a wrong "
                    'value with "Correct a legal fact", giving the reason.',
                    fields=self._field_labels(facts),
                )
            )
        if not creating and "user_id" in vals and any(dossier.user_id.id != vals["user_id"] for dossier in self):
            raise UserError(
                self.env._(
                    "The holder of a dossier changes only by Assign or Hand over, which check that the officer may "
                    "hold its step."
                )
            )
        fixed = [name for name in vals if name in COUNTER_FACTS]
        received = self.filtered(lambda d: d.state not in ("draft", "incomplete")) if fixed else self.browse()
        if received:
            raise UserError(
                self.env._(
                    "%(fields)s of dossier %(dossier)s cannot change once it is received. An administrator corrects "
                    'a wrong value with "Correct a legal fact", giving the reason.',
                    fields=self._field_labels(fixed),
                    dossier=received[0].display_name,
                )
            )
        if vals.get("company_id") and vals["company_id"] not in self.env.user.company_ids.ids:
            raise UserError(self.env._("A dossier can only be entered for one of your own units."))

    @api.model
    def _is_computed_fact(self, name):
        field = self._fields.get(name)
        return bool(field and field.compute and field.readonly)

    @api.model
    def _field_labels(self, names):
        return ", ".join(self._fields[name]._description_string(self.env) for name in names if name in self._fields)

    def _compute_applicant_phone_search(self):
        for dossier in self:
            dossier.applicant_phone_search = dossier.applicant_phone

    def _search_applicant_phone_search(self, operator, value):
        if operator not in ("ilike", "like", "=", "=ilike", "=like") or not isinstance(value, str):
            return [("applicant_phone", operator, value)]
        digits = re.sub(r"[\s.\-()]", "", value)
        for prefix in ("+84", "0084", "84"):
            if digits.startswith(prefix) and len(digits) > 9:
                digits = "0" + digits[len(prefix) :].removeprefix("0")
                break
        if not digits.isascii() or not digits.isdigit():
            return [("applicant_phone", operator, value)]
        return [("applicant_phone", operator, digits)]

    def _q1_clean_vals(self, vals):
        return self._clean_applicant_vals(super()._q1_clean_vals(vals))

    @api.model
    def _clean_applicant_vals(self, vals):
        """Store the applicant's data in its canonical form (names and address stripped, phone and identity number
        in their standard writing); bad input is refused with the field's message, never guessed."""
        today = to_local(fields.Datetime.now()).date()
        vals = self._q1_apply(vals, "applicant_name", validation.clean_text, validation.NAME_MAX_LENGTH, True)
        vals = self._q1_apply(vals, "applicant_address", validation.clean_text, validation.ADDRESS_MAX_LENGTH)
        vals = self._q1_apply(vals, "applicant_email", validation.clean_email)
        vals = self._q1_apply(
            vals, "applicant_birth_date", lambda value: value and validation.check_birth_date(value, today)
        )
        vals = self._q1_apply(
            vals, "fee_amount", lambda value: validation.check_integer(value or 0, 0, validation.MAX_FEE)
        )
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
                        dossier.applicant_id_number, dossier.applicant_birth_date or None, dossier.applicant_sex or None
                    )
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
        self._check_caller("receive")
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
            raise UserError(
                self.env._(
                    "Receiving unit %s has no official unit code or working calendar; "
                    "ask the administrator to set them.",
                    company.name,
                )
            )
        procedure = self.procedure_id
        today = to_local(fields.Datetime.now()).date()
        if not procedure.active or not procedure._is_effective_on(today):
            raise UserError(self.env._("Procedure %s is not in effect today.", procedure.display_name))
        if self.channel not in procedure._allowed_channels():
            raise UserError(
                self.env._(
                    "Procedure %(procedure)s cannot be filed through the %(channel)s channel.",
                    procedure=procedure.display_name,
                    channel=dict(CHANNELS)[self.channel],
                )
            )
        missing = self.document_ids.filtered(lambda line: line.is_required and not line.is_received)
        if missing:
            raise UserError(
                self.env._(
                    "The dossier is incomplete. Missing documents:\n%(items)s\n"
                    "Use 'Request completion' to give the applicant the list of missing items.",
                    items="\n".join(f"- {name}" for name in missing.mapped("name")),
                )
            )

    def _receive(self, received_at):
        """Stamp the reception instant (UTC naive) and compute what follows from it."""
        self.ensure_one()
        company = self.company_id
        local_received = to_local(received_at)
        procedure = self.procedure_id
        due, appointment = self._legal_due(local_received, procedure, self._work_calendar())
        seq = self.env["q1.dossier.code.counter"].sudo()._next_seq(company.id, local_received.date())
        self._set_status(
            "received",
            **{
                "code": dossier_code(company.q1_unit_code, local_received.date(), seq, company.q1_code_pattern),
                "received_at": received_at,
                "received_date": local_received.date(),
                "received_by_id": self.env.user.id,
                "time_limit": procedure.time_limit,
                "time_unit": procedure.time_unit,
                "same_day": procedure.same_day,
                "due_date": due,
                "original_due_date": due,
                "statistical_due_date": due,
                "promised_date": due,
                "appointment_at": to_utc(appointment),
            },
        )
        self._start_process(received_at)
        if self.deciding_company_id != company:
            self.message_post(
                body=self.env._(
                    "Received for %(unit)s, which decides this procedure; the dossier is routed there.",
                    unit=self.deciding_company_id.sudo().name,
                ),
                subtype_xmlid="mail.mt_note",
            )
        self._notify_applicant("q1_dossier.mail_template_q1_received")

    @api.model
    def _legal_due(self, local_received, procedure, calendar):
        """(legal due date, local appointment datetime) for a reception instant: the one home of the appointment
        printed on the receipt (form 01, "thời gian trả kết quả (giờ, phút, ngày)"). A limit in working hours
        gives its exact hour; a limit in days the hour of the calendar's appointment rule (core.deadline)."""
        core_calendar = calendar._to_core()
        if procedure.time_unit == "hour":
            appointment = due_datetime_for_hours(local_received, procedure.time_limit, core_calendar)
            return appointment.date(), appointment
        days = 0 if procedure.same_day else procedure.time_limit
        due = due_date(local_received, days, core_calendar, cutoff=calendar._cutoff_time())
        return due, calendar._appointment(due, local_received)

    @api.depends("step_ids.finished_at", "step_ids.planned_end", "current_step_id", "state")
    def _compute_timeline_html(self):
        labels = {"done": self.env._("Done"), "current": self.env._("Current step"), "planned": self.env._("Expected")}
        for dossier in self:
            if not dossier.step_ids:
                dossier.timeline_html = False
                continue
            items = Markup("").join(
                Markup('<li class="%s"><b>%s</b> — %s %s</li>')
                % (
                    "text-muted" if row["status"] == "done" else ("fw-bold" if row["status"] == "current" else ""),
                    escape(row["name"]),
                    labels[row["status"]],
                    row["end"].strftime("%d/%m/%Y %H:%M"),
                )
                for row in dossier._timeline()
            )
            dossier.timeline_html = Markup('<ol class="mb-2">%s</ol>') % items

    def _set_status(self, status, **vals):
        """Move to the first stage of a national status, as the law allows (lifecycle.TRANSITIONS)."""
        for dossier in self:
            if not lifecycle.can_move(dossier.state, status):
                raise UserError(
                    self.env._(
                        "Dossier %(dossier)s cannot go from '%(from)s' to '%(to)s'.",
                        dossier=dossier.display_name,
                        **{"from": dossier._status_label(dossier.state), "to": dossier._status_label(status)},
                    )
                )
        stage = vals.pop("stage_id", None) or self.env["q1.dossier.stage"]._for_status(status).id
        if status in COUNTER_ANSWERS:
            # Accepted, asked to complete or refused: an online submission has its answer (Art. 17(2)(c)).
            vals.setdefault("online_unanswered", False)
        return self._lifecycle_write(dict(vals, stage_id=stage))

    def _status_label(self, status):
        return dict(self._fields["state"]._description_selection(self.env)).get(status, status)

    @api.depends("pause_ids.kind")
    def _compute_supplement_count(self):
        for dossier in self:
            dossier.supplement_count = len(dossier.pause_ids.filtered(lambda p: p.kind == "supplement"))

    # ------------------------------------------------------------------ endings

    def _close(self, status, reason, report_xmlid=None):
        self.ensure_one()
        reason = self._text_argument(reason, "closing_reason")
        self._lock_for_move()
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason; it is written on the notice to the applicant."))
        now = fields.Datetime.now()
        if self.current_step_id and not self.current_step_id.finished_at:
            self.current_step_id.sudo().finished_at = now
        self.pause_ids.filtered(lambda p: not p.resumed_at).sudo().write({"resumed_at": now})
        self._set_status(status, finished_at=now, closing_reason=reason.strip())
        self.message_post(body=reason.strip(), subtype_xmlid="mail.mt_note")
        return self.env.ref(report_xmlid).report_action(self, config=False) if report_xmlid else True

    def refuse(self, reason):
        """Refusal after appraisal, with written reasons, within the legal time (Art. 19(3))."""
        self._check_caller("refuse")
        return self._close("refused", reason, "q1_dossier.action_report_q1_refusal")

    def stop(self, reason):
        """Stop at the applicant's request before the decision (Art. 21; Circular 03/2025 Art. 7)."""
        self._check_caller("stop")
        return self._close("stopped", reason, "q1_dossier.action_report_q1_stop_notice")

    def withdraw(self, reason):
        self._check_caller("withdraw")
        return self._close("withdrawn", reason)

    def return_result(self, method, recipient, also_electronic=False):
        """Hand the result back (Art. 22): who received it and how; when is now, a legal fact no caller sets.

        ``also_electronic``: a result handed over on paper (at the counter, by post) was also issued in electronic
        form, digitally signed (Art. 22(1)); with ``method`` "electronic" the result is electronic anyway. Either
        stamps ``e_result`` (index 4.2 of Decision 766/QĐ-TTg), which nobody writes directly."""
        self._check_caller("return")
        self.ensure_one()
        self._q1_check_vals({"return_method": method})
        if not isinstance(also_electronic, bool):
            raise ValidationError(self.env._("Say whether an electronic result was also issued: true or false."))
        recipient = self._text_argument(recipient, "returned_to")
        if self.state != "done":
            raise UserError(self.env._("Only a ready result can be returned."))
        if not (recipient or "").strip():
            raise UserError(self.env._("Say who received the result."))
        returned_at = fields.Datetime.now()
        self._set_status(
            "returned",
            returned_at=returned_at,
            return_method=method,
            returned_to=recipient.strip(),
            e_result=method == "electronic" or also_electronic,
        )
        if self.promised_date and to_local(returned_at).date() < self.promised_date:
            self.message_post(
                body=self.env._(
                    "Result returned before the appointment date; the applicant was told when it was ready."
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def rate(self, rating, comment=None):
        """The applicant's satisfaction with a returned dossier, recorded at the counter."""
        self._check_caller("rate")
        return self._rate(rating, comment, "counter")

    def _rate(self, rating, comment, channel):
        """Record the applicant's rating (Decree 118/2025 Art. 31-33), once; ``channel`` is where it was given: the
        counter (``rate``) or the public lookup page, which calls this as the system."""
        self.ensure_one()
        if not rating:
            raise UserError(self.env._("Choose the applicant's rating."))
        self._q1_check_vals({"rating": rating, "rating_channel": channel})
        comment = self._text_argument(comment, "rating_comment")
        if self.state != "returned":
            raise UserError(self.env._("A dossier can be rated once its result is returned."))
        # Two submissions at once (counter and lookup page) must not both pass the check below.
        self.env.cr.execute("SELECT id FROM q1_dossier WHERE id = %s FOR UPDATE", (self.id,))
        self.invalidate_recordset(["rating"])
        if self.rating:
            raise UserError(self.env._("This dossier has already been rated."))
        self.sudo()._lifecycle_write(
            {
                "rating": rating,
                "rating_comment": (comment or "").strip() or False,
                "rating_date": fields.Datetime.now(),
                "rating_channel": channel,
            }
        )
        return True

    # ------------------------------------------------------------------ notifications

    def _notify_applicant(self, template):
        """E-mail the applicant (queued), and send the SMS through the unit's hook when it has one.

        ``template``: a mail.template or its XML id."""
        self.ensure_one()
        if isinstance(template, str):
            template = self.env.ref(template, raise_if_not_found=False)
        if not template:
            return
        if self.applicant_email:
            template.sudo().send_mail(self.id, email_layout_xmlid="mail.mail_notification_light")
        self.company_id.sudo()._q1_send_sms(self, template)

    # ------------------------------------------------------------------ counter outcomes and printing

    def action_open_counter_outcome(self):
        self._check_caller("counter_outcome")
        self.ensure_one()
        outcome = self.env.context.get("q1_outcome", "incomplete")
        return {
            "type": "ir.actions.act_window",
            "res_model": "q1.dossier.counter.outcome",
            "view_mode": "form",
            "target": "new",
            # the dialog's title: without a name Odoo titles it "Odoo"
            "name": dict(
                self.env["q1.dossier.counter.outcome"]._fields["outcome"]._description_selection(self.env)
            ).get(outcome, self.env["q1.dossier.counter.outcome"]._q1_description()),
            "context": {"default_dossier_id": self.id, "default_outcome": outcome},
        }

    def action_open_lifecycle(self):
        """Open the form of a lifecycle action named in the button's context (key q1_action)."""
        self._check_caller(self.env.context.get("q1_action"))
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "q1.dossier.action",
            "view_mode": "form",
            "target": "new",
            "name": dict(self.env["q1.dossier.action"]._fields["action"]._description_selection(self.env))[
                self.env.context["q1_action"]
            ],
            "context": {
                "default_dossier_id": self.id,
                "default_action": self.env.context["q1_action"],
                "default_step_id": self.current_step_id.id,
            },
        }

    def action_resume(self):
        return self.resume()

    def action_approve_extension(self):
        return self.approve_extension()

    def action_reject_extension(self):
        return self.reject_extension()

    def action_take(self):
        return self.assign(self.env.user)

    def _missing_document_names(self):
        self.ensure_one()
        return self.document_ids.filtered(lambda line: line.is_required and not line.is_received).mapped("name")

    def action_print_receipt(self):
        self._check_caller("print")
        self.ensure_one()
        if not self.code:
            raise UserError(self.env._("Only a received dossier has a receipt."))
        return self.env.ref("q1_dossier.action_report_q1_receipt").report_action(self, config=False)

    def action_print_form(self):
        """Print the form named in the button's context (key q1_form, a key of q1.dossier.form.values.FORMS), when
        it means something for the dossier: the rule its button's visibility follows (``printable_forms``)."""
        self._check_caller("print")
        self.ensure_one()
        forms = self.env["q1.dossier.form.values"]
        form = self.env.context.get("q1_form")
        if form not in forms.FORMS:
            raise UserError(self.env._("Unknown form."))
        forms._check_printable(form, self)
        return self.env.ref(forms.FORMS[form]).report_action(self, config=False)

    def lookup_url(self):
        self.check_access("read")
        self.ensure_one()
        base = self.sudo().company_id.q1_lookup_url or (self.get_base_url() + "/q1/lookup")
        return f"{base}?{urlencode({'code': self.code or ''})}"

    # The applicant's e-mails (mail templates, kept as the database has them) print the same texts as the forms,
    # which the report models take from q1.dossier.form.values.

    def lifecycle_print_values(self):
        self.check_access("read")
        return self.env["q1.dossier.form.values"]._lifecycle(self)

    def receipt_print_values(self):
        self.check_access("read")
        return self.env["q1.dossier.form.values"]._receipt(self)

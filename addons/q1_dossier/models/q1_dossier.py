import re
from datetime import datetime
from urllib.parse import urlencode

from markupsafe import Markup, escape
from psycopg2.errors import SerializationFailure

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from ..core import lifecycle, validation
from ..core.codes import dossier_code
from ..core.deadline import due_date, due_date_after_pauses, due_datetime_for_hours
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
from ..core.process import plan_steps
from ..core.vntext import amount_in_words

# The counter's answers to a submission (Decree 118/2025 Art. 17(1)(c), 17(2)(c)).
COUNTER_ANSWERS = (lifecycle.RECEIVED, lifecycle.INCOMPLETE, lifecycle.REFUSED)

# Legal facts: what the law or the statistics rest on (codes, times, dates, states, outcomes, ratings). Only the
# dossier's own methods write them, through ``_lifecycle_write``; a manager corrects one with the explicit, logged
# q1.dossier.correction. Fields the model computes (state, supplement_count, ...) are never written either.
LEGAL_FACTS = frozenset(
    {
        "code",
        "submitted_at",
        "received_at",
        "received_date",
        "received_by_id",
        "time_limit",
        "time_unit",
        "same_day",
        "due_date",
        "original_due_date",
        "statistical_due_date",
        "promised_date",
        "appointment_at",
        "state",
        "counter_reason",
        "missing_items",
        "counter_outcome_at",
        "counter_officer_id",
        "current_step_id",
        "step_ids",
        "pause_ids",
        "extension_state",
        "extension_reason",
        "extension_date",
        "extension_requested_by_id",
        "extension_approved_by_id",
        "finished_at",
        "closing_reason",
        "returned_at",
        "return_method",
        "returned_to",
        "deadline_state",
        "escalation_level",
        "online_unanswered",
        "rating",
        "rating_comment",
        "rating_date",
        "rating_channel",
    }
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

RECEPTION = "q1_dossier.group_q1_reception"
PROCESSING = "q1_dossier.group_q1_processing"
# Who may call each action on a dossier, over RPC exactly as from its button (the button's groups= in the form
# view): the roles, each with the dossier's unit it must be held in: "receiving" (company_id), "deciding"
# (deciding_company_id) or "either". The keys of the lifecycle form (q1.dossier.action) are actions here too.
CALLER_ROLES = {
    "receive": ((RECEPTION, "receiving"),),
    "counter_outcome": ((RECEPTION, "receiving"),),
    "take": ((PROCESSING, "deciding"),),
    "assign": (("q1_dossier.group_q1_department_head", "deciding"),),
    "hand_over": ((PROCESSING, "deciding"),),
    "supplement": ((PROCESSING, "deciding"),),
    "payment": ((PROCESSING, "deciding"),),
    "resume": ((RECEPTION, "receiving"), (PROCESSING, "deciding")),
    "extension": ((PROCESSING, "deciding"),),
    "decide_extension": (("q1_dossier.group_q1_unit_leader", "deciding"),),
    "refuse": ((PROCESSING, "deciding"),),
    "stop": ((RECEPTION, "receiving"),),
    "withdraw": ((RECEPTION, "receiving"),),
    "return": ((RECEPTION, "receiving"),),
    "rate": ((RECEPTION, "receiving"),),
    "print": ((RECEPTION, "either"), (PROCESSING, "either")),
}


class Q1Dossier(models.Model):
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
    deadline_state = fields.Selection(
        DEADLINE_STATES,
        readonly=True,
        copy=False,
        index=True,
        help="Set by the watchdog every day.",
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

    _sql_constraints = [("code_uniq", "unique(code)", "A dossier code is issued only once.")]

    # ------------------------------------------------------------------ computes

    @api.depends("code", "applicant_name")
    def _compute_display_name(self):
        for dossier in self:
            dossier.display_name = (
                f"{dossier.code} - {dossier.applicant_name}"
                if dossier.code
                else self.env._("%s (not received)", dossier.applicant_name or "")
            )

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
        # every stage is a kanban column, empty or not (a dozen records)
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

    @api.model
    def _datetime_argument(self, value, field_name):
        return self._q1_apply({field_name: value}, field_name, lambda at: at and validation.to_datetime(at))[field_name]

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

    # ------------------------------------------------------------------ who may call what

    def _check_role(self, *group_xmlids):
        """Refuse the caller unless they hold one of the groups ``group_xmlids``; the system (sudo) may."""
        if self.env.su or any(self.env.user.has_group(xmlid) for xmlid in group_xmlids):
            return
        roles = ", ".join(self.env.ref(xmlid).sudo().name for xmlid in group_xmlids)
        raise AccessError(self.env._("Only a user with one of these roles may do this: %(roles)s.", roles=roles))

    def _in_user_units(self, side):
        """Whether the dossier's unit ``side`` ("receiving", "deciding" or "either") is one of the user's."""
        self.ensure_one()
        dossier = self.sudo()
        units = {
            "receiving": dossier.company_id,
            "deciding": dossier.deciding_company_id,
            "either": dossier.company_id | dossier.deciding_company_id,
        }[side]
        return bool(units & self.env.user.company_ids)

    def _check_unit(self, side):
        """Refuse the caller unless every dossier's unit ``side`` is one of theirs; the system (sudo) may."""
        if self.env.su or all(dossier._in_user_units(side) for dossier in self):
            return
        if side == "receiving":
            raise AccessError(self.env._("Only the officers of the unit that received this dossier may do this."))
        if side == "deciding":
            raise AccessError(self.env._("Only the officers of the unit that decides this dossier may do this."))
        raise AccessError(self.env._("This dossier belongs to another unit."))

    def _check_caller(self, action):
        """Refuse the caller unless they hold a role of ``action`` (CALLER_ROLES) in the dossier's unit that role
        acts for, as the action's button requires. The first line of every public method that acts on dossiers."""
        if self.env.su:
            return
        if action not in CALLER_ROLES:
            raise UserError(self.env._("Unknown action on a dossier."))
        options = CALLER_ROLES[action]
        sides = [side for group, side in options if self.env.user.has_group(group)]
        if not sides:
            self._check_role(*(group for group, _side in options))
        for dossier in self:
            if not any(dossier._in_user_units(side) for side in sides):
                dossier._check_unit(sides[0])

    def _as_user(self, user):
        """``user`` as a res.users record: given as a record by the forms and code, as an id over RPC."""
        if isinstance(user, models.BaseModel):
            return user if user._name == "res.users" else self.env["res.users"]
        if isinstance(user, int) and not isinstance(user, bool):
            return self.env["res.users"].browse(user)
        return self.env["res.users"]

    def _check_holder(self, user):
        """Refuse ``user`` (record or id) as the holder of the dossiers' current step unless they are one active
        internal user with the processing role in the unit that decides every dossier; return it as a record."""
        user = self._as_user(user)
        officer = user.sudo().exists()
        if len(officer) != 1:
            raise UserError(self.env._("Choose one officer to hold the dossier."))
        for dossier in self:
            if not (
                officer.active
                and officer._is_internal()
                and officer.has_group(PROCESSING)
                and dossier.sudo().deciding_company_id in officer.company_ids
            ):
                raise UserError(
                    self.env._(
                        "%(officer)s cannot hold this dossier: the holder must be an active processing officer "
                        "of the unit that decides it.",
                        officer=officer.name,
                    )
                )
        return user

    @api.model
    def _check_dossier_ref(self, value):
        """Refuse a form's reference to a dossier the user may not read. A new record's form (``onchange``) shows
        its dossier by name, code and applicant, and the ORM reads that name as the system: the forms that point
        to a dossier call this first, so that another ward's dossier is not named by guessing its id."""
        ident = value.get("id") if isinstance(value, dict) else value
        if isinstance(ident, int) and not isinstance(ident, bool) and ident:
            self.browse(ident).check_access("read")

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
        """(legal due date, local appointment datetime) for a reception instant."""
        core_calendar = calendar._to_core()
        if procedure.time_unit == "hour":
            appointment = due_datetime_for_hours(local_received, procedure.time_limit, core_calendar)
            return appointment.date(), appointment
        days = 0 if procedure.same_day else procedure.time_limit
        due = due_date(local_received, days, core_calendar, cutoff=calendar._cutoff_time())
        appointment = datetime.combine(due, calendar._appointment_clock())
        if appointment <= local_received:
            # A same-day result promised for an hour already past: the end of the working day instead.
            appointment = datetime.combine(due, core_calendar.shifts[-1][1])
        return due, appointment

    # ------------------------------------------------------------------ internal process

    def _process_plan(self):
        """[(name, stage, department, budget, unit, procedure step)] of the procedure's internal process.

        A procedure without a configured process has a single step taking its whole legal time.
        """
        self.ensure_one()
        steps = self.procedure_id.step_ids
        if steps:
            return [
                (step.name, step.stage_id, step.department_id, step.time_budget, step.time_unit, step) for step in steps
            ]
        stage = self.env["q1.dossier.stage"]._for_status("processing")
        budget = self.time_limit or 1
        return [
            (
                self.env._("Processing"),
                stage,
                self.env["hr.department"],
                budget,
                self.time_unit or "day",
                self.env["q1.procedure.step"],
            )
        ]

    def _work_calendar(self):
        """The working calendar every time limit of the dossier is counted on: the deciding unit's, else the
        receiving unit's.

        The legal time limit is the competent body's time to decide (Decree 118/2025 Art. 17(3), 19); under
        boundary-free reception the receiving centre only issues the receipt, forwards the dossier and hands back
        the result (Art. 14(2), 20(1)). So the due dates at reception and after every wait, the appointment time,
        the same-day cut-off, the step plan, the 3-day window for a supplement request and the extension check
        all use this one calendar (as the watchdog does). Only the 8 working hours to answer an online
        submission run on the receiving centre's calendar: that answer is the centre's own work (Art. 17(2)).
        """
        # Officers of one ward may not read the other ward's company record: the units' settings are read as
        # the system, here and wherever a dossier crosses wards.
        units = self.sudo()
        return units.deciding_company_id.q1_work_calendar_id or units.company_id.q1_work_calendar_id

    def _core_calendar(self):
        return self._work_calendar()._to_core()

    def _step_end(self, index, start):
        """Local instant at which step ``index`` of the process is planned to end when it starts at ``start``
        (local): its budget in working time on the dossier's calendar."""
        _name, _stage, _department, budget, unit, _procedure_step = self._process_plan()[index]
        return plan_steps(start, [(budget, unit)], self._core_calendar())[0]

    def _open_step(self, index, handed_at, user=None):
        """Create the control-slip row of step ``index`` of the process, handed over now."""
        name, _stage, department, _budget, _unit, procedure_step = self._process_plan()[index]
        planned_end = self._step_end(index, to_local(handed_at))
        step = (
            self.env["q1.dossier.step"]
            .sudo()
            .create(
                {
                    "dossier_id": self.id,
                    "procedure_step_id": procedure_step.id,
                    "sequence": index + 1,
                    "name": name,
                    "department_id": department.id,
                    "handed_by_id": self.env.user.id,
                    "handed_at": handed_at,
                    "user_id": user.id if user else False,
                    "taken_at": handed_at if user else False,
                    "planned_end": to_utc(planned_end),
                }
            )
        )
        self._lifecycle_write({"current_step_id": step.id})
        return step

    def _start_process(self, received_at):
        self._open_step(0, received_at)

    def _timeline(self):
        """Steps done, the current step and the expected end of each remaining step, in process order."""
        self.ensure_one()
        rows = [
            {
                "name": step.name,
                "status": "done" if step.finished_at else "current",
                "end": to_local(step.finished_at or step.planned_end),
                "result": step.result,
            }
            for step in self.step_ids
        ]
        plan = self._process_plan()
        index = self._current_index()
        if self.state in lifecycle.OPEN_STATUSES and 0 <= index < len(plan) - 1:
            remaining = plan[index + 1 :]
            ends = plan_steps(
                to_local(self.current_step_id.planned_end),
                [(budget, unit) for _n, _s, _d, budget, unit, _p in remaining],
                self._core_calendar(),
            )
            rows += [
                {"name": item[0], "status": "planned", "end": end, "result": False}
                for item, end in zip(remaining, ends, strict=True)
            ]
        return rows

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

    def _current_index(self):
        return self.current_step_id.sequence - 1 if self.current_step_id else -1

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

    def _lock_for_move(self, step=None):
        """Lock the dossier's row until the end of the transaction, before a move of its lifecycle, and refuse the
        move cleanly when someone else has just moved it.

        Two moves of one dossier at once (two hand-overs of one step, a hand-over and a closing) would both pass
        the checks of their methods, each on its own snapshot: the second would then close the step the first
        had just opened, with nobody holding it. Under REPEATABLE READ, locking a row that another transaction
        changed after this one's snapshot fails with a serialization error; Odoo would retry the whole request,
        which then sees the new current step and moves it too. So the lock is taken in a savepoint and that
        failure becomes a message asking to reload; the caller's current step ``step`` (a record or an id), when
        given, is compared with the locked row's, which catches a move committed before this request started.
        """
        self.ensure_one()
        try:
            with self.env.cr.savepoint(flush=False):
                # An expected outcome, answered below: not logged as a failed query.
                self.env.cr.execute(
                    "SELECT id FROM q1_dossier WHERE id = %s FOR NO KEY UPDATE", (self.id,), log_exceptions=False
                )
        except SerializationFailure:
            raise UserError(
                self.env._(
                    "Dossier %s was just changed by someone else (handed over, assigned, resumed or closed). "
                    "Reload it and check its current step before trying again.",
                    self.display_name,
                )
            ) from None
        self.invalidate_recordset()
        if step is not None:
            step_id = step.id if isinstance(step, models.BaseModel) else step
            if self.current_step_id.id != step_id:
                raise UserError(
                    self.env._(
                        "The step you are working on in dossier %s was just handed over by someone else. "
                        "Reload the dossier.",
                        self.display_name,
                    )
                )

    def assign(self, user, step=None):
        """The department head hands the current step to an officer (Art. 19(1)).

        ``step``: the current step the caller saw (record or id); refused if it is no longer current."""
        user = self._as_user(user)
        # Taking the dossier oneself is the processing role's; giving it to someone else the head's.
        self._check_caller("take" if user == self.env.user else "assign")
        self._check_holder(user)
        for dossier in self:
            dossier._lock_for_move(step)
            if dossier.state not in ("received", "processing"):
                raise UserError(self.env._("Only a dossier being processed can be assigned."))
            step = dossier.current_step_id
            step.sudo().write({"user_id": user.id, "taken_at": fields.Datetime.now()})
            vals = {"user_id": user.id}
            if dossier.state == "received":
                dossier._set_status("processing", stage_id=dossier._process_plan()[0][1].id, **vals)
            else:
                dossier._lifecycle_write(vals)
        return True

    def hand_over(self, next_user=None, note=None, step=None):
        """Finish the current step and hand the dossier to the next one; after the last, the result is ready.

        ``step``: the current step the caller saw (record or id); a step is handed over once, so the call is
        refused if that step is no longer current."""
        self._check_caller("hand_over")
        note = self._text_argument(note, "note", "q1.dossier.step")
        next_user = self._check_holder(next_user) if next_user else None
        for dossier in self:
            dossier._lock_for_move(step)
            if dossier.state not in ("received", "processing"):
                raise UserError(self.env._("Only a dossier being processed can be handed over."))
            now = fields.Datetime.now()
            dossier.current_step_id.sudo().write({"finished_at": now, "note": note or dossier.current_step_id.note})
            plan = dossier._process_plan()
            index = dossier._current_index() + 1
            if index < len(plan):
                dossier._open_step(index, now, next_user)
                vals = {"user_id": next_user.id} if next_user else {}
                dossier._set_status("processing", stage_id=plan[index][1].id, **vals)
            else:
                dossier._set_status("done", finished_at=now, user_id=dossier.received_by_id.id)
                dossier._notify_applicant("q1_dossier.mail_template_q1_result_ready")
        return True

    def _apply_manual_move(self, stage):
        """A card dragged to another kanban column: only the moves that need no form, along the process."""
        self.ensure_one()
        if not lifecycle.can_drag(self.state, stage.status):
            raise UserError(
                self.env._(
                    "A dossier cannot be moved from '%(from)s' to '%(to)s' this way; use the buttons on the dossier.",
                    **{"from": self.stage_id.name, "to": stage.name},
                )
            )
        plan = self._process_plan()
        index = self._current_index()
        if stage.status == "processing" and self.state == "received" and stage == plan[0][1]:
            return self.assign(self.env.user)
        if (
            stage.status == "processing"
            and self.state == "processing"
            and index + 1 < len(plan)
            and stage == plan[index + 1][1]
        ):
            return self.hand_over()
        if stage.status == "done" and self.state == "processing" and index + 1 == len(plan):
            return self.hand_over()
        if stage.status == "processing" and self.state == "payment":
            return self.resume()
        raise UserError(
            self.env._(
                "Stage %(stage)s is not the next step of the internal process of %(dossier)s.",
                stage=stage.name,
                dossier=self.display_name,
            )
        )

    # ------------------------------------------------------------------ waiting periods and due dates

    def request_supplement(self, reason, missing_items):
        """Ask the applicant once to supplement during appraisal, within 3 working days (Art. 19(5), 11(2)(c))."""
        self._check_caller("supplement")
        self.ensure_one()
        reason = self._text_argument(reason, "closing_reason")
        missing_items = self._text_argument(missing_items, "missing_items")
        if self.state not in ("received", "processing"):
            raise UserError(self.env._("A supplement can be requested only while the dossier is being processed."))
        if self.supplement_count:
            raise UserError(self.env._("A supplement may be requested only once (Decree 118/2025 Art. 11(2)(c))."))
        today = to_local(fields.Datetime.now()).date()
        if self._core_calendar().workdays_between(self.received_date, today) > 3:
            raise UserError(
                self.env._(
                    "A supplement must be requested within 3 working days of reception (Decree 118/2025 Art. 19(5))."
                )
            )
        if not (reason or "").strip() or not (missing_items or "").strip():
            raise UserError(self.env._("Give the reason and every item to supplement."))
        self._pause("supplement", reason, missing_items)
        self._notify_applicant("q1_dossier.mail_template_q1_supplement")
        return self.env.ref("q1_dossier.action_report_q1_supplement_request").report_action(self, config=False)

    def request_payment(self, reason):
        self._check_caller("payment")
        self.ensure_one()
        reason = self._text_argument(reason, "closing_reason")
        if self.state != "processing":
            raise UserError(self.env._("Fees can be requested only while the dossier is being processed."))
        self._pause("payment", reason, False)
        return True

    def _pause(self, kind, reason, missing_items):
        self.env["q1.dossier.pause"].sudo().create(
            {
                "dossier_id": self.id,
                "kind": kind,
                "paused_at": fields.Datetime.now(),
                "reason": (reason or "").strip(),
                "missing_items": (missing_items or "").strip() or False,
                "requested_by_id": self.env.user.id,
            }
        )
        self._set_status(kind)

    def resume(self):
        """The supplement or the payment arrived: the clock runs again; the due dates and the current step's
        planned end are recomputed."""
        self._check_caller("resume")
        for dossier in self:
            dossier._lock_for_move()
            pause = dossier.pause_ids.filtered(lambda p: not p.resumed_at)
            if dossier.state not in ("supplement", "payment") or not pause:
                raise UserError(self.env._("Dossier %s is not waiting for the applicant.", dossier.display_name))
            pause.sudo().resumed_at = fields.Datetime.now()
            dossier._replan_current_step(pause)
            status = "processing" if dossier.current_step_id.user_id else "received"
            stage = dossier._process_plan()[dossier._current_index()][1] if status == "processing" else False
            vals = dossier._due_dates_after_pauses()
            if pause.kind == "supplement":
                # The legal time restarted from zero (Art. 19(5)): lateness before the wait no longer exists, so
                # the watchdog's escalation starts again against the new plan. A fee wait keeps it: the clock
                # only stopped and the dossier is as late as before.
                vals["escalation_level"] = 0
            dossier._set_status(status, stage_id=stage.id if stage else None, **vals)
        return True

    def _replan_current_step(self, pause):
        """Move the planned end of the current step once the wait ``pause`` is over (``resumed_at`` set).

        Supplement: "the time limit is counted again from the start once the complete dossier is received"
        (Decree 118/2025 Art. 19(5)), so the steps still to do are planned again from the completion instant: the
        current step gets its whole budget from then, as if handed over at that moment, and the later steps
        follow it (``_timeline``); their budgets fit in the legal time, which restarts too. Fees: the wait only
        stops the clock (the legal due date moves by the working days waited), so the planned end moves by the
        working time waited; the time used before the wait still counts, and a step already late stays late by
        as much. Without the move, the watchdog would escalate the step as soon as the dossier resumes.
        """
        self.ensure_one()
        step = self.current_step_id
        if not step or step.finished_at:
            return
        resumed = to_local(pause.resumed_at)
        if pause.kind == "supplement":
            planned_end = self._step_end(self._current_index(), resumed)
        else:
            calendar = self._core_calendar()
            waited = calendar.working_time(to_local(pause.paused_at), resumed)
            planned_end = calendar.add_working_time(to_local(step.planned_end), waited)
        step.sudo().planned_end = to_utc(planned_end)

    def _due_dates_after_pauses(self):
        """Legal and statistical due dates once every pause is over.

        Legal: after a supplement the time limit restarts from zero from the completion (Art. 19(5)); a wait
        for fees only stops the clock. Statistical (Decision 766 rules): every wait is subtracted from the
        time counted since reception.
        """
        self.ensure_one()
        calendar = self._core_calendar()
        cutoff = self._work_calendar()._cutoff_time()
        days = 0 if self.same_day else self.time_limit
        received = to_local(self.received_at)
        pauses = [(to_local(p.paused_at).date(), to_local(p.resumed_at).date()) for p in self.pause_ids]
        anchor, legal_pauses = received, []
        for pause, interval in zip(self.pause_ids, pauses, strict=True):
            if pause.kind == "supplement":
                anchor, legal_pauses = to_local(pause.resumed_at), []
            else:
                legal_pauses.append(interval)
        if self.time_unit == "hour":
            # Hour-based limits are short enough that the legal restart is the whole rule.
            legal = due_datetime_for_hours(anchor, self.time_limit, calendar).date()
            statistical = legal
        else:
            legal = due_date_after_pauses(anchor, days, legal_pauses, calendar, cutoff)
            statistical = due_date_after_pauses(received, days, pauses, calendar, cutoff)
        vals = {"due_date": legal, "statistical_due_date": statistical}
        if self.extension_state != "approved":
            vals.update(promised_date=legal, appointment_at=self._appointment_on(legal))
        return vals

    def _appointment_on(self, day):
        """The appointment instant (UTC) printed for a result due on ``day``."""
        return to_utc(datetime.combine(day, self._work_calendar()._appointment_clock()))

    @api.depends("pause_ids.kind")
    def _compute_supplement_count(self):
        for dossier in self:
            dossier.supplement_count = len(dossier.pause_ids.filtered(lambda p: p.kind == "supplement"))

    # ------------------------------------------------------------------ late dossiers: apology and extension

    def request_extension(self, reason, new_date):
        """Apology and re-appointment: at least one working day before the due date, once (Art. 19(6))."""
        self._check_caller("extension")
        self.ensure_one()
        reason = self._text_argument(reason, "extension_reason")
        new_date = self._date_argument(new_date, "extension_date")
        if self.state not in lifecycle.OPEN_STATUSES:
            raise UserError(self.env._("Only a dossier being processed can be extended."))
        if self.extension_state in ("requested", "approved"):
            raise UserError(self.env._("A dossier may be re-appointed only once (Decree 118/2025 Art. 19(6))."))
        today = to_local(fields.Datetime.now()).date()
        if self._core_calendar().workdays_between(today, self.promised_date) < 1:
            raise UserError(
                self.env._(
                    "The apology and extension request must be made at least one working day before the due date (%s).",
                    self.promised_date.strftime("%d/%m/%Y"),
                )
            )
        if not new_date or new_date <= self.promised_date:
            raise UserError(self.env._("The new date must be after the current due date."))
        if not (reason or "").strip():
            raise UserError(self.env._("Give the reason for the delay; it is written in the apology."))
        self._lifecycle_write(
            {
                "extension_state": "requested",
                "extension_reason": reason.strip(),
                "extension_date": new_date,
                "extension_requested_by_id": self.env.user.id,
            }
        )
        leaders = self.env.ref("q1_dossier.group_q1_unit_leader").users.filtered(
            lambda u: self.deciding_company_id in u.company_ids
        )
        for leader in leaders:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                user_id=leader.id,
                summary=self.env._("Approve the extension of %s", self.code),
            )
        return True

    def _check_extension_decision(self):
        self.ensure_one()
        if not self.env.user.has_group("q1_dossier.group_q1_unit_leader"):
            raise UserError(self.env._("Only the unit leader decides on an extension."))
        if self.extension_state != "requested":
            raise UserError(self.env._("There is no extension request to decide on."))

    def approve_extension(self):
        self._check_caller("decide_extension")
        self._check_extension_decision()
        self._lifecycle_write(
            {
                "extension_state": "approved",
                "extension_approved_by_id": self.env.user.id,
                "promised_date": self.extension_date,
                "appointment_at": self._appointment_on(self.extension_date),
            }
        )
        self.activity_feedback(["mail.mail_activity_data_todo"], feedback=self.env._("Extension approved"))
        self._notify_applicant("q1_dossier.mail_template_q1_apology")
        return self.env.ref("q1_dossier.action_report_q1_apology").report_action(self, config=False)

    def reject_extension(self):
        self._check_caller("decide_extension")
        self._check_extension_decision()
        self._lifecycle_write({"extension_state": "rejected"})
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True

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

    def return_result(self, method, recipient, returned_at=None):
        """Hand the result back (Art. 22): who received it, when, and how."""
        self._check_caller("return")
        self.ensure_one()
        self._q1_check_vals({"return_method": method})
        recipient = self._text_argument(recipient, "returned_to")
        returned_at = self._datetime_argument(returned_at, "returned_at")
        if self.state != "done":
            raise UserError(self.env._("Only a ready result can be returned."))
        if not (recipient or "").strip():
            raise UserError(self.env._("Say who received the result."))
        returned_at = returned_at or fields.Datetime.now()
        self._set_status("returned", returned_at=returned_at, return_method=method, returned_to=recipient.strip())
        if self.promised_date and to_local(returned_at).date() < self.promised_date:
            self.message_post(
                body=self.env._(
                    "Result returned before the appointment date; the applicant was told when it was ready."
                ),
                subtype_xmlid="mail.mt_note",
            )
        return True

    def rate(self, rating, comment=None, channel="counter"):
        """The applicant's satisfaction with a returned dossier (Decree 118/2025 Art. 31-33), once."""
        self._check_caller("rate")
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
            "context": {"default_dossier_id": self.id, "default_action": self.env.context["q1_action"]},
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

"""Citizens' feedback (phản ánh, kiến nghị — PAKN) about a dossier, an officer or a procedure.

OCA's ``mgmtsystem_claim`` stands on ``crm_claim``, which pulls in the CRM app (sales teams, leads, stages of a
sales pipeline) that a ward centre does not run: this model has the same shape (a code, a partner's contact data,
a category, a responsible, a deadline, states, an answer) on the one-stop record instead.

A citizen files feedback on the public lookup page (``controllers/q1_feedback_lookup.py``, linked to the dossier
when its code and the last 4 digits of the applicant's phone match) or a reception officer enters it at the
counter. It gets a code per unit and day (``PAKN-<unit>-<yymmdd>-<NNNN>``, as the dossier codes) and its
deadlines in working days on the unit's calendar (``core.feedback``; the limits are system parameters with the
national portal's defaults). The department head assigns it to a handling officer; it is answered (``answer``)
or refused (``refuse``), the answer is e-mailed and shown on the lookup page, where the citizen says once whether
they are satisfied; the department head closes it. Justified feedback raises one nonconformity (``_q1_raise``,
kind "complaint") naming the officer concerned: evidence on that officer's evaluation sheet.

Legal facts (code, unit, dates, deadlines, state, handler, answer, outcome, satisfaction) change only through
these methods; a direct write over RPC is refused in Vietnamese.
"""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.q1_dossier.core import validation
from odoo.addons.q1_dossier.core.identity import normalize_phone
from odoo.addons.q1_dossier.core.localtime import local_date
from odoo.addons.q1_dossier.core.workcal import WorkCalendar

from ..core import feedback as core

RECEPTION = "q1_dossier.group_q1_reception"
PROCESSING = "q1_dossier.group_q1_processing"
HEAD = "q1_dossier.group_q1_department_head"
LEADER = "q1_dossier.group_q1_unit_leader"

STATES = [
    ("new", "New"),
    ("assigned", "Assigned"),
    ("answered", "Answered"),
    ("refused", "Refused"),
    ("closed", "Closed"),
]
CHANNELS = [
    ("lookup", "Lookup page"),
    ("counter", "At the counter"),
    ("phone", "Phone"),
    ("mail", "Letter or e-mail"),
    ("box", "Suggestion box"),
]
# What a user may enter at the counter; the lookup page's channel is the system's.
COUNTER_CHANNELS = ("counter", "phone", "mail", "box")
SUBJECTS = [("dossier", "A dossier"), ("officer", "An officer"), ("procedure", "A procedure"), ("other", "Other")]
SATISFACTION = [("satisfied", "Satisfied"), ("not_satisfied", "Not satisfied")]
OUTCOMES = [("answered", "Answered"), ("refused", "Refused to handle")]
OPEN_STATES = ("new", "assigned")

# Legal facts: set by the methods below only.
FACTS = frozenset(
    {
        "name",
        "sequence_number",
        "company_id",
        "channel",
        "received_at",
        "received_date",
        "received_by_id",
        "deadline",
        "refuse_deadline",
        "info_deadline",
        "info_request",
        "info_requested_at",
        "state",
        "handler_id",
        "assigned_at",
        "answer_text",
        "outcome",
        "answered_at",
        "answered_by_id",
        "justified",
        "answered_late",
        "answer_satisfaction",
        "satisfaction_at",
        "satisfaction_channel",
        "closed_at",
        "dossier_id",
        "content",
        "citizen_name",
        "nonconformity_id",
        "overdue_notified",
    }
)
# What the counter enters when it files feedback (besides the facts the filing sets).
COUNTER_FIELDS = frozenset(
    {
        "company_id",
        "channel",
        "subject",
        "category_id",
        "dossier_id",
        "officer_id",
        "procedure_id",
        "citizen_name",
        "citizen_phone",
        "citizen_email",
        "citizen_address",
        "content",
    }
)
PARAMS = {
    "handle": ("q1_quality.feedback_handle_workdays", core.HANDLE_DAYS),
    "refuse": ("q1_quality.feedback_refuse_workdays", core.REFUSE_DAYS),
    "info": ("q1_quality.feedback_info_workdays", core.INFO_DAYS),
}


class Q1Feedback(models.Model):
    _name = "q1.feedback"
    _description = "Citizens' Feedback"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "received_at desc, id desc"
    _q1_text_limits = {
        "citizen_name": validation.NAME_MAX_LENGTH,
        "citizen_address": validation.ADDRESS_MAX_LENGTH,
        "citizen_phone": validation.CODE_MAX_LENGTH,
    }

    name = fields.Char(string="Code", readonly=True, copy=False, index=True)
    sequence_number = fields.Integer(readonly=True, copy=False)
    company_id = fields.Many2one(
        "res.company",
        string="Unit",
        required=True,
        index=True,
        default=lambda self: self.env.company,
        tracking=True,
        help="The unit that handles the feedback: the ward that received the dossier, or the one the citizen chose.",
    )
    channel = fields.Selection(CHANNELS, required=True, default="counter", tracking=True)
    subject = fields.Selection(SUBJECTS, string="About", required=True, default="dossier")
    category_id = fields.Many2one("q1.feedback.category", tracking=True)
    dossier_id = fields.Many2one("q1.dossier", index=True, readonly=True, ondelete="restrict")
    officer_id = fields.Many2one(
        "res.users", string="Officer Concerned", tracking=True, help="The officer the feedback is about, if any."
    )
    procedure_id = fields.Many2one("q1.procedure")
    citizen_name = fields.Char(string="Citizen", required=True)
    citizen_phone = fields.Char(string="Phone")
    citizen_email = fields.Char(string="E-mail")
    citizen_address = fields.Char(string="Address")
    content = fields.Text(required=True, help="What the citizen reports or recommends, as they wrote it.")

    received_at = fields.Datetime(readonly=True, copy=False, index=True)
    received_date = fields.Date(string="Received On", readonly=True, copy=False, index=True)
    received_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    deadline = fields.Date(
        readonly=True, copy=False, tracking=True, help="Last day to answer, in working days of the unit's calendar."
    )
    refuse_deadline = fields.Date(string="Refusal Deadline", readonly=True, copy=False)
    info_deadline = fields.Date(
        string="More Information by",
        readonly=True,
        copy=False,
        help="Last day to ask the citizen for more information, in working days of the unit's calendar.",
    )
    info_request = fields.Text(string="Information Requested", readonly=True, copy=False)
    info_requested_at = fields.Datetime(string="Information Requested At", readonly=True, copy=False)
    state = fields.Selection(STATES, default="new", required=True, readonly=True, copy=False, tracking=True, index=True)
    handler_id = fields.Many2one("res.users", string="Handling Officer", readonly=True, copy=False, tracking=True)
    assigned_at = fields.Datetime(readonly=True, copy=False)
    answer_text = fields.Text(string="Answer", readonly=True, copy=False)
    outcome = fields.Selection(OUTCOMES, readonly=True, copy=False)
    answered_at = fields.Datetime(readonly=True, copy=False)
    answered_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    justified = fields.Boolean(readonly=True, copy=False, tracking=True)
    answered_late = fields.Boolean(
        compute="_compute_answered_late", store=True, readonly=True, copy=False, help="Answered after its deadline."
    )
    answer_satisfaction = fields.Selection(SATISFACTION, string="Citizen's Satisfaction", readonly=True, copy=False)
    satisfaction_at = fields.Datetime(readonly=True, copy=False)
    satisfaction_channel = fields.Selection(
        [("lookup", "Lookup page"), ("counter", "At the counter")], readonly=True, copy=False
    )
    closed_at = fields.Datetime(readonly=True, copy=False)
    draft_answer = fields.Text(
        string="Answer to Send", copy=False, help="Written by the handling officer; sent by Send the answer."
    )
    draft_justified = fields.Boolean(
        string="Justified Feedback",
        copy=False,
        help="The feedback is founded: a nonconformity is raised, naming the officer concerned.",
    )
    nonconformity_id = fields.Many2one("mgmtsystem.nonconformity", readonly=True, copy=False)
    overdue_notified = fields.Boolean(readonly=True, copy=False)
    is_overdue = fields.Boolean(compute="_compute_is_overdue", string="Overdue")

    _sql_constraints = [
        ("name_company_uniq", "unique(company_id, name)", "A feedback code is issued once per unit."),
        (
            "sequence_uniq",
            "unique(company_id, received_date, sequence_number)",
            "A feedback number is issued once per unit and day.",
        ),
    ]

    # ------------------------------------------------------------------ computed

    @api.depends("outcome", "answered_at", "deadline", "refuse_deadline")
    def _compute_answered_late(self):
        for feedback in self:
            limit = feedback.refuse_deadline if feedback.outcome == "refused" else feedback.deadline
            feedback.answered_late = bool(
                feedback.answered_at and limit and core.is_late(limit, local_date(feedback.answered_at))
            )

    @api.depends("state", "deadline")
    def _compute_is_overdue(self):
        today = local_date(fields.Datetime.now())
        for feedback in self:
            feedback.is_overdue = bool(
                feedback.state in OPEN_STATES and feedback.deadline and feedback.deadline < today
            )

    # ------------------------------------------------------------------ input

    def _q1_clean_vals(self, vals):
        vals = super()._q1_clean_vals(vals)
        vals = self._q1_apply(vals, "citizen_name", validation.clean_text, validation.NAME_MAX_LENGTH, True)
        vals = self._q1_apply(vals, "citizen_address", validation.clean_text, validation.ADDRESS_MAX_LENGTH)
        vals = self._q1_apply(vals, "citizen_email", validation.clean_email)
        vals = self._q1_apply(vals, "content", validation.clean_text, validation.TEXT_MAX_LENGTH, True, True)
        if vals.get("citizen_phone"):
            try:
                vals = dict(vals, citizen_phone=normalize_phone(vals["citizen_phone"]))
            except ValueError as error:
                raise ValidationError(str(error)) from error
        return vals

    def _q1_refuse_facts(self, names):
        if names:
            labels = ", ".join(self._fields[name]._description_string(self.env) for name in sorted(names))
            raise UserError(
                self.env._(
                    "%(fields)s of a feedback are set by its own actions (filing, assignment, answer, refusal, "
                    "the citizen's satisfaction, closing) and cannot be written directly.",
                    fields=labels,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        """Feedback filed at the counter (by a reception officer, or a head or leader of the unit); the lookup page
        files through ``_q1_file``. The code, the instants and the deadlines are set here."""
        if not self.env.su:
            self._check_role(RECEPTION, HEAD)
            for vals in vals_list:
                self._q1_check_vals(vals)
                # the form sends the draft's defaults: a new feedback's state is harmless
                self._q1_refuse_facts(
                    {n for n in vals if n not in COUNTER_FIELDS and vals[n] and not (n == "state" and vals[n] == "new")}
                )
                if vals.get("channel", "counter") not in COUNTER_CHANNELS:
                    raise UserError(self.env._("Feedback from the lookup page is filed by the citizen there."))
                company = self.env["res.company"].browse(vals.get("company_id") or self.env.company.id)
                if company not in self.env.user.company_ids:
                    raise AccessError(self.env._("Feedback is filed in one of your own units."))
                if vals.get("dossier_id"):
                    self.env["q1.dossier"].browse(vals["dossier_id"]).check_access("read")
        vals_list = [self._q1_filing_vals(vals) for vals in vals_list]
        records = super().create(vals_list)
        return records

    @api.model
    def _q1_filing_vals(self, vals):
        """``vals`` with the facts of the filing: unit (from the dossier when there is one), reception instant and
        officer, code and deadlines. The reception instant is now, or, for the system only (the demo, an import of
        feedback received earlier), the ``q1_received_at`` of the context."""
        vals = dict(vals)
        if vals.get("dossier_id"):
            dossier = self.env["q1.dossier"].sudo().browse(vals["dossier_id"])
            vals["company_id"] = dossier.company_id.id
            vals.setdefault("procedure_id", dossier.procedure_id.id)
        company = self.env["res.company"].sudo().browse(vals.get("company_id") or self.env.company.id)
        now = (self.env.su and self.env.context.get("q1_received_at")) or fields.Datetime.now()
        received_on = local_date(now)
        cal = self._q1_calendar(company)
        seq = self._q1_next_number(company, received_on)
        vals.update(
            company_id=company.id,
            received_at=now,
            received_date=received_on,
            received_by_id=False if vals.get("channel") == "lookup" else self.env.uid,
            sequence_number=seq,
            name=f"PAKN-{company.q1_unit_code or company.id}-{received_on:%y%m%d}-{seq:04d}",
            deadline=core.deadline(received_on, self._q1_limit("handle"), cal),
            refuse_deadline=core.deadline(received_on, self._q1_limit("refuse"), cal),
            info_deadline=core.deadline(received_on, self._q1_limit("info"), cal),
            state="new",
        )
        return vals

    @api.model
    def _q1_next_number(self, company, day):
        """The next number of ``company``'s feedback of local ``day``: as the dossier codes (q1.dossier.code.counter),
        one filing at a time per unit (an advisory lock held to the end of the transaction, so two filings at once
        wait for each other instead of failing), the highest number read in a fresh transaction that sees every
        filing committed before the lock was granted; the unique constraints stay the last guards."""
        self.flush_model()
        cr = self.env.cr
        cr.execute("SELECT pg_advisory_xact_lock(hashtext('q1.feedback'), %s)", (company.id,))
        query = "SELECT COALESCE(MAX(sequence_number), 0) FROM q1_feedback WHERE company_id = %s AND received_date = %s"
        committed = 0
        if self.env.registry.ready:
            with self.env.registry.cursor() as fresh:
                fresh.execute(query, (company.id, day))
                committed = fresh.fetchone()[0]
        cr.execute(query, (company.id, day))
        return max(committed, cr.fetchone()[0]) + 1

    @api.model
    def _q1_limit(self, kind):
        """A limit in working days from its system parameter, the portal's default when missing or absurd."""
        key, default = PARAMS[kind]
        try:
            value = int(self.env["ir.config_parameter"].sudo().get_param(key, default))
        except (TypeError, ValueError):
            return default
        return value if 0 <= value <= core.MAX_DAYS else default

    @api.model
    def _q1_calendar(self, company):
        calendar = company.sudo().q1_work_calendar_id
        return calendar._to_core() if calendar else WorkCalendar()

    def write(self, vals):
        if not self.env.su:
            self._q1_check_vals(vals)
            self._q1_refuse_facts({name for name in vals if name in FACTS})
            self._q1_check_unit()
            if any(feedback.state not in OPEN_STATES for feedback in self) and {"officer_id", "subject"} & set(vals):
                raise UserError(self.env._("The feedback has been answered: what it is about no longer changes."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _q1_unlink_never(self):
        """Feedback is a record of the unit: nobody deletes it (the system may, uninstalling)."""
        if not self.env.su:
            raise UserError(self.env._("Feedback is a record of the unit: it is never deleted, only closed."))

    # ------------------------------------------------------------------ who may call

    def _check_role(self, *group_xmlids):
        if self.env.su or any(self.env.user.has_group(xmlid) for xmlid in group_xmlids):
            return
        roles = ", ".join(self.env.ref(xmlid).sudo().name for xmlid in group_xmlids)
        raise AccessError(self.env._("Only a user with one of these roles may do this: %(roles)s.", roles=roles))

    def _q1_check_unit(self):
        if self.env.su:
            return
        if any(feedback.sudo().company_id not in self.env.user.company_ids for feedback in self):
            raise AccessError(self.env._("This feedback belongs to another unit."))

    def _q1_check_state(self, *states):
        for feedback in self:
            if feedback.state not in states:
                raise UserError(
                    self.env._(
                        "Feedback %(code)s is %(state)s: this cannot be done now.",
                        code=feedback.name,
                        state=dict(self._fields["state"]._description_selection(self.env))[feedback.state],
                    )
                )

    def _q1_lock(self):
        """Two officers acting at once on the same feedback: the second waits, then sees the first's state."""
        self.env.cr.execute("SELECT id FROM q1_feedback WHERE id IN %s FOR UPDATE", (tuple(self.ids),))
        self.invalidate_recordset()

    def _q1_text(self, value, field_name, required=True):
        vals = self._q1_apply(
            {field_name: value}, field_name, validation.clean_text, validation.TEXT_MAX_LENGTH, required, True
        )
        return vals[field_name] or ""

    # ------------------------------------------------------------------ actions

    def assign(self, user):
        """The department head (or the unit leader) assigns the feedback to a handling officer of its unit."""
        self._check_role(HEAD)
        self._q1_check_unit()
        if isinstance(user, models.BaseModel):
            officer = user if user._name == "res.users" else self.env["res.users"]
        elif isinstance(user, int) and not isinstance(user, bool):
            officer = self.env["res.users"].browse(user)
        else:
            officer = self.env["res.users"]
        officer = officer.sudo().exists()
        if len(officer) != 1:
            raise UserError(self.env._("Choose one officer to handle the feedback."))
        self._q1_lock()
        self._q1_check_state(*OPEN_STATES)
        for feedback in self:
            if not (
                officer.active
                and officer._is_internal()
                and (officer.has_group(PROCESSING) or officer.has_group(RECEPTION))
                and feedback.company_id in officer.company_ids
            ):
                raise UserError(
                    self.env._(
                        "%(officer)s cannot handle this feedback: the handling officer must be an active officer of "
                        "its unit.",
                        officer=officer.name,
                    )
                )
        self.sudo().write({"state": "assigned", "handler_id": officer.id, "assigned_at": fields.Datetime.now()})
        for feedback in self:
            feedback.sudo().activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=feedback.deadline,
                summary=self.env._("Answer feedback %(code)s", code=feedback.name),
                user_id=officer.id,
            )
        return True

    def action_assign_me(self):
        """Button of a department head: take the feedback."""
        return self.assign(self.env.user)

    def _q1_check_handler(self):
        """The handling officer, or a head or leader of the feedback's unit."""
        if self.env.su:
            return
        self._q1_check_unit()
        if self.env.user.has_group(HEAD):
            return
        if any(feedback.handler_id != self.env.user for feedback in self):
            raise AccessError(self.env._("Only the handling officer or the department head may answer this feedback."))

    def answer(self, text, justified=False):
        """Answer the feedback: the answer is sent to the citizen and shown on the lookup page. ``justified``: the
        feedback is founded, which raises a nonconformity naming the officer concerned."""
        self._q1_check_handler()
        text = self._q1_text(text, "answer_text")
        if not isinstance(justified, bool):
            raise ValidationError(self.env._("Justified: yes or no is expected."))
        self._q1_lock()
        self._q1_check_state(*OPEN_STATES)
        self.sudo().write(
            {
                "state": "answered",
                "outcome": "answered",
                "answer_text": text,
                "justified": justified,
                "answered_at": fields.Datetime.now(),
                "answered_by_id": self.env.uid,
                "draft_answer": False,
            }
        )
        for feedback in self:
            feedback._q1_after_answer()
            if justified:
                feedback._q1_raise_nonconformity()
        return True

    def action_answer(self):
        """Button: send the answer written on the form."""
        self.ensure_one()
        return self.answer(self.draft_answer, self.draft_justified)

    def action_refuse(self):
        """Button: refuse to handle, with the reason written on the form."""
        self.ensure_one()
        return self.refuse(self.draft_answer)

    def request_information(self, text):
        """Ask the citizen for more information, once, within the limit (5 working days by default); the request is
        e-mailed and shown on the lookup page. The handling deadline does not move (whether it should pause is not
        settled: UNCONFIRMED)."""
        self._q1_check_handler()
        text = self._q1_text(text, "info_request")
        self._q1_lock()
        self._q1_check_state(*OPEN_STATES)
        today = local_date(fields.Datetime.now())
        for feedback in self:
            if feedback.info_requested_at:
                raise UserError(self.env._("More information has already been asked for this feedback."))
            if feedback.info_deadline and today > feedback.info_deadline:
                raise UserError(
                    self.env._(
                        "More information is asked within the limit, by %(day)s; answer the feedback or refuse it.",
                        day=feedback.info_deadline.strftime("%d/%m/%Y"),
                    )
                )
        self.sudo().write({"info_request": text, "info_requested_at": fields.Datetime.now(), "draft_answer": False})
        template = self.env.ref("q1_quality.q1_mail_feedback_info", raise_if_not_found=False)
        for feedback in self:
            feedback.sudo().message_post(
                body=self.env._("More information asked of the citizen: %(text)s", text=text),
                subtype_xmlid="mail.mt_note",
            )
            if template and feedback.citizen_email:
                template.sudo().send_mail(feedback.id, force_send=False)
        return True

    def action_request_information(self):
        """Button: ask the citizen for the information written on the form."""
        self.ensure_one()
        return self.request_information(self.draft_answer)

    def refuse(self, reason):
        """Refuse to handle the feedback (outside the unit's remit, anonymous, already answered...), with the reason
        sent to the citizen; within the refusal limit (2 working days by default)."""
        self._check_role(HEAD)
        self._q1_check_unit()
        reason = self._q1_text(reason, "answer_text")
        self._q1_lock()
        self._q1_check_state(*OPEN_STATES)
        self.sudo().write(
            {
                "state": "refused",
                "outcome": "refused",
                "answer_text": reason,
                "answered_at": fields.Datetime.now(),
                "answered_by_id": self.env.uid,
            }
        )
        for feedback in self:
            feedback._q1_after_answer()
        return True

    def close(self):
        """The department head closes an answered or refused feedback."""
        self._check_role(HEAD)
        self._q1_check_unit()
        self._q1_lock()
        self._q1_check_state("answered", "refused")
        self.sudo().write({"state": "closed", "closed_at": fields.Datetime.now()})
        return True

    def rate_answer(self, satisfaction):
        """The citizen's satisfaction with the answer, given at the counter."""
        self._check_role(RECEPTION)
        self._q1_check_unit()
        for feedback in self:
            feedback._q1_rate_answer(satisfaction, "counter")
        return True

    def _q1_rate_answer(self, satisfaction, channel):
        """Record once whether the citizen is satisfied with the answer (lookup page or counter)."""
        self.ensure_one()
        if satisfaction not in dict(SATISFACTION):
            raise UserError(self.env._("Say whether the citizen is satisfied with the answer."))
        self._q1_lock()
        if self.state not in ("answered", "refused", "closed") or not self.outcome:
            raise UserError(self.env._("The feedback has not been answered yet."))
        if self.answer_satisfaction:
            raise UserError(self.env._("The citizen has already said whether they are satisfied with this answer."))
        self.sudo().write(
            {
                "answer_satisfaction": satisfaction,
                "satisfaction_at": fields.Datetime.now(),
                "satisfaction_channel": channel,
            }
        )
        label = dict(self._fields["answer_satisfaction"]._description_selection(self.env))[satisfaction]
        self.sudo().message_post(
            body=self.env._("The citizen's satisfaction with the answer: %(answer)s", answer=label),
            subtype_xmlid="mail.mt_note",
        )
        return True

    # ------------------------------------------------------------------ consequences

    def _q1_after_answer(self):
        """Mark the answering activities done and send the answer to the citizen by e-mail (queued)."""
        self.ensure_one()
        self.sudo().activity_feedback(["mail.mail_activity_data_todo"])
        template = self.env.ref("q1_quality.q1_mail_feedback_answer", raise_if_not_found=False)
        if template and self.citizen_email:
            template.sudo().send_mail(self.id, force_send=False)

    def _q1_raise_nonconformity(self):
        """Justified feedback: one nonconformity of kind "complaint" naming the officer concerned (interface 1)."""
        self.ensure_one()
        description = self.env._(
            "Justified citizens' feedback %(code)s: %(content)s\nAnswer: %(answer)s",
            code=self.name,
            content=self.content,
            answer=self.answer_text,
        )
        nonconformity = self.env["mgmtsystem.nonconformity"]._q1_raise(
            self.sudo(), "complaint", description, officer=self.officer_id or None
        )
        self.sudo().write({"nonconformity_id": nonconformity.id})
        return nonconformity

    # ------------------------------------------------------------------ the lookup page

    @api.model
    def _q1_file(self, values, dossier=None):
        """Feedback a citizen files on the lookup page (called as the system): linked to ``dossier`` when its code
        and phone matched, else with the contact data and unit the citizen gave."""
        vals = {key: values[key] for key in values if key in COUNTER_FIELDS - {"dossier_id", "channel"}}
        vals["channel"] = "lookup"
        if dossier:
            vals["dossier_id"] = dossier.id
            vals.setdefault("citizen_name", dossier.applicant_name)
            vals["citizen_phone"] = dossier.applicant_phone
            vals.setdefault("citizen_email", dossier.applicant_email or False)
        feedback = self.sudo().with_context(mail_create_nosubscribe=True).create(vals)
        return feedback

    def _q1_public_values(self):
        """What the citizen sees of their feedback on the lookup page: plain values, never the record."""
        self.ensure_one()
        return {
            "code": self.name,
            "received": self.received_at and self.received_date.strftime("%d/%m/%Y"),
            "deadline": self.deadline and self.deadline.strftime("%d/%m/%Y"),
            "state": self.state,
            "state_label": core.STATE_VI.get(self.state, self.state),
            "content": self.content,
            "info_request": self.info_request if self.info_requested_at and not self.outcome else False,
            "answer": self.answer_text if self.outcome else False,
            "refused": self.outcome == "refused",
            "answered": self.answered_at and local_date(self.answered_at).strftime("%d/%m/%Y"),
            "satisfaction": self.answer_satisfaction,
            "can_rate": bool(self.outcome and not self.answer_satisfaction),
        }

    # ------------------------------------------------------------------ watchdog

    @api.model
    def _q1_watch_overdue(self):
        """Overdue feedback (still open after its deadline) gets one activity for its handling officer, or for the
        unit's department heads when nobody holds it yet; each feedback once."""
        today = local_date(fields.Datetime.now())
        overdue = self.sudo().search(
            [("state", "in", OPEN_STATES), ("deadline", "<", today), ("overdue_notified", "=", False)]
        )
        head_group = self.env.ref(HEAD)
        for feedback in overdue:
            users = feedback.handler_id or head_group.sudo().users.filtered(
                lambda u, f=feedback: f.company_id in u.company_ids and u.active
            )
            for user in users:
                feedback.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=today,
                    summary=self.env._("Feedback %(code)s is overdue", code=feedback.name),
                    note=Markup("<p>%s</p>")
                    % self.env._("The deadline was %(day)s.", day=feedback.deadline.strftime("%d/%m/%Y")),
                    user_id=user.id,
                )
        overdue.write({"overdue_notified": True})
        return overdue

    # ------------------------------------------------------------------ indices 5.2 and 5.3

    @api.model
    def _q1_index_domain(self, companies, date_from, date_to):
        """The feedback the indices count over a window: received in it by these units."""
        return [
            ("company_id", "in", companies._origin.ids),
            ("received_date", ">=", date_from),
            ("received_date", "<=", date_to),
        ]

    @api.model
    def _q1_index_facts(self, companies, date_from, date_to):
        """{unit id: [core.feedback.FeedbackFact]} of the feedback received in the window (read as the system: the
        statistics of a unit count every feedback of it, whoever reads them). ``companies`` may be new records (a
        form's ``new()`` copy): the facts are keyed by the real units' ids."""
        companies = companies._origin
        facts = {company.id: [] for company in companies}
        records = self.sudo().search_fetch(
            self._q1_index_domain(companies, date_from, date_to),
            ["company_id", "received_date", "deadline", "refuse_deadline", "outcome", "answered_at"]
            + ["answer_satisfaction", "satisfaction_at"],
        )
        for feedback in records:
            limit = feedback.refuse_deadline if feedback.outcome == "refused" else feedback.deadline
            facts[feedback.company_id.id].append(
                core.FeedbackFact(
                    feedback.id,
                    feedback.received_date,
                    limit,
                    local_date(feedback.answered_at) if feedback.answered_at else None,
                    feedback.answer_satisfaction or None,
                    local_date(feedback.satisfaction_at) if feedback.satisfaction_at else None,
                )
            )
        return facts

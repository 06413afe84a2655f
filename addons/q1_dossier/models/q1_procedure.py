from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..core import validation
from ..core.labels import CHANNELS


class Q1Procedure(models.Model):
    """An administrative procedure (thủ tục hành chính) as published by a competent authority's decision."""

    _name = "q1.procedure"
    _description = "Administrative Procedure"
    _q1_text_limits = {"name": validation.TITLE_MAX_LENGTH, "code": validation.CODE_MAX_LENGTH}
    _inherit = ["mail.thread"]
    _order = "field_id, name"
    _rec_names_search = ["name", "code"]

    name = fields.Char(required=True, tracking=True)
    code = fields.Char(
        string="National Code", required=True, tracking=True, help="Code in the national procedure database."
    )
    field_id = fields.Many2one("q1.field", string="Field of Law", required=True, ondelete="restrict", tracking=True)
    authority_level = fields.Selection(
        [("commune", "Commune/Ward"), ("province", "Province"), ("central", "Central")],
        default="commune",
        required=True,
    )
    online_level = fields.Selection(
        [("full", "Fully online"), ("partial", "Partly online"), ("none", "Not online")],
        string="Online Service Level",
        default="partial",
        required=True,
    )
    time_unit = fields.Selection(
        [("day", "Working days"), ("hour", "Working hours")], default="day", required=True, tracking=True
    )
    same_day = fields.Boolean(
        string="Same-Day Result",
        tracking=True,
        help="Result the same working day if received before the cut-off time, otherwise the next working day.",
    )
    time_limit = fields.Integer(string="Legal Time Limit", tracking=True, help="In working days or working hours.")
    fee_amount = fields.Integer(string="Fee (VND)", tracking=True)
    fee_note = fields.Char(
        help="Where the fee depends on the case or is not confirmed, say so here; it is printed on the receipt."
    )
    allow_direct = fields.Boolean(string="Direct", default=True)
    allow_postal = fields.Boolean(string="Postal", default=True)
    allow_online = fields.Boolean(string="Online", default=True)
    document_ids = fields.One2many("q1.procedure.document", "procedure_id", string="Required Documents", copy=True)
    step_ids = fields.One2many("q1.procedure.step", "procedure_id", string="Internal Process", copy=True)
    deciding_company_id = fields.Many2one(
        "res.company", string="Deciding Unit", help="Leave empty when the receiving ward decides itself."
    )
    decision_ref = fields.Char(
        string="Publishing Decision", help="Number and date of the decision publishing the procedure."
    )
    date_start = fields.Date(string="Effective From")
    date_end = fields.Date(string="Effective Until")
    result_description = fields.Char(string="Result")
    active = fields.Boolean(default=True)

    _sql_constraints = [("code_uniq", "unique(code)", "Two procedures cannot share a national code.")]

    def _creation_message(self):
        return super(Q1Procedure, self._q1_in_fallback_lang())._creation_message()

    @api.depends("code", "name")
    def _compute_display_name(self):
        for procedure in self:
            procedure.display_name = f"[{procedure.code}] {procedure.name}" if procedure.code else procedure.name

    @api.constrains("same_day", "time_limit", "time_unit")
    def _check_time_limit(self):
        for procedure in self:
            if procedure.same_day and procedure.time_unit != "day":
                raise ValidationError(self.env._("A same-day procedure counts its time in working days."))
            if not procedure.same_day and procedure.time_limit < 1:
                raise ValidationError(
                    self.env._(
                        "Procedure %(name)s: the legal time limit must be at least 1, "
                        "or the procedure must be marked same-day.",
                        name=procedure.name,
                    )
                )
            try:
                validation.check_time_limit(procedure.time_limit, procedure.time_unit, procedure.same_day)
            except validation.InputError as error:
                hours = procedure.time_unit == "hour"
                raise ValidationError(
                    self.env._(
                        "Procedure %(name)s: the legal time limit can be at most %(max)s %(unit)s.",
                        name=procedure.name,
                        max=validation.MAX_LIMIT_HOURS if hours else validation.MAX_LIMIT_DAYS,
                        unit=self.env._("working hours") if hours else self.env._("working days"),
                    )
                ) from error

    @api.constrains("time_limit", "time_unit", "same_day")
    def _check_steps_fit(self):
        self.step_ids._check_budget_within_legal_time()

    @api.constrains("fee_amount")
    def _check_fee(self):
        if any(procedure.fee_amount < 0 for procedure in self):
            raise ValidationError(self.env._("A fee cannot be negative."))

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for procedure in self:
            if procedure.date_start and procedure.date_end and procedure.date_end < procedure.date_start:
                raise ValidationError(self.env._("A procedure cannot stop being effective before it starts."))

    @api.constrains("allow_direct", "allow_postal", "allow_online")
    def _check_channels(self):
        for procedure in self:
            if not procedure._allowed_channels():
                raise ValidationError(self.env._("Procedure %s must accept at least one channel.", procedure.name))

    def _allowed_channels(self):
        self.ensure_one()
        flags = {"direct": self.allow_direct, "postal": self.allow_postal, "online": self.allow_online}
        return [channel for channel, _label in CHANNELS if flags[channel]]

    def _is_effective_on(self, day):
        self.ensure_one()
        return (not self.date_start or self.date_start <= day) and (not self.date_end or day <= self.date_end)

    def _legal_time_label(self):
        """Legal time as printed on forms, e.g. '05 ngày làm việc'."""
        self.ensure_one()
        if self.same_day:
            return self.env._("Same working day")
        unit = self.env._("working days") if self.time_unit == "day" else self.env._("working hours")
        return f"{self.time_limit:02d} {unit}"

    def _q1_clean_vals(self, vals):
        vals = super()._q1_clean_vals(vals)
        vals = self._q1_apply(vals, "name", validation.clean_text, validation.TITLE_MAX_LENGTH, True)
        vals = self._q1_apply(vals, "code", validation.clean_text, validation.CODE_MAX_LENGTH, True)
        # the unit's own bound (hours or days) is _check_time_limit's, once the record is whole
        vals = self._q1_apply(
            vals, "time_limit", lambda value: validation.check_integer(value or 0, 0, validation.MAX_LIMIT_DAYS)
        )
        return self._q1_apply(
            vals, "fee_amount", lambda value: validation.check_integer(value or 0, 0, validation.MAX_FEE)
        )

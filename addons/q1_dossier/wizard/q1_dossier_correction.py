from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..core import validation
from ..core.labels import RATINGS, RETURN_METHODS
from ..core.localtime import to_local

MANAGER = "q1_dossier.group_q1_manager"

# The legal facts an administrator may correct, with the kind of value each one takes. Codes, states and the
# process (steps, waits) are not corrected here: a code is issued once, and a state changes through the lifecycle.
CORRECTABLE = {
    "received_at": "datetime",
    "due_date": "date",
    "original_due_date": "date",
    "statistical_due_date": "date",
    "promised_date": "date",
    "appointment_at": "datetime",
    "finished_at": "datetime",
    "returned_at": "datetime",
    "returned_to": "char",
    "return_method": "return_method",
    "rating": "rating",
    "deciding_company_id": "company",
    "applicant_name": "char",
    "applicant_id_number": "char",
    "applicant_birth_date": "date",
    "applicant_sex": "sex",
}
# Wizard field holding the new value, per kind.
VALUE_FIELDS = {
    "date": "value_date",
    "datetime": "value_datetime",
    "char": "value_char",
    "company": "value_company_id",
    "rating": "value_rating",
    "return_method": "value_return_method",
    "sex": "value_sex",
}


class Q1DossierCorrection(models.TransientModel):
    """An administrator's explicit correction of one legal fact of a dossier: the fact, its new value and the
    reason. It writes through the lifecycle's path (``_lifecycle_write``: the value still passes the model's
    checks and constraints), posts "old → new" and the reason in the dossier's chatter, and leaves a
    ``correction`` entry in the audit log. Nobody else edits a legal fact (``q1.dossier._check_user_vals``)."""

    _name = "q1.dossier.correction"
    _description = "Correction of a Dossier's Legal Fact"

    dossier_id = fields.Many2one(
        "q1.dossier", required=True, ondelete="cascade", default=lambda self: self._default_dossier()
    )
    fact = fields.Selection(selection="_selection_fact", string="Fact to Correct", required=True)
    value_kind = fields.Char(compute="_compute_value_kind")
    current_value = fields.Char(compute="_compute_current_value")
    value_date = fields.Date(string="New Date")
    value_datetime = fields.Datetime(string="New Date and Time")
    value_char = fields.Char(string="New Value")
    value_company_id = fields.Many2one("res.company", string="New Unit", domain="[('q1_unit_code', '!=', False)]")
    value_rating = fields.Selection(RATINGS, string="New Rating")
    value_return_method = fields.Selection(RETURN_METHODS, string="New Return Method")
    value_sex = fields.Selection([("male", "Male"), ("female", "Female")], string="New Sex")
    reason = fields.Text(required=True, help="Why the recorded value is wrong, and the document that proves it.")

    @api.model
    def _default_dossier(self):
        """The dossier the action menu was opened on."""
        context = self.env.context
        return context.get("active_id") if context.get("active_model") == "q1.dossier" else False

    @api.model
    def _selection_fact(self):
        Dossier = self.env["q1.dossier"]
        return [(name, Dossier._fields[name]._description_string(self.env)) for name in CORRECTABLE]

    @api.depends("fact")
    def _compute_value_kind(self):
        for wizard in self:
            wizard.value_kind = CORRECTABLE.get(wizard.fact, False)

    @api.depends("fact", "dossier_id")
    def _compute_current_value(self):
        for wizard in self:
            wizard.current_value = wizard._fact_text(wizard.dossier_id) if wizard.fact and wizard.dossier_id else False

    def _fact_text(self, dossier):
        """The fact's value on ``dossier`` as the chatter and the audit log show it."""
        name = self.fact
        field = dossier._fields[name]
        value = dossier[name]
        if not value:
            return "—"
        if field.type == "datetime":
            return to_local(value).strftime("%d/%m/%Y %H:%M")
        if field.type == "date":
            return value.strftime("%d/%m/%Y")
        if field.type == "selection":
            return dict(field._description_selection(self.env)).get(value, value)
        if field.type == "many2one":
            return value.sudo().display_name
        return str(value)

    def _new_value(self):
        kind = CORRECTABLE[self.fact]
        value = self[VALUE_FIELDS[kind]]
        if kind == "company":
            return value.id
        if kind == "char":
            return validation.clean_text(value, validation.NAME_MAX_LENGTH) if value else False
        return value

    def action_confirm(self):
        self.ensure_one()
        if not self.env.user.has_group(MANAGER):
            raise AccessError(self.env._("Only an administrator corrects a legal fact of a dossier."))
        dossier = self.dossier_id
        dossier.check_access("write")
        reason = (self.reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason of the correction; it is kept in the audit log."))
        try:
            new = self._new_value()
        except validation.InputError as error:
            raise self._q1_input_error(VALUE_FIELDS[CORRECTABLE[self.fact]], error) from None
        if not new:
            raise UserError(self.env._("Give the new value of %s.", self._fact_label()))
        old_text = self._fact_text(dossier)
        vals = {self.fact: new}
        if self.fact == "received_at":
            vals["received_date"] = to_local(new).date()
        dossier._lifecycle_write(vals)  # the write path cleans applicant values (_q1_clean_vals), as for any write
        new_text = self._fact_text(dossier)
        if new_text == old_text:
            raise UserError(self.env._("The new value of %s is the one already recorded.", self._fact_label()))
        dossier.message_post(
            body=Markup("<p><b>%s</b>: %s → %s</p><p>%s: %s</p>")
            % (
                self.env._("Correction of %s", self._fact_label()),
                old_text,
                new_text,
                self.env._("Reason"),
                reason,
            ),
            subtype_xmlid="mail.mt_note",
        )
        self.env["q1.audit.log"]._log_correction(dossier, self._fact_label(), old_text, new_text, reason)
        return {"type": "ir.actions.act_window_close"}

    def _fact_label(self):
        return dict(self._selection_fact())[self.fact]

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

OUTCOME_REPORTS = {
    "incomplete": "q1_dossier.action_report_q1_completion_request",
    "refused": "q1_dossier.action_report_q1_refusal",
}


class Q1DossierCounterOutcome(models.TransientModel):
    """The two outcomes at the counter other than reception (Decree 118/2025 Art. 17(1)(c)):
    a request to complete the dossier, listing every missing item at once (Art. 16(3)), or a refusal.
    Both need a written reason and end with the printed slip (Mẫu 02 / Mẫu 03, Circular 03/2025)."""

    _name = "q1.dossier.counter.outcome"
    _description = "Counter Outcome"

    dossier_id = fields.Many2one("q1.dossier", required=True, ondelete="cascade")
    outcome = fields.Selection(
        [("incomplete", "Request completion"), ("refused", "Refuse")], required=True, default="incomplete"
    )
    reason = fields.Text(required=True)
    missing_items = fields.Text(
        string="Items to Complete",
        compute="_compute_missing_items",
        store=True,
        readonly=False,
        compute_sudo=False,  # as the user: the checklist of a dossier they may not read stays unread
        help="Every item the applicant must add or correct, one per line: the request may be made only once.",
    )
    # Set once the outcome is recorded: a second press of the button (a double click, or the dialog still open
    # on a slow line) prints the same slip again instead of trying to record the outcome twice.
    done = fields.Boolean(readonly=True, copy=False)

    @api.depends("dossier_id", "outcome")
    def _compute_missing_items(self):
        for wizard in self:
            names = wizard.dossier_id._missing_document_names() if wizard.dossier_id else []
            wizard.missing_items = "\n".join(names) if wizard.outcome == "incomplete" else False

    def onchange(self, values, field_names, fields_spec):
        self.env["q1.dossier"]._check_dossier_ref(values.get("dossier_id"))
        return super().onchange(values, field_names, fields_spec)

    def action_confirm(self):
        """Record the outcome and print its slip; the dialog closes once the slip is downloaded and the dossier
        form behind it reloads (``close_on_report_download``, web's action service in 18.0)."""
        self.ensure_one()
        self.dossier_id._check_caller("counter_outcome")
        dossier = self.dossier_id
        if self.done:
            return self._print_action()
        if dossier.state not in ("draft", "incomplete"):
            raise UserError(self.env._("Only a dossier not yet received can get a counter outcome."))
        if not (self.reason or "").strip():
            raise UserError(self.env._("Give the reason; it is printed on the slip."))
        if self.outcome == "incomplete" and not (self.missing_items or "").strip():
            raise UserError(self.env._("List the items the applicant must complete."))
        dossier._set_status(
            self.outcome,
            **{
                "counter_reason": self.reason.strip(),
                "missing_items": (self.missing_items or "").strip() if self.outcome == "incomplete" else False,
                "counter_outcome_at": fields.Datetime.now(),
                "counter_officer_id": self.env.user.id,
            },
        )
        label = dict(self._fields["outcome"]._description_selection(self.env))[self.outcome]
        dossier.message_post(
            body=Markup("<p><b>%s</b></p><p>%s</p>") % (label, self.reason.strip()), subtype_xmlid="mail.mt_note"
        )
        self.done = True
        return self._print_action()

    def _print_action(self):
        action = self.env.ref(OUTCOME_REPORTS[self.outcome]).report_action(self.dossier_id, config=False)
        action["close_on_report_download"] = True
        return action

from odoo import api, fields, models

from ..core.labels import RATINGS, RETURN_METHODS

ACTIONS = [
    ("assign", "Assign to an officer"),
    ("hand_over", "Hand over to the next step"),
    ("supplement", "Request a supplement"),
    ("payment", "Request fee payment"),
    ("extension", "Apologise and request an extension"),
    ("refuse", "Refuse"),
    ("stop", "Stop at the applicant's request"),
    ("withdraw", "Withdraw"),
    ("return", "Return the result"),
    ("rate", "Record the applicant's rating"),
]


class Q1DossierAction(models.TransientModel):
    """One form for every step of the dossier's life that needs data: it collects the input and calls the
    dossier method that enforces the rule, so the rules live in one place."""

    _name = "q1.dossier.action"
    _description = "Dossier Action"

    dossier_id = fields.Many2one("q1.dossier", required=True, ondelete="cascade")
    action = fields.Selection(ACTIONS, required=True, readonly=True)
    user_id = fields.Many2one("res.users", string="Officer", domain="[('id', 'in', allowed_user_ids)]")
    # Who the form offers: the officers who may hold the step being assigned or the next one (the dossier's
    # _holder_domain, the same rule assign and hand_over check on the server).
    allowed_user_ids = fields.Many2many("res.users", compute="_compute_allowed_user_ids")
    reason = fields.Text()
    missing_items = fields.Text(string="Items to Supplement")
    new_date = fields.Date()
    return_method = fields.Selection(RETURN_METHODS, default="counter")
    also_electronic = fields.Boolean(
        string="An electronic result was also issued",
        help="The result handed over on paper was also issued in electronic form, digitally signed "
        "(Decree 118/2025 Art. 22(1)); counted by index 4.2 of Decision 766/QĐ-TTg.",
    )
    # The dossier's current step when the form opened: a hand-over or an assignment from a form left open while
    # someone else moved the dossier is refused instead of moving the next step.
    step_id = fields.Many2one("q1.dossier.step", string="Current Step", readonly=True)
    # Computed as the user (not the system): the applicant's name of a dossier they may not read stays unread.
    recipient = fields.Char(
        string="Received By", compute="_compute_recipient", store=True, readonly=False, compute_sudo=False
    )
    rating = fields.Selection(RATINGS)
    note = fields.Text()

    @api.depends("dossier_id", "action")
    def _compute_allowed_user_ids(self):
        for wizard in self:
            dossier = wizard.dossier_id
            if wizard.action not in ("assign", "hand_over") or not dossier.current_step_id:
                wizard.allowed_user_ids = False
                continue
            index = dossier._current_index() + (1 if wizard.action == "hand_over" else 0)
            wizard.allowed_user_ids = dossier._allowed_holders(index) if index < len(dossier._process_plan()) else False

    @api.depends("dossier_id")
    def _compute_recipient(self):
        for wizard in self:
            wizard.recipient = wizard.dossier_id.applicant_name

    def onchange(self, values, field_names, fields_spec):
        self.env["q1.dossier"]._check_dossier_ref(values.get("dossier_id"))
        return super().onchange(values, field_names, fields_spec)

    def action_confirm(self):
        self.ensure_one()
        self.dossier_id._check_caller(self.action)
        dossier = self.dossier_id
        handlers = {
            "assign": lambda: dossier.assign(self.user_id or self.env.user, self.step_id or None),
            "hand_over": lambda: dossier.hand_over(self.user_id or None, self.note, self.step_id or None),
            "supplement": lambda: dossier.request_supplement(self.reason, self.missing_items),
            "payment": lambda: dossier.request_payment(self.reason),
            "extension": lambda: dossier.request_extension(self.reason, self.new_date),
            "refuse": lambda: dossier.refuse(self.reason),
            "stop": lambda: dossier.stop(self.reason),
            "withdraw": lambda: dossier.withdraw(self.reason),
            "return": lambda: dossier.return_result(
                self.return_method, self.recipient, self.also_electronic and self.return_method != "electronic"
            ),
            "rate": lambda: dossier.rate(self.rating, self.note),
        }
        result = handlers[self.action]()
        return result if isinstance(result, dict) else {"type": "ir.actions.act_window_close"}

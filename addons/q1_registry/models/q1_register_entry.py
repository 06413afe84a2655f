from odoo import api, fields, models
from odoo.exceptions import UserError

ENTRY_STATES = [
    ("valid", "Valid"),
    ("amended", "Amended"),
    ("replaced", "Replaced"),
    ("revoked", "Revoked"),
    ("expired", "Expired"),
]
# An entry in force: the states a later dossier may act on (amend, replace, revoke).
IN_FORCE = ("valid", "amended")
ORIGINS = [("dossier", "Dossier"), ("import", "Import")]

# The legal facts of an entry: written only by its own methods (from the dossier, the import, the expiry cron).
LEGAL_FACTS = frozenset(
    {
        "register_id",
        "company_id",
        "number",
        "seq",
        "year",
        "entry_date",
        "signer_name",
        "signer_title",
        "holder_name",
        "holder_id_number",
        "holder_address",
        "citizen_id",
        "procedure_id",
        "data_values",
        "valid_from",
        "valid_until",
        "state",
        "replaced_by_id",
        "origin",
        "event_ids",
        "e_result_attachment_id",
        "q1_reminded",
    }
)


class Q1RegisterEntry(models.Model):
    """One entry of a unit's result register: the result decided for a holder (number, date, signer, holder, the
    decided data, validity) and its status.

    **Statuses.** ``valid``: in force as first written. ``amended``: in force, its data changed by a later
    dossier (an amendment); it keeps its number, and each amendment is an event with the data before and after.
    ``replaced``: no longer in force, superseded by a new entry (``replaced_by_id``). ``revoked``: no longer in
    force, withdrawn by a dossier. ``expired``: past its ``valid_until`` (the daily cron).

    Every field but the note is a legal fact: users never write them; the entry's methods do, each leaving a
    ``q1.register.event``."""

    _name = "q1.register.entry"
    _description = "Register Entry"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _mail_post_access = "read"
    _order = "entry_date desc, id desc"
    _rec_names_search = ["number", "holder_name", "holder_id_number"]

    register_id = fields.Many2one("q1.register", string="Register", required=True, ondelete="restrict", index=True)
    field_id = fields.Many2one(related="register_id.field_id", store=True, string="Field of Law")
    company_id = fields.Many2one(
        "res.company", string="Unit", required=True, ondelete="restrict", index=True, default=lambda s: s.env.company
    )
    number = fields.Char(required=True, copy=False, index="trigram")
    seq = fields.Integer(string="Sequence", copy=False, help="The entry's sequence in its unit's register and year.")
    year = fields.Integer(copy=False)
    entry_date = fields.Date(string="Entry Date", required=True, index=True)
    signer_name = fields.Char(string="Signed By")
    signer_title = fields.Char(string="Signer's Title")
    holder_name = fields.Char(string="Holder", required=True, index="trigram")
    holder_id_number = fields.Char(string="Holder's ID Number", index=True)
    holder_address = fields.Char(string="Holder's Address", index="trigram")
    citizen_id = fields.Many2one("q1.citizen", string="Citizen", ondelete="restrict", index="btree_not_null")
    procedure_id = fields.Many2one("q1.procedure", string="Procedure", ondelete="restrict")
    data_values = fields.Properties("Decided Data", definition="register_id.data_definition", copy=False)
    valid_from = fields.Date(string="Valid From")
    valid_until = fields.Date(string="Valid Until", index=True)
    state = fields.Selection(ENTRY_STATES, string="Status", required=True, default="valid", index=True, tracking=True)
    replaced_by_id = fields.Many2one("q1.register.entry", string="Replaced By", ondelete="restrict", copy=False)
    replaces_ids = fields.One2many("q1.register.entry", "replaced_by_id", string="Replaces")
    origin = fields.Selection(ORIGINS, required=True, default="dossier")
    event_ids = fields.One2many("q1.register.event", "entry_id", string="History")
    dossier_ids = fields.Many2many("q1.dossier", string="Dossiers", compute="_compute_dossier_ids")
    e_result_attachment_id = fields.Many2one(
        "ir.attachment", string="Electronic Result", ondelete="set null", copy=False
    )
    q1_reminded = fields.Boolean(string="Expiry Reminded", copy=False)
    note = fields.Text()
    in_force = fields.Boolean(compute="_compute_in_force", search="_search_in_force")

    _sql_constraints = [
        (
            "number_uniq",
            "unique(register_id, company_id, number)",
            "An entry number is used once in a unit's register.",
        ),
        (
            "validity_order",
            "CHECK(valid_until IS NULL OR valid_from IS NULL OR valid_until >= valid_from)",
            "An entry cannot end before it starts.",
        ),
    ]

    @api.depends("event_ids.dossier_id")
    def _compute_dossier_ids(self):
        for entry in self:
            entry.dossier_ids = entry.event_ids.dossier_id

    @api.depends("state")
    def _compute_in_force(self):
        for entry in self:
            entry.in_force = entry.state in IN_FORCE

    def _search_in_force(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on the entry's force."))
        positive = (operator == "=") == value
        return [("state", "in" if positive else "not in", IN_FORCE)]

    def _compute_display_name(self):
        for entry in self:
            entry.display_name = f"{entry.number} – {entry.holder_name}" if entry.number else entry.holder_name

    # ------------------------------------------------------------------ legal facts

    def _q1_check_user_vals(self, vals):
        """Refuse a user's direct write of a legal fact (``LEGAL_FACTS``)."""
        if self.env.su:
            return
        facts = [name for name in vals if name in LEGAL_FACTS]
        if facts:
            labels = ", ".join(self._fields[name]._description_string(self.env) for name in facts)
            raise UserError(
                self.env._(
                    "%(fields)s of a register entry are written from its dossiers, the import or the expiry, "
                    "and cannot be written directly.",
                    fields=labels,
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise UserError(self.env._("Register entries are written from their dossiers' results or by the import."))
        return super().create(vals_list)

    def write(self, vals):
        self._q1_check_user_vals(vals)
        return super().write(vals)

    def unlink(self):
        if not self.env.su:
            raise UserError(self.env._("A register entry is never deleted: it can be revoked by a dossier."))
        return super().unlink()

    def _q1_set_e_result(self, attachment):
        """Part D: the signed electronic result of the entry (``attachment``)."""
        self.sudo().write({"e_result_attachment_id": attachment.id})

import logging

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.q1_dossier.core.identity import validate_citizen_id, validate_tax_code
from odoo.addons.q1_dossier.core.localtime import to_local

from ..core import registers
from ..core.registers import RegisterRuleError

_logger = logging.getLogger(__name__)

# The unit leader (and the administrators, who imply it) imports a unit's legacy register.
IMPORTER_GROUP = "q1_dossier.group_q1_unit_leader"

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

    register_id = fields.Many2one("q1.register", required=True, ondelete="restrict", index=True)
    field_id = fields.Many2one(related="register_id.field_id", store=True, string="Field of Law")
    company_id = fields.Many2one(
        "res.company", string="Unit", required=True, ondelete="restrict", index=True, default=lambda s: s.env.company
    )
    number = fields.Char(required=True, copy=False, index="trigram")
    seq = fields.Integer(string="Sequence", copy=False, help="The entry's sequence in its unit's register and year.")
    year = fields.Integer(copy=False)
    entry_date = fields.Date(required=True, index=True)
    signer_name = fields.Char(string="Signed By")
    signer_title = fields.Char(string="Signer's Title")
    holder_name = fields.Char(string="Holder", required=True, index="trigram")
    holder_id_number = fields.Char(string="Holder's ID Number", index=True)
    holder_address = fields.Char(string="Holder's Address", index="trigram")
    citizen_id = fields.Many2one("q1.citizen", ondelete="restrict", index="btree_not_null")
    procedure_id = fields.Many2one("q1.procedure", ondelete="restrict")
    data_values = fields.Properties("Decided Data", definition="register_id.data_definition", copy=False)
    valid_from = fields.Date()
    valid_until = fields.Date(index=True)
    state = fields.Selection(ENTRY_STATES, string="Status", required=True, default="valid", index=True, tracking=True)
    replaced_by_id = fields.Many2one("q1.register.entry", ondelete="restrict", copy=False)
    replaces_ids = fields.One2many("q1.register.entry", "replaced_by_id")
    origin = fields.Selection(ORIGINS, required=True, default="dossier")
    event_ids = fields.One2many("q1.register.event", "entry_id", string="History")
    dossier_ids = fields.Many2many("q1.dossier", string="Dossiers", compute="_compute_dossier_ids")
    e_result_attachment_id = fields.Many2one(
        "ir.attachment", string="Electronic Result", ondelete="set null", copy=False
    )
    q1_reminded = fields.Boolean(string="Expiry Reminded", copy=False)
    note = fields.Text()
    in_force = fields.Boolean(compute="_compute_in_force", search="_search_in_force")
    expiring_this_quarter = fields.Boolean(
        compute="_compute_expiring_this_quarter",
        search="_search_expiring_this_quarter",
        help="In force and valid until a day of the current calendar quarter (from today).",
    )

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

    @api.model
    def _q1_quarter_bounds(self, today=None):
        today = today or fields.Date.context_today(self)
        return today, registers.quarter_end(today)

    @api.depends_context("tz")
    @api.depends("state", "valid_until")
    def _compute_expiring_this_quarter(self):
        start, end = self._q1_quarter_bounds()
        for entry in self:
            entry.expiring_this_quarter = bool(
                entry.state in IN_FORCE and entry.valid_until and start <= entry.valid_until <= end
            )

    def _search_expiring_this_quarter(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on the entries expiring this quarter."))
        start, end = self._q1_quarter_bounds()
        domain = [("state", "in", IN_FORCE), ("valid_until", ">=", start), ("valid_until", "<=", end)]
        return domain if (operator == "=") == value else ["!", *domain]

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
        """As the system: the entry's own methods (``_q1_create_entry``). As a user: one row of a legacy register
        being imported (``load``, the Import button): every row is checked as the import checks it, by a leader of
        the unit keeping the register, and recorded with origin "import" and an "imported" event."""
        if self.env.su:
            return super().create(vals_list)
        self._q1_check_importer()
        today = fields.Date.context_today(self)
        prepared = [self._q1_import_vals(vals, today) for vals in vals_list]
        entries = self.sudo().with_context(mail_create_nolog=True).create([vals for vals, _kind in prepared])
        for entry, (_vals, kind) in zip(entries, prepared, strict=True):
            entry._q1_link_citizen(kind)
            entry._q1_add_event("imported", data_after=entry._q1_data())
        return entries.with_env(self.env)

    def write(self, vals):
        self._q1_check_user_vals(vals)
        return super().write(vals)

    @api.ondelete(at_uninstall=True)
    def _unlink_never_by_users(self):
        if not self.env.su:
            raise UserError(self.env._("A register entry is never deleted: it can be revoked by a dossier."))

    # ------------------------------------------------------------------ numbering

    @api.model
    def _q1_next_number(self, register, company, day):
        """(seq, year, number) of the next entry of ``register`` in ``company`` for ``day``'s year.

        Race-safe as the dossier codes are (q1.dossier.code.counter): a transaction-level advisory lock per register
        and unit makes concurrent results of one register queue behind the one numbering (they wait, they never fail)
        until it commits; the highest sequence is then read in a fresh transaction (which sees every number
        committed before the lock was granted) and in this one (its own entries). The unique constraints on
        (register, unit, year, seq) and (register, unit, number) stay the last guards. A number already taken by an
        imported legacy entry is skipped."""
        self.flush_model()
        cr = self.env.cr
        cr.execute(
            "SELECT pg_advisory_xact_lock(hashtext('q1.register.entry'), %s)",
            ((register.id * 100003 + company.id) % 2147483647,),
        )
        query = (
            "SELECT COALESCE(MAX(seq), 0) FROM q1_register_entry WHERE register_id = %s AND company_id = %s "
            "AND year = %s"
        )
        params = (register.id, company.id, day.year)
        committed = 0
        if self.env.registry.ready:
            with self.env.registry.cursor() as fresh:
                fresh.execute(query, params)
                committed = fresh.fetchone()[0]
        cr.execute(query, params)
        seq = max(committed, cr.fetchone()[0])
        taken = self.sudo().with_context(active_test=False)
        while True:
            seq += 1
            number = registers.format_number(
                register.number_pattern, seq, day.year, register.code, company.sudo().q1_unit_code
            )
            if not taken.search_count(
                [("register_id", "=", register.id), ("company_id", "=", company.id), ("number", "=", number)]
            ):
                return seq, day.year, number

    # ------------------------------------------------------------------ writing from dossiers

    def _q1_data(self):
        """The entry's decided data as {property name: value} (record format), for the events."""
        self.ensure_one()
        return {name: value for name, value in (self.data_values or {}).items() if value not in (None, False, "", [])}

    @api.model
    def _q1_register_data(self, register, values, base=None):
        """``base`` ({name: value}) updated with the non-empty ``values`` whose names are columns of ``register``:
        the dossier's data flows into the entry by property name; a value the dossier leaves empty keeps the
        entry's (an amendment names what changes)."""
        names = [prop["name"] for prop in register.data_definition or [] if prop.get("type") != "separator"]
        data = {name: value for name, value in (base or {}).items() if name in names}
        for name in names:
            value = (values or {}).get(name)
            if value not in (None, False, "", []):
                data[name] = value
        return data

    def _q1_add_event(self, kind, dossier=None, data_before=None, data_after=None, note=None):
        self.ensure_one()
        return (
            self.env["q1.register.event"]
            .sudo()
            .create(
                {
                    "entry_id": self.id,
                    "dossier_id": dossier.id if dossier else False,
                    "kind": kind,
                    "data_before": data_before,
                    "data_after": data_after,
                    "user_id": self.env.user.id,
                    "company_id": self.company_id.id,
                    "note": note,
                }
            )
        )

    def _q1_link_citizen(self, kind):
        """Name the holder's citizen's record (part C), the unit keeping the entry among those holding their data."""
        for entry in self.sudo():
            if entry.holder_id_number:
                citizen = self.env["q1.citizen"]._q1_for_identity(
                    entry.holder_id_number, entry.holder_name, entry.company_id, kind
                )
                entry.citizen_id = citizen

    @api.model
    def _q1_create_entry(self, dossier, register, data, replaces=None):
        """A new entry of ``register`` for ``dossier``'s result, kept by the unit deciding the dossier."""
        company = dossier.deciding_company_id
        day = to_local(dossier.finished_at or fields.Datetime.now()).date()
        seq, year, number = self._q1_next_number(register, company, day)
        signer = dossier._q1_register_signer()
        entry = (
            self.sudo()
            .with_context(mail_create_nolog=True)
            .create(
                {
                    "register_id": register.id,
                    "company_id": company.id,
                    "number": number,
                    "seq": seq,
                    "year": year,
                    "entry_date": day,
                    "signer_name": signer.name if signer else False,
                    "signer_title": dossier._q1_register_signer_title(signer),
                    "holder_name": dossier.applicant_name,
                    "holder_id_number": dossier.applicant_id_number,
                    "holder_address": dossier.applicant_address,
                    "procedure_id": dossier.procedure_id.id,
                    "data_values": data,
                    "valid_from": day,
                    "valid_until": registers.validity_end(day, register.validity_months),
                    "origin": "dossier",
                }
            )
        )
        if dossier.applicant_id_number:
            entry._q1_link_citizen(dossier.applicant_type or "person")
        note = self.env._("Replaces entry %s.", replaces.number) if replaces else None
        entry._q1_add_event("created", dossier, data_after=data, note=note)
        return entry

    def _q1_amend(self, dossier, values):
        """The dossier's amendment: the data it gives replace the entry's; the entry keeps its number and stays in
        force, as "amended"; the event keeps the data before and after."""
        self.ensure_one()
        before = self._q1_data()
        after = self._q1_register_data(self.register_id, values, before)
        if not registers.data_changes(before, after):
            raise UserError(
                self.env._(
                    "Dossier %(dossier)s changes none of the data of entry %(entry)s.",
                    dossier=dossier.display_name,
                    entry=self.number,
                )
            )
        self.sudo().write({"data_values": after, "state": "amended"})
        self._q1_add_event("amended", dossier, data_before=before, data_after=after)
        return self

    def _q1_replace(self, dossier, values):
        """The dossier's result replaces the entry: a new entry (new number) with the entry's data updated by the
        dossier's, and the old one "replaced", pointing at it."""
        self.ensure_one()
        before = self._q1_data()
        after = self._q1_register_data(self.register_id, values, before)
        new = self._q1_create_entry(dossier, self.register_id, after, replaces=self)
        self.sudo().write({"state": "replaced", "replaced_by_id": new.id})
        self._q1_add_event(
            "replaced",
            dossier,
            data_before=before,
            data_after=after,
            note=self.env._("Replaced by entry %s.", new.number),
        )
        return new

    def _q1_revoke(self, dossier):
        self.ensure_one()
        data = self._q1_data()
        self.sudo().write({"state": "revoked"})
        self._q1_add_event("revoked", dossier, data_before=data, data_after=data)
        return self

    def _q1_set_e_result(self, attachment):
        """Part D: the signed electronic result of the entry (``attachment``)."""
        self.sudo().write({"e_result_attachment_id": attachment.id})

    # ------------------------------------------------------------------ expiry

    @api.model
    def _cron_q1_expiry(self, today=None):
        """Daily: entries in force past their last valid day become "expired" (with an event); entries expiring
        within their register's reminder days get one activity for their unit (never repeated)."""
        today = today or fields.Date.context_today(self)
        Entry = self.sudo().with_context(tracking_disable=True)
        expired = Entry.search([("state", "in", registers.IN_FORCE), ("valid_until", "<", today)])
        for entry in expired:
            data = entry._q1_data()
            entry.write({"state": "expired"})
            entry._q1_add_event("expired", data_before=data, data_after=data)
        candidates = Entry.search(
            [("state", "in", registers.IN_FORCE), ("valid_until", ">=", today), ("q1_reminded", "=", False)]
        )
        for entry in candidates:
            register = entry.register_id
            if registers.needs_reminder(entry.state, entry.valid_until, register.reminder_days, False, today):
                entry._q1_remind()
        return len(expired)

    def _q1_remind(self):
        """One "to do" activity about the entry's expiry, for the officer whose dossier created it (if still an
        active officer of the unit), else the unit's leaders; then marked as reminded."""
        self.ensure_one()
        user = self._q1_reminder_user()
        if user:
            self.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=self.valid_until,
                summary=self.env._(
                    "Entry %(entry)s expires on %(date)s", entry=self.number, date=self.valid_until.strftime("%d/%m/%Y")
                ),
                user_id=user.id,
            )
        self.write({"q1_reminded": True})

    def _q1_reminder_user(self):
        self.ensure_one()
        company = self.company_id
        created = self.event_ids.filtered(lambda e: e.kind in ("created", "imported"))[-1:]
        candidates = created.dossier_id.user_id | created.user_id
        for user in candidates:
            if (
                user.active
                and not user.share
                and company in user.company_ids
                and user.has_group("q1_dossier.group_q1_processing")
            ):
                return user
        leaders = self.env["res.users"].search(
            [
                ("company_ids", "in", company.id),
                ("groups_id", "in", self.env.ref("q1_dossier.group_q1_unit_leader").id),
                ("groups_id", "not in", self.env.ref("q1_dossier.group_q1_manager").id),
                ("share", "=", False),
            ],
            order="id",
            limit=1,
        )
        return leaders

    # ------------------------------------------------------------------ legacy import

    def _q1_check_importer(self):
        if not self.env.user.has_group(IMPORTER_GROUP):
            raise AccessError(self.env._("Only the leaders of a unit import its legacy register."))

    @api.model
    def load(self, fields, data):
        """Odoo's import, with the whole file in one transaction: the client sends it in batches (2,000 rows by
        default), which would commit the first batches before a bad row of a later one; here a file is imported
        whole or not at all (``load`` rolls back every row when one is refused)."""
        if not self.env.su:
            self._q1_check_importer()
        result = super(Q1RegisterEntry, self.with_context(_import_limit=None)).load(fields, data)
        messages = result["messages"]
        if messages and not result["ids"]:
            # When a batch fails, Odoo retries row by row and also puts the batch's first error first, against the
            # batch's first row: that row may be a good one. The row-by-row messages name each bad row already.
            first = messages[0]
            if any(other["message"] == first["message"] and other is not first for other in messages):
                result["messages"] = messages[1:]
        return result

    def _q1_import_vals(self, vals, today):
        """Check one imported row (the values ``load`` converted) and return (the values to create, holder kind);
        a refused row raises ``UserError`` naming its number, which the import reports against the row."""
        vals = dict(vals)
        register = self.env["q1.register"].browse(vals.get("register_id")).exists()
        if not register:
            raise UserError(self.env._("Give the register (its code or name) of every row."))
        company = self.env["res.company"].browse(vals.get("company_id") or self.env.company.id).exists()
        if company not in self.env.companies or not self.env.user.has_group(IMPORTER_GROUP):
            raise UserError(
                self.env._("Entries can only be imported into a register of a unit you lead (%s).", company.name)
            )
        number = vals.get("number")
        try:
            cleaned = registers.check_legacy_entry(
                {
                    "number": number,
                    "entry_date": fields.Date.to_date(vals.get("entry_date")),
                    "holder_name": vals.get("holder_name"),
                    "holder_id_number": vals.get("holder_id_number"),
                    "valid_from": fields.Date.to_date(vals.get("valid_from")),
                    "valid_until": fields.Date.to_date(vals.get("valid_until")),
                    "state": vals.get("state"),
                },
                today,
                (validate_citizen_id, validate_tax_code),
            )
        except RegisterRuleError as error:
            raise UserError(self._q1_rule_message(error, number)) from error
        if self.sudo().search_count(
            [("register_id", "=", register.id), ("company_id", "=", company.id), ("number", "=", cleaned["number"])]
        ):
            raise UserError(
                self.env._(
                    "Entry %(number)s is already in register %(register)s of %(unit)s.",
                    number=cleaned["number"],
                    register=register.code,
                    unit=company.name,
                )
            )
        extra = set(vals) - {
            "register_id",
            "company_id",
            "number",
            "entry_date",
            "holder_name",
            "holder_id_number",
            "holder_address",
            "valid_from",
            "valid_until",
            "state",
            "signer_name",
            "signer_title",
            "data_values",
            "note",
            "procedure_id",
        }
        if extra:
            raise UserError(
                self.env._(
                    "%(fields)s cannot be imported: they are set by the register itself.",
                    fields=", ".join(self._fields[name]._description_string(self.env) for name in sorted(extra)),
                )
            )
        data = vals.get("data_values")
        if isinstance(data, list):
            data = {prop["name"]: prop.get("value") for prop in data if "name" in prop}
        result = dict(
            vals,
            register_id=register.id,
            company_id=company.id,
            number=cleaned["number"],
            entry_date=cleaned["entry_date"],
            holder_name=cleaned["holder_name"],
            holder_id_number=cleaned["holder_id_number"],
            valid_from=cleaned["valid_from"],
            valid_until=cleaned.get("valid_until") or False,
            state=cleaned["state"],
            data_values=self._q1_register_data(register, data or {}),
            origin="import",
            q1_reminded=False,
        )
        return result, cleaned["holder_kind"]

    def _q1_rule_message(self, error, number=None):
        """The user's message of a refused value (``core.registers.RegisterRuleError``)."""
        params = error.params
        placeholder = "%(" + str(params.get("key")) + ")s"
        messages = {
            "number_missing": lambda: self.env._("The entry number is missing."),
            "number_length": lambda: self.env._(
                "The entry number is longer than 64 characters or spans several lines."
            ),
            "entry_date": lambda: self.env._("The entry date is missing or not a date between 1945 and 2200."),
            "entry_date_future": lambda: self.env._("The entry date is in the future."),
            "valid_from": lambda: self.env._("'Valid from' is not a date between 1945 and 2200."),
            "valid_until": lambda: self.env._("'Valid until' is not a date between 1945 and 2200."),
            "validity_order": lambda: self.env._("'Valid until' is before 'Valid from'."),
            "holder_name_missing": lambda: self.env._("The holder's name is missing."),
            "holder_id_missing": lambda: self.env._("The holder's ID number (citizen ID or tax code) is missing."),
            "holder_id": lambda: self.env._(
                "The holder's ID number %(number)s is neither a citizen ID nor a tax code: %(reason)s",
                number=params.get("number"),
                reason=params.get("reason"),
            ),
            "state": lambda: self.env._(
                "Status '%(state)s' cannot be imported: import valid, amended, revoked or expired entries.",
                state=params.get("state"),
            ),
            "validity_months": lambda: self.env._("A validity is 0 to 1200 months."),
            "pattern_length": lambda: self.env._("The number pattern is empty or longer than 64 characters."),
            "pattern_key": lambda: self.env._(
                "The number pattern may use %(allowed)s only, not %(key)s.",
                allowed="%(seq)s, %(year)s, %(code)s, %(unit)s",
                key=placeholder,
            ),
            "pattern_seq": lambda: self.env._("The number pattern must contain %(seq)s.", seq="%(seq)s"),
            "pattern_percent": lambda: self.env._(
                "The number pattern has a lone percent sign: write the placeholders as %(seq)s.", seq="%(seq)s"
            ),
        }
        message = messages[error.code]() if error.code in messages else error.code
        if number:
            return self.env._("Entry %(number)s: %(message)s", number=number, message=message)
        return message

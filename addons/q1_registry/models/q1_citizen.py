import re

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.q1_dossier.core.identity import validate_citizen_id, validate_tax_code

KINDS = [("person", "Individual"), ("organisation", "Organisation")]


def normalize_identity(identity_number, kind):
    """The stored form of a citizen ID (12 digits) or tax code, or ``ValueError`` (q1_dossier's validators)."""
    number = re.sub(r"[\s.]", "", identity_number or "")
    if kind == "person":
        return validate_citizen_id(number)
    return validate_tax_code(number)


class Q1Citizen(models.Model):
    """The citizen's record (hồ sơ công dân): one page per personal identification number or tax code, gathering
    what the units hold about them: their dossiers, the documents digitised into the record and the entries of the
    result registers. A unit sees a citizen once it holds data about them (``company_ids``: maintained when a dossier
    is received, a document digitised, an entry written), never before."""

    _name = "q1.citizen"
    _description = "Citizen's Record"
    _order = "name, id"
    _rec_names_search = ["name", "identity_number"]

    identity_number = fields.Char(
        required=True,
        readonly=True,
        index=True,
        help="Personal identification number (12 digits) for an individual, tax code for an organisation.",
    )
    name = fields.Char(required=True)
    kind = fields.Selection(KINDS, required=True, default="person", readonly=True)
    company_ids = fields.Many2many(
        "res.company",
        "q1_citizen_company_rel",
        "citizen_id",
        "company_id",
        string="Units Holding Data",
        readonly=True,
        help="The units that hold data about this citizen: a dossier received, a document digitised, a register "
        "entry written. Only they see the record.",
    )
    dossier_ids = fields.Many2many(
        "q1.dossier", compute="_compute_dossier_ids", string="Dossiers", help="The dossiers filed under this number."
    )
    dossier_count = fields.Integer(compute="_compute_dossier_ids")
    document_ids = fields.One2many("q1.citizen.document", "citizen_id", string="Digitised Documents")
    register_entry_ids = fields.One2many("q1.register.entry", "citizen_id", string="Register Entries")
    # What the page shows: the documents and entries of the user's units only (the record rules of those models).
    # The one2many fields above hold them all, which a reader of one unit cannot read when another holds some.
    unit_document_ids = fields.Many2many(
        "q1.citizen.document", compute="_compute_unit_records", string="Digitised Documents (Your Units)"
    )
    unit_register_entry_ids = fields.Many2many(
        "q1.register.entry", compute="_compute_unit_records", string="Register Entries (Your Units)"
    )

    _sql_constraints = [
        ("identity_number_unique", "unique(identity_number)", "A citizen's record already exists for this number."),
    ]

    @api.depends("identity_number")
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_dossier_ids(self):
        # the dossiers follow their own rules: a unit sees those it received or decides
        Dossier = self.env["q1.dossier"]
        for citizen in self:
            dossiers = (
                Dossier.search([("applicant_id_number", "=", citizen.identity_number)]) if citizen.id else Dossier
            )
            citizen.dossier_ids = dossiers
            citizen.dossier_count = len(dossiers)

    @api.depends("document_ids", "register_entry_ids")
    @api.depends_context("uid", "allowed_company_ids")
    def _compute_unit_records(self):
        Document, Entry = self.env["q1.citizen.document"], self.env["q1.register.entry"]
        for citizen in self:
            if not citizen.id:
                citizen.unit_document_ids = Document
                citizen.unit_register_entry_ids = Entry
                continue
            citizen.unit_document_ids = Document.search([("citizen_id", "=", citizen.id)])
            citizen.unit_register_entry_ids = Entry.search([("citizen_id", "=", citizen.id)])

    # ------------------------------------------------------------------ every opening is logged

    @api.readonly
    def web_read(self, specification):
        """The form's read: what the web client calls when an officer opens the record's page. Each opening is
        logged (``q1.citizen.view.log``). A record named by another one's field (a dossier's or an entry's citizen:
        the client reads its name, and Odoo calls this method with no field asked) is no opening."""
        result = super().web_read(specification)
        if specification:
            self.env["q1.citizen.view.log"]._q1_log_views([row["id"] for row in result])
        return result

    @api.model
    @api.readonly
    def web_search_read(self, domain, specification, offset=0, limit=None, order=None, count_limit=None):
        """A search's list shows the names and numbers found, not the records: Odoo's own method, reading its rows
        without this model's logging ``web_read`` (no flag a caller could set to silence the log)."""
        records = self.search_fetch(domain, specification.keys(), offset=offset, limit=limit, order=order)
        values_records = super(Q1Citizen, records).web_read(specification)  # pylint: disable=super-method-mismatch
        return self._format_web_search_read_results(domain, values_records, offset, limit, count_limit)

    # ------------------------------------------------------------------ made by the product only

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            self.check_access("create")
            if not self.env.user.has_group("q1_dossier.group_q1_manager"):
                raise UserError(
                    self.env._("A citizen's record is opened by the product, from a dossier or a document.")
                )
        for vals in vals_list:
            vals["identity_number"] = self._q1_normalize(vals.get("identity_number"), vals.get("kind") or "person")
            if not self.env.su and not vals.get("company_ids"):
                # an administrator's record by hand belongs to the unit they act in
                vals["company_ids"] = [fields.Command.link(self.env.company.id)]
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su and {"identity_number", "kind", "company_ids"} & set(vals):
            raise UserError(self.env._("The number, kind and units of a citizen's record are set by the product only."))
        return super().write(vals)

    @api.model
    def _q1_normalize(self, identity_number, kind):
        try:
            return normalize_identity(identity_number, kind)
        except ValueError as error:
            raise ValidationError(str(error)) from error

    @api.model
    def _q1_for_identity(self, identity_number, name, company, kind="person"):
        """The citizen's record of ``identity_number`` (citizen ID or tax code of ``kind``), created if new, with
        ``company`` (res.company, may be empty) among the units holding data about them. Runs as the system and
        returns the record as the system. Race-safe: the number is unique; a record created by a concurrent
        transaction after this one's snapshot makes PostgreSQL refuse with a serialization failure, which Odoo
        answers by retrying the whole request (which then finds it)."""
        number = self._q1_normalize(identity_number, kind)
        citizens = self.sudo().with_context(active_test=False)
        citizen = citizens.search([("identity_number", "=", number)], limit=1)
        if not citizen:
            vals = {"identity_number": number, "name": (name or "").strip() or number, "kind": kind}
            try:
                with self.env.cr.savepoint(flush=True):
                    citizen = citizens.create(vals)
                    citizen.flush_recordset()
            except psycopg2.errors.UniqueViolation:
                citizen = citizens._q1_concurrent_create(number, vals)
        if company and company not in citizen.company_ids:
            citizen.write({"company_ids": [fields.Command.link(company.id)]})
        return citizen

    @api.model
    def _q1_concurrent_create(self, number, vals):
        """Another transaction opened the same record after this one's snapshot began: visible under READ
        COMMITTED (found), otherwise an INSERT ... ON CONFLICT DO NOTHING over the invisible row makes PostgreSQL
        raise its serialization failure under REPEATABLE READ, and Odoo retries the request."""
        citizen = self.search([("identity_number", "=", number)], limit=1)
        if citizen:
            return citizen
        self.env.cr.execute(
            SQL(
                "INSERT INTO q1_citizen (identity_number, name, kind) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                number,
                vals["name"],
                vals["kind"],
            )
        )
        citizen = self.search([("identity_number", "=", number)], limit=1)
        if not citizen:
            raise UserError(self.env._("This citizen's record was just opened by someone else. Reload the page."))
        return citizen

    @api.model
    def _q1_open_records_of_received_dossiers(self):
        """At installation: the records of the applicants of the dossiers received before it (reception opens them
        from then on), with the dossiers' receiving and deciding units. A number that does not pass the checks (old
        data) opens no record. Runs as the system, in one pass."""
        self.env.cr.execute(
            """
            SELECT DISTINCT ON (applicant_id_number) applicant_id_number, applicant_type, applicant_name
              FROM q1_dossier
             WHERE received_at IS NOT NULL AND applicant_id_number IS NOT NULL
          ORDER BY applicant_id_number, received_at DESC
            """
        )
        applicants = self.env.cr.fetchall()
        self.env.cr.execute("SELECT identity_number FROM q1_citizen")
        existing = {number for (number,) in self.env.cr.fetchall()}
        Citizens = self.sudo().with_context(active_test=False)
        vals_list = []
        for number, kind, name in applicants:
            try:
                number = normalize_identity(number, kind or "person")
            except ValueError:
                continue
            if number not in existing:
                existing.add(number)
                vals_list.append({"identity_number": number, "name": name or number, "kind": kind or "person"})
        Citizens.create(vals_list)
        self.env.cr.execute(
            """
            INSERT INTO q1_citizen_company_rel (citizen_id, company_id)
                 SELECT DISTINCT c.id, u.company_id
                   FROM q1_dossier d
                   JOIN q1_citizen c ON c.identity_number = d.applicant_id_number
             CROSS JOIN LATERAL (VALUES (d.company_id), (d.deciding_company_id)) AS u(company_id)
                  WHERE d.received_at IS NOT NULL AND u.company_id IS NOT NULL
            ON CONFLICT DO NOTHING
            """
        )
        self.invalidate_model(["company_ids"])

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.q1_dossier.core import validation
from odoo.addons.q1_dossier.core.localtime import to_local

from ..core.citizen_records import is_valid_on, pick_reusable, validity_end

# Who digitised what, when, for which unit and from which dossier: the facts of the digitisation, written by the
# product only (Decree 45/2020/NĐ-CP Art. 25-27: a digitised result or document is reused in place of the paper).
DIGITISED_FACTS = (
    "citizen_id",
    "kind_id",
    "attachment_id",
    "digitised_by_id",
    "digitised_at",
    "company_id",
    "dossier_id",
    "dossier_document_id",
)


class Q1CitizenDocument(models.Model):
    """A document of a citizen digitised by a ward (số hóa): the scan kept in the citizen's record, with what is
    written on it, so that the next dossier of that citizen at the same ward need not bring it again (tái sử dụng).

    Made by the product at reception, from a checklist line with a kind and a scan (``q1.dossier.document``), never
    typed in directly; the administrators may correct what is written on it (number, issuer, dates), never who
    digitised it, when, for which unit or from which dossier."""

    _name = "q1.citizen.document"
    _description = "Digitised Document"
    _order = "digitised_at desc, id desc"

    citizen_id = fields.Many2one("q1.citizen", required=True, ondelete="restrict", index=True)
    kind_id = fields.Many2one("q1.document.kind", required=True, ondelete="restrict", index=True)
    name = fields.Char(required=True)
    number = fields.Char(string="Document Number")
    issuer = fields.Char(string="Issued By")
    issued_on = fields.Date()
    valid_until = fields.Date(help="Last day of validity; empty: the document does not expire (or it is not known).")
    attachment_id = fields.Many2one("ir.attachment", string="Scan", ondelete="restrict")
    digitised_by_id = fields.Many2one("res.users", ondelete="restrict", readonly=True)
    digitised_at = fields.Datetime(readonly=True)
    company_id = fields.Many2one(
        "res.company",
        string="Unit",
        required=True,
        ondelete="restrict",
        index=True,
        readonly=True,
        help="The unit that digitised and keeps the document.",
    )
    dossier_id = fields.Many2one("q1.dossier", ondelete="set null", readonly=True, index=True)
    dossier_document_id = fields.Many2one(
        "q1.dossier.document", string="Checklist Line", ondelete="set null", readonly=True, index="btree_not_null"
    )
    is_valid = fields.Boolean(
        string="Valid",
        compute="_compute_is_valid",
        search="_search_is_valid",
        help="Not expired today (local date).",
    )

    _sql_constraints = [
        (
            "dossier_document_unique",
            "unique(dossier_document_id)",
            "A checklist line is digitised once.",
        ),
    ]

    @api.model
    def _q1_today(self):
        return to_local(fields.Datetime.now()).date()

    @api.depends("valid_until")
    def _compute_is_valid(self):
        today = self._q1_today()
        for document in self:
            document.is_valid = is_valid_on(document.valid_until, today)

    def _search_is_valid(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on the validity of a document."))
        valid = [("valid_until", "=", False), ("valid_until", ">=", self._q1_today())]
        if (operator == "=") == value:
            return ["|", *valid]
        return [("valid_until", "<", self._q1_today())]

    def _compute_display_name(self):
        for document in self:
            parts = [document.name or ""]
            if document.number:
                parts.append(document.number)
            document.display_name = " – ".join(part for part in parts if part)

    def _q1_held_label(self):
        """What the checklist shows of a document held: "Already held: <document> (valid until dd/mm/yyyy)"."""
        self.ensure_one()
        if self.valid_until:
            return self.env._(
                "Already held: %(document)s (valid until %(date)s)",
                document=self.display_name,
                date=self.valid_until.strftime("%d/%m/%Y"),
            )
        return self.env._("Already held: %(document)s", document=self.display_name)

    @api.constrains("issued_on", "valid_until")
    def _check_dates(self):
        for document in self:
            if document.issued_on and document.valid_until and document.valid_until < document.issued_on:
                raise ValidationError(
                    self.env._("Document %s: it cannot expire before it was issued.", document.display_name)
                )

    def _q1_clean_vals(self, vals):
        vals = super()._q1_clean_vals(vals)
        vals = self._q1_apply(vals, "name", validation.clean_text, validation.TITLE_MAX_LENGTH, True)
        vals = self._q1_apply(vals, "number", validation.clean_text, 64)
        return self._q1_apply(vals, "issuer", validation.clean_text, validation.TITLE_MAX_LENGTH)

    # ------------------------------------------------------------------ made by the product only

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            self.check_access("create")
            raise UserError(
                self.env._("A document enters the citizen's record when it is digitised at reception, not by hand.")
            )
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            facts = [name for name in vals if name in DIGITISED_FACTS]
            if facts:
                raise UserError(
                    self.env._(
                        "%(fields)s of a digitised document are facts of its digitisation and cannot be changed.",
                        fields=", ".join(self._fields[name].get_description(self.env)["string"] for name in facts),
                    )
                )
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_never_by_users(self):
        if not self.env.su:
            raise UserError(self.env._("A digitised document stays in the citizen's record."))

    # ------------------------------------------------------------------ reuse

    @api.model
    def _q1_reusable(self, identity_number, kind, companies):
        """The valid document of kind ``kind`` of the citizen with ``identity_number`` held by ``companies`` that is
        offered for reuse (``core.citizen_records.pick_reusable``), or an empty recordset. Runs as the system (the
        callers check who asks); returns the record as the caller's environment."""
        if not identity_number or not kind or not companies:
            return self.browse()
        documents = self.sudo().search(
            [
                ("citizen_id.identity_number", "=", identity_number),
                ("kind_id", "=", kind.id),
                ("company_id", "in", companies.ids),
            ]
        )
        chosen = pick_reusable(
            [
                {
                    "id": document.id,
                    "valid_until": document.valid_until,
                    "issued_on": document.issued_on,
                    "digitised_at": document.digitised_at,
                }
                for document in documents
            ],
            self._q1_today(),
        )
        return self.browse(chosen["id"]) if chosen else self.browse()

    @api.model
    def _q1_validity_end(self, kind, valid_until, issued_on):
        return validity_end(valid_until, issued_on, kind.validity_months)

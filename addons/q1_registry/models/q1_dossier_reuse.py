from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.q1_dossier.models.q1_dossier import DossierExtension


class Q1Dossier(DossierExtension, models.Model):
    """A dossier and the citizen's record: reception opens (or finds) the applicant's record, digitises into it the
    scans of the checklist lines that have a kind of document, and may reuse the documents already held instead of
    asking for them again; ``reused`` (a legal fact, ``_q1_registry_facts``) is what index 4.3 counts."""

    _inherit = "q1.dossier"  # pylint: disable=consider-merging-classes-inherited

    reused = fields.Boolean(
        string="Reuses Held Documents",
        compute="_compute_reused",
        store=True,
        help="At least one document of the checklist was reused from the citizen's record instead of being handed "
        "in again (counted by index 4.3).",
    )
    citizen_id = fields.Many2one(
        "q1.citizen",
        string="Citizen's Record",
        compute="_compute_citizen_id",
        help="The applicant's record, when your unit holds one.",
    )

    @api.depends("document_ids.is_reused")
    def _compute_reused(self):
        for dossier in self:
            dossier.reused = any(dossier.document_ids.mapped("is_reused"))

    @api.depends_context("uid", "allowed_company_ids")
    @api.depends("applicant_id_number")
    def _compute_citizen_id(self):
        Citizen = self.env["q1.citizen"]
        for dossier in self:
            number = dossier.applicant_id_number
            dossier.citizen_id = number and Citizen.search([("identity_number", "=", number)], limit=1)

    def action_open_citizen(self):
        """Open the applicant's record (the record rule decides whether the user may see it; the opening is
        logged by the record's form). For the officers of the dossier's units, as its button."""
        self._check_role("q1_dossier.group_q1_reception", "q1_dossier.group_q1_processing")
        self._check_unit("either")
        self.ensure_one()
        citizen = self.citizen_id
        if not citizen:
            raise UserError(self.env._("Your unit holds no record of this applicant."))
        return {
            "type": "ir.actions.act_window",
            "res_model": "q1.citizen",
            "res_id": citizen.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    # ------------------------------------------------------------------ applicant changed before reception

    def write(self, vals):
        result = super().write(vals)
        if {"applicant_id_number", "applicant_type"} & set(vals):
            self._q1_drop_foreign_reuse()
        return result

    def _q1_drop_foreign_reuse(self):
        """A reused document that is not the applicant's (the number was corrected) stands for nothing: the line is
        handed in no more."""
        for dossier in self:
            lines = dossier.sudo().document_ids.filtered(
                lambda line, number=dossier.applicant_id_number: (
                    line.reused_document_id and line.reused_document_id.citizen_id.identity_number != number
                )
            )
            lines.write({"reused_document_id": False, "is_received": False})

    # ------------------------------------------------------------------ reception

    def _check_receivable(self):
        result = super()._check_receivable()
        for line in self.sudo().document_ids.filtered("reused_document_id"):
            document = line.reused_document_id
            if document.citizen_id.identity_number != self.applicant_id_number or not document.is_valid:
                raise UserError(
                    self.env._(
                        "The document reused for '%(line)s' is no longer valid for this applicant: tick the line "
                        "again when the paper is handed in, or reuse again.",
                        line=line.name,
                    )
                )
        return result

    def _receive(self, received_at):
        result = super()._receive(received_at)
        self._q1_file_in_citizen_record(received_at)
        return result

    def _q1_file_in_citizen_record(self, received_at):
        """At reception: the applicant's record is opened or found, the units of the dossier added to those
        holding data on them, and the checklist's scans of documents of a kind digitised into the record (who,
        when, which unit, from which dossier: the facts of the digitisation)."""
        self.ensure_one()
        dossier = self.sudo()
        if not dossier.applicant_id_number:
            return
        Citizen = self.env["q1.citizen"]
        citizen = Citizen._q1_for_identity(
            dossier.applicant_id_number, dossier.applicant_name, dossier.company_id, dossier.applicant_type
        )
        if dossier.deciding_company_id != dossier.company_id:
            Citizen._q1_for_identity(
                dossier.applicant_id_number, dossier.applicant_name, dossier.deciding_company_id, dossier.applicant_type
            )
        lines = dossier.document_ids.filtered(
            lambda line: (
                line.kind_id
                and line.scan_id
                and line.is_received
                and not line.reused_document_id
                and not line.citizen_document_id
            )
        )
        Document = self.env["q1.citizen.document"].sudo()
        for line in lines:
            document = Document.create(
                {
                    "citizen_id": citizen.id,
                    "kind_id": line.kind_id.id,
                    "name": line.kind_id.name,
                    "number": line.doc_number,
                    "issuer": line.doc_issuer,
                    "issued_on": line.doc_issued_on,
                    "valid_until": Document._q1_validity_end(line.kind_id, line.doc_valid_until, line.doc_issued_on),
                    "digitised_by_id": self.env.user.id,
                    "digitised_at": received_at,
                    "company_id": dossier.company_id.id,
                    "dossier_id": dossier.id,
                    "dossier_document_id": line.id,
                }
            )
            # the record keeps its own copy of the scan (same file on disk), read as the document is read
            scan = line.scan_id.copy({"res_model": "q1.citizen.document", "res_id": document.id})
            document.attachment_id = scan
            line.citizen_document_id = document

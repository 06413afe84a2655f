from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# What reception decided about a checklist line and what the product made of it: written by the product only.
REUSE_FACTS = ("kind_id", "reused_document_id", "is_reused", "citizen_document_id")


class Q1DossierDocument(models.Model):
    """A checklist line at reception, with the citizen's record: its kind (copied from the procedure's line), the
    applicant's valid document of that kind already held by the ward (offered), and the one reused instead of
    asking for the paper again; or the scan digitised into the record at reception, with what is written on it."""

    _inherit = "q1.dossier.document"

    kind_id = fields.Many2one(
        "q1.document.kind",
        string="Kind of Document",
        compute="_compute_kind_id",
        store=True,
        ondelete="restrict",
        help="Copied from the procedure's required document when the checklist is made.",
    )
    reusable_document_id = fields.Many2one(
        "q1.citizen.document",
        string="Already Held",
        compute="_compute_reusable_document_id",
        help="The applicant's valid document of this kind already held by the unit: it can be reused instead of "
        "being handed in again.",
    )
    reusable_label = fields.Char(string="Already Held (Label)", compute="_compute_reusable_document_id")
    reused_document_id = fields.Many2one(
        "q1.citizen.document", readonly=True, ondelete="restrict", index="btree_not_null"
    )
    is_reused = fields.Boolean(string="Reused", compute="_compute_is_reused", store=True)
    scan_id = fields.Many2one(
        "ir.attachment",
        ondelete="set null",
        help="The dossier's scanned file of this document: at reception it is digitised into the applicant's record "
        "when the line has a kind of document.",
    )
    doc_number = fields.Char(string="Document Number")
    doc_issuer = fields.Char(string="Issued By")
    doc_issued_on = fields.Date(string="Issued On")
    doc_valid_until = fields.Date(string="Valid Until")
    citizen_document_id = fields.Many2one(
        "q1.citizen.document", string="Digitised As", readonly=True, ondelete="set null"
    )

    @api.depends("procedure_document_id")
    def _compute_kind_id(self):
        # copied once, when the line is made: a later change of the procedure does not rewrite old checklists
        for line in self:
            line.kind_id = line.procedure_document_id.kind_id

    @api.depends("reused_document_id")
    def _compute_is_reused(self):
        for line in self:
            line.is_reused = bool(line.reused_document_id)

    @api.depends_context("uid")
    @api.depends("kind_id", "reused_document_id", "dossier_id.applicant_id_number", "dossier_id.state")
    def _compute_reusable_document_id(self):
        for line in self:
            document = line._q1_offered_document() if not line.reused_document_id else line.reused_document_id
            line.reusable_document_id = document
            line.reusable_label = document.sudo()._q1_held_label() if document else False

    def _q1_offered_document(self):
        """The applicant's valid document of the line's kind held by the dossier's units the user works in,
        before reception only (``q1.citizen.document._q1_reusable``)."""
        self.ensure_one()
        dossier = self.dossier_id.sudo()
        if not self.kind_id or dossier.state not in ("draft", "incomplete") or not dossier.applicant_id_number:
            return self.env["q1.citizen.document"]
        units = (dossier.company_id | dossier.deciding_company_id) & self.env.user.company_ids
        return self.env["q1.citizen.document"]._q1_reusable(dossier.applicant_id_number, self.kind_id, units)

    # ------------------------------------------------------------------ reception's input

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            for vals in vals_list:
                self._q1_check_reuse_vals(vals, creating=True)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            self._q1_check_reuse_vals(vals)
        result = super().write(vals)
        if "is_received" in vals and not vals["is_received"]:
            # a reused line un-ticked: the document is handed in no more, nor reused
            self.filtered("reused_document_id").sudo().write({"reused_document_id": False})
        return result

    def _q1_check_reuse_vals(self, vals, creating=False):
        facts = [name for name in vals if name in REUSE_FACTS and (not creating or vals[name])]
        if facts:
            raise UserError(
                self.env._(
                    "%(fields)s of a checklist line are set by reception's actions and cannot be written directly.",
                    fields=", ".join(self._fields[name].get_description(self.env)["string"] for name in facts),
                )
            )

    @api.constrains("scan_id")
    def _q1_check_scans(self):
        for line in self.filtered("scan_id"):
            if line.scan_id not in line.dossier_id.sudo().attachment_ids:
                raise ValidationError(
                    self.env._("The scan of '%s' must be one of the dossier's scanned files.", line.name)
                )

    def action_reuse(self):
        """Reuse (tái sử dụng): the applicant's valid document of the line's kind already held by the unit stands
        for the paper: the line is handed in, nothing is uploaded again, and the document reused is recorded. Only
        before reception, by a reception officer of the dossier's receiving unit."""
        for line in self:
            dossier = line.dossier_id
            dossier._check_caller("receive")
            if dossier.state not in ("draft", "incomplete"):
                raise UserError(
                    self.env._("Dossier %s has already been received: its checklist is closed.", dossier.display_name)
                )
            document = line._q1_offered_document()
            if not document:
                raise UserError(
                    self.env._(
                        "No valid document of the kind '%(kind)s' of this applicant is held by your unit.",
                        kind=line.kind_id.name or line.name,
                    )
                )
            line.sudo().write({"is_received": True, "reused_document_id": document.id})
        return True

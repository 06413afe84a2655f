import os
import re

from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.q1_dossier.models.q1_dossier import DossierExtension

from ..core import esign

PROCESSING = "q1_dossier.group_q1_processing"
LEADER = "q1_dossier.group_q1_unit_leader"
# The reason a PDF reader shows for the unit's signature.
SIGNATURE_REASON = "Kết quả giải quyết TTHC"
# Statuses in which a dossier has a result to sign: ready, or already handed back (on paper, signed afterwards).
RESULT_STATES = ("done", "returned")
# Fields whose change alters the dossier's statistical facts kept by q1_reporting (q1.dossier.fact): its signed
# electronic result and, from the citizen's record, the reuse of digitised data (index 4.3).
FACT_FIELDS = frozenset({"e_result_attachment_id", "e_result_signed_at", "reused"})


class Q1Dossier(DossierExtension, models.Model):
    """The electronic result: the result file signed as PDF with the certificate of the unit that decides the dossier
    (Decree 118/2025 Art. 22(1)), kept on the dossier and its register entry, downloadable by the applicant from the
    public lookup page. Its file and signing instant are legal facts (``_q1_registry_facts``): only
    ``_q1_attach_e_result`` writes them, once."""

    _inherit = "q1.dossier"  # pylint: disable=consider-merging-classes-inherited

    e_result_attachment_id = fields.Many2one(
        "ir.attachment",
        string="Signed Electronic Result",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The result file signed with the deciding unit's certificate: counted by indices 4.1 and 4.2 of "
        "Decision 766/QĐ-TTg and downloadable by the applicant from the lookup page.",
    )
    e_result_signed_at = fields.Datetime(string="Electronic Result Signed At", readonly=True, copy=False)
    e_result_signed_by_id = fields.Many2one(
        "res.users", string="Electronic Result Attached By", readonly=True, copy=False
    )

    def _write_multi(self, vals_list):
        # The statistics' stored facts read these (q1_registry's q1.dossier.fact): refresh them as q1_reporting does
        # for its own fields.
        marked = [record.id for record, vals in zip(self, vals_list, strict=True) if FACT_FIELDS.intersection(vals)]
        if marked:
            self.env["q1.dossier.fact"]._mark(marked)
        return super()._write_multi(vals_list)

    # ------------------------------------------------------------------ who may attach

    def _q1_check_e_result_caller(self):
        """Refuse the caller unless, in the unit that decides every dossier, they are its unit leader or the
        processing officer who held its last step (the one who finished it); the system (sudo) may."""
        if self.env.su:
            return
        user = self.env.user
        is_leader, is_officer = user.has_group(LEADER), user.has_group(PROCESSING)
        if not (is_leader or is_officer):
            self._check_role(LEADER, PROCESSING)
        for dossier in self:
            dossier._check_unit("deciding")
            if is_leader:
                continue
            holders = dossier.sudo().current_step_id.user_id | dossier.sudo().step_ids.sorted("id")[-1:].user_id
            if user not in holders:
                raise AccessError(
                    self.env._(
                        "Only the officer who handled the last step of dossier %(dossier)s, or a leader of the unit "
                        "that decides it, may attach its electronic result.",
                        dossier=dossier.sudo().code or dossier.id,
                    )
                )

    def _q1_check_e_result_attachable(self):
        self.ensure_one()
        if self.state not in RESULT_STATES:
            raise UserError(
                self.env._("An electronic result is attached once the result is ready (or already returned).")
            )
        if self.e_result_attachment_id:
            raise UserError(
                self.env._(
                    "Dossier %s already has its signed electronic result; a signed result is never replaced.",
                    self.code,
                )
            )
        if not self.sudo().deciding_company_id.q1_sign_certificate:
            raise UserError(
                self.env._(
                    "%(unit)s has no signing certificate: ask the administrator to upload the unit's certificate "
                    "(.p12) on the unit's form.",
                    unit=self.sudo().deciding_company_id.name,
                )
            )

    # ------------------------------------------------------------------ buttons

    def action_open_e_result_wizard(self):
        """The dialog that uploads the result PDF to sign (the button on the dossier form)."""
        self._q1_check_e_result_caller()
        self.ensure_one()
        self._q1_check_e_result_attachable()
        wizard = self.env["q1.dossier.e.result.wizard"]
        return {
            "type": "ir.actions.act_window",
            "res_model": wizard._name,
            "view_mode": "form",
            "target": "new",
            "name": wizard._q1_description(),
            "context": {"default_dossier_id": self.id},
        }

    def action_download_e_result(self):
        """Download the signed electronic result (whoever reads the dossier reads its result)."""
        self.check_access("read")
        self.ensure_one()
        attachment = self.sudo().e_result_attachment_id
        if not attachment:
            raise UserError(self.env._("Dossier %s has no signed electronic result.", self.code))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{attachment.id}?download=true",
            "target": "self",
        }

    # ------------------------------------------------------------------ signing

    def _q1_attach_e_result(self, pdf_bytes, filename):
        """Sign ``pdf_bytes`` (the result, a PDF) with the deciding unit's certificate, keep it on the dossier as its
        electronic result and on its register entry; returns the attachment. Refused, saving nothing, when the
        dossier has no result yet or has its signed result already, the unit no valid certificate, or the file is
        not a PDF of a sensible size. Callers check who asks (``_q1_check_e_result_caller``)."""
        self.ensure_one()
        self._lock_for_move()
        self._q1_check_e_result_attachable()
        unit = self.sudo().deciding_company_id
        company = self.env["res.company"]
        now = fields.Datetime.now()
        data, passphrase = unit._q1_signing_material()
        try:
            signed = esign.sign_pdf(
                pdf_bytes,
                data,
                passphrase,
                reason=SIGNATURE_REASON,
                location=unit.q1_place_name or unit.name,
                signer_name=unit.name,
                at=now,
            )
        except esign.CertificateError as error:
            raise UserError(
                self.env._(
                    "The certificate of %(unit)s cannot sign: %(reason)s",
                    unit=unit.name,
                    reason=company._q1_certificate_message(error.code),
                )
            ) from None
        except esign.PdfError as error:
            raise UserError(self._q1_pdf_message(error.code)) from None
        attachment = (
            self.env["ir.attachment"]
            .sudo()
            .create(
                {
                    "name": self._q1_e_result_filename(filename),
                    "raw": signed,
                    "mimetype": "application/pdf",
                    "res_model": self._name,
                    "res_id": self.id,
                    "description": self.env._("Electronic result signed by %s", unit.name),
                }
            )
        )
        self.sudo()._lifecycle_write(
            {
                "e_result_attachment_id": attachment.id,
                "e_result_signed_at": now,
                "e_result_signed_by_id": self.env.user.id,
            }
        )
        if self.register_entry_id:
            self.sudo().register_entry_id._q1_set_e_result(attachment)
        self.message_post(
            body=self.env._("Electronic result signed with the certificate of %s.", unit.name),
            subtype_xmlid="mail.mt_note",
        )
        return attachment

    def _q1_e_result_filename(self, filename):
        """A clean file name ending in .pdf: the uploaded one's base name, else one made of the dossier's code."""
        name = os.path.basename(filename) if isinstance(filename, str) else ""
        name = "".join(ch for ch in name if ch.isprintable()).strip()[:120]
        if not name or name.startswith("."):
            name = "ket-qua-" + re.sub(r"[^A-Za-z0-9.-]+", "-", self.code or str(self.id))
        if not name.lower().endswith(".pdf"):
            name += ".pdf"
        return name

    def _q1_pdf_message(self, code):
        if code == "empty":
            return self.env._("Upload the result file (PDF).")
        if code == "too_large":
            return self.env._(
                "The result file is larger than %(size)s MB: scan it at a lower resolution.",
                size=esign.MAX_PDF_BYTES // (1024 * 1024),
            )
        return self.env._("The result file must be a PDF document that opens (not encrypted).")

import base64
import binascii

from odoo import fields, models
from odoo.exceptions import UserError

from ..core import esign


class Q1DossierEResultWizard(models.TransientModel):
    """The dialog "Attach the electronic result": the officer who finished the dossier, or the unit's leader,
    uploads the result as a PDF; it is signed with the deciding unit's certificate and kept as the dossier's
    electronic result (``q1.dossier._q1_attach_e_result``)."""

    _name = "q1.dossier.e.result.wizard"
    _description = "Attach the Electronic Result"

    dossier_id = fields.Many2one("q1.dossier", required=True, ondelete="cascade", readonly=True)
    result_file = fields.Binary(string="Result (PDF)", attachment=False, required=True)
    result_filename = fields.Char(string="File Name")
    signing_unit_id = fields.Many2one(
        "res.company", string="Signed by", related="dossier_id.deciding_company_id", readonly=True
    )
    certificate_subject = fields.Char(
        string="Certificate Holder", related="dossier_id.deciding_company_id.q1_sign_subject", readonly=True
    )
    certificate_valid_until = fields.Datetime(
        string="Certificate Valid Until", related="dossier_id.deciding_company_id.q1_sign_valid_until", readonly=True
    )

    def onchange(self, values, field_names, fields_spec):
        self.env["q1.dossier"]._check_dossier_ref(values.get("dossier_id"))
        return super().onchange(values, field_names, fields_spec)

    def action_attach(self):
        """Sign the uploaded PDF and attach it to the dossier (and its register entry)."""
        self.check_access("write")
        self.ensure_one()
        dossier = self.dossier_id
        dossier._q1_check_e_result_caller()
        data = self.result_file
        if not data:
            raise UserError(dossier._q1_pdf_message("empty"))
        if len(data) > esign.MAX_PDF_BYTES * 4 // 3 + 4:
            raise UserError(dossier._q1_pdf_message("too_large"))
        try:
            pdf = base64.b64decode(data)
        except (binascii.Error, ValueError):
            raise UserError(dossier._q1_pdf_message("not_pdf")) from None
        dossier._q1_attach_e_result(pdf, self.result_filename)
        return {"type": "ir.actions.act_window_close"}

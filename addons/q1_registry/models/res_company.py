import base64
import binascii
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools.misc import file_path

from odoo.addons.q1_dossier.core.localtime import to_local

from ..core import esign

# Who may see and change a unit's signing certificate and its passphrase: Odoo's administrators and the one-stop
# shop's. Officers never read them (field groups: a read over RPC is refused), and sign only through
# q1.dossier._q1_attach_e_result, which reads them as the system.
CERTIFICATE_ADMINS = "base.group_system,q1_dossier.group_q1_manager"
# Written from the certificate itself, never typed: what the administrator and the officers see of it.
CERTIFICATE_INFO = ("q1_sign_subject", "q1_sign_issuer", "q1_sign_valid_from", "q1_sign_valid_until")
# The demo units' certificates' passphrase (demo data only: a real unit's is its own).
DEMO_PASSPHRASE = "thu-nghiem"


class ResCompany(models.Model):
    """A unit's certificate for signing its electronic results (Decree 118/2025 Art. 22(1): a result in electronic
    form is digitally signed by the unit that decides): a PKCS#12 archive (.p12/.pfx) and its passphrase, checked
    when saved (it opens, holds a key and its certificate, and is valid today)."""

    _inherit = "res.company"

    q1_sign_certificate = fields.Binary(
        string="Signing Certificate (PKCS#12)",
        attachment=False,
        copy=False,
        groups=CERTIFICATE_ADMINS,
        help="The unit's digital signature certificate with its private key, as a .p12 or .pfx file: it signs the "
        "electronic results of the dossiers this unit decides.",
    )
    q1_sign_certificate_name = fields.Char(string="Certificate File Name", copy=False, groups=CERTIFICATE_ADMINS)
    q1_sign_passphrase = fields.Char(
        string="Certificate Passphrase", copy=False, groups=CERTIFICATE_ADMINS, help="The password of the .p12 file."
    )
    q1_sign_subject = fields.Char(string="Certificate Holder", readonly=True, copy=False)
    q1_sign_issuer = fields.Char(string="Certificate Issuer", readonly=True, copy=False)
    q1_sign_valid_from = fields.Datetime(string="Certificate Valid From", readonly=True, copy=False)
    q1_sign_valid_until = fields.Datetime(string="Certificate Valid Until", readonly=True, copy=False)

    @api.model_create_multi
    def create(self, vals_list):
        if any("q1_sign_certificate" in vals or "q1_sign_passphrase" in vals for vals in vals_list):
            self.check_access("create")
            self.check_field_access_rights("write", ["q1_sign_certificate", "q1_sign_passphrase"])
        vals_list = [self._q1_sign_vals(vals) for vals in vals_list]
        return super().create(vals_list)

    def write(self, vals):
        if any(name in vals for name in ("q1_sign_certificate", "q1_sign_passphrase", *CERTIFICATE_INFO)):
            # who may write comes first: the certificate's check must not tell others whether a passphrase fits
            self.check_access("write")
            self.check_field_access_rights("write", [name for name in vals if name in self._fields])
            for company in self:
                super(ResCompany, company).write(company._q1_sign_vals(vals))
            return True
        return super().write(vals)

    def _q1_sign_vals(self, vals):
        """``vals`` with the certificate's information, once the certificate and passphrase it gives (or the ones
        the unit has) are checked; refused with a clear message, saving nothing, when they cannot sign."""
        info_given = [name for name in CERTIFICATE_INFO if name in vals]
        if info_given and not self.env.su:
            raise UserError(self.env._("The certificate's holder, issuer and validity are read from the certificate."))
        if "q1_sign_certificate" not in vals and "q1_sign_passphrase" not in vals:
            return vals
        current = self.sudo() if self else self.browse()
        data = vals["q1_sign_certificate"] if "q1_sign_certificate" in vals else current.q1_sign_certificate
        passphrase = vals["q1_sign_passphrase"] if "q1_sign_passphrase" in vals else current.q1_sign_passphrase
        vals = dict(vals)
        if passphrase is not False and passphrase is not None and not isinstance(passphrase, str):
            raise ValidationError(self.env._("The certificate's passphrase must be text."))
        if passphrase and len(passphrase) > esign.MAX_PASSPHRASE_LENGTH:
            raise ValidationError(self.env._("The certificate's passphrase is too long."))
        if not data:
            # No certificate: nothing to sign with, nothing to show.
            vals.update(dict.fromkeys(CERTIFICATE_INFO, False))
            if "q1_sign_certificate" in vals:
                vals["q1_sign_passphrase"] = vals.get("q1_sign_passphrase") or False
            return vals
        raw = self._q1_decode_certificate(data)
        try:
            info = esign.certificate_info(raw, passphrase or None, at=fields.Datetime.now())
        except esign.CertificateError as error:
            raise ValidationError(self._q1_certificate_message(error.code)) from None
        vals.update(
            q1_sign_subject=info.subject[:512],
            q1_sign_issuer=info.issuer[:512],
            q1_sign_valid_from=info.valid_from,
            q1_sign_valid_until=info.valid_until,
        )
        return vals

    @api.model
    def _q1_decode_certificate(self, data):
        """The certificate's bytes from a Binary field's value (base64, as forms and RPC send it)."""
        if isinstance(data, str):
            data = data.encode("ascii", "ignore")
        if not isinstance(data, bytes):
            raise ValidationError(self._q1_certificate_message("not_pkcs12"))
        if len(data) > esign.MAX_CERTIFICATE_BYTES * 2:
            raise ValidationError(self._q1_certificate_message("too_large"))
        try:
            return base64.b64decode(data, validate=False)
        except (binascii.Error, ValueError):
            raise ValidationError(self._q1_certificate_message("not_pkcs12")) from None

    @api.model
    def _q1_certificate_message(self, code):
        messages = {
            "empty": self.env._("Upload the unit's certificate file (.p12 or .pfx)."),
            "too_large": self.env._("This file is too large to be a certificate: upload the unit's .p12 or .pfx file."),
            "not_pkcs12": self.env._(
                "This file is not a PKCS#12 certificate: upload the unit's .p12 or .pfx file, which holds the "
                "certificate and its private key."
            ),
            "wrong_passphrase": self.env._(
                "The passphrase does not open this certificate: check the password of the .p12 file."
            ),
            "no_key": self.env._(
                "This certificate file holds no private key: export the certificate with its private key."
            ),
            "expired": self.env._("This certificate has expired: it can no longer sign. Upload the unit's new one."),
            "not_yet_valid": self.env._("This certificate is not valid yet: it cannot sign before its start date."),
        }
        return messages.get(code, messages["not_pkcs12"])

    def _q1_signing_material(self):
        """(certificate bytes, passphrase) of the unit, read as the system: the signing code's only access."""
        self.ensure_one()
        unit = self.sudo()
        if not unit.q1_sign_certificate:
            return None, None
        return self._q1_decode_certificate(unit.q1_sign_certificate), unit.q1_sign_passphrase or None

    # ------------------------------------------------------------------ demo

    @api.model
    def _q1_demo_e_results(self, company_ids, per_unit=3):
        """Demo only (demo/q1_registry_e_result_demo.xml): give each unit a self-signed certificate made here (valid
        from a month ago for three years; a real unit uploads the one its certification authority issued) and sign
        the results of its ``per_unit`` latest dossiers whose result is ready or returned."""
        now = fields.Datetime.now()
        font = file_path("web/static/fonts/sign/NotoSans-Reg.ttf")
        for unit in self.browse(company_ids).exists().sudo():
            if not unit.q1_sign_certificate:
                holder = unit.q1_authority_name or unit.name
                unit.write(
                    {
                        "q1_sign_certificate": base64.b64encode(
                            esign.self_signed_p12(holder, DEMO_PASSPHRASE, now - timedelta(days=30), 3 * 365)
                        ),
                        "q1_sign_passphrase": DEMO_PASSPHRASE,
                        "q1_sign_certificate_name": "chung-thu-so-thu-nghiem.p12",
                    }
                )
            dossiers = (
                self.env["q1.dossier"]
                .sudo()
                .search(
                    [
                        ("deciding_company_id", "=", unit.id),
                        ("state", "in", ("done", "returned")),
                        ("e_result_attachment_id", "=", False),
                    ],
                    order="finished_at desc, id desc",
                    limit=per_unit,
                )
            )
            for dossier in dossiers:
                lines = [
                    "KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH",
                    (unit.q1_authority_name or unit.name).upper(),
                    f"Thủ tục: {dossier.procedure_id.name[:90]}",
                    f"Mã hồ sơ: {dossier.code}",
                    f"Người nộp: {dossier.applicant_name}",
                    f"Kết quả: {dossier.procedure_id.result_description or 'Đã giải quyết'}",
                    f"Ngày có kết quả: {to_local(dossier.finished_at or now):%d/%m/%Y}",
                    "(Bản điện tử có chữ ký số của cơ quan giải quyết - dữ liệu thử nghiệm)",
                ]
                dossier._q1_attach_e_result(esign.text_pdf(lines, font), f"ket-qua-{dossier.code}.pdf")
        return True

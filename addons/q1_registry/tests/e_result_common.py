"""Shared set-up of the electronic results' tests: a unit certificate made in the test with cryptography (fixed
dates, never the clock), a result PDF made with reportlab, and ward A's dossier driven to a ready result."""

import base64
import io
from datetime import datetime, timedelta

from cryptography import x509
from cryptography.hazmat.backends import default_backend
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from reportlab.pdfgen import canvas

from odoo.addons.q1_reporting.tests.common import Q1ReportingCase

PASSPHRASE = "mat-khau-thu-nghiem"
# The test certificates' validity: from 01/01/2026 for ten years (the tests freeze the clock inside it).
VALID_FROM = datetime(2026, 1, 1)


def make_p12(common_name, passphrase=PASSPHRASE, valid_from=VALID_FROM, days=3650):
    """A self-signed RSA certificate with its private key as PKCS#12 bytes, and its certificate's DER bytes."""
    key = rsa.generate_private_key(65537, 2048, default_backend())
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        ]
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(20260101)
        .not_valid_before(valid_from)
        .not_valid_after(valid_from + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(True, True, False, False, False, True, False, False, False), critical=True)
        .sign(key, hashes.SHA256(), default_backend())
    )
    p12 = pkcs12.serialize_key_and_certificates(
        b"unit", key, cert, None, serialization.BestAvailableEncryption(passphrase.encode())
    )
    return p12, cert.public_bytes(serialization.Encoding.DER)


def make_pdf(text="QUYẾT ĐỊNH"):
    stream = io.BytesIO()
    page = canvas.Canvas(stream)
    page.drawString(100, 750, text)
    page.save()
    return stream.getvalue()


class EResultCase(Q1ReportingCase):
    """Ward A with its signing certificate (ward B has none) and a procedure that issues a result."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.p12, cls.cert_der = make_p12("UBND phường Thử Nghiệm A")
        with cls.at("2026-03-02 08:00"):
            cls.ward_a.sudo().write(
                {"q1_sign_certificate": base64.b64encode(cls.p12), "q1_sign_passphrase": PASSPHRASE}
            )
        cls.proc_5d.sudo().result_description = "Giấy khai sinh"
        cls.pdf = make_pdf()

    @classmethod
    def ready(cls, local_string="2026-03-02 09:00", finished="2026-03-04 10:00", procedure=None, ward="a"):
        """A dossier of the ward received at ``local_string`` and with its result ready at ``finished``."""
        dossier = cls.received(local_string, procedure, ward=ward)
        return cls.finish(dossier, finished)

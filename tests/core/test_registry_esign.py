"""q1_registry's core.esign without Odoo: a PKCS#12 archive made here (fixed dates) is loaded and checked, a PDF is
signed with it through pyHanko and its signature verified; what cannot sign is refused with its code. Skipped where
pyHanko is not installed (the Odoo tier, which has it, runs the same signing through the dossiers)."""

import io
from datetime import datetime, timedelta

import pytest

pytest.importorskip("pyhanko")
reportlab = pytest.importorskip("reportlab")

from cryptography import x509  # noqa: E402
from cryptography.hazmat.backends import default_backend  # noqa: E402
from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import rsa  # noqa: E402
from cryptography.hazmat.primitives.serialization import pkcs12  # noqa: E402
from cryptography.x509.oid import NameOID  # noqa: E402
from q1_registry.core import esign  # noqa: E402
from reportlab.pdfgen import canvas  # noqa: E402

SIGNED_AT = datetime(2026, 3, 4, 8, 0)


@pytest.fixture(scope="module")
def archive():
    key = rsa.generate_private_key(65537, 2048, default_backend())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "UBND phường Thử Nghiệm")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(7)
        .not_valid_before(datetime(2026, 1, 1))
        .not_valid_after(datetime(2026, 1, 1) + timedelta(days=365))
        .add_extension(x509.KeyUsage(True, True, False, False, False, False, False, False, False), critical=True)
        .sign(key, hashes.SHA256(), default_backend())
    )
    p12 = pkcs12.serialize_key_and_certificates(b"u", key, cert, None, serialization.BestAvailableEncryption(b"pw"))
    return p12, cert.public_bytes(serialization.Encoding.DER)


def pdf():
    stream = io.BytesIO()
    page = canvas.Canvas(stream)
    page.drawString(100, 750, "Ket qua")
    page.save()
    return stream.getvalue()


def test_certificate_info_and_refusals(archive):
    p12, _der = archive
    info = esign.certificate_info(p12, "pw", at=SIGNED_AT)
    assert info.subject == "CN=UBND phường Thử Nghiệm"
    assert (info.valid_from, info.valid_until) == (datetime(2026, 1, 1), datetime(2027, 1, 1))
    for data, passphrase, code in (
        (p12, "wrong", "wrong_passphrase"),
        (b"", "pw", "empty"),
        (b"not a certificate", "pw", "not_pkcs12"),
        (pdf(), "pw", "not_pkcs12"),
        (b"0" * (esign.MAX_CERTIFICATE_BYTES + 1), "pw", "too_large"),
    ):
        with pytest.raises(esign.CertificateError) as caught:
            esign.certificate_info(data, passphrase)
        assert caught.value.code == code
    with pytest.raises(esign.CertificateError) as caught:
        esign.certificate_info(p12, "pw", at=datetime(2027, 1, 2))
    assert caught.value.code == "expired"
    with pytest.raises(esign.CertificateError) as caught:
        esign.certificate_info(p12, "pw", at=datetime(2025, 12, 31))
    assert caught.value.code == "not_yet_valid"


def test_sign_and_verify(archive):
    p12, der = archive
    signed = esign.sign_pdf(pdf(), p12, "pw", "Kết quả giải quyết TTHC", "Thử Nghiệm", at=SIGNED_AT)
    check = esign.verify_pdf(signed, [der], moment=SIGNED_AT)
    assert (check.intact, check.valid, check.trusted, check.bottom_line) == (True, True, True, True)
    assert (check.reason, check.location) == ("Kết quả giải quyết TTHC", "Thử Nghiệm")
    for bad in (b"", b"GIF89a", b"%PDF-1.7 broken"):
        with pytest.raises(esign.PdfError):
            esign.sign_pdf(bad, p12, "pw", "r", "l", at=SIGNED_AT)

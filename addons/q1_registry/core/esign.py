"""Signing the electronic results as PDF with a unit's PKCS#12 certificate, and checking such a signature.

The signature is pyHanko's (a PAdES-compatible CMS signature in an incremental update of the file), never code of
ours: a PDF reader (Adobe Reader, Foxit, poppler's ``pdfsig``) verifies it against the unit's certificate. This
module only loads the certificate, refuses what cannot sign, and calls pyHanko. It never imports Odoo; what it
raises is a :class:`CertificateError` or :class:`PdfError` whose ``code`` the Odoo layer turns into a translated
message.

Everything is kept in memory: the certificate and its passphrase are never written to a file.
"""

import io
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from asn1crypto import keys as asn1_keys
from asn1crypto import pkcs12 as asn1_pkcs12
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.backends import default_backend
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

# A certificate file of a few kilobytes; anything far larger is not one.
MAX_CERTIFICATE_BYTES = 64 * 1024
MAX_PASSPHRASE_LENGTH = 256
# The largest result file signed: a scanned decision of many pages stays well below.
MAX_PDF_BYTES = 20 * 1024 * 1024
SIGNATURE_FIELD = "KetQuaDienTu"


class CertificateError(ValueError):
    """The certificate cannot sign: ``code`` is one of ``empty``, ``too_large``, ``not_pkcs12``,
    ``wrong_passphrase``, ``no_key``, ``expired``, ``not_yet_valid``."""

    def __init__(self, code, detail=""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code


class PdfError(ValueError):
    """The file cannot be signed as a result: ``code`` is ``empty``, ``too_large`` or ``not_pdf``."""

    def __init__(self, code, detail=""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code


@dataclass(frozen=True)
class CertificateInfo:
    """What the administrator sees of a loaded certificate (naive UTC datetimes, as Odoo stores them)."""

    subject: str
    issuer: str
    serial: str
    valid_from: datetime
    valid_until: datetime


@dataclass(frozen=True)
class SignatureCheck:
    """pyHanko's verdict on the first signature of a file: ``intact`` (the signed bytes are unchanged), ``valid``
    (the signature matches them), ``trusted`` (its certificate chains to the given trust roots), ``bottom_line``
    (all of them), the signer's subject, reason and location."""

    intact: bool
    valid: bool
    trusted: bool
    bottom_line: bool
    signer: str
    reason: str
    location: str
    signed_at: datetime | None


def _passphrase_bytes(passphrase):
    if passphrase is None or passphrase == "" or passphrase == b"":
        return None
    if isinstance(passphrase, str):
        return passphrase.encode("utf-8")
    return bytes(passphrase)


def _naive_utc(moment):
    if moment.tzinfo is not None:
        moment = moment.astimezone(timezone.utc).replace(tzinfo=None)
    return moment


def _load(p12_bytes, passphrase):
    """(private key, certificate, other certificates) of the archive, as cryptography objects."""
    if not p12_bytes:
        raise CertificateError("empty")
    if len(p12_bytes) > MAX_CERTIFICATE_BYTES:
        raise CertificateError("too_large")
    try:
        # The archive's ASN.1 structure: a file that is not PKCS#12 fails here, whatever the passphrase.
        pfx = asn1_pkcs12.Pfx.load(bytes(p12_bytes), strict=True)
        if pfx["version"].native != "v3" or pfx["auth_safe"]["content_type"].native not in ("data", "signed_data"):
            raise ValueError("not a PKCS#12 v3 archive")
    except (ValueError, TypeError, KeyError) as error:
        raise CertificateError("not_pkcs12", str(error)) from error
    try:
        key, cert, others = pkcs12.load_key_and_certificates(
            bytes(p12_bytes), _passphrase_bytes(passphrase), default_backend()
        )
    except (ValueError, TypeError) as error:
        # A well-formed archive that does not open: the passphrase is wrong.
        raise CertificateError("wrong_passphrase", str(error)) from error
    if key is None or cert is None:
        raise CertificateError("no_key")
    return key, cert, others or []


def _name(name):
    return name.rfc4514_string()


def certificate_info(p12_bytes, passphrase, at=None):
    """The certificate of a PKCS#12 archive, checked: it opens with ``passphrase``, holds a private key and its
    certificate, and (when ``at``, a naive UTC datetime, is given) is valid at that moment."""
    _key, cert, _others = _load(p12_bytes, passphrase)
    info = CertificateInfo(
        subject=_name(cert.subject),
        issuer=_name(cert.issuer),
        serial=format(cert.serial_number, "X"),
        valid_from=_naive_utc(cert.not_valid_before),
        valid_until=_naive_utc(cert.not_valid_after),
    )
    if at is not None:
        if at > info.valid_until:
            raise CertificateError("expired")
        if at < info.valid_from:
            raise CertificateError("not_yet_valid")
    return info


def _signer(p12_bytes, passphrase):
    """pyHanko's signer over the archive's key and certificate, built in memory."""
    from pyhanko.sign import signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    key, cert, others = _load(p12_bytes, passphrase)
    key_der = key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    as_asn1 = [asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER)) for c in others]
    return signers.SimpleSigner(
        signing_key=asn1_keys.PrivateKeyInfo.load(key_der),
        signing_cert=asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER)),
        cert_registry=SimpleCertificateStore.from_certs(as_asn1),
    )


def check_pdf(pdf_bytes):
    """Refuse what is not a PDF file of a sensible size (``PdfError``)."""
    if not pdf_bytes:
        raise PdfError("empty")
    if len(pdf_bytes) > MAX_PDF_BYTES:
        raise PdfError("too_large")
    if not bytes(pdf_bytes[:1024]).lstrip().startswith(b"%PDF-"):
        raise PdfError("not_pdf")


def sign_pdf(pdf_bytes, p12_bytes, passphrase, reason, location, signer_name=None, at=None):
    """The PDF signed with the archive's key: one invisible signature field, ``reason`` and ``location`` as a PDF
    reader shows them. ``at`` (naive UTC): the certificate must be valid then (the signing time pyHanko writes is
    the clock's). Raises ``CertificateError`` or ``PdfError``."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError as PyHankoPdfError
    from pyhanko.sign import signers

    check_pdf(pdf_bytes)
    certificate_info(p12_bytes, passphrase, at=at)
    signer = _signer(p12_bytes, passphrase)
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(bytes(pdf_bytes)), strict=False)
        encrypted = writer.prev.encrypted
        field_name = _free_field_name(writer)
    except Exception as error:  # noqa: BLE001 - whatever the parser trips on, the file is no PDF we can sign
        raise PdfError("not_pdf", f"{type(error).__name__}: {error}") from error
    if encrypted:
        raise PdfError("not_pdf", "encrypted")
    meta = signers.PdfSignatureMetadata(field_name=field_name, reason=reason, location=location, name=signer_name)
    try:
        output = signers.sign_pdf(writer, meta, signer=signer)
    except (PyHankoPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError) as error:
        # a file that parses but whose structure pyHanko cannot update (broken cross-references, pages)
        raise PdfError("not_pdf", str(error)) from error
    return output.getvalue()


def _free_field_name(writer):
    """A signature field name the file does not use yet (a result already signed once keeps its first signature)."""
    from pyhanko.sign.fields import enumerate_sig_fields

    used = {name for name, _value, _ref in enumerate_sig_fields(writer.prev, filled_status=None)}
    name, index = SIGNATURE_FIELD, 1
    while name in used:
        index += 1
        name = f"{SIGNATURE_FIELD}{index}"
    return name


def verify_pdf(pdf_bytes, trust_certificates_der, moment=None):
    """pyHanko's validation of the file's last signature against the given trust roots (DER certificates):
    a ``SignatureCheck``. ``moment`` (aware or naive UTC datetime): when the chain is judged, default the clock."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    reader = PdfFileReader(io.BytesIO(bytes(pdf_bytes)), strict=False)
    if not reader.embedded_signatures:
        raise PdfError("not_pdf", "no signature")
    signature = reader.embedded_signatures[-1]
    roots = [asn1_x509.Certificate.load(der) for der in trust_certificates_der]
    if moment is not None and moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    context = ValidationContext(trust_roots=roots, moment=moment)
    status = validate_pdf_signature(signature, context)
    sig_object = signature.sig_object
    return SignatureCheck(
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        bottom_line=bool(status.bottom_line),
        signer=status.signing_cert.subject.human_friendly if status.signing_cert else "",
        reason=str(sig_object.get("/Reason", "")),
        location=str(sig_object.get("/Location", "")),
        signed_at=status.signer_reported_dt,
    )


def certificate_der(p12_bytes, passphrase):
    """The DER bytes of the archive's certificate (a trust root to verify its own signatures with)."""
    _key, cert, _others = _load(p12_bytes, passphrase)
    return cert.public_bytes(serialization.Encoding.DER)


def self_signed_p12(common_name, passphrase, valid_from, days):
    """A self-signed certificate with its new RSA key, as PKCS#12 bytes protected by ``passphrase``: for the demo
    units and the tests (a real unit uploads the certificate its certification authority issued)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.x509.oid import NameOID

    key = rsa.generate_private_key(65537, 2048, default_backend())
    name = x509.Name(
        [x509.NameAttribute(NameOID.COMMON_NAME, common_name), x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    )
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(valid_from)
        .not_valid_after(valid_from + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(True, True, False, False, False, True, False, False, False), critical=True)
        .sign(key, hashes.SHA256(), default_backend())
    )
    return pkcs12.serialize_key_and_certificates(
        b"unit", key, cert, None, serialization.BestAvailableEncryption(_passphrase_bytes(passphrase))
    )


def text_pdf(lines, font_path=None):
    """A one-page A4 PDF of ``lines`` (the first one as a title), in the TrueType font at ``font_path`` when given
    (Vietnamese needs one: the PDF's standard fonts have no Vietnamese letters)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    font = "Helvetica"
    if font_path:
        pdfmetrics.registerFont(TTFont("Q1Text", font_path))
        font = "Q1Text"
    stream = io.BytesIO()
    page = canvas.Canvas(stream, pagesize=A4)
    width, height = A4
    y = height - 90
    for index, line in enumerate(lines):
        page.setFont(font, 15 if index == 0 else 12)
        if index == 0:
            page.drawCentredString(width / 2, y, line)
        else:
            page.drawString(70, y, line)
        y -= 28 if index == 0 else 20
    page.save()
    return stream.getvalue()

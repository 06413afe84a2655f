"""Public lookup page for citizens (no login): /q1/lookup, reached from the QR code on the receipt.

Only the dossier code, procedure, status, reception and appointment dates and the items to supplement are
shown, and only to whoever knows both the code and the last 4 digits of the applicant's phone. A wrong code,
a wrong phone and malformed input (not text, too long, control characters such as a NUL byte) give the same
page, after the same query, with what the citizen typed left in the form. The code is read in upper case, as
printed ("t99.01-260309-0001" finds T99.01-260309-0001).

Only failed lookups count against the limits (a successful one forgets its attempt): a few per address and code
(``lookup_code_rate_limit``, guessing the 4 digits of one code) and a ceiling per address, much higher
(``lookup_rate_limit``, guessing codes), within ``lookup_rate_window_minutes``. So the citizens behind a ward's
shared Wi-Fi who look up their own dossiers never lock each other out. The attempt is taken before anything
else is done.

The limit keys on ``request.httprequest.remote_addr``: the TCP peer, or, under ``proxy_mode`` and only when the
request carries X-Forwarded-Host, the last address of X-Forwarded-For (Odoo's ProxyFix, one trusted hop). The
headers themselves are never read here: behind a reverse proxy that overwrites them, they are what the proxy
saw; without a proxy, a client cannot change its address by sending them.
The page is for citizens, so its texts are Vietnamese and not translated.
"""

import hmac
import re

from odoo import http
from odoo.exceptions import UserError
from odoo.http import request

from ..core.labels import RATING_VI, STATUS_VI
from ..core.localtime import to_local

# Failed lookups per client address in the window: a ward's shared Wi-Fi is one address for many citizens.
DEFAULT_RATE_LIMIT = 100
# Failed lookups per client address and code in the window: guessing the 4 digits of one code.
DEFAULT_CODE_RATE_LIMIT = 5
DEFAULT_RATE_WINDOW_MINUTES = 10
CODE_MAX_LENGTH = 64
COMMENT_MAX_LENGTH = 2000
PHONE_DIGITS_RE = re.compile(r"^[0-9]{4}$")
# Same width as the 4 typed digits, never equal to them: a dossier without a phone matches nothing.
NO_PHONE = "????"
# Searched for instead of malformed input, so that every lookup runs the same query; no pattern makes it a code.
NO_CODE = "#"

# Bootstrap colour of each national status on the page; its words are core.labels.STATUS_VI.
STATUS_COLOURS = {
    "incomplete": "warning",
    "received": "info",
    "processing": "primary",
    "supplement": "warning",
    "payment": "warning",
    "done": "success",
    "returned": "success",
    "refused": "danger",
}
RATING_CHOICES = list(RATING_VI.items())
# Statuses where an appointment date means nothing to the applicant any more, or not yet.
NO_APPOINTMENT = frozenset({"draft", "incomplete", "stopped", "withdrawn", "refused"})


def _clean_code(value):
    """The typed code, stripped and in upper case as printed on the receipt, or None when it cannot be a code:
    not text, empty, too long, or with a control character (a NUL byte would even make the database driver
    fail)."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not value or len(value) > CODE_MAX_LENGTH or not value.isprintable():
        return None
    return value.upper()


def _clean_digits(value):
    """The 4 typed digits, or None."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value if PHONE_DIGITS_RE.match(value) else None


def _fmt_datetime(utc_value):
    local = to_local(utc_value)
    return local.strftime("%H:%M, ngày %d/%m/%Y")


def _fmt_date(value):
    return value.strftime("ngày %d/%m/%Y")


def _missing_lines(text):
    return [line.strip("-•* \t").strip() for line in (text or "").splitlines() if line.strip("-•* \t").strip()]


class Q1Lookup(http.Controller):
    # ------------------------------------------------------------------ routes

    # website=True: when the website app is installed, web.frontend_layout (extended by website) needs the
    # current website in the rendering values; without it the flag is ignored, as on portal's routes.
    @http.route(
        "/q1/lookup", type="http", auth="public", methods=["GET", "POST"], csrf=True, website=True, sitemap=False
    )
    def lookup(self, code=None, phone_digits=None, **_kw):
        if request.httprequest.method != "POST":
            # Prefilled from the QR code on the receipt; nothing is looked up on GET.
            return self._render("q1_dossier.q1_lookup_page", {"code": _clean_code(code) or ""})
        dossier, answer = self._lookup_dossier(code, phone_digits)
        if dossier is None:
            return answer
        return self._render(
            "q1_dossier.q1_lookup_page",
            {
                "code": "",
                "result": self._public_values(dossier),
                "phone_digits": _clean_digits(phone_digits),
            },
        )

    @http.route("/q1/lookup/rate", type="http", auth="public", methods=["POST"], csrf=True, website=True, sitemap=False)
    def lookup_rate(self, code=None, phone_digits=None, rating=None, comment=None, **_kw):
        dossier, answer = self._lookup_dossier(code, phone_digits)
        if dossier is None:
            return answer
        if rating not in RATING_VI:
            return self._message(
                "Chưa chọn mức độ hài lòng",
                "Vui lòng quay lại, chọn một mức độ hài lòng rồi gửi lại đánh giá.",
                status=400,
            )
        if dossier.state != "returned":
            return self._message(
                "Hồ sơ chưa thể đánh giá",
                "Ông/Bà có thể đánh giá sau khi đã nhận kết quả giải quyết hồ sơ.",
                status=409,
            )
        comment = comment if isinstance(comment, str) else ""
        # Control characters (a NUL byte cannot even be stored) are dropped; line breaks stay.
        comment = "".join(ch for ch in comment[:COMMENT_MAX_LENGTH] if ch.isprintable() or ch in "\r\n\t")
        try:
            dossier._rate(rating, comment, "lookup")
        except UserError:
            # Already rated (or no longer returned): the first answer stands.
            return self._message(
                "Hồ sơ đã được đánh giá",
                "Mỗi hồ sơ chỉ được đánh giá một lần. Ý kiến đánh giá trước đó đã được ghi nhận.",
                status=409,
            )
        return self._message(
            "Cảm ơn Ông/Bà đã đánh giá",
            "Ý kiến của Ông/Bà giúp chúng tôi phục vụ người dân, doanh nghiệp ngày càng tốt hơn.",
            kind="success",
        )

    # ------------------------------------------------------------------ checks

    def _lookup_dossier(self, code, phone_digits):
        """A counted lookup: (the dossier, None) when code and phone find it (its attempt then no longer counts), else
        (None, the page to answer): over a limit, or not found (the attempt stays counted). Every route that shows
        or gives something of a dossier on the public page starts with it."""
        attempt = self._take_attempt(code)
        if not attempt:
            return None, self._too_many()
        dossier = self._find(code, phone_digits)
        if dossier is None:
            return None, self._not_found(code, phone_digits)
        self._forget_attempt(attempt)
        return dossier, None

    def _take_attempt(self, code):
        """The id of the attempt recorded for this lookup, or False when the address is over a limit."""
        params = request.env["ir.config_parameter"].sudo()
        limit = self._int_param(params, "q1_dossier.lookup_rate_limit", DEFAULT_RATE_LIMIT)
        code_limit = self._int_param(params, "q1_dossier.lookup_code_rate_limit", DEFAULT_CODE_RATE_LIMIT)
        window = self._int_param(params, "q1_dossier.lookup_rate_window_minutes", DEFAULT_RATE_WINDOW_MINUTES)
        return (
            request.env["q1.lookup.attempt"]
            .sudo()
            ._record_attempt(
                request.httprequest.remote_addr, limit, window, code=_clean_code(code) or "", code_limit=code_limit
            )
        )

    def _forget_attempt(self, attempt):
        """The lookup found its dossier: its attempt no longer counts against the limits."""
        request.env["q1.lookup.attempt"].sudo()._forget_attempt(attempt)

    @staticmethod
    def _int_param(params, key, default):
        try:
            value = int(params.get_param(key, default))
        except (TypeError, ValueError):
            return default
        return value if value > 0 else default

    def _find(self, code, phone_digits):
        """The dossier with exactly this code whose phone ends with these 4 digits, else None.

        Every call does the same work, whatever was typed: one query fetching the phone of the dossier with the
        code (a placeholder code when the input is malformed), then a constant-time comparison of 4 digits with
        the phone's, or with a placeholder when there is no such dossier or phone. A wrong code, a wrong phone
        and malformed input thus cost the same and give the same answer."""
        clean_code, digits = _clean_code(code), _clean_digits(phone_digits)
        valid_input = bool(clean_code) and digits is not None
        dossier = (
            request.env["q1.dossier"]
            .sudo()
            .search_fetch([("code", "=", clean_code if valid_input else NO_CODE)], ["applicant_phone"], limit=1)
        )
        expected = (dossier.applicant_phone or "")[-4:]
        if len(expected) != 4:
            expected = NO_PHONE
        typed = (digits if valid_input else "").encode().ljust(4, b"!")
        matches = hmac.compare_digest(expected.encode(), typed)
        return dossier if (dossier and valid_input and matches) else None

    # ------------------------------------------------------------------ what the citizen sees

    def _public_values(self, dossier):
        """Plain values of the few fields a citizen may see: the template never gets the record."""
        status = dossier.state
        label, colour = STATUS_VI.get(status, status), STATUS_COLOURS.get(status, "secondary")
        missing = []
        if status == "supplement":
            pause = dossier.pause_ids.filtered(lambda p: p.kind == "supplement" and not p.resumed_at)[-1:]
            missing = _missing_lines(pause.missing_items)
        elif status == "incomplete":
            missing = _missing_lines(dossier.missing_items)
        appointment = False
        if status not in NO_APPOINTMENT and status != "supplement":
            local_appointment = dossier.appointment_at and to_local(dossier.appointment_at)
            if local_appointment and local_appointment.date() == dossier.promised_date:
                appointment = _fmt_datetime(dossier.appointment_at)
            elif dossier.promised_date:
                appointment = _fmt_date(dossier.promised_date)
        return {
            "code": dossier.code,
            "procedure": dossier.procedure_id.name,
            "status": status,
            "status_label": label,
            "status_colour": colour,
            "received": _fmt_datetime(dossier.received_at) if dossier.received_at else False,
            "appointment": appointment,
            "missing": missing,
            "can_rate": status == "returned" and not dossier.rating,
        }

    def _render(self, template, values, status=200):
        values = dict(values, rating_choices=RATING_CHOICES)
        response = request.render(template, values, status=status)
        # Answers depend on what was typed and may carry personal data: never cache, never index.
        response.headers["Cache-Control"] = "no-store"
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    def _not_found(self, code, phone_digits):
        # The same page for every failed lookup, with what the citizen typed left in the form to correct it
        # (malformed input is not echoed): the page tells nothing the citizen did not type.
        return self._render(
            "q1_dossier.q1_lookup_page",
            {"code": _clean_code(code) or "", "phone_digits": _clean_digits(phone_digits) or "", "not_found": True},
        )

    def _too_many(self):
        window = self._int_param(
            request.env["ir.config_parameter"].sudo(),
            "q1_dossier.lookup_rate_window_minutes",
            DEFAULT_RATE_WINDOW_MINUTES,
        )
        response = self._message(
            "Tạm thời chưa thể tra cứu",
            "Ông/Bà đã nhập sai mã hồ sơ hoặc số điện thoại quá nhiều lần trong thời gian ngắn. Vui lòng kiểm tra "
            f"lại Giấy tiếp nhận hồ sơ và thử lại sau {window} phút.",
            status=429,
        )
        response.headers["Retry-After"] = str(window * 60)
        return response

    def _message(self, title, text, kind="warning", status=200):
        return self._render("q1_dossier.q1_lookup_message", {"title": title, "text": text, "kind": kind}, status=status)

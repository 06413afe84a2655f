"""Citizens' feedback on the public lookup page (q1_dossier's /q1/lookup, extended).

* ``/q1/feedback``: a citizen files feedback (phản ánh, kiến nghị). With a dossier code and the last 4 digits of the
  applicant's phone that match, it is linked to that dossier (and handled by the ward that received it); otherwise
  it is accepted unlinked with the contact data and the ward the citizen gives. Every filing takes an attempt of
  the lookup's rate limit (q1.lookup.attempt, the same limits): one that matches a dossier forgets it, as a
  successful lookup does; the others stay counted, so the page cannot be used to guess codes or to flood a ward.
* ``/q1/lookup`` with a feedback code (PAKN-...) and the last 4 digits of the phone given with it shows the
  feedback's state and answer; a dossier's lookup lists the feedback filed about it.
* ``/q1/feedback/rate``: the citizen says once whether they are satisfied with the answer.
* The overall rating of a returned dossier (``/q1/lookup/rate``) also takes the items of Decree 118/2025
  Art. 33(1) (``q1.rating.item``), each satisfied / not satisfied, stored once with the rating.

Texts are Vietnamese and not translated, as the lookup page's.
"""

import hmac

from odoo import http
from odoo.exceptions import UserError, ValidationError
from odoo.http import request

from odoo.addons.q1_dossier.controllers.q1_lookup import (
    NO_CODE,
    NO_PHONE,
    Q1Lookup,
    _clean_code,
    _clean_digits,
)

from ..core.feedback import SATISFACTION_VI

FEEDBACK_PREFIX = "PAKN-"
SUBJECTS_VI = [
    ("dossier", "Hồ sơ thủ tục hành chính"),
    ("officer", "Cán bộ, công chức"),
    ("procedure", "Quy định thủ tục hành chính"),
    ("other", "Nội dung khác"),
]
RATING_ITEM_PREFIX = "rating_item_"


def _text(value, limit):
    """Typed text: a string, control characters dropped (line breaks kept), cut to ``limit``."""
    if not isinstance(value, str):
        return ""
    return "".join(ch for ch in value[:limit] if ch.isprintable() or ch in "\r\n").strip()


class Q1FeedbackLookup(Q1Lookup):
    # ------------------------------------------------------------------ lookup: a feedback code

    @http.route()
    def lookup(self, code=None, phone_digits=None, **kw):
        clean = _clean_code(code)
        if request.httprequest.method == "POST" and clean and clean.startswith(FEEDBACK_PREFIX):
            attempt = self._take_attempt(code)
            if not attempt:
                return self._too_many()
            feedback = self._find_feedback(code, phone_digits)
            if feedback is None:
                return self._not_found(code, phone_digits)
            self._forget_attempt(attempt)
            return self._render(
                "q1_quality.q1_feedback_lookup_page",
                {"feedback": [feedback._q1_public_values()], "phone_digits": _clean_digits(phone_digits)},
            )
        return super().lookup(code=code, phone_digits=phone_digits, **kw)

    def _find_feedback(self, code, phone_digits):
        """The feedback with exactly this code whose phone ends with these 4 digits, else None: one query and a
        constant-time comparison whatever was typed, as the dossiers' ``_find``."""
        clean_code, digits = _clean_code(code), _clean_digits(phone_digits)
        valid_input = bool(clean_code) and digits is not None
        feedback = (
            request.env["q1.feedback"]
            .sudo()
            .search_fetch([("name", "=", clean_code if valid_input else NO_CODE)], ["citizen_phone"], limit=1)
        )
        expected = (feedback.citizen_phone or "")[-4:]
        if len(expected) != 4:
            expected = NO_PHONE
        typed = (digits if valid_input else "").encode().ljust(4, b"!")
        matches = hmac.compare_digest(expected.encode(), typed)
        return feedback if (feedback and valid_input and matches) else None

    def _public_values(self, dossier):
        values = super()._public_values(dossier)
        feedback = request.env["q1.feedback"].sudo().search([("dossier_id", "=", dossier.id)], order="id")
        values["feedback"] = [item._q1_public_values() for item in feedback]
        if values.get("can_rate"):
            items = request.env["q1.rating.item"].sudo().search([])
            values["rating_items"] = [(item.id, item.code, item.with_context(lang="vi_VN").name) for item in items]
        return values

    def _render(self, template, values, status=200):
        values = dict(values, satisfaction_choices=list(SATISFACTION_VI.items()), feedback_subjects=SUBJECTS_VI)
        return super()._render(template, values, status=status)

    # ------------------------------------------------------------------ filing

    def _feedback_units(self):
        units = request.env["res.company"].sudo().search([("q1_unit_code", "!=", False)], order="name")
        return [(unit.id, unit.name) for unit in units]

    def _feedback_form(self, values, status=200):
        return self._render(
            "q1_quality.q1_feedback_form_page", dict(values, units=self._feedback_units()), status=status
        )

    @http.route("/q1/feedback", type="http", auth="public", methods=["GET"], website=True, sitemap=False)
    def feedback_form(self, code=None, **_kw):
        return self._feedback_form({"form": {"code": _clean_code(code) or ""}})

    @http.route("/q1/feedback", type="http", auth="public", methods=["POST"], csrf=True, website=True, sitemap=False)
    def feedback_file(self, code=None, phone_digits=None, **kw):
        attempt = self._take_attempt(code)
        if not attempt:
            return self._too_many()
        dossier = self._find(code, phone_digits)
        form = {
            "code": _clean_code(code) or "",
            "phone_digits": _clean_digits(phone_digits) or "",
            "citizen_name": _text(kw.get("citizen_name"), 200),
            "citizen_phone": _text(kw.get("citizen_phone"), 64),
            "citizen_email": _text(kw.get("citizen_email"), 254),
            "subject": kw.get("subject") if kw.get("subject") in dict(SUBJECTS_VI) else "other",
            "content": _text(kw.get("content"), 5000),
            "company_id": kw.get("company_id") or "",
        }
        errors = []
        if not form["content"]:
            errors.append("Vui lòng nhập nội dung phản ánh, kiến nghị.")
        if dossier is None:
            if form["code"]:
                errors.append(
                    "Không tìm thấy hồ sơ phù hợp với mã hồ sơ và 4 số cuối điện thoại đã nhập. Ông/Bà có thể để trống "
                    "mã hồ sơ và gửi phản ánh kèm thông tin liên hệ."
                )
            else:
                unit_ids = {unit_id for unit_id, _name in self._feedback_units()}
                if not form["company_id"].isdigit() or int(form["company_id"]) not in unit_ids:
                    errors.append("Vui lòng chọn đơn vị tiếp nhận phản ánh.")
                if not form["citizen_name"] or not form["citizen_phone"]:
                    errors.append("Vui lòng nhập họ tên và số điện thoại để đơn vị liên hệ, trả lời.")
        else:
            self._forget_attempt(attempt)
        if errors:
            return self._feedback_form({"form": form, "errors": errors}, status=400)
        values = {
            "subject": form["subject"],
            "content": form["content"],
            "citizen_email": form["citizen_email"] or False,
        }
        if dossier is None:
            values.update(
                company_id=int(form["company_id"]),
                citizen_name=form["citizen_name"],
                citizen_phone=form["citizen_phone"],
            )
        try:
            with request.env.cr.savepoint():
                feedback = request.env["q1.feedback"].sudo()._q1_file(values, dossier=dossier)
        except (ValidationError, UserError) as error:
            return self._feedback_form({"form": form, "errors": [str(error.args[0])]}, status=400)
        return self._render(
            "q1_quality.q1_feedback_filed_page",
            {"filed": feedback._q1_public_values(), "linked": bool(dossier)},
        )

    # ------------------------------------------------------------------ satisfaction with the answer

    @http.route(
        "/q1/feedback/rate", type="http", auth="public", methods=["POST"], csrf=True, website=True, sitemap=False
    )
    def feedback_rate(self, code=None, phone_digits=None, satisfaction=None, **_kw):
        attempt = self._take_attempt(code)
        if not attempt:
            return self._too_many()
        feedback = self._find_feedback(code, phone_digits)
        if feedback is None:
            return self._not_found(code, phone_digits)
        self._forget_attempt(attempt)
        if satisfaction not in SATISFACTION_VI:
            return self._message(
                "Chưa chọn mức độ hài lòng",
                "Vui lòng quay lại, chọn Hài lòng hoặc Không hài lòng với nội dung trả lời rồi gửi lại.",
                status=400,
            )
        try:
            feedback._q1_rate_answer(satisfaction, "lookup")
        except UserError:
            return self._message(
                "Không thể ghi nhận đánh giá",
                "Phản ánh chưa được trả lời, hoặc Ông/Bà đã đánh giá nội dung trả lời này. Mỗi phản ánh chỉ được "
                "đánh giá một lần.",
                status=409,
            )
        return self._message(
            "Cảm ơn Ông/Bà đã đánh giá",
            "Ý kiến của Ông/Bà về việc giải quyết phản ánh, kiến nghị đã được ghi nhận.",
            kind="success",
        )

    # ------------------------------------------------------------------ rating items at return

    @http.route()
    def lookup_rate(self, code=None, phone_digits=None, rating=None, comment=None, **kw):
        dossier_before = None
        clean = _clean_code(code)
        if clean:
            dossier_before = request.env["q1.dossier"].sudo().search([("code", "=", clean)], limit=1)
        rated_before = bool(dossier_before and dossier_before.rating)
        response = super().lookup_rate(code=code, phone_digits=phone_digits, rating=rating, comment=comment, **kw)
        if response.status_code == 200 and dossier_before and not rated_before:
            dossier_before.invalidate_recordset(["rating", "rating_date"])
            if dossier_before.rating:
                answers = {}
                items = request.env["q1.rating.item"].sudo().search([])
                for item in items:
                    value = kw.get(f"{RATING_ITEM_PREFIX}{item.id}")
                    if value in SATISFACTION_VI:
                        answers[item] = value
                request.env["q1.dossier.rating.answer"].sudo()._q1_record(
                    dossier_before, answers, dossier_before.rating_date
                )
        return response

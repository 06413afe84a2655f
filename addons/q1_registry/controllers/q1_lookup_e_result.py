"""The applicant downloads the signed electronic result from the public lookup page (q1_dossier's /q1/lookup).

After a lookup with the dossier code and the last 4 digits of the phone shows a dossier with a signed electronic
result, the page offers its download. The download (``/q1/lookup/e-result``, a POST with the same code and digits
and the page's CSRF token) checks them again as the lookup does, taking an attempt of the same rate limit
(``_lookup_dossier``): a wrong code or phone gives the lookup's "not found" page and stays counted, a right one
forgets its attempt and sends the signed PDF as a download. Texts are Vietnamese, as the page's.
"""

from odoo import http
from odoo.http import content_disposition, request

from odoo.addons.q1_dossier.controllers.q1_lookup import Q1Lookup


class Q1LookupEResult(Q1Lookup):
    def _public_values(self, dossier):
        values = super()._public_values(dossier)
        values["e_result"] = bool(dossier.sudo().e_result_attachment_id)
        return values

    @http.route(
        "/q1/lookup/e-result", type="http", auth="public", methods=["POST"], csrf=True, website=True, sitemap=False
    )
    def lookup_e_result(self, code=None, phone_digits=None, **_kw):
        dossier, answer = self._lookup_dossier(code, phone_digits)
        if dossier is None:
            return answer
        attachment = dossier.sudo().e_result_attachment_id
        if not attachment:
            return self._message(
                "Hồ sơ chưa có kết quả điện tử",
                "Kết quả giải quyết hồ sơ này chưa được cấp dưới dạng điện tử có chữ ký số. Ông/Bà vui lòng nhận "
                "kết quả tại Bộ phận Một cửa theo giấy hẹn.",
                status=404,
            )
        content = attachment.raw or b""
        dossier.sudo().message_post(
            body=request.env(context=dict(request.env.context, lang=dossier.sudo().create_uid.lang or "vi_VN"))._(
                "The signed electronic result was downloaded from the public lookup page."
            ),
            subtype_xmlid="mail.mt_note",
        )
        return request.make_response(
            content,
            headers=[
                ("Content-Type", "application/pdf"),
                ("Content-Length", str(len(content))),
                ("Content-Disposition", content_disposition(attachment.name or "ket-qua.pdf")),
                ("X-Content-Type-Options", "nosniff"),
                # personal data: never cached, never indexed
                ("Cache-Control", "no-store"),
                ("X-Robots-Tag", "noindex, nofollow"),
                ("Referrer-Policy", "no-referrer"),
            ],
        )

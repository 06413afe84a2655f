"""The one download route of the generated files (models/q1_download_mixin.py says which and why ours)."""

from odoo import http
from odoo.http import content_disposition, request

MIXIN = "q1.download.mixin"


class Q1Download(http.Controller):
    @http.route("/q1/download/<string:model>/<int:res_id>/<string:kind>", type="http", auth="user", methods=["GET"])
    def q1_download(self, model, res_id, kind):
        """Build the file ``kind`` of the record and send it as an attachment.

        Only models inheriting the mixin, and only the kinds they declare, are served (404 otherwise). The
        record is read as the logged-in user, so their access rights and record rules decide (403 otherwise).
        """
        registry = request.env.registry
        if model not in registry or not issubclass(registry[model], registry[MIXIN]) or registry[model]._abstract:
            raise request.not_found()
        record = request.env[model].browse(res_id).exists()
        if not record or kind not in record._q1_download_kinds:
            raise request.not_found()
        record._q1_download_check_access()
        filename, mimetype, content = record._q1_download_file(kind)
        return request.make_response(
            content,
            headers=[
                ("Content-Type", mimetype),
                ("Content-Length", len(content)),
                ("Content-Disposition", content_disposition(filename)),
                ("X-Content-Type-Options", "nosniff"),
            ],
        )

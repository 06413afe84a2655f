from odoo import api, models


class ReportQ1Receipt(models.AbstractModel):
    _name = "report.q1_dossier.report_q1_receipt"
    _description = "Receipt and appointment (form 01)"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["q1.dossier"].browse(docids)
        forms = self.env["q1.dossier.form.values"]
        return {
            "doc_ids": docids,
            "doc_model": "q1.dossier",
            "docs": docs,
            "values": {doc.id: dict(forms._receipt(doc), qr_src=forms._qr_code_data_uri(doc)) for doc in docs},
        }

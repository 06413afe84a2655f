from odoo import api, models


class ReportQ1StopNotice(models.AbstractModel):
    _name = "report.q1_dossier.report_q1_stop_notice"
    _description = "Notice of stopping the dossier"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["q1.dossier"].browse(docids)
        forms = self.env["q1.dossier.form.values"]
        return {
            "doc_ids": docids,
            "doc_model": "q1.dossier",
            "docs": docs,
            "values": {doc.id: dict(forms._lifecycle(doc), return_place=forms._return_place(doc)) for doc in docs},
        }

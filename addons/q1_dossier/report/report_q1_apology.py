from odoo import api, models


class ReportQ1Apology(models.AbstractModel):
    _name = "report.q1_dossier.report_q1_apology"
    _description = "Apology and new appointment"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["q1.dossier"].browse(docids)
        forms = self.env["q1.dossier.form.values"]
        return {
            "doc_ids": docids,
            "doc_model": "q1.dossier",
            "docs": docs,
            "values": {doc.id: forms._lifecycle(doc) for doc in docs},
        }

from odoo import api, models


class ReportQ1Refusal(models.AbstractModel):
    """At the counter or after appraisal (Decree 118/2025 Art. 19(3)): the lifecycle texts tell which."""

    _name = "report.q1_dossier.report_q1_refusal"
    _description = "Refusal of the dossier (form 03)"

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

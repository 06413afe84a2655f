from odoo import api, models


class ReportQ1ControlSlip(models.AbstractModel):
    _name = "report.q1_dossier.report_q1_control_slip"
    _description = "Control slip (form 06)"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["q1.dossier"].browse(docids)
        forms = self.env["q1.dossier.form.values"]
        return {
            "doc_ids": docids,
            "doc_model": "q1.dossier",
            "docs": docs,
            "values": {doc.id: dict(forms._lifecycle(doc), rows=forms._control_slip_rows(doc)) for doc in docs},
        }

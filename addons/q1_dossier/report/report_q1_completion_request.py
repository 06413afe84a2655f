from odoo import api, models


class ReportQ1CompletionRequest(models.AbstractModel):
    _name = "report.q1_dossier.report_q1_completion_request"
    _description = "Request to complete the dossier (form 02)"

    @api.model
    def _get_report_values(self, docids, data=None):
        return self.env["q1.dossier.form.values"]._report_values(
            docids, lambda forms, doc: forms._counter_slip(doc), form="completion_request"
        )

from odoo import api, models


class ReportQ1SupplementRequest(models.AbstractModel):
    _name = "report.q1_dossier.report_q1_supplement_request"
    _description = "Supplement request during appraisal (form 02)"

    @api.model
    def _get_report_values(self, docids, data=None):
        return self.env["q1.dossier.form.values"]._report_values(
            docids, lambda forms, doc: forms._lifecycle(doc), form="supplement_request"
        )

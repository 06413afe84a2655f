from odoo import api, models


class ReportQ1Apology(models.AbstractModel):
    _name = "report.q1_dossier.report_q1_apology"
    _description = "Apology and new appointment"

    @api.model
    def _get_report_values(self, docids, data=None):
        return self.env["q1.dossier.form.values"]._report_values(
            docids, lambda forms, doc: forms._lifecycle(doc), form="apology"
        )

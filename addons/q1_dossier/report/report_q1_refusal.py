from odoo import api, models


class ReportQ1Refusal(models.AbstractModel):
    """At the counter or after appraisal (Decree 118/2025 Art. 19(3)): the lifecycle texts tell which."""

    _name = "report.q1_dossier.report_q1_refusal"
    _description = "Refusal of the dossier (form 03)"

    @api.model
    def _get_report_values(self, docids, data=None):
        return self.env["q1.dossier.form.values"]._report_values(
            docids, lambda forms, doc: forms._lifecycle(doc), form="refusal"
        )

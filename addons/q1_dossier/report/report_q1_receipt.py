from odoo import api, models


class ReportQ1Receipt(models.AbstractModel):
    _name = "report.q1_dossier.report_q1_receipt"
    _description = "Receipt and appointment (form 01)"

    @api.model
    def _get_report_values(self, docids, data=None):
        return self.env["q1.dossier.form.values"]._report_values(
            docids, lambda forms, doc: dict(forms._receipt(doc), qr_src=forms._qr_code_data_uri(doc)), form="receipt"
        )

from odoo import api, models


class ReportQ1StopNotice(models.AbstractModel):
    _name = "report.q1_dossier.report_q1_stop_notice"
    _description = "Notice of stopping the dossier"

    @api.model
    def _get_report_values(self, docids, data=None):
        return self.env["q1.dossier.form.values"]._report_values(
            docids,
            lambda forms, doc: dict(forms._lifecycle(doc), return_place=forms._return_place(doc)),
            form="stop_notice",
        )

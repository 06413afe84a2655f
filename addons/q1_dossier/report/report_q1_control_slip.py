from odoo import api, models


class ReportQ1ControlSlip(models.AbstractModel):
    _name = "report.q1_dossier.report_q1_control_slip"
    _description = "Control slip (form 06)"

    @api.model
    def _get_report_values(self, docids, data=None):
        return self.env["q1.dossier.form.values"]._report_values(
            docids,
            lambda forms, doc: dict(forms._lifecycle(doc), rows=forms._control_slip_rows(doc)),
            form="control_slip",
        )

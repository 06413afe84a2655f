from odoo import api, models


class Q1DossierFormValues(models.AbstractModel):
    """The receipt (form 01) prints the dossier data its procedure marks "Printed on forms", a line each."""

    _inherit = "q1.dossier.form.values"

    @api.model
    def _receipt(self, dossier):
        values = super()._receipt(dossier)
        values["data_lines"] = dossier._q1_printed_data_lines()
        return values

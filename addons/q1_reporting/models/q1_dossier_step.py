from odoo import models

from odoo.addons.q1_dossier.models.q1_dossier import DossierExtension

from .q1_dossier_report import STEP_FIELDS


class Q1DossierStep(DossierExtension, models.Model):
    """The holder and department of a dossier's current step are statistical facts (``q1.dossier.fact``)."""

    _inherit = "q1.dossier.step"

    def _write_multi(self, vals_list):
        if any(STEP_FIELDS.intersection(vals) for vals in vals_list):
            self.env["q1.dossier.fact"]._mark(self.dossier_id.ids)
        return super()._write_multi(vals_list)

    def unlink(self):
        self.env["q1.dossier.fact"]._mark(self.dossier_id.ids)
        return super().unlink()

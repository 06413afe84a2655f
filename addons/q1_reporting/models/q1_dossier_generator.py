from odoo import models


class Q1DossierGenerator(models.AbstractModel):
    _inherit = "q1.dossier.generator"

    def _after_bulk_write(self):
        # The histories were copied past the ORM: their statistical facts are computed once, after.
        result = super()._after_bulk_write()
        self.env["q1.dossier.fact"].sudo()._check_all()
        self.env.cr.execute("ANALYZE q1_dossier_fact")
        return result

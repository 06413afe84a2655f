from odoo import api, models


class Q1DossierGenerator(models.AbstractModel):
    _inherit = "q1.dossier.generator"

    @api.model
    def load(self, count, seed=2026, days=300, end=None, company_ids=None, batch=50000):
        # The histories are copied in bulk, past the ORM: their statistical facts are computed once, after.
        result = super().load(count, seed=seed, days=days, end=end, company_ids=company_ids, batch=batch)
        self.env["q1.dossier.fact"].sudo()._check_all()
        self.env.cr.execute("ANALYZE q1_dossier_fact")
        return result

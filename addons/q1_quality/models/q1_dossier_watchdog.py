from odoo import api, models


class Q1DossierWatchdog(models.AbstractModel):
    """The nightly watchdog also reaches overdue citizens' feedback (``q1.feedback._q1_watch_overdue``)."""

    _inherit = "q1.dossier.watchdog"

    @api.model
    def _run(self):
        result = super()._run()
        self.env["q1.feedback"]._q1_watch_overdue()
        return result

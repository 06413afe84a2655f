from odoo import fields, models

from .q1_dossier_lifecycle_row import Q1DossierLifecycleRow


class Q1DossierPause(Q1DossierLifecycleRow, models.Model):
    """A wait for the applicant: the supplement during appraisal (Decree 118/2025 Art. 19(5)) or the fees.

    The legal time limit restarts after a supplement, but the national statistics subtract the waiting time
    instead, so every interval is kept.
    """

    _name = "q1.dossier.pause"
    _description = "Dossier Pause"
    _order = "dossier_id, paused_at, id"

    dossier_id = fields.Many2one("q1.dossier", required=True, ondelete="cascade", index=True)
    kind = fields.Selection([("supplement", "Supplement"), ("payment", "Fee payment")], required=True)
    paused_at = fields.Datetime(required=True)
    resumed_at = fields.Datetime()
    reason = fields.Text()
    missing_items = fields.Text(string="Items to Supplement")
    requested_by_id = fields.Many2one("res.users")

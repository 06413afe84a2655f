from odoo import api, fields, models

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
    # A legal fact of the wait, stamped when it begins (written by the system only, as every field of a wait):
    # the national statistics judge a past day inside or before this wait against it, not against the due date
    # the later waits gave (core.handling_report.judged, Wait.due_before).
    due_before = fields.Date(
        string="Statistical due date in force when the wait began",
        readonly=True,
        help="The dossier's statistical due date, net of the earlier waits, on the day this wait was asked for.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        """Stamp ``due_before`` from the dossier's statistical due date before this wait moves it."""
        self._check_lifecycle_only()
        for vals in vals_list:
            if "due_before" not in vals and vals.get("dossier_id"):
                dossier = self.env["q1.dossier"].browse(vals["dossier_id"])
                vals["due_before"] = dossier.statistical_due_date or False
        return super().create(vals_list)

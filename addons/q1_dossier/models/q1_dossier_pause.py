from odoo import api, fields, models
from odoo.exceptions import AccessError


class Q1DossierPause(models.Model):
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

    def onchange(self, values, field_names, fields_spec):
        self.env["q1.dossier"]._check_dossier_ref(values.get("dossier_id"))  # a new row names its dossier
        return super().onchange(values, field_names, fields_spec)

    # Written by the dossier's lifecycle only, as the system; over RPC the access rights give no write either.
    @api.model_create_multi
    def create(self, vals_list):
        self._check_lifecycle_only()
        return super().create(vals_list)

    def write(self, vals):
        self._check_lifecycle_only()
        return super().write(vals)

    def _check_lifecycle_only(self):
        if not self.env.su:
            raise AccessError(
                self.env._(
                    "The control slip and the waiting periods are written by the dossier's actions only "
                    "(reception, assignment, hand-over, waiting, resuming, closing)."
                )
            )

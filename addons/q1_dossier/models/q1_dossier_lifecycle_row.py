from odoo import api
from odoo.exceptions import AccessError


class Q1DossierLifecycleRow:
    """The rows a dossier's lifecycle writes for it, the control slip's steps and the waiting periods: written by
    the dossier's own methods only, as the system (over RPC the access rights give no write either).

    A plain Python base class of the two model classes, not a model: Odoo registers nothing for it.
    """

    def onchange(self, values, field_names, fields_spec):
        self.env["q1.dossier"]._check_dossier_ref(values.get("dossier_id"))  # a new row names its dossier
        return super().onchange(values, field_names, fields_spec)

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

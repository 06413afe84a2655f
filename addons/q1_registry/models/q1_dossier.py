from odoo import models
from odoo.exceptions import UserError

from odoo.addons.q1_dossier.models.q1_dossier import DossierExtension


class Q1Dossier(DossierExtension, models.Model):
    """What the field databases add to every dossier that is a legal fact (q1_dossier's ``LEGAL_FACTS``): written
    only by the dossier's own methods, never by a user's direct write. The other additions live beside the part
    they belong to (q1_dossier_data.py, q1_dossier_register.py, q1_dossier_reuse.py, q1_dossier_e_result.py)."""

    _inherit = "q1.dossier"

    _q1_registry_facts = frozenset(
        {"reused"}  # C: any checklist line reused (index 4.3)
        # D: the signed electronic result, when and by whom it was attached
        | {"e_result_attachment_id", "e_result_signed_at", "e_result_signed_by_id"}
    )

    def _check_user_vals(self, vals, creating=False):
        facts = [name for name in vals if name in self._q1_registry_facts and (not creating or vals[name])]
        if facts:
            raise UserError(
                self.env._(
                    "%(fields)s of a dossier are set by its own actions and cannot be written directly.",
                    fields=self._field_labels(facts),
                )
            )
        return super()._check_user_vals(vals, creating=creating)

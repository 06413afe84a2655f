from odoo import fields, models
from odoo.exceptions import UserError

from odoo.addons.q1_reporting.core.officer_score_data import CRITERION_LABELS

# The printed sheet and its spreadsheet name each line's criterion from q1_reporting's labels (Vietnamese, as the
# printed forms are): the nonconformity lines' one is added to them.
CRITERION_LABELS.setdefault("nonconformity", "Sự không phù hợp")


class Q1EvaluationEvidence(models.Model):
    """Evaluation evidence gains the nonconformities that name the officer (ISO 9001 10.2 meets Decree 335/2025):
    one line per nonconformity raised in the sheet's period, citing it; ``ref`` is ``nonconformity:<id>``. Its
    button opens the nonconformity (``action_q1_open_nonconformity``); q1_reporting's opens a dossier."""

    _inherit = "q1.evaluation.evidence"

    criterion = fields.Selection(
        selection_add=[("nonconformity", "Nonconformity")], ondelete={"nonconformity": "cascade"}
    )

    def action_q1_open_nonconformity(self):
        """The nonconformity behind a line, for whoever reads the line and the nonconformity."""
        self.check_access("read")
        self.ensure_one()
        kind, _sep, ident = (self.ref or "").partition(":")
        if kind != "nonconformity" or not ident.isdigit():
            raise UserError(self.env._("This evidence line does not cite a nonconformity."))
        nonconformity = self.env["mgmtsystem.nonconformity"].browse(int(ident))
        nonconformity.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "res_model": "mgmtsystem.nonconformity",
            "res_id": nonconformity.id,
            "view_mode": "form",
            "target": "current",
        }

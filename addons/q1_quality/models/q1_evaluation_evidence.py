from odoo import fields, models

from odoo.addons.q1_reporting.core.officer_score_data import CRITERION_LABELS

# The printed sheet and its spreadsheet name each line's criterion from q1_reporting's labels (Vietnamese, as the
# printed forms are): the nonconformity lines' one is added to them.
CRITERION_LABELS.setdefault("nonconformity", "Sự không phù hợp")


class Q1EvaluationEvidence(models.Model):
    """Evaluation evidence gains the nonconformities that name the officer (ISO 9001 10.2 meets Decree 335/2025):
    one line per nonconformity raised in the sheet's period, citing it; ``ref`` is ``nonconformity:<id>``."""

    _inherit = "q1.evaluation.evidence"

    criterion = fields.Selection(
        selection_add=[("nonconformity", "Nonconformity")], ondelete={"nonconformity": "cascade"}
    )

    def action_open_source(self):
        kind, _sep, ident = (self.ref or "").partition(":")
        if kind != "nonconformity":
            return super().action_open_source()
        self.check_access("read")
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "mgmtsystem.nonconformity",
            "res_id": int(ident),
            "view_mode": "form",
            "target": "current",
        }

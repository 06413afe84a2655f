from odoo import api, fields, models
from odoo.exceptions import AccessError

from ..core.officer_score_data import CRITERION_LABELS


class Q1EvaluationEvidence(models.Model):
    """Why a converted product lost points (or, for 'service', a citizen's "not satisfied" rating, evidence for
    sub-criterion II.4). Generated from the one-stop record with the sheet; nobody edits it."""

    _name = "q1.evaluation.evidence"
    _description = "Evaluation Evidence"
    _order = "sheet_id, criterion, dossier_code"

    sheet_id = fields.Many2one("q1.evaluation.sheet", required=True, ondelete="cascade", index=True, readonly=True)
    ref = fields.Char(
        string="Source",
        readonly=True,
        help="step:<id> for a control-slip step, reception:<id> for a dossier received at the counter.",
    )
    dossier_code = fields.Char(readonly=True)
    step_name = fields.Char(string="Step", readonly=True)
    criterion = fields.Selection(list(CRITERION_LABELS.items()), readonly=True)
    reason = fields.Char(readonly=True)
    points_deducted = fields.Float(string="Share of the Product Lost", readonly=True, digits=(16, 2))

    def action_open_source(self):
        """The dossier behind the line."""
        self.check_access("read")
        self.ensure_one()
        kind, _sep, ident = (self.ref or "").partition(":")
        dossier = (
            self.env["q1.dossier.step"].browse(int(ident)).dossier_id
            if kind == "step"
            else self.env["q1.dossier"].browse(int(ident))
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "q1.dossier",
            "res_id": dossier.id,
            "view_mode": "form",
            "target": "current",
        }

    # Generated with the sheet (as the system); nobody writes evidence, whatever the access rights say.
    @api.model_create_multi
    def create(self, vals_list):
        self._check_generated_only()
        return super().create(vals_list)

    def write(self, vals):
        self._check_generated_only()
        return super().write(vals)

    def _check_generated_only(self):
        if not self.env.su:
            raise AccessError(self.env._("Evaluation evidence comes from the one-stop record; nobody edits it."))

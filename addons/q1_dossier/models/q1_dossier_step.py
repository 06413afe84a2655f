from odoo import api, fields, models

from ..core.labels import STEP_RESULTS
from ..core.localtime import to_local
from ..core.process import classify_step
from .q1_dossier_lifecycle_row import Q1DossierLifecycleRow


class Q1DossierStep(Q1DossierLifecycleRow, models.Model):
    """A hand-over between steps: who handed over, who received, when, and the step's result.

    The rows of one dossier are its control slip (Phiếu kiểm soát quá trình giải quyết hồ sơ, Mẫu 06 of
    Circular 03/2025/TT-VPCP), and the evidence of each officer's work for the evaluation.
    """

    _name = "q1.dossier.step"
    _description = "Dossier Step"
    _order = "dossier_id, sequence, id"

    dossier_id = fields.Many2one("q1.dossier", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="dossier_id.deciding_company_id", store=True, string="Deciding Unit")
    procedure_step_id = fields.Many2one("q1.procedure.step", string="Process Step", ondelete="set null")
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True)
    department_id = fields.Many2one("hr.department")
    handed_by_id = fields.Many2one("res.users", string="Handed Over By", required=True)
    handed_at = fields.Datetime(string="Handed Over At", required=True)
    user_id = fields.Many2one("res.users", string="Received By", index=True)
    taken_at = fields.Datetime(string="Received At")
    planned_end = fields.Datetime(required=True)
    finished_at = fields.Datetime()
    result = fields.Selection(STEP_RESULTS, compute="_compute_result", store=True)
    note = fields.Text()

    @api.depends("planned_end", "finished_at")
    def _compute_result(self):
        for step in self:
            step.result = (
                classify_step(to_local(step.planned_end), to_local(step.finished_at)) if step.finished_at else False
            )

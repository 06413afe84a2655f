from odoo import fields, models

from ..core import validation
from ..core.labels import STATUSES


class Q1DossierStage(models.Model):
    _name = "q1.dossier.stage"
    _description = "Dossier Stage"
    _q1_text_limits = {"name": validation.NAME_MAX_LENGTH}
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(string="Folded in Kanban")
    status = fields.Selection(STATUSES, string="National Status", required=True, default="processing")
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    group_id = fields.Many2one("res.groups", string="Responsible Role", ondelete="set null")
    department_id = fields.Many2one("hr.department", string="Responsible Department", ondelete="set null")
    mail_template_id = fields.Many2one(
        "mail.template",
        string="E-mail to Applicant",
        domain="[('model', '=', 'q1.dossier')]",
        ondelete="set null",
        help="Sent to the applicant when a dossier enters this stage.",
    )

    def _for_status(self, status):
        """The first stage that maps to a national status."""
        return self.search([("status", "=", status)], limit=1)

    def _q1_clean_vals(self, vals):
        return self._q1_apply(
            super()._q1_clean_vals(vals), "name", validation.clean_text, validation.NAME_MAX_LENGTH, True
        )

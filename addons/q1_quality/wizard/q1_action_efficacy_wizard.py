from odoo import api, fields, models

EFFICACY = [("100", "Effective"), ("50", "Partly effective"), ("0", "Not effective")]


class Q1ActionEfficacyWizard(models.TransientModel):
    """The efficacy check of a done corrective action (OCA's rating 0/50/100), recorded by
    ``mgmtsystem.action.q1_record_efficacy``, which checks who makes it. A transient record is its maker's alone
    (Odoo's rule for wizards): no unit rule is needed, the action's own checks apply when it is confirmed."""

    _name = "q1.action.efficacy.wizard"
    _description = "Efficacy Check of an Action"

    action_id = fields.Many2one("mgmtsystem.action", required=True, ondelete="cascade")
    efficacy = fields.Selection(EFFICACY, required=True, default="100")
    notes = fields.Text()

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("action_id"):
                self.env["mgmtsystem.action"].browse(vals["action_id"]).check_access("read")
        return super().create(vals_list)

    def action_confirm(self):
        self.ensure_one()
        self.action_id.q1_record_efficacy(int(self.efficacy), self.notes)
        return {"type": "ir.actions.act_window_close"}

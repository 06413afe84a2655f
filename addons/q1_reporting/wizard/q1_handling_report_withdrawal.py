from odoo import fields, models
from odoo.exceptions import AccessError, UserError


class Q1HandlingReportWithdrawal(models.TransientModel):
    """A manager withdraws an issued report, with the reason: the report is kept (withdrawn, with who, when and
    why) and the same units, window and grouping can be issued again."""

    _name = "q1.handling.report.withdrawal"
    _description = "Withdrawal of an Issued Report"

    issue_id = fields.Many2one("q1.handling.report.issue", string="Issued Report", required=True, ondelete="cascade")
    reason = fields.Text(required=True)

    def action_confirm(self):
        """Withdraw the report."""
        self.check_access("write")
        self.ensure_one()
        if not self.env.user.has_group("q1_dossier.group_q1_manager"):
            raise AccessError(self.env._("Only the managers withdraw an issued report."))
        self.issue_id.check_access("read")
        if self.issue_id.state != "issued":
            raise UserError(self.env._("This report has already been withdrawn."))
        self.issue_id._withdraw(self.reason)
        return {"type": "ir.actions.act_window_close"}

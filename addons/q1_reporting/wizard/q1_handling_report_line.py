from odoo import fields, models


class Q1HandlingReportLine(models.TransientModel):
    """One row of the handling table shown on the report wizard."""

    _name = "q1.handling.report.line"
    _inherit = ["q1.handling.table.row"]
    _description = "Handling Report Row"
    _order = "sequence"

    wizard_id = fields.Many2one("q1.handling.report.wizard", required=True, ondelete="cascade")

    def action_open_entries(self):
        """The pivot of this row's dossiers (all rows on the total row)."""
        self.check_access("read")
        self.ensure_one()
        action = self.wizard_id.action_open_pivot()
        if not self.is_total:
            action["domain"] = action["domain"] + [(self.wizard_id._key_column(), "=", self.key_id)]
        return action

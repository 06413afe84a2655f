from odoo import fields, models


class Q1HandlingReportDifference(models.TransientModel):
    """A dossier whose cells in the recounted table differ from the issued report of the same window, units and
    grouping: added since the issue, removed from the count, or counted in another row or column."""

    _name = "q1.handling.report.difference"
    _description = "Difference with the Issued Report"
    _order = "wizard_id, change, dossier_code"

    wizard_id = fields.Many2one("q1.handling.report.wizard", required=True, ondelete="cascade")
    dossier_id = fields.Many2one("q1.dossier", ondelete="cascade")
    dossier_code = fields.Char()
    row_label = fields.Char(string="Field or Unit")
    change = fields.Selection([("added", "Added"), ("removed", "Removed"), ("moved", "Other columns")], required=True)
    issued_columns = fields.Char(string="Issued In")
    current_columns = fields.Char(string="Counted Now In")

    def onchange(self, values, field_names, fields_spec):
        self.env["q1.dossier"]._check_dossier_ref(values.get("dossier_id"))  # a new row names its dossier
        return super().onchange(values, field_names, fields_spec)

from odoo import fields, models


class MgmtsystemActionReport(models.Model):
    """OCA's action analysis (a SQL view over the actions) gains the action's unit, so that the unit rule of
    security/q1_quality_nc_security.xml applies to it as to the actions: without it every officer read every
    unit's actions through the report."""

    _inherit = "mgmtsystem.action.report"

    company_id = fields.Many2one("res.company", string="Unit", readonly=True)

    def _query(self, with_clause="", fields="", where_clause="", groupby="", from_clause=""):
        return super()._query(
            with_clause=with_clause,
            fields=f"{fields}, m.company_id AS company_id",
            where_clause=where_clause,
            groupby=f"{groupby}, m.company_id",
            from_clause=from_clause,
        )

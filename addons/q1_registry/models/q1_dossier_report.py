from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.q1_reporting.models.q1_dossier_report import BY_DAY


class Q1DossierReport(models.Model):
    """The leaders' dashboards with indices 4.1 and 4.3: the share of dossiers with a signed or electronic result
    among those whose result is ready and whose procedure issues one, and the share of dossiers that reused
    digitised data, averaged like the on-time rate over any grouping; the flags filter and split the dossiers
    behind them."""

    _inherit = "q1.dossier.report"

    e_result_file = fields.Boolean(string="Signed Electronic Result", readonly=True)
    reused = fields.Boolean(string="Reused Digitised Data", readonly=True)
    e_result_rate = fields.Float(
        string="Electronic Results (%)",
        readonly=True,
        aggregator="avg",
        help="Share of the dossiers whose result is ready, for a procedure that issues a result document, with a "
        "signed electronic result or returned electronically (index 4.1).",
    )
    reuse_rate = fields.Float(
        string="Reuse of Digitised Data (%)",
        readonly=True,
        aggregator="avg",
        help="Share of the dossiers with at least one document reused from the citizen's record (index 4.3).",
    )

    @property
    def _table_query(self):
        query = super()._table_query
        if self.env.context.get(BY_DAY):
            return query
        # a left join on the facts' unique key: left out by PostgreSQL from the queries that read none of these
        return SQL(
            """
            SELECT r.*, g.e_result_file, g.reused, g.e_result_rate, g.reuse_rate
              FROM (%s) r
         LEFT JOIN q1_dossier_fact g ON g.dossier_id = r.dossier_id
            """,
            query,
        )

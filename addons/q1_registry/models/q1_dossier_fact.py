from odoo import fields, models
from odoo.tools import SQL


class Q1DossierFact(models.Model):
    """The statistical facts of indices 4.1 and 4.3 beside q1_reporting's, stored with them and refreshed by the same
    marks (q1.dossier._write_multi in q1_dossier_e_result.py marks the writes of this addon's fields): whether the
    dossier has its signed electronic result, whether it reused digitised data, and the per-dossier rates the
    dashboards average (core.indices says who is counted; the statutory wizard judges them at a window's end)."""

    _inherit = "q1.dossier.fact"

    e_result_file = fields.Boolean(string="Signed Electronic Result", readonly=True)
    reused = fields.Boolean(string="Reused Digitised Data", readonly=True)
    e_result_rate = fields.Float(string="Electronic Results (%)", readonly=True)
    reuse_rate = fields.Float(string="Reuse of Digitised Data (%)", readonly=True)

    def _facts_sql(self, where):
        """q1_reporting's facts with this addon's columns, from the dossier and its procedure."""
        self.env["q1.dossier"].flush_model(["e_result_attachment_id", "e_result", "state", "procedure_id", "reused"])
        self.env["q1.procedure"].flush_model(["issues_result"])
        return SQL(
            """
            SELECT base.*,
                   x.e_result_attachment_id IS NOT NULL AS e_result_file,
                   COALESCE(x.reused, FALSE) AS reused,
                   -- 4.1: a dossier whose procedure issues a result document, once its result is ready
                   CASE WHEN x.state IN ('done', 'returned')
                             AND p.issues_result
                        THEN CASE WHEN x.e_result_attachment_id IS NOT NULL OR COALESCE(x.e_result, FALSE)
                                  THEN 100.0 ELSE 0.0 END
                   END AS e_result_rate,
                   -- 4.3: every received dossier
                   CASE WHEN COALESCE(x.reused, FALSE) THEN 100.0 ELSE 0.0 END AS reuse_rate
              FROM (%(base)s) base
              JOIN q1_dossier x ON x.id = base.dossier_id
         LEFT JOIN q1_procedure p ON p.id = x.procedure_id
            """,
            base=super()._facts_sql(where),
        )

from odoo import fields, models
from odoo.tools import SQL

from ..core.handling_report import outcome_sql
from .q1_dossier_report import Q1DossierReport


class Q1HandlingEntry(models.Model):
    """The statutory handling table of a window, as rows a pivot can count: two per dossier.

    Each dossier counted in the window (``core.handling_report.fact_columns``) gives one row in the "received"
    group (online, direct or by post, or carried over) and one in the "resolved" or "pending" group (early, on
    time, late; within time, overdue: ``core.handling_report.outcome_sql``, the rule ``fact_columns`` applies in
    Python). A pivot of these rows by field or unit against the columns is the form itself, and each of its cells
    opens exactly the dossiers it counts. The window comes from the context (``q1_window_start``,
    ``q1_window_end``, ISO dates); ``core.handling_report.handling_table`` is the reference the tests hold this
    query to.
    """

    _name = "q1.handling.entry"
    _description = "Handling Report Entry"
    _inherit = ["q1.dossier.statistics.row"]
    _auto = False
    _order = "dossier_id desc, column_id"
    _depends = Q1DossierReport._depends

    received_date = fields.Date(readonly=True)
    due_date = fields.Date(string="Statistical Due Date", readonly=True)
    end_date = fields.Date(string="Counted as Ended On", readonly=True)
    section_id = fields.Many2one("q1.handling.column", string="Column Group", readonly=True)
    column_id = fields.Many2one("q1.handling.column", readonly=True)

    def _read_group(self, *args, **kwargs):
        self.env.cr.execute("SET LOCAL jit = off")  # see q1.dossier.report._read_group
        return super()._read_group(*args, **kwargs)

    def _window(self):
        context = self.env.context
        today = fields.Date.context_today(self)
        start = fields.Date.to_date(context.get("q1_window_start")) or today.replace(day=1)
        end = fields.Date.to_date(context.get("q1_window_end")) or today
        return start, end

    @property
    def _table_query(self):
        start, end = self._window()
        report = self.env["q1.dossier.report"]
        ids, sections = report._column_ids()
        received = SQL(
            """CASE WHEN r.received_date < %(start)s THEN 'carried_over'
                               WHEN r.channel = 'online' THEN 'online' ELSE 'direct_postal' END""",
            start=start,
        )
        # judged at the end of the window by the one outcome rule (core.handling_report.OUTCOME_RULE)
        outcome = SQL(
            outcome_sql(), end=SQL("r.end_date"), due=SQL("r.due_date"), as_of=end, forced_late=SQL("r.forced_late")
        )
        return SQL(
            """
            WITH counted AS (
                SELECT r.id, r.code, r.applicant_name, r.company_id, r.deciding_company_id, r.field_id,
                       r.procedure_id, r.received_date, r.due_date, r.end_date,
                       %(received)s AS received_column, %(outcome)s AS outcome_column
                  FROM %(report)s r
                 WHERE r.received_date <= %(end)s AND (r.end_date IS NULL OR r.end_date >= %(start)s)
            )
            SELECT c.id * 2 + part.no AS id, c.id AS dossier_id, c.code, c.applicant_name, c.company_id,
                   c.deciding_company_id, c.field_id, c.procedure_id, c.received_date, c.due_date, c.end_date,
                   %(section_id)s AS section_id, %(column_id)s AS column_id
              FROM counted c
              CROSS JOIN LATERAL (VALUES (0, c.received_column), (1, c.outcome_column)) AS part(no, code)
            """,
            start=start,
            end=end,
            report=report._table_sql,
            received=received,
            outcome=outcome,
            section_id=report._case(SQL("part.code"), sections),
            column_id=report._case(SQL("part.code"), ids),
        )

    def onchange(self, values, field_names, fields_spec):
        self.env["q1.dossier"]._check_dossier_ref(values.get("dossier_id"))  # a new row names its dossier
        return super().onchange(values, field_names, fields_spec)

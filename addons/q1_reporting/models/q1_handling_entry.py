from datetime import timedelta

from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.q1_dossier.core.localtime import SQL_UTC_OFFSET

from ..core.handling_report import outcome_sql
from .q1_dossier_report import Q1DossierReport


class Q1HandlingEntry(models.Model):
    """The statutory handling table of a window, as rows a pivot can count: two per dossier.

    Each dossier counted in the window (``core.handling_report.fact_columns``) gives one row in the "received"
    group (online, direct or by post, or carried over) and one in the "resolved" or "pending" group (early, on
    time, late; within time, overdue: ``core.handling_report.outcome_sql``, the rule ``fact_columns`` applies in
    Python). Every dossier is judged at the end of the window with the history of its waits
    (``q1.dossier.report._judged_sql``, ``core.handling_report.judged``), never with its state today, so a later
    event (a closure for no supplement, a resumption, a payment) does not change the table of a past window; a
    dossier is carried over when it was pending at the end of the day before the window, so carried over equals
    the previous window's pending. A pivot of these rows by field or unit against the columns is the form itself,
    and each of its cells opens exactly the dossiers it counts. The window comes from the context
    (``q1_window_start``, ``q1_window_end``, ISO dates); ``core.handling_report.handling_table`` is the reference
    the tests hold this query to.
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
        before = start - timedelta(days=1)
        report = self.env["q1.dossier.report"]
        ids, sections = report._column_ids()
        finished = SQL("(d.finished_at + interval %s)::date", SQL_UTC_OFFSET)
        statistical = SQL("d.statistical_due_date")
        # judged at the end of the window, and at the end of the day before it (pending then: carried over)
        judged = report._judged_sql(end, "last", finished, statistical)
        judged_before = report._judged_sql(before, "before", finished, statistical)
        received = SQL(
            """CASE WHEN d.received_date < %(start)s AND j.end_before IS NULL THEN 'carried_over'
                    WHEN d.channel = 'online' THEN 'online' ELSE 'direct_postal' END""",
            start=start,
        )
        # judged at the end of the window by the one outcome rule (core.handling_report.OUTCOME_RULE)
        outcome = SQL(
            outcome_sql(),
            end=SQL("c.end_date"),
            due=SQL("c.due_date"),
            as_of=end,
            forced_late=SQL("c.forced_late"),
            paused=SQL("c.paused"),
        )
        return SQL(
            """
            WITH w AS (%(waits)s), a AS (
                SELECT w.dossier_id, %(last)s, %(before)s
                  FROM w
              GROUP BY w.dossier_id
            ), judged AS (
                -- j: the judged day's values computed once per dossier (OFFSET 0: not inlined into every
                -- expression that reads them, which made a million dossiers cost 10 s instead of 2 s)
                SELECT d.id, d.code, d.applicant_name, d.company_id, d.deciding_company_id, d.field_id,
                       d.procedure_id, d.received_date, j.due_date, j.end_date, j.forced_late, j.paused,
                       %(received)s AS received_column
                  FROM q1_dossier d
             LEFT JOIN a ON a.dossier_id = d.id
            CROSS JOIN LATERAL (SELECT %(due)s AS due_date, %(end_date)s AS end_date, %(forced_late)s AS forced_late,
                                       %(paused)s AS paused, %(end_before)s AS end_before OFFSET 0) j
                 WHERE d.received_date <= %(end)s
            ), counted AS (
                SELECT c.*, %(outcome)s AS outcome_column
                  FROM judged c
                 WHERE c.end_date IS NULL OR c.end_date >= %(start)s
            )
            SELECT c.id * 2 + part.no AS id, c.id AS dossier_id, c.code, c.applicant_name, c.company_id,
                   c.deciding_company_id, c.field_id, c.procedure_id, c.received_date, c.due_date, c.end_date,
                   %(section_id)s AS section_id, %(column_id)s AS column_id
              FROM counted c
              CROSS JOIN LATERAL (VALUES (0, c.received_column), (1, c.outcome_column)) AS part(no, code)
            """,
            waits=report._waits_sql(),
            last=report._wait_aggregates(end, "last"),
            before=report._wait_aggregates(before, "before"),
            start=start,
            end=end,
            due=judged["due"],
            end_date=judged["end"],
            forced_late=judged["forced_late"],
            paused=judged["paused"],
            end_before=judged_before["end"],
            received=received,
            outcome=outcome,
            section_id=report._case(SQL("part.code"), sections),
            column_id=report._case(SQL("part.code"), ids),
        )

    def onchange(self, values, field_names, fields_spec):
        self.env["q1.dossier"]._check_dossier_ref(values.get("dossier_id"))  # a new row names its dossier
        return super().onchange(values, field_names, fields_spec)

import logging

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.q1_dossier.core.labels import CHANNELS, STATUSES
from odoo.addons.q1_dossier.core.localtime import SQL_UTC_OFFSET

from ..core.handling_report import outcome_sql
from .q1_dossier_report import Q1DossierReport

DIRTY = "q1_reporting.dirty_fact_ids"  # key of the dossier ids to refresh in the cursor's precommit data
# Statistics target of the unit columns: a province's every unit among PostgreSQL's most common values. With the
# default (100) the 168 units of Ho Chi Minh City were counted as 63 % of the rows where they are all of them, and
# the year report of the whole city read the facts through an index, alone, instead of in parallel (bench_province).
UNIT_STATISTICS = 1000

_logger = logging.getLogger(__name__)


class Q1DossierFact(models.Model):
    """The statistical facts of each received dossier on its record as it stands, stored: what the dashboards
    count (``q1.dossier.report`` reads this table and judges only the day-dependent part, pending within time,
    due soon or overdue, against today).

    Judging the waits of a million dossiers on every dashboard query took seconds (tests/bench/bench_pages.py);
    the facts change only when the dossier, its waits or its current step do, so they are judged then, once, by
    the reference rule in SQL (``q1.dossier.report._judged_sql``, ``core.handling_report.judged``) judged at the
    end of time: on the record as it stands every event is past, so this is the judgement of today. The writes
    that change them (``_create``/``_write_multi`` of the dossier, its waits and its steps, which every ORM path
    goes through, stored computed fields included) mark the dossier; its facts are refreshed before the report is
    read in the same transaction and at the latest when it commits. A daily pass recomputes them all and corrects
    any that a write outside the ORM left behind, and says how many (``_check_all``).

    Read in SQL only, by the report, whose record rules apply: no group has access to this model.
    """

    _name = "q1.dossier.fact"
    _description = "Dossier Statistical Facts"
    _log_access = False
    _rec_name = "dossier_id"

    # The columns are in the order PostgreSQL reads them best: the ones every dashboard query filters and judges
    # on first, fixed-width and never empty, then the others (a row is decoded left to right, and each column
    # after the first empty or variable-width one costs more to reach).
    dossier_id = fields.Many2one("q1.dossier", required=True, ondelete="cascade", readonly=True)
    company_id = fields.Many2one("res.company", string="Receiving Unit", required=True, readonly=True)
    deciding_company_id = fields.Many2one("res.company", string="Deciding Unit", required=True, readonly=True)
    received_date = fields.Date(required=True, readonly=True)
    report_month = fields.Date(string="Report Period (cut-off)", required=True, readonly=True)
    forced_late = fields.Boolean(string="Late by Rule", readonly=True)
    paused = fields.Boolean(string="Waiting for Fees", readonly=True)
    dissatisfied = fields.Boolean(readonly=True)
    digitised = fields.Boolean(readonly=True)
    e_result = fields.Boolean(string="Electronic Result", readonly=True)
    ended_outcome_id = fields.Many2one(
        "q1.handling.column",
        string="Outcome Once Ended",
        readonly=True,
        help="Early, on time or late once ended; empty while pending.",
    )
    due_date = fields.Date(string="Statistical Due Date", readonly=True)
    history_until = fields.Date(
        string="History Judged Until",
        readonly=True,
        help="For a dossier that waited: the last day of what its judgement reads, a wait begun or answered or "
        "the end of processing; judged at any day from then on, it is judged as here. Empty for a dossier that "
        "never waited, judged at any day from its dates alone (q1.handling.entry).",
    )
    promised_date = fields.Date(readonly=True)
    end_date = fields.Date(string="Counted as Ended On", readonly=True)
    finished_date = fields.Date(string="Processing Ended On", readonly=True)
    returned_date = fields.Date(string="Result Returned On", readonly=True)
    field_id = fields.Many2one("q1.field", string="Field of Law", readonly=True)
    procedure_id = fields.Many2one("q1.procedure", readonly=True)
    department_id = fields.Many2one("hr.department", readonly=True)
    holder_id = fields.Many2one("res.users", readonly=True, help="Holder of the current step, else of the dossier.")
    supplement_count = fields.Integer(readonly=True)
    handling_days = fields.Integer(string="Handling Time (days)", readonly=True)
    satisfaction_rate = fields.Float(string="Satisfaction (%)", readonly=True)
    channel = fields.Selection(CHANNELS, readonly=True)
    state = fields.Selection(STATUSES, readonly=True)

    _sql_constraints = [("dossier_unique", "UNIQUE (dossier_id)", "A dossier has one row of facts.")]

    # ------------------------------------------------------------------ marking

    @api.model
    def _mark(self, dossier_ids):
        """Refresh the facts of ``dossier_ids`` before the report is next read, and at commit at the latest."""
        if not dossier_ids:
            return
        data = self.env.cr.precommit.data
        if DIRTY not in data:
            self.env.cr.precommit.add(self.sudo()._refresh_marked)
        # a new set, never one changed in place: a test's savepoint restores a copy of this dictionary
        data[DIRTY] = data.get(DIRTY, frozenset()) | set(dossier_ids)

    @api.model
    def _refresh_marked(self):
        """Write what is pending in the ORM for the dossiers and their waits and steps, then refresh the facts of
        the dossiers marked."""
        for model, names in Q1DossierReport._depends.items():
            self.env[model].flush_model(names)
        data = self.env.cr.precommit.data
        if data.get(DIRTY):
            ids, data[DIRTY] = tuple(data[DIRTY]), frozenset()
            self._upsert(SQL("d.id IN %s", ids))

    # ------------------------------------------------------------------ computing

    @api.model
    def _facts_sql(self, where):
        """The facts of the received dossiers matching ``where`` (an SQL condition on ``d``, q1_dossier), judged by
        the one rule for waits at the end of time, i.e. on the record as it stands."""
        report = self.env["q1.dossier.report"]
        column_ids, _sections = report._column_ids()
        end_of_time = SQL("'infinity'::date")
        finished = SQL("(d.finished_at + interval %s)::date", SQL_UTC_OFFSET)
        judged = report._judged_sql(end_of_time, "now", finished, SQL("d.statistical_due_date"))
        ended = report._case(
            SQL(
                outcome_sql(),
                end=SQL("j.end_date"),
                due=SQL("j.due_date"),
                as_of=end_of_time,
                forced_late=SQL("j.forced_late"),
                paused=SQL("j.paused"),
            ),
            column_ids,
        )
        return SQL(
            """
            WITH w AS (%(waits)s), a AS (
                SELECT w.dossier_id, %(aggregates)s, SUM(w.waited_days) AS paused_days,
                       GREATEST(MAX(w.start_on), MAX(w.end_on)) AS waits_until
                  FROM w
              GROUP BY w.dossier_id
            )
            SELECT d.id AS dossier_id, d.company_id, d.deciding_company_id, d.field_id, d.procedure_id,
                   step.department_id, COALESCE(step.user_id, d.user_id) AS holder_id, d.channel, d.state,
                   d.received_date,
                   (date_trunc('month', d.received_date)
                    + CASE WHEN extract(day FROM d.received_date) >= 15 THEN interval '1 month'
                           ELSE interval '0 month' END)::date AS report_month,
                   j.due_date, d.promised_date, j.finished_date, j.end_date, j.forced_late, j.paused,
                   -- GREATEST ignores NULL: a dossier still running is judged until its last wait's day
                   CASE WHEN a.dossier_id IS NOT NULL THEN GREATEST(a.waits_until, j.finished_date) END
                       AS history_until,
                   CASE WHEN j.end_date IS NOT NULL THEN %(ended)s END AS ended_outcome_id,
                   d.supplement_count,
                   CASE WHEN j.finished_date IS NOT NULL
                        THEN GREATEST(j.finished_date - d.received_date - COALESCE(a.paused_days, 0), 0)
                   END AS handling_days,
                   CASE WHEN d.rating = 'not_satisfied' THEN 0.0 WHEN d.rating IS NOT NULL THEN 100.0 END
                       AS satisfaction_rate,
                   COALESCE(d.rating = 'not_satisfied', FALSE) AS dissatisfied,
                   COALESCE(d.digitised, FALSE) AS digitised,
                   COALESCE(d.e_result, FALSE) AS e_result,
                   (d.returned_at + interval %(offset)s)::date AS returned_date
              FROM q1_dossier d
         LEFT JOIN q1_dossier_step step ON step.id = d.current_step_id
         LEFT JOIN a ON a.dossier_id = d.id
        CROSS JOIN LATERAL (SELECT %(due)s AS due_date, %(finished)s AS finished_date, %(end)s AS end_date,
                                   %(forced_late)s AS forced_late, %(paused)s AS paused OFFSET 0) j
             WHERE d.received_date IS NOT NULL AND %(where)s
            """,
            waits=report._waits_sql(where),
            aggregates=report._wait_aggregates(end_of_time, "now"),
            ended=ended,
            finished=finished,
            offset=SQL_UTC_OFFSET,
            where=where,
            **{name: judged[name] for name in ("end", "due", "forced_late", "paused")},
        )

    @api.model
    def _columns(self):
        return [name for name, field in self._fields.items() if field.store and name != "id"]

    @api.model
    def _upsert(self, where, only_changed=False):
        """Insert or update the facts of the received dossiers matching ``where``; the facts of dossiers that are
        no longer received (none in the lifecycle; kept exact all the same) are removed. ``only_changed`` leaves
        the rows that are already right untouched. Returns the number of rows written."""
        # the sums by day (q1.dossier.fact.sum) follow: the facts before are taken out, those after added in; the
        # daily pass (only_changed) sums every fact again instead
        sums = self.env["q1.dossier.fact.sum"]
        concerned = SQL("f.dossier_id IN (SELECT d.id FROM q1_dossier d WHERE %s)", where)
        if not only_changed:
            sums._add(concerned, -1)
        columns = self._columns()
        names = SQL(", ").join(SQL.identifier(name) for name in columns)
        updates = SQL(", ").join(SQL("%s = EXCLUDED.%s", SQL.identifier(n), SQL.identifier(n)) for n in columns)
        changed = SQL(
            "WHERE (%s) IS DISTINCT FROM (%s)",
            SQL(", ").join(SQL.identifier("q1_dossier_fact", name) for name in columns),
            SQL(", ").join(SQL.identifier("excluded", name) for name in columns),
        )
        self.env.cr.execute(
            SQL(
                """INSERT INTO q1_dossier_fact (%(names)s) SELECT %(names)s FROM (%(facts)s) facts
                   ON CONFLICT (dossier_id) DO UPDATE SET %(updates)s %(changed)s""",
                names=names,
                facts=self._facts_sql(where),
                updates=updates,
                changed=changed if only_changed else SQL(),
            )
        )
        written = self.env.cr.rowcount
        self.env.cr.execute(
            SQL(
                """DELETE FROM q1_dossier_fact f USING q1_dossier d
                    WHERE d.id = f.dossier_id AND d.received_date IS NULL AND %s""",
                where,
            )
        )
        written += self.env.cr.rowcount
        if only_changed:
            sums._rebuild()
        else:
            sums._add(concerned, 1)
        self.invalidate_model()
        return written

    @api.model
    def _check_all(self):
        """The daily pass: recompute every dossier's facts and correct the rows that differ (a write outside the
        ORM, or a rule changed by an upgrade). Returns how many were corrected."""
        self._refresh_marked()
        return self._upsert(SQL("TRUE"), only_changed=True)

    @api.model
    def _cron_check_all(self):
        corrected = self._check_all()
        if corrected:
            # Not expected: every write of the product goes through the ORM. Logged for the administrators.
            _logger.warning(
                "Statistics: %s dossiers' stored facts differed from their records and were corrected", corrected
            )

    def init(self):
        # A unit's month reads its deciding unit's dates.
        self.env.cr.execute(
            """CREATE INDEX IF NOT EXISTS q1_dossier_fact_deciding_received_index
                   ON q1_dossier_fact (deciding_company_id, received_date)"""
        )
        # The statutory table replays the waits of the few dossiers whose history goes past the day it judges
        # (q1.handling.entry): found among those of its units that waited, by the last day of their history.
        self.env.cr.execute("DROP INDEX IF EXISTS q1_dossier_fact_history_index")  # its first form, unit last
        self.env.cr.execute(
            """CREATE INDEX IF NOT EXISTS q1_dossier_fact_unit_history_index
                   ON q1_dossier_fact (deciding_company_id, history_until, received_date)
                WHERE history_until IS NOT NULL"""
        )
        unit_statistics(self.env.cr, "q1_dossier_fact")
        # A database whose facts were stored before history_until existed gets it from the update's recomputation of
        # every row (data/q1_dossier_fact_cron.xml runs _check_all once every model's table exists, the sums' too).


def unit_statistics(cr, table):
    """Give the unit columns of ``table`` the statistics target ``UNIT_STATISTICS`` (and analyze it) unless they have
    it: the record rules and the reports filter on them by lists of units."""
    # the default target is -1 up to PostgreSQL 16, NULL from 17
    cr.execute(
        """SELECT bool_or(attstattarget IS NULL OR attstattarget < %s) FROM pg_attribute
            WHERE attrelid = %s::regclass AND attname IN ('company_id', 'deciding_company_id')""",
        (UNIT_STATISTICS, table),
    )
    if cr.fetchone()[0]:
        cr.execute(
            SQL(
                "ALTER TABLE %(table)s ALTER COLUMN company_id SET STATISTICS %(n)s, "
                "ALTER COLUMN deciding_company_id SET STATISTICS %(n)s",
                table=SQL.identifier(table),
                n=SQL(str(UNIT_STATISTICS)),
            )
        )
        cr.execute(SQL("ANALYZE %s", SQL.identifier(table)))

from odoo import SUPERUSER_ID, fields, models
from odoo.osv import expression
from odoo.tools import SQL
from odoo.tools.sql import index_exists

from odoo.addons.q1_dossier.core.labels import CHANNELS, STATUSES

# Adding the fixed offset to a UTC timestamp gives the local date far more cheaply than AT TIME ZONE, which
# matters over a million rows (core.localtime says why the offset is exact).
from odoo.addons.q1_dossier.core.localtime import SQL_UTC_OFFSET, to_local

from ..core.handling_report import LATE_OUTCOMES, Wait, outcome_sql

# The facts' sums by day (q1.dossier.fact.sum) answer the counts the dashboards ask (_counts_by_day): the fields
# they may group and filter by, and each aggregate from the sums' columns.
BY_DAY = "q1_report_by_day"  # context key: the report's rows are the sums by day
BY_DAY_FIELDS = frozenset(
    {"company_id", "deciding_company_id", "received_date", "report_month", "outcome_id", "outcome_code", "section_id"}
)
BY_DAY_SUMS = (
    "dossier_count",
    "on_time_rate",
    "handling_days_sum",
    "handling_days_count",
    "satisfaction_sum",
    "satisfaction_count",
    "supplement_count",
)
BY_DAY_AGGREGATES = {
    "__count": "SUM(%(dossier_count)s)",
    "dossier_count:sum": "SUM(%(dossier_count)s)",
    "supplement_count:sum": "SUM(%(supplement_count)s)",
    "on_time_rate:avg": "SUM(%(on_time_rate)s * %(dossier_count)s) / NULLIF(SUM(%(dossier_count)s), 0)",
    # numeric, as PostgreSQL's AVG of the integer days: the same digits to the last
    "handling_days:avg": "SUM(%(handling_days_sum)s)::numeric / NULLIF(SUM(%(handling_days_count)s), 0)",
    "satisfaction_rate:avg": "SUM(%(satisfaction_sum)s) / NULLIF(SUM(%(satisfaction_count)s), 0)",
}


# What the statistics' stored facts (q1.dossier.fact) are computed from: a write to one of these fields refreshes
# the facts of the dossiers concerned (q1_dossier.py, q1_dossier_pause.py, q1_dossier_step.py in this addon).
DOSSIER_FIELDS = frozenset(
    {
        "company_id",
        "deciding_company_id",
        "field_id",
        "procedure_id",
        "user_id",
        "channel",
        "state",
        "received_date",
        "statistical_due_date",
        "promised_date",
        "supplement_count",
        "rating",
        "digitised",
        "e_result",
        "returned_at",
        "finished_at",
        "current_step_id",
    }
)
PAUSE_FIELDS = frozenset({"dossier_id", "kind", "paused_at", "resumed_at", "due_before"})
STEP_FIELDS = frozenset({"department_id", "user_id"})


class Q1DossierReport(models.Model):
    """One row per received dossier with the facts leaders' reports count, aggregated by PostgreSQL.

    This view is where the national portal's counting rules are written, once (Decision 766/QĐ-TTg as DVCQG
    applies it, legal-2025-regime.md §2); the statutory table (``q1.handling.entry``), the dashboards and the
    facts handed to ``core.handling_report`` all read these columns:

    * ``due_date`` is the statistical due date: supplement and fee waits are subtracted, and an apology with a
      new appointment does not move it (the promised date does);
    * ``end_date`` is the end of processing as counted: the day the result was ready, or the dossier refused,
      stopped or withdrawn; a dossier waiting for a supplement counts as ended on the day it was asked for, and
      stays so when it is closed for want of the supplement (Decree 118/2025 Art. 19(5));
    * ``forced_late``: a dossier asked for a supplement more than once counts as late whatever its dates;
    * ``paused``: another wait (fees) is open: no statistical due date yet, so within time, never overdue.

    They are judged by the one rule for waits of ``core.handling_report.judged``, written in SQL by
    ``_judged_sql`` (which ``q1.handling.entry`` uses to judge at a window's end), and the outcome (early, on
    time, late; within, overdue) by ``core.handling_report.OUTCOME_RULE``, written into the query by
    ``outcome_sql``. What does not depend on the day is stored per dossier (``q1.dossier.fact``, refreshed by the
    writes that change it); what does, a pending dossier's outcome, is judged here on today. The dashboards split
    the dossiers within time further with ``due_soon``, judged on today from the promised date and each calendar's
    last 'due soon' day (``_soon_day_sql``), as the boards' live ``deadline_today``, never the nightly
    ``deadline_state``.

    Dossiers never received (drafts, incomplete or refused at the counter) are not rows.
    """

    _name = "q1.dossier.report"
    _description = "Dossier Statistics"
    _inherit = ["q1.dossier.statistics.row"]
    _auto = False
    _order = "received_date desc, id desc"
    # flushed before every query of the view: the stored facts' sources (refreshed from them) and what is read of
    # the dossier directly
    _depends = {
        "q1.dossier": ["code", "applicant_name", *sorted(DOSSIER_FIELDS)],
        "q1.dossier.pause": sorted(PAUSE_FIELDS),
        "q1.dossier.step": sorted(STEP_FIELDS),
        "q1.handling.column": ["code", "section_id"],
    }

    dossier_count = fields.Integer(
        string="Number of Dossiers",
        readonly=True,
        aggregator="sum",
        help="Each row is one dossier: the leaders' counts.",
    )
    department_id = fields.Many2one("hr.department", readonly=True)
    officer_id = fields.Many2one(
        "res.users",
        readonly=True,
        help="Holder of the current step, or of the last one once processing ended: an officer of the one-stop "
        "groups (Odoo's administrator and system users are never officers).",
    )
    channel = fields.Selection(CHANNELS, readonly=True)
    state = fields.Selection(STATUSES, string="Status", readonly=True)
    received_date = fields.Date(readonly=True)
    report_month = fields.Date(
        string="Report Period (cut-off)",
        readonly=True,
        help="First day of the reporting month under the cut-off convention of Decree 09/2019/NĐ-CP "
        "(15th of the previous month to the 14th): group by month, quarter or year for cut-off periods.",
    )
    due_date = fields.Date(string="Statistical Due Date", readonly=True)
    promised_date = fields.Date(readonly=True)
    finished_date = fields.Date(string="Processing Ended On", readonly=True)
    end_date = fields.Date(string="Counted as Ended On", readonly=True)
    forced_late = fields.Boolean(
        string="Late by Rule", readonly=True, help="More than one supplement request: counted late whatever the dates."
    )
    paused = fields.Boolean(
        string="Waiting for Fees", readonly=True, help="A wait other than a supplement is open: within time."
    )
    supplement_count = fields.Integer(readonly=True, aggregator="sum")
    outcome_id = fields.Many2one("q1.handling.column", readonly=True)
    outcome_code = fields.Char(readonly=True)
    section_id = fields.Many2one("q1.handling.column", string="Resolved or Pending", readonly=True)
    days_late = fields.Integer(readonly=True, aggregator="max")
    on_time_rate = fields.Float(
        string="On-time Rate (%)",
        readonly=True,
        aggregator="avg",
        help="Share of dossiers resolved early or on time, or pending within time (index 2.1).",
    )
    handling_days = fields.Float(
        string="Handling Time (days)",
        readonly=True,
        aggregator="avg",
        help="Calendar days from reception to the end of processing, waiting periods excluded (index 2.2).",
    )
    satisfaction_rate = fields.Float(
        string="Satisfaction (%)",
        readonly=True,
        aggregator="avg",
        help="Share of rated dossiers whose applicant was satisfied.",
    )
    dissatisfied = fields.Boolean(readonly=True)
    digitised = fields.Boolean(readonly=True)
    e_result = fields.Boolean(string="Electronic Result", readonly=True)
    returned_date = fields.Date(string="Result Returned On", readonly=True)

    def _column_ids(self):
        """{column code: id} of q1.handling.column, so that outcomes are ids computed in SQL, not joined."""
        columns = self.env["q1.handling.column"].sudo().search_fetch([], ["code", "section_id"])
        ids = {column.code: column.id for column in columns}
        sections = {column.code: column.section_id.id for column in columns if column.section_id}
        return ids, sections

    @staticmethod
    def _case(expression, mapping):
        """SQL ``CASE <expression> WHEN code THEN value ... END`` (NULL for an empty mapping: the outcome columns
        before their data is loaded, when the module's record rules are checked at install)."""
        if not mapping:
            return SQL("NULL")
        return SQL(
            "CASE %s %s END",
            expression,
            SQL(" ").join(SQL("WHEN %s THEN %s", code, value) for code, value in mapping.items()),
        )

    # ------------------------------------------------------------------ the one rule for waits, in SQL

    @staticmethod
    def _waits_sql(dossiers=None):
        """The applicant's waits as the statistics read them (``core.handling_report.Wait``), one row per pause of
        a dossier: ``start_on``, the request day; ``end_on``, the day the applicant answered, NULL while it lasts
        and for a wait closed together with the dossier (``q1.dossier._close`` ends the open wait at the closing
        instant: closed for no supplement after 15 days, Art. 19(5), or stopped, refused, withdrawn while
        waiting): such a wait never ended by an answer; ``waited_days``, calendar days from request to end;
        ``due_before``, the statistical due date in force when it began (stamped on the wait).

        The dossier's end is looked up for each wait (OFFSET 0 keeps the lookup a nested loop on the primary key):
        joined as a table, PostgreSQL merges the waits with the whole of q1_dossier, a million rows read for some
        forty thousand waits, several seconds on every dashboard query (tests/bench/bench_pages.py).

        ``dossiers``, an SQL condition on ``d`` (q1_dossier), limits the waits to those of the dossiers matching it."""
        return SQL(
            """
            SELECT p.id, p.dossier_id, p.kind, p.paused_at, p.due_before,
                   (p.paused_at + interval %(offset)s)::date AS start_on,
                   CASE WHEN p.resumed_at < COALESCE(d.finished_at, 'infinity'::timestamp)
                        THEN (p.resumed_at + interval %(offset)s)::date END AS end_on,
                   (p.resumed_at + interval %(offset)s)::date - (p.paused_at + interval %(offset)s)::date
                       AS waited_days
              FROM q1_dossier_pause p
        CROSS JOIN LATERAL (SELECT dossier.finished_at FROM q1_dossier dossier
                             WHERE dossier.id = p.dossier_id OFFSET 0) d
             %(only)s
            """,
            offset=SQL_UTC_OFFSET,
            only=SQL("WHERE p.dossier_id IN (SELECT d.id FROM q1_dossier d WHERE %s)", dossiers) if dossiers else SQL(),
        )

    @staticmethod
    def _wait_aggregates(as_of, prefix):
        """Aggregates over the waits ``w`` of a dossier (grouped by it) judged at the end of day ``as_of``:
        ``<prefix>_request`` the request day of a supplement wait covering it and ``<prefix>_request_due`` the due
        date in force when that wait began; ``<prefix>_waiting`` whether any wait covers it; ``<prefix>_later``
        whether a wait began after it and ``<prefix>_later_due`` the due date in force when the first of them
        began (the due date in force on ``as_of``); ``<prefix>_requests`` the supplement requests made by then.
        Waits never overlap: a dossier waits for one thing at a time."""
        covering = SQL("w.start_on <= %(d)s AND (w.end_on IS NULL OR w.end_on > %(d)s)", d=as_of)
        return SQL(
            """MAX(w.start_on) FILTER (WHERE w.kind = 'supplement' AND %(covering)s) AS %(request)s,
               MAX(w.due_before) FILTER (WHERE w.kind = 'supplement' AND %(covering)s) AS %(request_due)s,
               COALESCE(bool_or(%(covering)s), FALSE) AS %(waiting)s,
               COALESCE(bool_or(w.start_on > %(d)s), FALSE) AS %(later)s,
               (array_agg(w.due_before ORDER BY w.paused_at, w.id) FILTER (WHERE w.start_on > %(d)s))[1]
                   AS %(later_due)s,
               COUNT(*) FILTER (WHERE w.kind = 'supplement' AND w.start_on <= %(d)s) AS %(requests)s""",
            covering=covering,
            d=as_of,
            request=SQL.identifier(f"{prefix}_request"),
            request_due=SQL.identifier(f"{prefix}_request_due"),
            waiting=SQL.identifier(f"{prefix}_waiting"),
            later=SQL.identifier(f"{prefix}_later"),
            later_due=SQL.identifier(f"{prefix}_later_due"),
            requests=SQL.identifier(f"{prefix}_requests"),
        )

    @staticmethod
    def _judged_sql(as_of, prefix, finished, statistical_due, waits="a"):
        """``core.handling_report.judged`` in SQL: ``{end, due, paused, forced_late}`` as SQL expressions of a
        dossier judged at ``as_of``, from its end of processing ``finished`` (a date), its statistical due date
        net of all its waits, and the aggregates of ``_wait_aggregates(as_of, prefix)`` joined as ``waits`` (NULL
        for a dossier that never waited).

        The due date is, in ``judged``'s order: the one in force when the supplement wait covering ``as_of``
        began; the statistical one once processing ended; the one in force when the first wait begun after
        ``as_of`` began; else the statistical one. Each wait carries the due date in force when it began
        (``q1.dossier.pause.due_before``), so this is exact for any number of waits."""
        column = lambda name: SQL.identifier(waits, f"{prefix}_{name}")  # noqa: E731
        ended = SQL("%s <= %s", finished, as_of)
        return {
            "end": SQL(
                "CASE WHEN %(request)s IS NOT NULL THEN %(request)s WHEN %(ended)s THEN %(finished)s END",
                request=column("request"),
                ended=ended,
                finished=finished,
            ),
            "due": SQL(
                """CASE WHEN %(request)s IS NOT NULL THEN %(request_due)s
                        WHEN %(ended)s THEN %(statistical)s
                        WHEN COALESCE(%(later)s, FALSE) THEN %(later_due)s
                        ELSE %(statistical)s END""",
                request=column("request"),
                request_due=column("request_due"),
                ended=ended,
                statistical=statistical_due,
                later=column("later"),
                later_due=column("later_due"),
            ),
            "paused": SQL(
                "(%(request)s IS NULL AND COALESCE(%(waiting)s, FALSE) AND NOT COALESCE(%(ended)s, FALSE))",
                request=column("request"),
                waiting=column("waiting"),
                ended=ended,
            ),
            "forced_late": SQL("(COALESCE(%s, 0) > 1)", column("requests")),
        }

    def _waits_of(self, dossier_ids):
        """{dossier id: its waits as ``core.handling_report.Wait``, in order} for the core's counting (the index
        facts), read from ``_waits_sql`` in one query; each with the due date in force when it began, as stamped
        on the wait."""
        if not dossier_ids:
            return {}
        self.env["q1.dossier"].flush_model(["finished_at"])
        self.env["q1.dossier.pause"].flush_model(["dossier_id", "kind", "paused_at", "resumed_at", "due_before"])
        self.env.cr.execute(
            SQL(
                """
                WITH w AS (%s)
                SELECT w.dossier_id, w.kind, w.start_on, w.end_on, w.due_before
                  FROM w
                 WHERE w.dossier_id IN %s
              ORDER BY w.dossier_id, w.paused_at, w.id
                """,
                self._waits_sql(),
                tuple(dossier_ids),
            )
        )
        waits = {}
        for dossier_id, kind, start, end, due_before in self.env.cr.fetchall():
            waits.setdefault(dossier_id, []).append(Wait(kind, start, end, due_before))
        return {dossier_id: tuple(rows) for dossier_id, rows in waits.items()}

    def _handling_calendars(self, dossier_ids):
        """{dossier id: the ``WorkCalendar`` its handling time is counted on} for index 2.2: the dossier's own
        calendar (the deciding unit's, else the receiving unit's, as ``q1.dossier._work_calendar``). Empty when the
        setting ``q1_reporting.handling_days_unit`` is ``calendar``: the portal's unit for ThoiGianGiaiQuyet is an
        implementation's, not the law's (legal-2025-regime.md §5 [I]), so working days are only the default."""
        unit = self.env["ir.config_parameter"].sudo().get_param("q1_reporting.handling_days_unit", "working")
        if not dossier_ids or unit == "calendar":
            return {}
        self.env.cr.execute(
            SQL(
                """SELECT d.id, COALESCE(dc.q1_work_calendar_id, rc.q1_work_calendar_id)
                     FROM q1_dossier d
                     JOIN res_company rc ON rc.id = d.company_id
                LEFT JOIN res_company dc ON dc.id = d.deciding_company_id
                    WHERE d.id IN %s""",
                tuple(dossier_ids),
            )
        )
        rows = self.env.cr.fetchall()
        calendars = self.env["q1.work.calendar"].sudo().with_context(active_test=False)
        cores = {calendar.id: calendar._to_core() for calendar in calendars.browse({c for _d, c in rows if c})}
        return {dossier_id: cores[calendar_id] for dossier_id, calendar_id in rows if calendar_id}

    def _officers_sql(self):
        """The users who count as officers: internal members of the one-stop groups (reception or processing, which
        the heads' and leaders' groups imply), without the system's own users (the administrator, OdooBot), who
        are members through the managers' group but hold no dossier in a ward."""
        groups = tuple(
            self.env.ref(xmlid).id for xmlid in ("q1_dossier.group_q1_reception", "q1_dossier.group_q1_processing")
        )
        return SQL(
            """SELECT DISTINCT r.uid FROM res_groups_users_rel r JOIN res_users u ON u.id = r.uid
                WHERE r.gid IN %(groups)s AND NOT u.share AND u.id != %(root)s
                  AND r.uid NOT IN (SELECT s.uid FROM res_groups_users_rel s WHERE s.gid = %(system)s)""",
            groups=groups,
            root=SUPERUSER_ID,
            system=self.env.ref("base.group_system").id,
        )

    def _outcome_today_sql(self):
        """``o``: the outcome of a row ``f`` of the facts (or of their sums by day) as the dashboards show it today:
        its stored outcome once ended, else within time, due soon or overdue judged on today, as SQL (a LATERAL
        subquery), with the SQL of today's date."""
        ids, _sections = self._column_ids()
        # Today is the local day of the server's clock, as q1.dossier.deadline_today judges it (one clock for both).
        today_date = to_local(fields.Datetime.now()).date()
        today = SQL("%s::date", today_date)
        pending = SQL(
            outcome_sql(),
            end=SQL("NULL::date"),
            due=SQL("f.due_date"),
            as_of=today,
            forced_late=SQL("f.forced_late"),
            paused=SQL("f.paused"),
        )
        outcome = SQL(
            """CROSS JOIN LATERAL (
                SELECT COALESCE(f.ended_outcome_id,
                                CASE WHEN %(pending)s = 'within' AND NOT f.paused
                                          AND f.promised_date >= %(today)s AND f.promised_date <= %(soon_day)s
                                     THEN %(due_soon)s ELSE %(pending_id)s END) AS outcome_id) o""",
            today=today,
            pending=pending,
            pending_id=self._case(pending, ids),
            due_soon=ids.get("due_soon"),
            soon_day=self._soon_day_sql(today_date),
        )
        return outcome, today

    def _outcome_columns_sql(self):
        """The outcome's code, section and on-time rate of ``o`` (``_outcome_today_sql``)."""
        ids, sections = self._column_ids()
        codes = {column_id: code for code, column_id in ids.items()}
        return SQL(
            """%(outcome_code)s AS outcome_code, o.outcome_id, %(section_id)s AS section_id,
               CASE WHEN o.outcome_id = ANY(%(late)s::int[]) THEN 0.0 ELSE 100.0 END AS on_time_rate""",
            late=[ids[code] for code in LATE_OUTCOMES if code in ids],
            outcome_code=self._case(SQL("o.outcome_id"), codes),
            section_id=self._case(SQL("o.outcome_id"), {ids[code]: sections[code] for code in sections}),
        )

    @property
    def _table_query(self):
        if self.env.context.get(BY_DAY):
            return self._sums_sql()
        outcome, today = self._outcome_today_sql()
        # The stored facts (q1.dossier.fact) are judged on the record as it stands; only a pending dossier's outcome
        # depends on the day: within time, due soon or overdue today. The join to q1_dossier, for the code and the
        # applicant, is left out by PostgreSQL from the queries that read neither (the dashboards' counts).
        return SQL(
            """
            SELECT f.dossier_id AS id, f.dossier_id, 1 AS dossier_count, d.code, d.applicant_name, f.company_id,
                   f.deciding_company_id, f.field_id, f.procedure_id, f.department_id,
                   CASE WHEN f.holder_id = ANY(%(officers)s) THEN f.holder_id END AS officer_id,
                   f.channel, f.state, f.received_date, f.report_month, f.due_date, f.promised_date,
                   f.finished_date, f.end_date, f.forced_late, f.paused, f.supplement_count, %(outcome_columns)s,
                   CASE WHEN f.paused THEN 0 ELSE GREATEST(COALESCE(f.end_date, %(today)s) - f.due_date, 0) END
                       AS days_late,
                   f.handling_days, f.satisfaction_rate, f.dissatisfied, f.digitised, f.e_result, f.returned_date
              FROM q1_dossier_fact f
         LEFT JOIN q1_dossier d ON d.id = f.dossier_id
            %(outcome)s
            """,
            officers=self._officer_ids(),
            today=today,
            outcome=outcome,
            outcome_columns=self._outcome_columns_sql(),
        )

    def _sums_sql(self):
        """The report's rows from the facts' sums by day (``q1.dossier.fact.sum``): one row per key with its number
        of dossiers and the sums the averages are made of, the outcome judged today as for one dossier."""
        outcome, _today = self._outcome_today_sql()
        return SQL(
            """
            SELECT f.company_id, f.deciding_company_id, f.received_date, %(report_month)s AS report_month,
                   %(outcome_columns)s, f.dossier_count, f.handling_days_sum, f.handling_days_count,
                   f.satisfaction_sum, f.satisfaction_count, f.supplement_count
              FROM q1_dossier_fact_sum f
            %(outcome)s
            """,
            report_month=self._report_month_sql(SQL("f.received_date")),
            outcome=outcome,
            outcome_columns=self._outcome_columns_sql(),
        )

    @staticmethod
    def _report_month_sql(received_date):
        """The first day of the reporting month of a reception day, cut-off convention (Decree 09/2019/NĐ-CP: from
        the 15th of the month before to the 14th)."""
        return SQL(
            """(date_trunc('month', %(day)s)
                + CASE WHEN extract(day FROM %(day)s) >= 15 THEN interval '1 month'
                       ELSE interval '0 month' END)::date""",
            day=received_date,
        )

    @property
    def _table_sql(self):
        # Every read of the report (search, read_group, read) builds its query here: the facts of the dossiers
        # changed in this transaction are refreshed first, so the report counts what the user just did.
        self.env["q1.dossier.fact"].sudo()._refresh_marked()
        return super()._table_sql

    def _officer_ids(self):
        return [uid for (uid,) in self.env.execute_query(self._officers_sql())]

    def _soon_day_sql(self, today):
        """The last day still 'due soon' of a dossier's row ``f`` judged on ``today`` (the watchdog's rule,
        q1.dossier.deadline_today): its deciding unit's calendar, else its receiving unit's, else the default
        calendar's."""
        watchdog = self.env["q1.dossier.watchdog"].sudo()
        soon = watchdog._soon_limits(today)
        default = soon.get(self.env.ref("q1_dossier.q1_work_calendar_state").id, today)
        limits = {
            company: soon.get(calendar, today) for company, calendar in watchdog._unit_calendars().items() if calendar
        }
        if not limits:
            return SQL("%s::date", default)
        return SQL(
            "COALESCE(%s, %s, %s::date)",
            self._case(SQL("f.deciding_company_id"), limits),
            self._case(SQL("f.company_id"), limits),
            default,
        )

    def init(self):
        # Each wait looks up its dossier's end (_waits_sql): from this index alone once the table is vacuumed, never
        # from q1_dossier's pages (tests/bench/bench_pages.py).
        if not index_exists(self.env.cr, "q1_dossier_finished_by_id_index"):
            self.env.cr.execute("CREATE INDEX q1_dossier_finished_by_id_index ON q1_dossier (id) INCLUDE (finished_at)")
        return super().init()

    def _read_group(self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None):
        # Compiling these one-pass aggregations just in time costs PostgreSQL more than it saves; grouping a
        # million rows in the default 4 MB of memory spills its sort to disk (tests/bench/bench_pages.py).
        self.env.cr.execute("SET LOCAL jit = off; SET LOCAL work_mem = '64MB'")
        if self._counts_by_day(domain, groupby, aggregates, having, offset, limit, order):
            rows = self._read_group_by_day(domain, groupby, aggregates)
        else:
            by_records = bool(groupby) and all(
                getattr(self._fields.get(spec), "type", None) == "many2one" for spec in groupby
            )
            if not by_records or order != ",".join(groupby) or offset or limit:
                return super()._read_group(domain, groupby, aggregates, having, offset, limit, order)
            # The natural order of many2one groups is their model's order, which PostgreSQL reaches by joining that
            # model to every row before grouping (a fifth of a dashboard's time at a million dossiers): the few
            # groups are put in that order after grouping instead.
            rows = super()._read_group(domain, groupby, aggregates, having)
        ranks = [self._group_ranks(spec, [row[index] for row in rows]) for index, spec in enumerate(groupby)]
        return sorted(rows, key=lambda row: tuple(rank[row[index]] for index, rank in enumerate(ranks)))

    def _counts_by_day(self, domain, groupby, aggregates, having, offset, limit, order):
        """Whether this read_group is answered by the facts' sums by day (``q1.dossier.fact.sum``): counts and the
        averages the dashboards show, grouped and filtered by the units, the day of reception and the outcome, in
        the groups' natural order."""
        if having or offset or limit or (order and order != ",".join(groupby)):
            return False
        if not set(aggregates) <= set(BY_DAY_AGGREGATES):
            return False
        if any(spec.split(":")[0] not in BY_DAY_FIELDS for spec in groupby):
            return False
        leaves = [leaf for leaf in expression.normalize_domain(domain) if expression.is_leaf(leaf)]
        # the true and false leaves name no field
        return all(not isinstance(leaf[0], str) or leaf[0].split(".")[0] in BY_DAY_FIELDS for leaf in leaves)

    def _read_group_by_day(self, domain, groupby, aggregates):
        """``_read_group`` over the facts' sums by day: the same groups and values as over the dossiers' rows (a
        count is the sum of the rows' counts, an average their sum over their count), unordered; the record rules
        apply to the sums' units as to the dossiers'."""
        self.browse().check_access("read")
        report = self.with_context(**{BY_DAY: True})
        query = report._search(domain)
        terms = [report._read_group_groupby(spec, query) for spec in groupby]
        if terms:
            query.groupby = SQL(", ").join(terms)
        sums = {name: SQL.identifier(query.table, name) for name in BY_DAY_SUMS}
        selects = [SQL(BY_DAY_AGGREGATES[spec], **sums) for spec in aggregates]
        rows = self.env.execute_query(query.select(*terms, *selects))
        if not rows:
            return []
        columns = iter(zip(*rows, strict=True))
        result = [self._read_group_postprocess_groupby(spec, next(columns)) for spec in groupby]
        result += [self._read_group_postprocess_aggregate(spec, next(columns)) for spec in aggregates]
        return list(zip(*result, strict=True))

    def action_open_dossier(self):
        self.check_access("read")
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "q1.dossier",
            "res_id": self.dossier_id.id,
            "view_mode": "form",
            "target": "current",
        }

    def onchange(self, values, field_names, fields_spec):
        self.env["q1.dossier"]._check_dossier_ref(values.get("dossier_id"))  # a new row names its dossier
        return super().onchange(values, field_names, fields_spec)

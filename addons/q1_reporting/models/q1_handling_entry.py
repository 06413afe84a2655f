from datetime import timedelta

from odoo import fields, models
from odoo.osv import expression
from odoo.tools import SQL

from odoo.addons.q1_dossier.core.localtime import SQL_UTC_OFFSET

from ..core.handling_report import outcome_sql
from .q1_dossier_report import Q1DossierReport

# The entries' fields that are the dossier's, the same on both of its rows: what a count of the table may filter
# and group by without the rows being spread out (_read_group).
DOSSIER_FIELDS = frozenset(
    {
        "dossier_id",
        "company_id",
        "deciding_company_id",
        "field_id",
        "procedure_id",
        "received_date",
        "due_date",
        "end_date",
    }
)
PER_DOSSIER = "q1_entry_per_dossier"  # context key: the table is one row per dossier with its two columns (its value:
# the part of the dossiers, _dossiers_sql)


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

    At a province's scale (5,000,000 dossiers a year) judging every dossier's waits on every report is what cost:
    the dossiers are read from their stored facts (``q1.dossier.fact``) and only the few whose history goes past
    the day judged are judged again from their waits (``_dossiers_sql`` says why that is exact); a count by
    the dossiers' own fields is made over one row per dossier and spread into the columns after (``_read_group``).
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

    def _window(self):
        context = self.env.context
        today = fields.Date.context_today(self)
        start = fields.Date.to_date(context.get("q1_window_start")) or today.replace(day=1)
        end = fields.Date.to_date(context.get("q1_window_end")) or today
        return start, end

    def _dossiers_sql(self, part=None):
        """The dossiers counted in the window, one row each with its two columns: ``received_column_id`` and
        ``outcome_column_id`` (ids of q1.handling.column), judged at the end of the window.

        A dossier's stored facts (``q1.dossier.fact``) are its judgement on the record as it stands. One that never
        waited is judged at any day D from its dates alone (``core.handling_report.judged``): ended on its end of
        processing if that is by D, else running, against its statistical due date; so its facts give its
        judgement at D once an end after D is read as none. One that waited is judged at D as in its facts once
        every day its judgement reads is by D (its waits' starts and answers, its end of processing: the fact's
        ``history_until``): no wait begins after D, the wait covering D is the one covering every later day, the
        same supplement requests are counted. Only a dossier that waited with a day of its history after the
        window's end, or, received before the window, after the day before it (its carried-over test), is judged
        again from its waits (``_judged_sql``); a past year has a few hundred of them among millions.

        ``part``: ``"stored"`` or ``"judged_again"`` for those dossiers only, else all."""
        start, end = self._window()
        before = start - timedelta(days=1)
        report = self.env["q1.dossier.report"]
        ids, _sections = report._column_ids()
        finished = SQL("(d.finished_at + interval %s)::date", SQL_UTC_OFFSET)
        statistical = SQL("d.statistical_due_date")
        # judged at the end of the window, and at the end of the day before it (pending then: carried over)
        judged = report._judged_sql(end, "last", finished, statistical)
        judged_before = report._judged_sql(before, "before", finished, statistical)
        # every dossier judged again from its waits (the tests' reference for what is read from the facts)
        everything = bool(self.env.context.get("q1_entry_replay_all"))

        def replayed(alias):
            if everything:
                return SQL("TRUE")
            return SQL(
                "(%(until)s > %(end)s OR (%(received)s < %(start)s AND %(until)s > %(before)s))",
                until=SQL.identifier(alias, "history_until"),
                received=SQL.identifier(alias, "received_date"),
                end=end,
                start=start,
                before=before,
            )

        def received(end_before):
            return SQL(
                """CASE WHEN %(received_date)s < %(start)s AND %(end_before)s THEN %(carried_over)s
                        WHEN %(channel)s = 'online' THEN %(online)s ELSE %(direct_postal)s END""",
                received_date=SQL.identifier("received_date"),
                start=start,
                end_before=end_before,
                channel=SQL.identifier("channel"),
                carried_over=ids.get("carried_over"),
                online=ids.get("online"),
                direct_postal=ids.get("direct_postal"),
            )

        def outcome(end_date, due, forced_late, paused):
            # the one outcome rule (core.handling_report.OUTCOME_RULE) judged at the end of the window, as ids
            if not ids:
                return SQL("NULL::int")
            return SQL(outcome_sql(ids), end=end_date, due=due, as_of=end, forced_late=forced_late, paused=paused)

        ended = SQL("f.end_date <= %s", end)
        stored = SQL(
            """
            SELECT f.dossier_id AS id, f.dossier_id, f.company_id, f.deciding_company_id, f.field_id, f.procedure_id,
                   f.received_date, f.due_date, CASE WHEN %(ended)s THEN f.end_date END AS end_date,
                   %(received)s AS received_column_id,
                   -- ended by then: its stored outcome (judged on the same dates: the rule for an ended dossier
                   -- does not read the day); else within time or overdue at the end of the window
                   COALESCE(CASE WHEN %(ended)s THEN f.ended_outcome_id END, %(pending)s) AS outcome_column_id
              FROM q1_dossier_fact f
             WHERE f.received_date <= %(end)s AND (f.end_date IS NULL OR f.end_date >= %(start)s)
               AND %(read_as_stored)s
            """,
            ended=ended,
            received=received(SQL("(f.end_date IS NULL OR f.end_date > %s)", before)),
            pending=outcome(SQL("NULL::date"), SQL("f.due_date"), SQL("f.forced_late"), SQL("f.paused")),
            start=start,
            end=end,
            read_as_stored=SQL("FALSE") if everything else SQL("(f.history_until IS NULL OR NOT %s)", replayed("f")),
        )
        judged_again = SQL(
            """
            SELECT c.id, c.id AS dossier_id, c.company_id, c.deciding_company_id, c.field_id, c.procedure_id,
                   c.received_date, c.due_date, c.end_date, %(received)s AS received_column_id,
                   %(outcome)s AS outcome_column_id
              FROM (
                -- j: the judged day's values computed once per dossier (OFFSET 0: not inlined into every
                -- expression that reads them)
                SELECT r.dossier_id AS id, r.company_id, r.deciding_company_id, r.field_id, r.procedure_id,
                       r.channel, r.received_date, j.due_date, j.end_date, j.forced_late, j.paused, j.end_before
                  FROM q1_dossier_fact r
                  -- the waits of each dossier judged again and its dossier, by its key (these dossiers are found
                  -- by the index on history_until; OFFSET 0 keeps each lookup by key: PostgreSQL cannot tell how
                  -- few they are and would otherwise read the whole of q1_dossier): a unit's report judges its own
            CROSS JOIN LATERAL (SELECT %(last)s, %(before)s FROM (%(waits)s) w) a
            CROSS JOIN LATERAL (SELECT dossier.finished_at, dossier.statistical_due_date FROM q1_dossier dossier
                                 WHERE dossier.id = r.dossier_id OFFSET 0) d
            CROSS JOIN LATERAL (SELECT %(due)s AS due_date, %(end_date)s AS end_date, %(forced_late)s AS forced_late,
                                       %(paused)s AS paused, %(end_before)s AS end_before OFFSET 0) j
                 WHERE r.received_date <= %(end)s AND %(replayed_r)s
              ) c
             WHERE c.end_date IS NULL OR c.end_date >= %(start)s
            """,
            received=received(SQL("c.end_before IS NULL")),
            outcome=outcome(SQL("c.end_date"), SQL("c.due_date"), SQL("c.forced_late"), SQL("c.paused")),
            waits=report._waits_sql(SQL("d.id = r.dossier_id")),
            replayed_r=replayed("r"),
            last=report._wait_aggregates(end, "last"),
            before=report._wait_aggregates(before, "before"),
            start=start,
            end=end,
            due=judged["due"],
            end_date=judged["end"],
            forced_late=judged["forced_late"],
            paused=judged["paused"],
            end_before=judged_before["end"],
        )
        if part == "stored":
            return stored
        if part == "judged_again":
            return judged_again
        return SQL("%s UNION ALL %s", stored, judged_again)

    @property
    def _table_query(self):
        if part := self.env.context.get(PER_DOSSIER):
            return self._dossiers_sql(part)
        return SQL(
            """
            SELECT c.id * 2 + part.no AS id, c.dossier_id, d.code, d.applicant_name, c.company_id,
                   c.deciding_company_id, c.field_id, c.procedure_id, c.received_date, c.due_date, c.end_date,
                   %(section_id)s AS section_id, part.column_id
              FROM (%(dossiers)s) c
         LEFT JOIN q1_dossier d ON d.id = c.id
        CROSS JOIN LATERAL (VALUES (0, c.received_column_id), (1, c.outcome_column_id)) AS part(no, column_id)
            """,
            dossiers=self._dossiers_sql(),
            section_id=self.env["q1.dossier.report"]._case(SQL("part.column_id"), self._sections_of_columns()),
        )

    def _sections_of_columns(self):
        """{column id: its section's id} of q1.handling.column."""
        ids, sections = self.env["q1.dossier.report"]._column_ids()
        return {ids[code]: section for code, section in sections.items()}

    @property
    def _table_sql(self):
        # the entries read the stored facts: those of the dossiers changed in this transaction are refreshed first
        self.env["q1.dossier.fact"].sudo()._refresh_marked()
        return super()._table_sql

    def _read_group(self, domain, groupby=(), aggregates=(), having=(), offset=0, limit=None, order=None):
        self.env.cr.execute("SET LOCAL jit = off; SET LOCAL work_mem = '64MB'")  # see q1.dossier.report._read_group
        if not self._counts_per_dossier(domain, groupby, aggregates, having, offset, limit, order):
            return super()._read_group(domain, groupby, aggregates, having, offset, limit, order)
        # The table's counts by the dossiers' own fields (the statutory form: by field or unit against the
        # columns): counted over one row per dossier, by its two columns, then spread into them, instead of
        # grouping twice as many rows each carrying its column.
        self.browse().check_access("read")
        keys = [spec for spec in groupby if spec not in ("column_id", "section_id")]
        rows = []
        # the dossiers read as stored and those judged again, each part counted by its own query: the first one a
        # plain aggregate over the facts, which PostgreSQL spreads over its parallel workers as it does a bare count
        for part in ("stored", "judged_again"):
            entries = self.with_context(**{PER_DOSSIER: part})
            query = entries._search(domain)
            terms = [entries._read_group_groupby(spec, query) for spec in keys]
            pair = [SQL.identifier(query.table, name) for name in ("received_column_id", "outcome_column_id")]
            query.groupby = SQL(", ").join([*terms, *pair])
            rows += self.env.execute_query(query.select(*terms, *pair, SQL("COUNT(*)")))
        section_of = self._sections_of_columns()
        counts = {}
        for row in rows:
            values, columns, count = row[: len(keys)], row[len(keys) : -1], row[-1]
            for column in columns:
                named = dict(zip(keys, values, strict=True), column_id=column, section_id=section_of.get(column))
                group = tuple(named[spec] for spec in groupby)
                counts[group] = counts.get(group, 0) + count
        if not counts:
            return []
        groups = list(counts)
        columns = [self._read_group_postprocess_groupby(spec, [g[i] for g in groups]) for i, spec in enumerate(groupby)]
        result = [(*values, counts[group]) for group, values in zip(groups, zip(*columns, strict=True), strict=True)]
        ranks = [self._group_ranks(spec, [row[i] for row in result]) for i, spec in enumerate(groupby)]
        return sorted(result, key=lambda row: tuple(rank[row[i]] for i, rank in enumerate(ranks)))

    def _counts_per_dossier(self, domain, groupby, aggregates, having, offset, limit, order):
        """Whether this read_group is counts of entries grouped and filtered by the dossiers' own fields (any of
        them) and the columns, in the groups' natural order: what the per-dossier count answers."""
        if tuple(aggregates) != ("__count",) or having or offset or limit or not groupby:
            return False
        if order and order != ",".join(groupby):
            return False
        for spec in groupby:
            name = spec.split(":")[0]
            if name not in DOSSIER_FIELDS | {"column_id", "section_id"}:
                return False
            if name in ("column_id", "section_id") and spec != name:
                return False
        leaves = [leaf for leaf in expression.normalize_domain(domain) if expression.is_leaf(leaf)]
        # the true and false leaves name no field
        return all(not isinstance(leaf[0], str) or leaf[0].split(".")[0] in DOSSIER_FIELDS for leaf in leaves)

    def onchange(self, values, field_names, fields_spec):
        self.env["q1.dossier"]._check_dossier_ref(values.get("dossier_id"))  # a new row names its dossier
        return super().onchange(values, field_names, fields_spec)

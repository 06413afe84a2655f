from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.sql import table_exists

from .q1_dossier_fact import unit_statistics

# What a row is summed by: what the leaders' dashboards group and filter on (the units, the day of reception, the
# outcome once ended), and for a dossier still running what its outcome today is judged from.
KEYS = (
    "deciding_company_id",
    "company_id",
    "received_date",
    "ended_outcome_id",
    "due_date",
    "promised_date",
    "forced_late",
    "paused",
)
RUNNING_ONLY = frozenset({"due_date", "promised_date", "forced_late", "paused"})


class Q1DossierFactSum(models.Model):
    """The dossiers' stored facts (``q1.dossier.fact``) summed by units, day of reception and outcome: what the
    leaders' dashboards count at a province's scale.

    A pivot of the province's year asks four counts of 5,000,000 dossiers (the total, by unit, by outcome, by both);
    summed by day they are some 170 units × 365 days × a few outcomes, plus the dossiers received in one unit for
    another (tests/bench/bench_province.py). A dossier ended has its outcome for good; one still running is summed
    with what judges it today (its due and promised dates, whether it waits for fees or was asked twice for a
    supplement), so ``q1.dossier.report`` judges each row's outcome as it judges a dossier's.

    A ledger: every refresh of facts adds the rows of the dossiers' facts before it with their counts negated and
    the rows after it (``q1.dossier.fact._upsert``), so concurrent writes only ever insert, and the sums are exact
    in every transaction that sees its own facts; the daily pass (``q1.dossier.fact._check_all``) sums the facts
    again into one row per key. Read in SQL only, by the report, whose record rules apply: no group has access.
    """

    _name = "q1.dossier.fact.sum"
    _description = "Dossier Statistical Facts by Day"
    _log_access = False

    deciding_company_id = fields.Many2one("res.company", string="Deciding Unit", required=True, readonly=True)
    company_id = fields.Many2one("res.company", string="Receiving Unit", required=True, readonly=True)
    received_date = fields.Date(required=True, readonly=True)
    ended_outcome_id = fields.Many2one("q1.handling.column", string="Outcome Once Ended", readonly=True)
    due_date = fields.Date(string="Statistical Due Date", readonly=True, help="Of the dossiers still running.")
    promised_date = fields.Date(readonly=True, help="Of the dossiers still running.")
    forced_late = fields.Boolean(string="Late by Rule", readonly=True, help="Of the dossiers still running.")
    paused = fields.Boolean(string="Waiting for Fees", readonly=True, help="Of the dossiers still running.")
    dossier_count = fields.Integer(string="Number of Dossiers", readonly=True)
    handling_days_sum = fields.Integer(string="Handling Days (sum)", readonly=True)
    handling_days_count = fields.Integer(string="Dossiers with a Handling Time", readonly=True)
    satisfaction_sum = fields.Float(string="Satisfaction (sum)", readonly=True)
    satisfaction_count = fields.Integer(string="Rated Dossiers", readonly=True)
    supplement_count = fields.Integer(string="Supplement Requests", readonly=True)

    @api.model
    def _summed_sql(self, where, sign=1):
        """The facts ``f`` (q1_dossier_fact) matching ``where`` summed by ``KEYS``, counts times ``sign``."""
        keys = SQL(", ").join(
            SQL("CASE WHEN f.ended_outcome_id IS NULL THEN %s END", SQL.identifier("f", key))
            if key in RUNNING_ONLY
            else SQL.identifier("f", key)
            for key in KEYS
        )
        return SQL(
            """SELECT %(keys)s, %(sign)s * COUNT(*), %(sign)s * COALESCE(SUM(f.handling_days), 0),
                      %(sign)s * COUNT(f.handling_days), %(sign)s * COALESCE(SUM(f.satisfaction_rate), 0),
                      %(sign)s * COUNT(f.satisfaction_rate), %(sign)s * COALESCE(SUM(f.supplement_count), 0)
                 FROM q1_dossier_fact f
                WHERE %(where)s
             GROUP BY %(groups)s""",
            keys=keys,
            sign=sign,
            where=where,
            groups=SQL(", ").join(SQL(str(n)) for n in range(1, len(KEYS) + 1)),
        )

    @api.model
    def _columns(self):
        return SQL(", ").join(
            SQL.identifier(name)
            for name in (
                *KEYS,
                "dossier_count",
                "handling_days_sum",
                "handling_days_count",
                "satisfaction_sum",
                "satisfaction_count",
                "supplement_count",
            )
        )

    @api.model
    def _add(self, where, sign):
        """Add the sums of the facts matching ``where`` (an SQL condition on ``f``), negated for ``sign`` -1."""
        self.env.cr.execute(
            SQL("INSERT INTO q1_dossier_fact_sum (%s) %s", self._columns(), self._summed_sql(where, sign))
        )

    @api.model
    def _rebuild(self):
        """One row per key, summed from the facts again (the daily pass): the ledger's rows added since are
        folded in, and rows that summed to nothing are gone."""
        self.env.cr.execute("DELETE FROM q1_dossier_fact_sum")
        self.env.cr.execute(
            SQL("INSERT INTO q1_dossier_fact_sum (%s) %s", self._columns(), self._summed_sql(SQL("TRUE")))
        )
        self.env.cr.execute("ANALYZE q1_dossier_fact_sum")
        self.invalidate_model()

    def init(self):
        # A leader of one unit among a province's reads the sums of that unit only: the record rule's two halves
        # (company_id IN ... OR deciding_company_id IN ...) each by its index.
        for column in ("deciding_company_id", "company_id"):
            self.env.cr.execute(
                SQL(
                    "CREATE INDEX IF NOT EXISTS %s ON q1_dossier_fact_sum (%s, received_date)",
                    SQL.identifier(f"q1_dossier_fact_sum_{column}_index"),
                    SQL.identifier(column),
                )
            )
        unit_statistics(self.env.cr, "q1_dossier_fact_sum")
        # A database whose facts were stored before the sums existed: summed once, now (this model is set up
        # before the facts', whose table a new database does not have yet).
        if not table_exists(self.env.cr, "q1_dossier_fact"):
            return
        self.env.cr.execute("SELECT 1 FROM q1_dossier_fact_sum LIMIT 1")
        if not self.env.cr.rowcount:
            self.env.cr.execute("SELECT 1 FROM q1_dossier_fact LIMIT 1")
            if self.env.cr.rowcount:
                self._rebuild()

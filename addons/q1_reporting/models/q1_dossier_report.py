from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.q1_dossier.core.labels import CHANNELS, STATUSES

# Adding the fixed offset to a UTC timestamp gives the local date far more cheaply than AT TIME ZONE, which
# matters over a million rows (core.localtime says why the offset is exact).
from odoo.addons.q1_dossier.core.localtime import SQL_UTC_OFFSET, TZ_NAME

from ..core.handling_report import LATE_OUTCOMES, outcome_sql


class Q1DossierReport(models.Model):
    """One row per received dossier with the facts leaders' reports count, aggregated by PostgreSQL.

    This view is where the national portal's counting rules are written, once (Decision 766/QĐ-TTg as DVCQG
    applies it, legal-2025-regime.md §2); the statutory table (``q1.handling.entry``), the dashboards and the
    facts handed to ``core.handling_report`` all read these columns:

    * ``due_date`` is the statistical due date: supplement and fee waits are subtracted, and an apology with a
      new appointment does not move it (the promised date does);
    * ``end_date`` is the end of processing: the day the result was ready, or the dossier refused, stopped or
      withdrawn; a dossier waiting for a supplement counts as ended on the day it was asked for;
    * ``forced_late``: a dossier asked for a supplement more than once counts as late whatever its dates.

    The outcome judged from them today (early, on time, late; within, overdue) is the one rule of
    ``core.handling_report.OUTCOME_RULE``, written into the query by ``outcome_sql``; the dashboards split the
    dossiers within time further with ``due_soon`` (the dossier's own deadline state).

    Dossiers never received (drafts, incomplete or refused at the counter) are not rows.
    """

    _name = "q1.dossier.report"
    _description = "Dossier Statistics"
    _inherit = ["q1.dossier.statistics.row"]
    _auto = False
    _order = "received_date desc, id desc"
    # flushed before every query of the view
    _depends = {
        "q1.dossier": [
            "code",
            "applicant_name",
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
            "deadline_state",
            "supplement_count",
            "rating",
            "digitised",
            "finished_at",
            "current_step_id",
        ],
        "q1.dossier.pause": ["dossier_id", "kind", "paused_at", "resumed_at"],
        "q1.dossier.step": ["department_id", "user_id"],
        "q1.handling.column": ["code", "section_id"],
    }

    department_id = fields.Many2one("hr.department", readonly=True)
    officer_id = fields.Many2one(
        "res.users",
        readonly=True,
        help="Holder of the current step, or of the last one once processing ended.",
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

    def _column_ids(self):
        """{column code: id} of q1.handling.column, so that outcomes are ids computed in SQL, not joined."""
        columns = self.env["q1.handling.column"].sudo().search_fetch([], ["code", "section_id"])
        ids = {column.code: column.id for column in columns}
        sections = {column.code: column.section_id.id for column in columns if column.section_id}
        return ids, sections

    @staticmethod
    def _case(expression, mapping):
        """SQL ``CASE <expression> WHEN code THEN value ... END``."""
        return SQL(
            "CASE %s %s END",
            expression,
            SQL(" ").join(SQL("WHEN %s THEN %s", code, value) for code, value in mapping.items()),
        )

    @property
    def _table_query(self):
        ids, sections = self._column_ids()
        return SQL(
            """
            WITH pauses AS (
                SELECT dossier_id,
                       MIN(paused_at) FILTER (WHERE kind = 'supplement' AND resumed_at IS NULL) AS waiting_since,
                       SUM((resumed_at + interval %(utc_offset)s)::date
                           - (paused_at + interval %(utc_offset)s)::date) AS paused_days
                  FROM q1_dossier_pause
              GROUP BY dossier_id
            ), facts AS (
                SELECT d.id, d.code, d.applicant_name, d.company_id, d.deciding_company_id, d.field_id,
                       d.procedure_id, step.department_id, COALESCE(step.user_id, d.user_id) AS officer_id,
                       d.channel, d.state, d.received_date, d.statistical_due_date AS due_date, d.promised_date,
                       d.deadline_state, d.supplement_count, d.rating, d.digitised,
                       (d.finished_at + interval %(utc_offset)s)::date AS finished_date,
                       COALESCE((d.finished_at + interval %(utc_offset)s)::date,
                                (p.waiting_since + interval %(utc_offset)s)::date)
                           AS end_date,
                       COALESCE(d.supplement_count, 0) > 1 AS forced_late,
                       COALESCE(p.paused_days, 0) AS paused_days,
                       (now() AT TIME ZONE %(tz)s)::date AS today
                  FROM q1_dossier d
             LEFT JOIN q1_dossier_step step ON step.id = d.current_step_id
             LEFT JOIN pauses p ON p.dossier_id = d.id
                 WHERE d.received_date IS NOT NULL
            ), ruled AS (
                SELECT facts.*, %(outcome)s AS ruled_outcome
                  FROM facts
            ), judged AS (
                SELECT ruled.*,
                       CASE WHEN ruled_outcome = 'within' AND deadline_state IN ('due_soon', 'due_today')
                            THEN 'due_soon' ELSE ruled_outcome END AS outcome
                  FROM ruled
            )
            SELECT j.id, j.id AS dossier_id, j.code, j.applicant_name, j.company_id, j.deciding_company_id,
                   j.field_id, j.procedure_id, j.department_id, j.officer_id, j.channel, j.state,
                   j.received_date,
                   (date_trunc('month', j.received_date)
                    + CASE WHEN extract(day FROM j.received_date) >= 15 THEN interval '1 month'
                           ELSE interval '0 month' END)::date AS report_month,
                   j.due_date, j.promised_date, j.finished_date, j.end_date, j.forced_late, j.supplement_count,
                   j.outcome AS outcome_code, %(outcome_id)s AS outcome_id, %(section_id)s AS section_id,
                   GREATEST(COALESCE(j.end_date, j.today) - j.due_date, 0) AS days_late,
                   CASE WHEN j.outcome IN %(late)s THEN 0.0 ELSE 100.0 END AS on_time_rate,
                   CASE WHEN j.finished_date IS NOT NULL
                        THEN GREATEST(j.finished_date - j.received_date - j.paused_days, 0) END AS handling_days,
                   CASE WHEN j.rating = 'not_satisfied' THEN 0.0 WHEN j.rating IS NOT NULL THEN 100.0 END
                       AS satisfaction_rate,
                   COALESCE(j.rating = 'not_satisfied', FALSE) AS dissatisfied,
                   COALESCE(j.digitised, FALSE) AS digitised
              FROM judged j
            """,
            tz=TZ_NAME,
            utc_offset=SQL_UTC_OFFSET,
            outcome=SQL(
                outcome_sql(),
                end=SQL("end_date"),
                due=SQL("due_date"),
                as_of=SQL("today"),
                forced_late=SQL("forced_late"),
            ),
            late=LATE_OUTCOMES,
            outcome_id=self._case(SQL("j.outcome"), ids),
            section_id=self._case(SQL("j.outcome"), {code: sections[code] for code in sections}),
        )

    def _read_group(self, *args, **kwargs):
        # Compiling these one-pass aggregations just in time costs PostgreSQL more than it saves.
        self.env.cr.execute("SET LOCAL jit = off")
        return super()._read_group(*args, **kwargs)

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

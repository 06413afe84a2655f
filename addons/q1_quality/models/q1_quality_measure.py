"""The registry of the measures of quality objectives (ISO 9001 6.2, 9.1): what the record computes.

SHARED file (edit under /tmp/q1_quality.lock): each part adds its measure as a ``_q1_measure_<code>`` method in its
own commented section below. Interface (interfaces.md §2):

    env["q1.quality.measure"]._q1_compute(measure, companies, date_from, date_to)
    -> {"value": float | None, "numerator": int | float, "denominator": int | float, "model": str, "domain": list}

``value`` is None when there is nothing to measure (denominator 0); rates are percentages (0-100), the average
handling time is in days. ``model`` + ``domain`` open exactly the records behind the figure (its denominator); a
measure may add ``numerator_domain``, the records its numerator counts. Dates are inclusive ``datetime.date``.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.q1_dossier.core.localtime import to_local
from odoo.addons.q1_reporting.core.handling_report import LATE_OUTCOMES, ON_TIME_OUTCOMES
from odoo.addons.q1_reporting.core.indices import _counts, _finished_in

from ..core import feedback as feedback_core
from ..core.objectives import average, ratio_percent

# The codes of mgmtsystem.indicator's ``q1_measure`` and their labels (the unit of each value: PERCENT_MEASURES).
MEASURES = [
    ("on_time_rate", "Dossiers resolved on time (%)"),
    ("average_days", "Average handling time (days)"),
    ("online_share", "Online dossiers (%)"),
    ("digitised_share", "Digitised dossiers (%)"),
    ("satisfaction", "Satisfaction with the handling (%)"),
    ("feedback_on_time", "Feedback answered on time (%)"),
    ("nc_closed_on_time", "Nonconformities closed on time (%)"),
]
# Measures whose value is a percentage (the others are in days).
PERCENT_MEASURES = frozenset(code for code, _label in MEASURES if code != "average_days")


class Q1QualityMeasure(models.AbstractModel):
    _name = "q1.quality.measure"
    _description = "Measure of a Quality Objective"

    @api.model
    def _q1_compute(self, measure, companies, date_from, date_to):
        """The measure ``measure`` over the units ``companies`` (res.company) from ``date_from`` to ``date_to``
        (inclusive dates), counted as the system: the caller checks who may see it."""
        if measure not in dict(MEASURES):
            raise UserError(self.env._("Unknown measure of a quality objective: %(code)s.", code=measure))
        if not date_from or not date_to or date_from > date_to:
            raise UserError(self.env._("The start of the period must not be after its end."))
        method = getattr(self, f"_q1_measure_{measure}", None)
        if method is None:
            raise UserError(self.env._("The measure %(code)s is not available yet.", code=measure))
        return method(companies, date_from, date_to)

    # ------------------------------------------------------------------ OBJECTIVES: the dossiers' measures
    # The same rules as the statutory report's 766 indices: the facts q1_reporting's wizard reads
    # (q1.handling.report.wizard._index_items) and the counting of q1_reporting.core.indices (2.1, 2.2, 3.3, 4.2,
    # 5.4); only the dossiers behind each count are kept, for the drill-down.

    @api.model
    def _q1_dossier_items(self, companies, date_from, date_to):
        """The index facts of the dossiers the units decide, counted in the window: [IndexFact] (ref = dossier id).
        Within one pass (a dict in the context's ``q1_measure_cache``) each window is read once for all the
        indicators that measure it."""
        key = (tuple(sorted(companies.ids)), date_from, date_to)
        cache = self.env.context.get("q1_measure_cache")
        if cache is None:
            cache = {}
        if key not in cache:
            wizard = (
                self.env["q1.handling.report.wizard"]
                .sudo()
                .new(
                    {
                        "company_ids": [(6, 0, companies.ids)],
                        "period_kind": "custom",
                        "date_from": date_from,
                        "date_to": date_to,
                    }
                )
            )
            cache[key] = [item for items in wizard._index_items().values() for item in items]
        return cache[key]

    @api.model
    def _q1_dossier_result(self, value, numerator_ids, denominator_ids, numerator=None, denominator=None):
        return {
            "value": value,
            "numerator": len(numerator_ids) if numerator is None else numerator,
            "denominator": len(denominator_ids) if denominator is None else denominator,
            "model": "q1.dossier",
            "domain": [("id", "in", sorted(denominator_ids))],
            "numerator_domain": [("id", "in", sorted(numerator_ids))],
        }

    @api.model
    def _q1_measure_on_time_rate(self, companies, date_from, date_to):
        """766 index 2.1: (early + on time + pending within the limit) / the dossiers of the handling table."""
        counted = _counts(self._q1_dossier_items(companies, date_from, date_to), date_from, date_to)
        everyone = [item.fact.ref for item, _columns in counted]
        good = [item.fact.ref for item, (_received, outcome) in counted if outcome in ON_TIME_OUTCOMES]
        return self._q1_dossier_result(ratio_percent(len(good), len(everyone)), good, everyone)

    @api.model
    def _q1_measure_average_days(self, companies, date_from, date_to):
        """766 index 2.2: handling days (waits excluded, the unit's working days) averaged over the dossiers
        received in the window and finished by its end."""
        items = self._q1_dossier_items(companies, date_from, date_to)
        counted = [item for item, _columns in _counts(items, date_from, date_to)]
        finished = [item for item in counted if item.fact.received_on >= date_from]
        finished = [item for item in finished if _finished_in(item, date_from, date_to)]
        ids = [item.fact.ref for item in finished]
        total = float(sum(item.handling_days for item in finished))
        return self._q1_dossier_result(average(total, len(ids)), ids, ids, numerator=total)

    @api.model
    def _q1_received(self, companies, date_from, date_to):
        """The dossiers of the handling table received in the window (the denominator of 3.3 and 4.2)."""
        items = self._q1_dossier_items(companies, date_from, date_to)
        return [item for item, _columns in _counts(items, date_from, date_to) if item.fact.received_on >= date_from]

    @api.model
    def _q1_measure_online_share(self, companies, date_from, date_to):
        """766 index 3.3: dossiers received online / dossiers received in the window."""
        new = self._q1_received(companies, date_from, date_to)
        online = [item.fact.ref for item in new if item.fact.channel == "online"]
        return self._q1_dossier_result(ratio_percent(len(online), len(new)), online, [i.fact.ref for i in new])

    @api.model
    def _q1_measure_digitised_share(self, companies, date_from, date_to):
        """766 index 4.2: dossiers with digitised components and an electronic result / received in the window."""
        new = self._q1_received(companies, date_from, date_to)
        done = [item.fact.ref for item in new if item.digitised and item.e_result]
        return self._q1_dossier_result(ratio_percent(len(done), len(new)), done, [i.fact.ref for i in new])

    @api.model
    def _q1_measure_satisfaction(self, companies, date_from, date_to):
        """766 index 5.4: 100 % - (late rate + rate of dossiers rated "not satisfied" or complained about) over the
        dossiers of the handling table, never below 0. The numerator's dossiers are those neither late nor
        dissatisfied (the count is the index's: counted - late - dissatisfied, floor 0)."""
        counted = _counts(self._q1_dossier_items(companies, date_from, date_to), date_from, date_to)
        everyone = [item.fact.ref for item, _columns in counted]
        late = sum(outcome in LATE_OUTCOMES for _item, (_r, outcome) in counted)
        dissatisfied = sum(item.dissatisfied for item, _columns in counted)
        satisfied = max(len(everyone) - late - dissatisfied, 0)
        good = [
            item.fact.ref
            for item, (_received, outcome) in counted
            if outcome not in LATE_OUTCOMES and not item.dissatisfied
        ]
        return self._q1_dossier_result(ratio_percent(satisfied, len(everyone)), good, everyone, numerator=satisfied)

    # ------------------------------------------------------------------ FEEDBACK: _q1_measure_feedback_on_time

    @api.model
    def _q1_measure_feedback_on_time(self, companies, date_from, date_to):
        """766 index 5.2: citizens' feedback received in the window and handled on time (answered or refused by its
        deadline, or still open within it at the window's end) / the feedback received in the window; counted as
        the statutory wizard counts it (q1_quality.core.feedback, judged at the end of the window)."""
        Feedback = self.env["q1.feedback"]
        facts = [fact for items in Feedback._q1_index_facts(companies, date_from, date_to).values() for fact in items]
        counted = feedback_core.counted(facts, date_from, date_to)
        good = [fact.key for fact in counted if feedback_core.judge(fact, date_to) in ("on_time", "within")]
        everyone = [fact.key for fact in counted]
        return {
            "value": ratio_percent(len(good), len(everyone)),
            "numerator": len(good),
            "denominator": len(everyone),
            "model": "q1.feedback",
            "domain": [("id", "in", sorted(everyone))],
            "numerator_domain": [("id", "in", sorted(good))],
        }

    # ------------------------------------------------------------------ NONCONFORMITIES: _q1_measure_nc_closed_on_time

    @api.model
    def _q1_measure_nc_closed_on_time(self, companies, date_from, date_to):
        """Nonconformities closed on time (ISO 10.2): of the nonconformities of the units whose closing was due in
        the window (``q1_close_due``), cancelled ones excepted, those closed by their due date (the local day of
        ``closing_date``). One still open and not yet due (its due date is today or later) is not judged yet and
        left out; one open past its due date counts as late."""
        ncs = (
            self.env["mgmtsystem.nonconformity"]
            .sudo()
            .search(
                [
                    ("company_id", "in", companies.ids),
                    ("q1_close_due", ">=", date_from),
                    ("q1_close_due", "<=", date_to),
                    ("state", "!=", "cancel"),
                ]
            )
        )
        today = to_local(fields.Datetime.now()).date()
        judged = ncs.filtered(lambda nc: nc.state == "done" or nc.q1_close_due < today)
        on_time = judged.filtered(
            lambda nc: nc.state == "done" and nc.closing_date and to_local(nc.closing_date).date() <= nc.q1_close_due
        )
        return {
            "value": ratio_percent(len(on_time), len(judged)),
            "numerator": len(on_time),
            "denominator": len(judged),
            "model": "mgmtsystem.nonconformity",
            "domain": [("id", "in", sorted(judged.ids))],
            "numerator_domain": [("id", "in", sorted(on_time.ids))],
        }

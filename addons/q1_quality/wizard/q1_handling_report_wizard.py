from dataclasses import replace
from datetime import datetime, time, timedelta

from odoo import models

from odoo.addons.q1_dossier.core.localtime import to_utc
from odoo.addons.q1_reporting.core.indices import IndexResult, IndexWeight, points

from ..core import feedback as core


class Q1HandlingReportWizard(models.TransientModel):
    """Decision 766 indices 5.2 (feedback handled on time) and 5.3 (satisfaction with the handling of feedback),
    computed from the citizens' feedback records, beside the indices q1_reporting computes from the dossiers: in
    the statutory wizard and, through it, in every issued report. Their weights are ``q1.service.index`` records
    (data/q1_feedback_index_data.xml, UNCONFIRMED values a manager corrects)."""

    _inherit = "q1.handling.report.wizard"

    def _index_items(self):
        """The dossiers' index facts, a dossier with justified feedback about it (answered by the end of the window)
        counted "dissatisfied" in 5.4 as one rated "not satisfied" is (legal-2025-regime.md §5: 100 % − (late rate
        + rate of dossiers with PAKN or a dislike); only justified feedback counts against the unit)."""
        items = super()._index_items()
        refs = [item.fact.ref for unit_items in items.values() for item in unit_items if not item.dissatisfied]
        if not refs:
            return items
        end = to_utc(datetime.combine(self.date_to + timedelta(days=1), time.min))
        complained = set(
            self.env["q1.feedback"]
            .sudo()
            .search([("dossier_id", "in", refs), ("justified", "=", True), ("answered_at", "<", end)])
            .dossier_id.ids
        )
        if not complained:
            return items
        return {
            unit_id: [replace(item, dissatisfied=True) if item.fact.ref in complained else item for item in unit_items]
            for unit_id, unit_items in items.items()
        }

    def _index_results(self):
        results = super()._index_results()
        codes = (core.INDEX_ON_TIME, core.INDEX_SATISFACTION)
        if not any(result.code in codes for unit_results in results.values() for result in unit_results):
            return results
        weights = {weight.code: weight for weight in self._index_weights() if weight.code in codes}
        facts = self.env["q1.feedback"]._q1_index_facts(self.company_ids, self.date_from, self.date_to)
        for unit_id, unit_results in results.items():
            # a wizard made with new() (the review's gathering) has new units: their facts are the real units'
            real_id = getattr(unit_id, "origin", None) or unit_id
            measured = core.measures(facts.get(real_id, []), self.date_from, self.date_to)
            results[unit_id] = [
                self._q1_feedback_result(weights[result.code], *measured[result.code])
                if result.code in weights
                else result
                for result in unit_results
            ]
        return results

    @staticmethod
    def _q1_feedback_result(weight: IndexWeight, numerator, denominator):
        rate = numerator / denominator if denominator else None
        return IndexResult(
            weight.code,
            weight.name,
            float(numerator),
            float(denominator),
            rate,
            points(rate, weight),
            weight.max_points,
        )

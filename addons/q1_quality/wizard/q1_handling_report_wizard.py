from odoo import models

from odoo.addons.q1_reporting.core.indices import IndexResult, IndexWeight, points

from ..core import feedback as core


class Q1HandlingReportWizard(models.TransientModel):
    """Decision 766 indices 5.2 (feedback handled on time) and 5.3 (satisfaction with the handling of feedback),
    computed from the citizens' feedback records, beside the indices q1_reporting computes from the dossiers: in
    the statutory wizard and, through it, in every issued report. Their weights are ``q1.service.index`` records
    (data/q1_feedback_index_data.xml, UNCONFIRMED values a manager corrects)."""

    _inherit = "q1.handling.report.wizard"

    def _index_results(self):
        results = super()._index_results()
        codes = (core.INDEX_ON_TIME, core.INDEX_SATISFACTION)
        if not any(result.code in codes for unit_results in results.values() for result in unit_results):
            return results
        weights = {weight.code: weight for weight in self._index_weights() if weight.code in codes}
        facts = self.env["q1.feedback"]._q1_index_facts(self.company_ids, self.date_from, self.date_to)
        for unit_id, unit_results in results.items():
            measured = core.measures(facts.get(unit_id, []), self.date_from, self.date_to)
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

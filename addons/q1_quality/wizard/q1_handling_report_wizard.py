from dataclasses import replace
from datetime import datetime, time, timedelta
from functools import cache

from odoo import models

from odoo.addons.q1_dossier.core.localtime import to_utc

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
        # the facts are read once, and only if a weight asks for these codes
        facts = cache(lambda: self.env["q1.feedback"]._q1_index_facts(self.company_ids, self.date_from, self.date_to))
        codes = (core.INDEX_ON_TIME, core.INDEX_SATISFACTION)
        return self._replace_index_results(
            super()._index_results(),
            codes,
            lambda unit_id: core.measures(facts().get(unit_id, []), self.date_from, self.date_to),
        )

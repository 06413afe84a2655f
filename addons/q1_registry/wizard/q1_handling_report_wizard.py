from dataclasses import replace
from datetime import datetime, time, timedelta
from functools import cache

from odoo import models

from odoo.addons.q1_dossier.core.localtime import to_local, to_utc

from ..core import indices as core


class Q1HandlingReportWizard(models.TransientModel):
    """Decision 766 indices 4.1 (electronic results) and 4.3 (reuse of digitised data), computed from the dossiers'
    signed results and the citizens' records (core.indices says who is counted), and 4.2 with a signed result file
    counted as an electronic result: in the statutory wizard and, through it, in every issued report. Their weights
    are ``q1.service.index`` records (data/q1_registry_index_data.xml)."""

    _inherit = "q1.handling.report.wizard"

    def _q1_window_end_utc(self):
        """The first instant after the window's last day (local), in UTC: what is stamped before it counts."""
        return to_utc(datetime.combine(self.date_to + timedelta(days=1), time.min))

    def _index_items(self):
        """The dossiers' index facts, a dossier whose result was signed as a file by the end of the window having an
        electronic result for 4.2 as one returned electronically has (core.indices.has_e_result)."""
        items = super()._index_items()
        refs = [item.fact.ref for unit_items in items.values() for item in unit_items if not item.e_result]
        if not refs:
            return items
        signed = set(
            self.env["q1.dossier"]
            .sudo()
            .search([("id", "in", refs), ("e_result_signed_at", "<", self._q1_window_end_utc())])
            .ids
        )
        if not signed:
            return items
        return {
            unit_id: [replace(item, e_result=True) if item.fact.ref in signed else item for item in unit_items]
            for unit_id, unit_items in items.items()
        }

    def _q1_result_facts(self):
        """{unit id: [core.indices.ResultFact]} of the dossiers the selected units decide, received in the window:
        read as the user (the record rules of the dossiers apply), in one search."""
        self.ensure_one()
        # a wizard made with new() (the review's gathering) has new units: the real units' ids
        unit_ids = [getattr(unit_id, "origin", None) or unit_id for unit_id in self.company_ids.ids]
        facts = {unit_id: [] for unit_id in unit_ids}
        Dossier = self.env["q1.dossier"]
        fields = ["deciding_company_id", "received_date", "state", "finished_at", "procedure_id", "e_result"]
        fields += ["returned_at", "e_result_signed_at", "reused"]
        dossiers = Dossier.search_fetch(
            [
                ("deciding_company_id", "in", unit_ids),
                ("received_date", ">=", self.date_from),
                ("received_date", "<=", self.date_to),
            ],
            fields,
        )
        issues = {procedure.id: procedure.issues_result for procedure in dossiers.procedure_id.sudo()}

        def day(moment):
            return to_local(moment).date() if moment else None

        for dossier in dossiers:
            with_result = dossier.state in ("done", "returned")
            facts.setdefault(dossier.deciding_company_id.id, []).append(
                core.ResultFact(
                    received_on=dossier.received_date,
                    result_on=day(dossier.finished_at) if with_result else None,
                    needs_result=issues.get(dossier.procedure_id.id, False),
                    signed_on=day(dossier.e_result_signed_at),
                    returned_electronically_on=day(dossier.returned_at) if dossier.e_result else None,
                    reused=dossier.reused,
                    ref=dossier.id,
                )
            )
        return facts

    def _index_results(self):
        # the facts are read once, and only if a weight asks for these codes
        facts = cache(lambda: self._q1_result_facts())
        codes = (core.INDEX_E_RESULT, core.INDEX_REUSE)
        return self._replace_index_results(
            super()._index_results(),
            codes,
            lambda unit_id: core.measures(facts().get(unit_id, []), self.date_from, self.date_to),
        )

    def _q1_index_dossier_ids(self, unit_id, code):
        """(numerator ids, denominator ids) of the dossiers behind index ``code`` (4.1 or 4.3) for unit ``unit_id``:
        what the index line's drill-down opens."""
        self.ensure_one()
        facts = self._q1_result_facts().get(unit_id, [])
        if code == core.INDEX_E_RESULT:
            numerator, denominator = core.e_result_dossiers(facts, self.date_from, self.date_to)
        elif code == core.INDEX_REUSE:
            numerator, denominator = core.reuse_dossiers(facts, self.date_from, self.date_to)
        else:
            return [], []
        return [fact.ref for fact in numerator], [fact.ref for fact in denominator]

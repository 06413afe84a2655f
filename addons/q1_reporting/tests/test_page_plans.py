"""The plans behind the pages at a million dossiers (issue 12, What to build 7): what a plan must keep whatever the
size of the test database, checked with EXPLAIN. The timings themselves are tests/bench/bench_pages.py's."""

import json

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL


def plan_nodes(node):
    yield node
    for child in node.get("Plans", ()):
        yield from plan_nodes(child)


@tagged("post_install", "-at_install")
class TestPagePlans(TransactionCase):
    def test_waits_read_their_dossier_by_its_key(self):
        """Each wait looks up its own dossier's end; the dossiers are never read whole to judge the waits (the
        dashboard's regression: a merge join over all of q1_dossier on every query). Joins by hash or merge are
        what PostgreSQL prefers at a million rows: they are the ones it is offered here."""
        self.env.cr.execute("SET LOCAL enable_nestloop = off")
        self.env.cr.execute(
            SQL("EXPLAIN (FORMAT JSON) SELECT * FROM (%s) w", self.env["q1.dossier.report"]._waits_sql())
        )
        plan = self.env.cr.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        scans = [node for node in plan_nodes(plan[0]["Plan"]) if node.get("Relation Name") == "q1_dossier"]
        self.assertTrue(scans)
        for scan in scans:
            condition = scan.get("Index Cond", "") + scan.get("Filter", "")
            self.assertIn("p.dossier_id", condition, f"q1_dossier read whole to judge the waits: {scan['Node Type']}")

    def test_boards_indexes(self):
        """The boards' columns read their first cards in order, and count, within the user's units; the waits read
        their dossier's end from an index."""
        self.env.cr.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'q1_dossier' AND indexname LIKE %s",
            ["q1_dossier_%_index"],
        )
        indexes = dict(self.env.cr.fetchall())
        for name, columns in (
            ("q1_dossier_stage_received_index", "(stage_id, received_at DESC, id DESC)"),
            ("q1_dossier_company_stage_index", "(company_id, stage_id)"),
            ("q1_dossier_deciding_stage_index", "(deciding_company_id, stage_id)"),
            ("q1_dossier_finished_by_id_index", "(id) INCLUDE (finished_at)"),
        ):
            self.assertIn(name, indexes)
            self.assertTrue(indexes[name].endswith(columns), indexes[name])

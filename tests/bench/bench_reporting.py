#!/usr/bin/env python3
"""Benchmark: the leaders' reports over a database filled by ``generate_dossiers.py`` (issue 4 targets).

    ODOO_PATH=/opt/odoo18 ODOO_PYTHON=/opt/odoo-venv/bin/python python tests/bench/bench_reporting.py --db NAME \
        [--year 2026] [--repeat 3] [--skip-naive]

Times, on the database as it is (nothing is written):
  * the statutory handling report of a cut-off year over all units (``q1.handling.report.wizard.handling_rows``:
    one query over ``q1.dossier.report``, then ``core.handling_report.handling_table``), target < 2 s;
  * the same table computed the naive way, an ORM loop over the dossier records, for comparison (and the two
    tables must be equal);
  * a dashboard pivot: ``q1.dossier.report`` grouped by deciding unit and outcome with the on-time rate, average
    handling time and satisfaction measures, over the same year, as the pivot view asks it, target < 1 s.
The tracking book's XLSX has its own benchmark, ``bench_tracking_book.py --db NAME --n 0``.
Prints one line per figure with PASS/FAIL; exits 1 when a target is missed or the tables differ.
"""

import argparse
import sys
import time as clock

from bench_due_date import odoo_or_reexec  # same folder: the Odoo import is shared, not copied
from bench_watchdog import addons_path

REPORT_TARGET_S = 2.0
PIVOT_TARGET_S = 1.0


def best_of(repeat, function):
    """(best seconds, result) over ``repeat`` runs."""
    best, result = None, None
    for _ in range(repeat):
        start = clock.perf_counter()
        result = function()
        elapsed = clock.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def naive_table(env, wizard):
    """The handling table from an ORM loop over q1.dossier records (what the report would cost without the view)."""
    from odoo.addons.q1_dossier.core.localtime import to_local
    from odoo.addons.q1_reporting.core.handling_report import DossierFact, handling_table

    start, end = wizard.date_from, wizard.date_to
    dossiers = env["q1.dossier"].search(
        [
            ("deciding_company_id", "in", wizard.company_ids.ids),
            ("received_date", "!=", False),
            ("received_date", "<=", end),
        ]
    )
    facts = []
    for dossier in dossiers:
        waiting = dossier.pause_ids.filtered(lambda p: p.kind == "supplement" and not p.resumed_at)
        ended = dossier.finished_at or (waiting[:1].paused_at if waiting else None)
        ended_on = to_local(ended).date() if ended else None
        if ended_on is not None and ended_on < start:
            continue
        facts.append(
            DossierFact(
                dossier.field_id.id,
                dossier.channel,
                dossier.received_date,
                dossier.statistical_due_date,
                ended_on,
                False,
                dossier.supplement_count > 1,
                dossier.id,
            )
        )
    return handling_table(facts, start, end), len(facts)


def pivot(env, start, end):
    return env["q1.dossier.report"].read_group(
        [("received_date", ">=", start), ("received_date", "<=", end)],
        ["__count", "on_time_rate:avg", "handling_days:avg", "satisfaction_rate:avg"],
        ["deciding_company_id", "outcome_id"],
        lazy=False,
    )


def run(odoo, db, args):
    odoo.tools.config.parse_config(["-d", db, f"--addons-path={addons_path()}", "--log-level=warn"])
    registry = odoo.modules.registry.Registry(db)
    failed = False
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        try:
            units = env["res.company"].search([("q1_unit_code", "!=", False)])
            total = env["q1.dossier"].search_count([])
            wizard = env["q1.handling.report.wizard"].create(
                {
                    "company_ids": [(6, 0, units.ids)],
                    "period_kind": "year",
                    "year": args.year,
                    "convention": "cutoff",
                    "group_by": "field",
                }
            )
            start, end = wizard.date_from, wizard.date_to
            print(
                f"database {db}: {total:,} dossiers, {len(units)} units; year {args.year} "
                f"(cut-off {start:%d/%m/%Y}–{end:%d/%m/%Y})",
                flush=True,
            )

            seconds, (rows, _labels) = best_of(args.repeat, lambda: (env.invalidate_all(), wizard._handling_rows())[1])
            counted = rows[-1].received
            verdict = "PASS" if seconds < REPORT_TARGET_S else "FAIL"
            failed |= verdict == "FAIL"
            print(
                f"handling report, year, all units: {seconds:.2f} s for {counted:,} dossiers counted "
                f"(target < {REPORT_TARGET_S:g} s): {verdict}",
                flush=True,
            )

            seconds, groups = best_of(args.repeat, lambda: (env.invalidate_all(), pivot(env, start, end))[1])
            verdict = "PASS" if seconds < PIVOT_TARGET_S else "FAIL"
            failed |= verdict == "FAIL"
            print(
                f"dashboard pivot (unit × outcome, 3 measures), year: {seconds:.2f} s, {len(groups)} cells "
                f"(target < {PIVOT_TARGET_S:g} s): {verdict}",
                flush=True,
            )

            if not args.skip_naive:
                env.invalidate_all()
                begin = clock.perf_counter()
                naive_rows, looped = naive_table(env, wizard)
                seconds = clock.perf_counter() - begin
                by_key = {row.key: row for row in naive_rows}
                same = len(naive_rows) == len(rows) and all(by_key.get(row.key) == row for row in rows)
                failed |= not same
                print(
                    f"naive ORM loop, same report: {seconds:.1f} s over {looped:,} records; "
                    f"tables {'identical' if same else 'DIFFERENT'}",
                    flush=True,
                )
        finally:
            cr.rollback()
    return failed


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="database filled by generate_dossiers.py (read only)")
    parser.add_argument("--year", type=int, default=2026, help="cut-off year of the report (default 2026)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the best is printed")
    parser.add_argument("--skip-naive", action="store_true", help="skip the slow ORM loop")
    args = parser.parse_args(argv)
    odoo = odoo_or_reexec(argv, "reporting benchmark")
    if odoo is None:
        return 0
    return 1 if run(odoo, args.db, args) else 0


if __name__ == "__main__":
    sys.exit(main())

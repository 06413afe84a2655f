#!/usr/bin/env python3
"""Benchmark: the tracking book's XLSX for the busiest month of a database filled by ``generate_dossiers.py``.

    ODOO_PATH=/opt/odoo18 ODOO_PYTHON=/opt/odoo-venv/bin/python python tests/bench/bench_tracking_book.py --db NAME \
        [--target-seconds 10] [--target-mb 500] [--profile]

Finds the calendar month with the most received dossiers (all units), then times the wizard's export
(``q1.tracking.book.action_export_xlsx``: the read of the dossiers and their first steps, the rows, the
spreadsheet) end to end, and reports the process's peak resident memory (``ru_maxrss``, which includes the
Odoo registry loaded before the export). Nothing is written to the database. ``--profile`` prints the top of a
cProfile of the export.
"""
import argparse
import base64
import cProfile
import os
import pstats
import resource
import sys
import time as clock
from datetime import timedelta

from bench_due_date import import_odoo
from bench_watchdog import addons_path


def busiest_month(env):
    env.cr.execute("""SELECT date_trunc('month', received_date)::date AS month, count(*) FROM q1_dossier
                       WHERE received_date IS NOT NULL GROUP BY 1 ORDER BY 2 DESC LIMIT 1""")
    return env.cr.fetchone()


def run(odoo, args):
    odoo.tools.config.parse_config(["-d", args.db, f"--addons-path={addons_path()}", "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        try:
            month, count = busiest_month(env)
            last = (month.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
            units = env["res.company"].search([("q1_unit_code", "!=", False)])
            book = env["q1.tracking.book"].create({"date_from": month, "date_to": last,
                                                   "company_ids": [(6, 0, units.ids)]})
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            profiler = cProfile.Profile() if args.profile else None
            start = clock.perf_counter()
            if profiler:
                profiler.enable()
            book.action_export_xlsx()
            if profiler:
                profiler.disable()
            seconds = clock.perf_counter() - start
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            size = len(base64.b64decode(book.file_data)) / 1e6
            if profiler:
                pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        finally:
            cr.rollback()
    print(f"month {month:%m/%Y}: {count:,} dossiers received, XLSX {size:.1f} MB", flush=True)
    time_ok, memory_ok = seconds < args.target_seconds, peak < args.target_mb
    print(f"tracking book XLSX: {seconds:.1f} s (target < {args.target_seconds:g} s): {'PASS' if time_ok else 'FAIL'}")
    print(f"peak memory of the process: {peak:.0f} MB, {before:.0f} MB before the export "
          f"(target < {args.target_mb:g} MB): {'PASS' if memory_ok else 'FAIL'}")
    return time_ok and memory_ok


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="database filled by generate_dossiers.py (read only)")
    parser.add_argument("--target-seconds", type=float, default=10.0)
    parser.add_argument("--target-mb", type=float, default=500.0)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)
    odoo = import_odoo()
    if odoo is None:
        odoo_python = os.environ.get("ODOO_PYTHON")
        if odoo_python and os.environ.get("ODOO_PATH") and not os.environ.get("Q1_BENCH_REEXEC"):
            os.environ["Q1_BENCH_REEXEC"] = "1"
            os.execv(odoo_python, [odoo_python, __file__, *(sys.argv[1:] if argv is None else argv)])
        print("tracking book benchmark skipped: set ODOO_PATH and ODOO_PYTHON")
        return 0
    return 0 if run(odoo, args) else 1


if __name__ == "__main__":
    sys.exit(main())

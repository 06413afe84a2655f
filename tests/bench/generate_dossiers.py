#!/usr/bin/env python3
"""Fill a database with generated dossier histories (``q1.dossier.generator``), for the reporting benchmarks.

    ODOO_PATH=/opt/odoo18 ODOO_PYTHON=/opt/odoo-venv/bin/python python tests/bench/generate_dossiers.py \
        --db NAME [--create] [--count 1000000] [--days 300] [--seed 2026] [--units 168]

``--create`` makes the database first with ``odoo-bin -i q1_reporting`` (``q1_dossier`` in a tree without the
reporting addon) and the demo data (the four wards, their officers and the procedure catalogue the histories
are drawn from). The dossiers are received over the
``--days`` days before today (1,000,000 over 300 days is ≈ 100,000 a month across the four wards), with the
channels, waits, lateness, extensions, returns and ratings of ``core.generator``. ``--units N`` first adds
generated receiving units up to N (``q1.dossier.generator._ensure_units``: a province, 168 for Ho Chi Minh City;
5,000,000 dossiers over 365 days is its year) and spreads the dossiers over all of them. Prints the time taken and
the rate in dossiers and in rows (dossiers, control-slip steps and pauses) per second.
"""

import argparse
import sys

from bench_due_date import ROOT, odoo_or_reexec
from bench_watchdog import addons_path, create_database

GENERATED_TABLES = ("q1_dossier", "q1_dossier_step", "q1_dossier_pause")


def top_addon():
    """The addon whose installation brings everything: the reporting one when this tree has it."""
    return "q1_reporting" if (ROOT / "addons" / "q1_reporting" / "__manifest__.py").exists() else "q1_dossier"


def row_counts(cr):
    cr.execute("SELECT " + ", ".join(f"(SELECT count(*) FROM {table})" for table in GENERATED_TABLES))
    return list(cr.fetchone())


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--create", action="store_true", help="create the database with the demo data first")
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--units", type=int, default=0, help="add generated receiving units up to this number")
    args = parser.parse_args(argv)
    odoo = odoo_or_reexec(argv, "generation")
    if odoo is None:
        return 2
    if args.create:
        create_database(args.db, top_addon(), demo=True)
    odoo.tools.config.parse_config(["-d", args.db, f"--addons-path={addons_path()}", "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        if args.units:
            units = env["q1.dossier.generator"]._ensure_units(args.units)
            cr.commit()
            print(f"{len(units)} receiving units", flush=True)
        before = row_counts(cr)
        result = env["q1.dossier.generator"].load(args.count, seed=args.seed, days=args.days)
        cr.commit()
        after = row_counts(cr)
    seconds, rows = result["seconds"], sum(after) - sum(before)
    print(
        f"generated {result['count']:,} dossiers ({rows:,} rows: dossiers, steps, pauses) in {seconds:.0f} s: "
        f"{result['count'] / seconds:,.0f} dossiers and {rows / seconds:,.0f} rows per second; "
        f"the database holds {after[0]:,} dossiers"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())

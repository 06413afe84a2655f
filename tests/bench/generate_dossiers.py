#!/usr/bin/env python3
"""Fill a database with generated dossier histories (``q1.dossier.generator``), for the reporting benchmarks.

    ODOO_PATH=/opt/odoo18 ODOO_PYTHON=/opt/odoo-venv/bin/python python tests/bench/generate_dossiers.py \
        --db NAME [--create] [--count 1000000] [--days 300] [--seed 2026]

``--create`` makes the database first with ``odoo-bin -i q1_reporting`` and the demo data (the four wards,
their officers and the procedure catalogue the histories are drawn from). The dossiers are received over the
``--days`` days before today (1,000,000 over 300 days is ≈ 100,000 a month across the four wards), with the
channels, waits, lateness, extensions, returns and ratings of ``core.generator``. Prints the time taken.
"""
import argparse
import os
import subprocess
import sys
from pathlib import Path

from bench_due_date import odoo_or_reexec
from bench_watchdog import addons_path


def create_database(db):
    command = [os.environ.get("ODOO_PYTHON", sys.executable), str(Path(os.environ["ODOO_PATH"], "odoo-bin")),
               "-d", db, "-i", "q1_reporting", f"--addons-path={addons_path()}", "--stop-after-init",
               "--load-language=vi_VN", "--log-level=warn"]
    print(f"creating database {db} (odoo-bin -i q1_reporting, demo data) ...", flush=True)
    subprocess.run(command, check=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True)
    parser.add_argument("--create", action="store_true", help="create the database with the demo data first")
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--days", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv)
    odoo = odoo_or_reexec(argv, "generation")
    if odoo is None:
        return 2
    if args.create:
        create_database(args.db)
    odoo.tools.config.parse_config(["-d", args.db, f"--addons-path={addons_path()}", "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        result = env["q1.dossier.generator"].load(args.count, seed=args.seed, days=args.days)
        cr.commit()
        total = env["q1.dossier"].search_count([])
    print(f"generated {result['count']:,} dossiers in {result['seconds']:.0f} s "
          f"({result['count'] / result['seconds']:,.0f} per second); the database holds {total:,} dossiers")
    return 0


if __name__ == "__main__":
    sys.exit(main())

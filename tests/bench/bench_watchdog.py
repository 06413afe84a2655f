#!/usr/bin/env python3
"""Benchmark: the dossier watchdog (``q1.dossier.watchdog._run()``) over 100,000 open dossiers.

    ODOO_PATH=/opt/odoo18 ODOO_PYTHON=/opt/odoo-venv/bin/python python tests/bench/bench_watchdog.py \
        [--n 100000] [--db NAME] [--target 10]

Inserts N dossiers being processed (plain SQL ``INSERT … SELECT generate_series``: one receiving unit, one
procedure, the processing stage, one holder; promised dates spread over today ± 30 days), then times two passes:
the first pass, which classifies every dossier (about half become due soon, due today or overdue, so it also
creates tens of thousands of activities), and a daily pass one day later (promised dates moved back one day),
where only the dossiers crossing a threshold change. PASS when the daily pass takes less than ``--target``
seconds. ``--db`` uses an existing database with q1_dossier installed and rolls everything back; otherwise a
throwaway database ``q1_bench_watchdog_<pid>`` is created with ``odoo-bin -i q1_dossier`` (run by
``$ODOO_PYTHON``) and dropped afterwards. The last line printed is the figure.
"""

import argparse
import os
import subprocess
import sys
import time as clock
from contextlib import contextmanager
from pathlib import Path

from bench_due_date import ROOT, odoo_or_reexec  # same folder: the Odoo import is shared, not copied

INSERT_DOSSIERS = """
    INSERT INTO q1_dossier (code, company_id, deciding_company_id, procedure_id, stage_id, state, channel,
                            applicant_type, applicant_name, user_id, time_limit, time_unit,
                            received_at, received_date, due_date, original_due_date, statistical_due_date,
                            promised_date, escalation_level, create_uid, write_uid, create_date, write_date)
    SELECT 'BENCH-' || g, %(company)s, %(company)s, %(procedure)s, %(stage)s, 'processing', 'direct',
           'person', 'Người nộp ' || g, %(holder)s, 10, 'day',
           now() AT TIME ZONE 'UTC' - interval '10 days', CURRENT_DATE - 10,
           CURRENT_DATE + (g %% 61 - 30), CURRENT_DATE + (g %% 61 - 30), CURRENT_DATE + (g %% 61 - 30),
           CURRENT_DATE + (g %% 61 - 30), 0, 1, 1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
      FROM generate_series(1, %(n)s) AS g
"""


def addons_path():
    return f"{Path(os.environ['ODOO_PATH'], 'addons')},{ROOT / 'addons'}"


def create_database(db, addon="q1_dossier", demo=False):
    """A database with ``addon`` installed by ``odoo-bin``: without demo data, or with it and Vietnamese."""
    odoo_python = os.environ.get("ODOO_PYTHON", sys.executable)
    command = [
        odoo_python,
        str(Path(os.environ["ODOO_PATH"], "odoo-bin")),
        "-d",
        db,
        "-i",
        addon,
        f"--addons-path={addons_path()}",
        "--stop-after-init",
        "--log-level=warn",
        "--load-language=vi_VN" if demo else "--without-demo=all",
    ]
    print(f"creating database {db} (odoo-bin -i {addon}{', demo data' if demo else ''}) ...", flush=True)
    subprocess.run(command, check=True)


@contextmanager
def bench_database(odoo, db, name, addon="q1_dossier"):
    """``db`` when given (the benchmark rolls its changes back), else a throwaway ``q1_bench_<name>_<pid>`` with
    ``addon`` installed, dropped afterwards."""
    if db:
        yield db
        return
    db = f"q1_bench_{name}_{os.getpid()}"
    create_database(db, addon)
    try:
        yield db
    finally:
        odoo.service.db.exp_drop(db)


def fixtures(env):
    """A receiving unit with the state calendar, a procedure, a holder, a department head and a leader."""
    company = env.company
    company.write(
        {
            "q1_unit_code": company.q1_unit_code or "BENCH.UNIT",
            "q1_work_calendar_id": env.ref("q1_dossier.q1_work_calendar_state").id,
        }
    )
    field = env["q1.field"].create({"name": "Bench"})
    procedure = env["q1.procedure"].create(
        {"name": "Bench procedure", "code": "BENCH.0001", "field_id": field.id, "time_limit": 10}
    )
    users = {}
    for login, group in (
        ("bench_holder", "group_q1_processing"),
        ("bench_head", "group_q1_department_head"),
        ("bench_leader", "group_q1_unit_leader"),
    ):
        users[login] = env["res.users"].create(
            {
                "name": login,
                "login": login,
                "email": f"{login}@example.com",
                "company_id": company.id,
                "company_ids": [(6, 0, company.ids)],
                "groups_id": [(6, 0, [env.ref(f"q1_dossier.{group}").id])],
            }
        )
    stage = env["q1.dossier.stage"]._for_status("processing")
    return {"company": company.id, "procedure": procedure.id, "stage": stage.id, "holder": users["bench_holder"].id}


def timed_run(env):
    activities = env["mail.activity"].search_count([])
    start = clock.perf_counter()
    changed = env["q1.dossier.watchdog"]._run()
    env.flush_all()
    elapsed = clock.perf_counter() - start
    return elapsed, len(changed), env["mail.activity"].search_count([]) - activities


def bench(odoo, db, n):
    odoo.tools.config.parse_config(["-d", db, f"--addons-path={addons_path()}", "--log-level=warn"])
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        try:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            values = fixtures(env)
            env.flush_all()
            start = clock.perf_counter()
            cr.execute(INSERT_DOSSIERS, dict(values, n=n))
            cr.execute("ANALYZE q1_dossier")
            print(f"inserted {n:,} open dossiers in {clock.perf_counter() - start:.1f} s", flush=True)
            first = timed_run(env)
            print("first pass: {:.2f} s, {:,} deadline states set, {:,} activities".format(*first), flush=True)
            cr.execute("UPDATE q1_dossier SET promised_date = promised_date - 1 WHERE code LIKE 'BENCH-%'")
            env["q1.dossier"].invalidate_model(["promised_date"])
            daily = timed_run(env)
            print("daily pass: {:.2f} s, {:,} deadline states changed, {:,} activities".format(*daily), flush=True)
            return first[0], daily[0]
        finally:
            cr.rollback()  # leave an existing database as it was


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=100_000, help="open dossiers to insert (default 100000)")
    parser.add_argument("--db", help="existing database with q1_dossier installed (changes are rolled back)")
    parser.add_argument("--target", type=float, default=10.0, help="seconds allowed for the daily pass")
    args = parser.parse_args(argv)

    odoo = odoo_or_reexec(argv, "watchdog benchmark")
    if odoo is None:
        return 0
    with bench_database(odoo, args.db, "watchdog") as db:
        first, daily = bench(odoo, db, args.n)
    verdict = "PASS" if daily < args.target else "FAIL"
    print(
        f"watchdog over {args.n:,} open dossiers: daily pass {daily:.2f} s (target < {args.target:g} s), "
        f"first pass {first:.2f} s: {verdict}"
    )
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Benchmark: the tracking book's XLSX (Sổ theo dõi hồ sơ) for a month of about 100,000 dossiers.

    ODOO_PATH=/opt/odoo18 ODOO_PYTHON=/opt/odoo-venv/bin/python python tests/bench/bench_tracking_book.py \
        [--n 100000] [--db NAME] [--target-seconds 10] [--target-mb 500] [--profile]

Inserts N dossiers received in March 2026 (plain SQL ``INSERT … SELECT generate_series``, as
``bench_watchdog.py`` does): twenty procedures, one receiving unit, one in ten dossiers decided by a second
unit, applicants with an address and a phone, the states of a real month (processing, result ready, returned,
refused, stopped, withdrawn) with their result and return times, a few supplements and extensions, and two
control-slip steps per dossier taken into processing (the first gives the "transferred" date). Then, as a unit
leader of both units (so the record rules apply), it times the wizard's export ``action_export_xlsx`` end to
end: the read of the dossiers, the rows, the spreadsheet, the base64 file on the wizard.

Memory: the figure checked against ``--target-mb`` is the process's peak resident set (``ru_maxrss``) after
the export, which includes the Odoo registry loaded before it and every buffer of the export (the rows fetched
from PostgreSQL, the workbook, the base64 copy); the increase of that peak during the export is printed too.

``--db`` uses an existing database with q1_dossier installed and rolls everything back; otherwise a throwaway
database ``q1_bench_tracking_<pid>`` is created with ``odoo-bin -i q1_dossier`` and dropped afterwards.
``--db NAME --n 0`` inserts nothing and exports the busiest month of a database filled by
``generate_dossiers.py``, for all its units. ``--profile`` prints the top of a cProfile of the export (profiling
slows it down: the timing line is then not a measure). The last lines printed are the verdicts with the figures.
"""

import argparse
import base64
import cProfile
import os
import pstats
import resource
import sys
import time as clock
from datetime import date, timedelta

from bench_due_date import odoo_or_reexec  # same folder: the Odoo import is shared, not copied
from bench_watchdog import addons_path, bench_database

MONTH = date(2026, 3, 1)
PROCEDURES = 20
# Stage status by position in a cycle of 20 dossiers: what a ward's month looks like some weeks later.
STATUS_CYCLE = ["returned"] * 11 + ["done"] * 2 + ["processing"] * 3 + ["supplement", "refused", "stopped", "withdrawn"]

# Local reception times: the day of the month from g, 07:30 plus up to 9 hours; stored in UTC (local - 7 h).
INSERT_DOSSIERS = """
    INSERT INTO q1_dossier (code, company_id, deciding_company_id, procedure_id, field_id, stage_id, state, channel,
                            applicant_type, applicant_name, applicant_address, applicant_phone, user_id,
                            time_limit, time_unit, received_at, received_date, appointment_at, due_date,
                            promised_date, finished_at, returned_at, return_method, returned_to, closing_reason,
                            supplement_count, extension_state, extension_date, escalation_level,
                            create_uid, write_uid, create_date, write_date)
    SELECT 'TB-' || to_char(d.local_at, 'YYMMDD') || '-' || lpad(d.g::text, 7, '0'),
           %(company)s, CASE WHEN d.g %% 10 = 0 THEN %(other_company)s ELSE %(company)s END,
           (%(procedures)s::int[])[1 + d.g %% %(procedure_count)s], %(field)s, s.id, s.status, 'direct',
           'person', 'Người nộp số ' || d.g, 'Số ' || (d.g %% 300 + 1) || ' đường Lê Lợi, phường Sài Gòn',
           CASE WHEN d.g %% 7 = 0 THEN NULL ELSE '09' || lpad((d.g * 7919 %% 100000000)::text, 8, '0') END,
           %(holder)s, 5, 'day',
           d.utc_at, d.local_at::date, d.utc_at + interval '7 days', d.local_at::date + 7, d.local_at::date + 7,
           CASE WHEN s.status IN ('done', 'returned', 'refused', 'stopped', 'withdrawn')
                THEN d.utc_at + interval '3 days 2 hours' END,
           CASE WHEN s.status = 'returned' THEN d.utc_at + interval '4 days 1 hour' END,
           CASE WHEN s.status = 'returned' THEN (ARRAY['counter', 'postal', 'electronic'])[1 + d.g %% 3] END,
           CASE WHEN s.status = 'returned' AND d.g %% 3 = 0 THEN 'Người nộp số ' || d.g END,
           CASE WHEN s.status IN ('refused', 'stopped') THEN 'Không đủ điều kiện theo quy định' END,
           CASE WHEN d.g %% 17 = 0 THEN 1 ELSE 0 END,
           CASE WHEN d.g %% 23 = 0 THEN 'approved' END, CASE WHEN d.g %% 23 = 0 THEN d.local_at::date + 12 END,
           0, 1, 1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
      FROM (SELECT g, t AS local_at, t - interval '7 hours' AS utc_at
              FROM generate_series(1, %(n)s) AS g,
                   LATERAL (SELECT %(month)s::timestamp + (g %% %(days)s) * interval '1 day'
                                   + interval '7 hours 30 minutes' + (g * 37 %% 540) * interval '1 minute') AS t(t)
           ) AS d
      JOIN q1_dossier_stage s ON s.id = (%(stages)s::int[])[1 + d.g %% 20]
"""

# Two steps per dossier that went into processing: handed over 30 min after reception, the first taken
# 20 min later (one in nine never taken, so the book falls back to the hand-over time).
INSERT_STEPS = """
    INSERT INTO q1_dossier_step (dossier_id, company_id, sequence, name, handed_by_id, handed_at, user_id,
                                 taken_at, planned_end, finished_at, create_uid, write_uid, create_date, write_date)
    SELECT d.id, d.deciding_company_id, k, 'Bước ' || k, %(holder)s,
           d.received_at + k * interval '30 minutes', %(holder)s,
           CASE WHEN k = 1 AND d.id %% 9 = 0 THEN NULL ELSE d.received_at + k * interval '50 minutes' END,
           d.received_at + interval '3 days', d.finished_at, 1, 1, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
      FROM q1_dossier d CROSS JOIN generate_series(1, 2) AS k
     WHERE d.code LIKE 'TB-%%' AND d.state NOT IN ('supplement')
"""


def month_end(first):
    return (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)


def fixtures(env):
    """Two units (the receiving one and a deciding one), twenty procedures, a holder and the stages by status."""
    company = env.company
    company.write(
        {
            "q1_unit_code": company.q1_unit_code or "BENCH.TB",
            "q1_work_calendar_id": env.ref("q1_dossier.q1_work_calendar_state").id,
        }
    )
    other = env["res.company"].create({"name": "UBND phường Bến Thành (bench)", "q1_unit_code": "BENCH.TB2"})
    field = env["q1.field"].create({"name": "Hộ tịch (bench)"})
    procedures = env["q1.procedure"].create(
        [
            {
                "name": f"Thủ tục đăng ký hộ tịch số {i} (bench)",
                "code": f"BENCH.TB.{i:04d}",
                "field_id": field.id,
                "time_limit": 5,
            }
            for i in range(1, PROCEDURES + 1)
        ]
    )
    holder = env["res.users"].create(
        {
            "name": "bench_tb_holder",
            "login": f"bench_tb_holder_{os.getpid()}",
            "company_id": company.id,
            "company_ids": [(6, 0, company.ids)],
            "groups_id": [(6, 0, [env.ref("q1_dossier.group_q1_processing").id])],
        }
    )
    Stage = env["q1.dossier.stage"]
    stages = [Stage._for_status(status).id for status in STATUS_CYCLE]
    return {
        "company": company.id,
        "other_company": other.id,
        "field": field.id,
        "procedures": procedures.ids,
        "procedure_count": PROCEDURES,
        "holder": holder.id,
        "stages": stages,
    }


def insert_month(env, n):
    values = fixtures(env)
    env.flush_all()
    start = clock.perf_counter()
    days = (month_end(MONTH) - MONTH).days + 1
    env.cr.execute(INSERT_DOSSIERS, dict(values, n=n, month=MONTH, days=days))
    env.cr.execute(INSERT_STEPS, values)
    steps = env.cr.rowcount
    env.cr.execute("ANALYZE q1_dossier")
    env.cr.execute("ANALYZE q1_dossier_step")
    print(
        f"inserted {n:,} dossiers received in {MONTH:%m/%Y} and {steps:,} steps "
        f"in {clock.perf_counter() - start:.1f} s",
        flush=True,
    )
    return MONTH, [values["company"], values["other_company"]]


def busiest_month(env):
    env.cr.execute("""SELECT date_trunc('month', received_date)::date FROM q1_dossier
                       WHERE received_date IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1""")
    row = env.cr.fetchone()
    if not row:
        raise SystemExit("the database holds no received dossier: run generate_dossiers.py or pass --n")
    units = env["res.company"].search([("q1_unit_code", "!=", False)])
    return row[0], units.ids


def leader(env, company_ids):
    """A unit leader of the book's units: the export runs with the record rules of an ordinary user."""
    return env["res.users"].create(
        {
            "name": "bench_tb_leader",
            "login": f"bench_tb_leader_{os.getpid()}",
            "company_id": company_ids[0],
            "company_ids": [(6, 0, company_ids)],
            "tz": "Asia/Ho_Chi_Minh",
            "groups_id": [(6, 0, [env.ref("q1_dossier.group_q1_unit_leader").id])],
        }
    )


def timed_export(book, profile):
    """Seconds, peak RSS after (MB), increase of the peak during the export (MB), XLSX size (MB)."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    profiler = cProfile.Profile() if profile else None
    start = clock.perf_counter()
    if profiler:
        profiler.enable()
    book.action_export_xlsx()
    if profiler:
        profiler.disable()
    seconds = clock.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    return seconds, peak, peak - before, len(base64.b64decode(book.file_data)) / 1e6


def bench(odoo, db, n, profile):
    odoo.tools.config.parse_config(["-d", db, f"--addons-path={addons_path()}", "--log-level=warn"])
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        try:
            env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
            month, company_ids = insert_month(env, n) if n else busiest_month(env)
            user = leader(env, company_ids)
            env.flush_all()
            book = (
                env["q1.tracking.book"]
                .with_user(user)
                .with_context(allowed_company_ids=company_ids)
                .create({"date_from": month, "date_to": month_end(month), "company_ids": [(6, 0, company_ids)]})
            )
            count = book.env["q1.dossier"].search_count(book._dossier_domain())
            print(f"month {month:%m/%Y}: {count:,} dossiers in the book", flush=True)
            return timed_export(book, profile)
        finally:
            cr.rollback()  # leave an existing database as it was


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--n",
        type=int,
        default=100_000,
        help="dossiers to insert for the month (default 100000); 0 with --db: the busiest month",
    )
    parser.add_argument("--db", help="existing database with q1_dossier installed (changes are rolled back)")
    parser.add_argument("--target-seconds", type=float, default=10.0)
    parser.add_argument("--target-mb", type=float, default=500.0, help="peak RSS of the process allowed")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the export")
    args = parser.parse_args(argv)
    if not args.n and not args.db:
        parser.error("--n 0 needs --db (a database that already holds dossiers)")

    odoo = odoo_or_reexec(argv, "tracking book benchmark")
    if odoo is None:
        return 0
    with bench_database(odoo, args.db, "tracking") as db:
        seconds, peak, growth, size = bench(odoo, db, args.n, args.profile)
    time_ok, memory_ok = seconds < args.target_seconds, peak < args.target_mb
    print(
        f"tracking book XLSX ({size:.1f} MB): {seconds:.2f} s (target < {args.target_seconds:g} s): "
        f"{'PASS' if time_ok else 'FAIL'}"
    )
    print(
        f"peak RSS of the process: {peak:.0f} MB, of which {growth:.0f} MB added during the export "
        f"(target < {args.target_mb:g} MB): {'PASS' if memory_ok else 'FAIL'}"
    )
    return 0 if time_ok and memory_ok else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Benchmark: the draft evaluation sheets of a unit of 200 officers over a quarter of 50,000 dossier steps.

    ODOO_PATH=/opt/odoo18 ODOO_PYTHON=/opt/odoo-venv/bin/python python tests/bench/bench_officer_score.py \
        [--officers 200] [--steps 50000] [--db NAME] [--target 5]

Creates the officers (users with employees under one manager), then inserts 25,000 dossiers received in the
first quarter of 2026 and two control-slip steps each (plain SQL ``INSERT … SELECT generate_series``; one step in
eight late, one dossier in ten with a supplement, one in twenty rated "not satisfied"), and times
``q1.evaluation.period.action_compute_sheets`` for that quarter: the steps and receptions read in two queries,
``core.officer_score`` per officer, the sheets and their evidence lines created. ``--db`` uses an existing
database with q1_reporting installed and rolls everything back; otherwise a throwaway database is created and
dropped. PASS when the computation takes less than ``--target`` seconds.
"""

import argparse
import sys
import time as clock

from bench_due_date import odoo_or_reexec
from bench_watchdog import addons_path, bench_database

INSERT_DOSSIERS = """
    INSERT INTO q1_dossier (code, company_id, deciding_company_id, procedure_id, field_id, stage_id, state, channel,
                            applicant_type, applicant_name, user_id, received_by_id, time_limit, time_unit,
                            received_at, received_date, due_date, original_due_date, statistical_due_date,
                            promised_date, finished_at, rating, supplement_count, create_uid, write_uid,
                            create_date, write_date)
    SELECT 'EVAL-' || g, %(company)s, %(company)s, %(procedure)s, %(field)s, %(stage)s, 'returned', 'direct',
           'person', 'Người nộp ' || g, (%(users)s)[1 + g %% %(n_users)s], (%(users)s)[1 + (g * 7) %% %(n_users)s],
           5, 'day', day + time '02:00', day::date, day::date + 7, day::date + 7, day::date + 7, day::date + 7,
           day + interval '5 days', CASE WHEN g %% 20 = 0 THEN 'not_satisfied' END, 0, 1, 1, now(), now()
      FROM generate_series(1, %(n)s) AS g,
           LATERAL (SELECT timestamp '2026-01-02' + (g %% 85) * interval '1 day' AS day) AS d
"""
INSERT_STEPS = """
    INSERT INTO q1_dossier_step (dossier_id, company_id, sequence, name, handed_by_id, handed_at, user_id, taken_at,
                                 planned_end, finished_at, result, create_uid, write_uid, create_date, write_date)
    SELECT d.id, d.company_id, s.n, CASE s.n WHEN 1 THEN 'Thẩm định' ELSE 'Trình ký' END, d.received_by_id,
           d.received_at + s.n * interval '1 day', (%(users)s)[1 + (d.id * s.n) %% %(n_users)s],
           d.received_at + s.n * interval '1 day', d.received_at + s.n * interval '2 days',
           d.received_at + s.n * interval '2 days' + CASE WHEN (d.id + s.n) %% 8 = 0 THEN interval '1 day'
                                                         ELSE interval '-2 hours' END,
           CASE WHEN (d.id + s.n) %% 8 = 0 THEN 'late' ELSE 'on_time' END, 1, 1, now(), now()
      FROM q1_dossier d, generate_series(1, 2) AS s(n)
     WHERE d.code LIKE 'EVAL-%%'
"""
INSERT_PAUSES = """
    INSERT INTO q1_dossier_pause
                (dossier_id, kind, paused_at, resumed_at, create_uid, write_uid, create_date, write_date)
    SELECT id, 'supplement', received_at + interval '1 day', received_at + interval '3 days', 1, 1, now(), now()
      FROM q1_dossier WHERE code LIKE 'EVAL-%' AND id % 10 = 0
"""


def fixtures(env, n_officers):
    company = env.company
    company.write(
        {
            "q1_unit_code": company.q1_unit_code or "BENCH.EVAL",
            "q1_work_calendar_id": env.ref("q1_dossier.q1_work_calendar_state").id,
        }
    )
    field = env["q1.field"].create({"name": "Bench"})
    procedure = env["q1.procedure"].create(
        {"name": "Bench procedure", "code": "BENCH.EVAL", "field_id": field.id, "time_limit": 5}
    )
    group = env.ref("q1_dossier.group_q1_processing")
    users = (
        env["res.users"]
        .with_context(no_reset_password=True, tracking_disable=True)
        .create(
            [
                {
                    "name": f"Công chức {n:03d}",
                    "login": f"bench_eval_{n}",
                    "company_id": company.id,
                    "company_ids": [(6, 0, company.ids)],
                    "groups_id": [(6, 0, group.ids)],
                }
                for n in range(n_officers)
            ]
        )
    )
    manager = env["hr.employee"].create({"name": "Trưởng phòng", "company_id": company.id})
    employees = users.employee_ids or env["hr.employee"].create(
        [{"name": u.name, "user_id": u.id, "company_id": company.id} for u in users]
    )
    env["hr.employee"].search([("user_id", "in", users.ids)]).write({"parent_id": manager.id})
    return {
        "company": company.id,
        "procedure": procedure.id,
        "field": field.id,
        "stage": env["q1.dossier.stage"]._for_status("returned").id,
        "users": users.ids,
        "n_users": len(users),
    }, len(employees)


def bench(odoo, db, args):
    odoo.tools.config.parse_config(["-d", db, f"--addons-path={addons_path()}", "--log-level=warn"])
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        try:
            values, _employees = fixtures(env, args.officers)
            env.flush_all()
            cr.execute(INSERT_DOSSIERS, dict(values, n=args.steps // 2))
            cr.execute(INSERT_STEPS, values)
            cr.execute(INSERT_PAUSES)
            cr.execute("ANALYZE q1_dossier; ANALYZE q1_dossier_step; ANALYZE q1_dossier_pause")
            cr.execute("SELECT count(*) FROM q1_dossier_step WHERE name IN ('Thẩm định', 'Trình ký')")
            steps = cr.fetchone()[0]
            period = env["q1.evaluation.period"].create(
                {"company_id": values["company"], "kind": "quarter", "year": 2026, "index": 1}
            )
            start = clock.perf_counter()
            period.action_compute_sheets()
            env.flush_all()
            elapsed = clock.perf_counter() - start
            sheets = period.sheet_ids
            evidence = sum(len(s.evidence_ids) for s in sheets)
            print(f"{len(sheets)} sheets, {steps:,} steps, {evidence:,} evidence lines", flush=True)
            return elapsed
        finally:
            cr.rollback()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--officers", type=int, default=200)
    parser.add_argument("--steps", type=int, default=50_000)
    parser.add_argument("--db", help="existing database with q1_reporting installed (rolled back)")
    parser.add_argument("--target", type=float, default=5.0)
    args = parser.parse_args(argv)
    odoo = odoo_or_reexec(argv, "evaluation benchmark")
    if odoo is None:
        return 0
    with bench_database(odoo, args.db, "eval", "q1_reporting") as db:
        elapsed = bench(odoo, db, args)
    verdict = "PASS" if elapsed < args.target else "FAIL"
    print(
        f"draft sheets of {args.officers} officers over {args.steps:,} steps: {elapsed:.2f} s "
        f"(target < {args.target:g} s): {verdict}"
    )
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())

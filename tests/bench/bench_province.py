#!/usr/bin/env python3
"""Benchmark: province-scale reporting (issue 13, What to build 4), each figure beside its SQL floor.

    ODOO_PATH=/opt/odoo18 ODOO_PYTHON=/opt/odoo18-venv/bin/python python tests/bench/bench_province.py --db NAME \
        [--year 2026] [--month 10] [--repeat 3] [--unit-leader lanhdao.saigon] [--no-explain]

On a database filled by ``generate_dossiers.py`` (a province: ``--units 168 --count 5000000 --days 365``), as
the web client asks them, with the record rules of the user (nothing is written: one transaction, rolled back):
  * statutory year report over all units: ``q1.handling.report.wizard._handling_rows`` of the cut-off year,
    grouped by field, as a city leader of every unit (``lanhdao.thanhpho``, made in the transaction if missing),
    target < 2 s, and at most 3 times its SQL floor (the issue's target at 1,000,000 dossiers);
  * dashboard pivot: the leaders' pivot of ``q1.dossier.report`` (its four ``read_group`` as bench_pages.py's
    dashboard: total, rows, columns, rows × columns, the pivot view's measures) over this year, as the city
    leader, target < 1 s; and as the leader of one unit among all (``--unit-leader``, the record rule
    ``company_id IN … OR deciding_company_id IN …`` then filters), target < 1 s;
  * one unit's month: ``_handling_rows`` of the unit leader's unit for the cut-off month ``--month``, as that
    leader, target < 0.3 s.
Each figure's SQL floor is measured in the same run, right after it: a bare PostgreSQL query over the stored
facts (``q1_dossier_fact``) counting the same dossiers grouped the same way, by whatever plan PostgreSQL picks
(index-only or sequential), without judging them. The best of ``--repeat`` runs is kept for both. The
EXPLAIN (ANALYZE, BUFFERS) of each figure's main query (its slowest) is printed unless ``--no-explain``.
Prints a table, one line per figure: best, first, floor, ratio, target, PASS/FAIL; exits 1 when one fails.
"""

import argparse
import sys
import time as clock
from contextlib import contextmanager
from datetime import date

from bench_due_date import odoo_or_reexec  # same folder: the Odoo import is shared, not copied
from bench_watchdog import addons_path
from lxml import etree

CITY_LEADER = "lanhdao.thanhpho"
MAX_FLOOR_RATIO = 3.0


@contextmanager
def captured_queries(odoo):
    """The queries run inside the block, as [(seconds, query, params)]."""
    queries = []
    original = odoo.sql_db.Cursor.execute

    def execute(cursor, query, params=None, log_exceptions=True):
        start = clock.perf_counter()
        try:
            return original(cursor, query, params, log_exceptions)
        finally:
            if isinstance(query, odoo.tools.SQL):
                query, params = query.code, query.params
            queries.append((clock.perf_counter() - start, query, params))

    odoo.sql_db.Cursor.execute = execute
    try:
        yield queries
    finally:
        odoo.sql_db.Cursor.execute = original


def timed(repeat, function):
    """(best seconds, first seconds, result of the last run)."""
    times, result = [], None
    for _ in range(repeat):
        start = clock.perf_counter()
        result = function()
        times.append(clock.perf_counter() - start)
    return min(times), times[0], result


def city_leader(env, units):
    """The leader of every unit: ``lanhdao.thanhpho``, created (in this rolled-back transaction) when missing."""
    Users = env["res.users"].with_context(active_test=False)
    leader = Users.search([("login", "=", CITY_LEADER)])
    values = {"company_ids": [odoo_command().set(units.ids)], "company_id": units[0].id}
    if leader:
        leader.write(values)
        return leader
    group = env.ref("q1_dossier.group_q1_unit_leader")
    return Users.with_context(no_reset_password=True).create(
        dict(values, name="Lãnh đạo Thành phố", login=CITY_LEADER, groups_id=[odoo_command().set([group.id])])
    )


def odoo_command():
    from odoo.fields import Command

    return Command


def as_user(env, user, units):
    """``env`` as ``user`` with ``units`` as the allowed companies, as the web client's company switcher sends."""
    return env(user=user.id, context={"allowed_company_ids": units.ids, "lang": "vi_VN", "tz": "Asia/Ho_Chi_Minh"})


def pivot_groupings(env):
    """The pivot view's (measures, [groupby of each read_group]) as the web client asks them."""
    Report = env["q1.dossier.report"]
    action = env.ref("q1_reporting.q1_dossier_report_action").sudo()
    pivot_view = next((v for v in action.view_ids if v.view_mode == "pivot"), None)
    views = Report.get_views([(pivot_view.view_id.id if pivot_view else False, "pivot")])
    arch = etree.fromstring(views["views"]["pivot"]["arch"])
    rows = [n.get("name") for n in arch.iter("field") if n.get("type") == "row"]
    cols = [n.get("name") for n in arch.iter("field") if n.get("type") == "col"]
    measures = [n.get("name") for n in arch.iter("field") if n.get("type") == "measure"]
    measures = [f"{m}:{Report._fields[m].aggregator or 'sum'}" for m in measures if m in Report._fields]
    return measures, [[], rows[:1], cols[:1], rows[:1] + cols[:1]]


def dashboard(env, start, end):
    Report = env["q1.dossier.report"]
    measures, groupings = pivot_groupings(env)
    domain = [("received_date", ">=", start), ("received_date", "<=", end)]

    def run():
        for groupby in groupings:
            Report.read_group(domain, ["__count", *measures], groupby, lazy=False)
        Report.env.invalidate_all()

    return run


def handling_rows(env, units, start, end):
    wizard = env["q1.handling.report.wizard"].create(
        {"company_ids": [odoo_command().set(units.ids)], "period_kind": "custom", "group_by": "field"}
    )
    wizard.write({"date_from": start, "date_to": end})

    def run():
        env.invalidate_all()
        return wizard._handling_rows()[0]

    return run


def floor_report(cr, units, start, end):
    """The statutory table's dossiers of ``units`` counted per field, bare: no judging, no rules."""

    def run():
        cr.execute(
            """SELECT f.field_id, count(*) FROM q1_dossier_fact f
                WHERE f.deciding_company_id = ANY(%s) AND f.received_date <= %s
                  AND (f.end_date IS NULL OR f.end_date >= %s)
             GROUP BY f.field_id""",
            (units.ids, end, start),
        )
        return cr.fetchall()

    return run


def floor_dashboard(cr, units, start, end, everything):
    """The pivot's four groupings over the year's facts, bare: the stored outcome, no judging of the day."""
    rule = "TRUE" if everything else "(f.company_id = ANY(%(units)s) OR f.deciding_company_id = ANY(%(units)s))"

    def run():
        for keys in (
            (),
            ("f.deciding_company_id",),
            ("f.ended_outcome_id",),
            ("f.deciding_company_id", "f.ended_outcome_id"),
        ):
            select = ", ".join((*keys, "count(*), avg(f.handling_days), avg(f.satisfaction_rate)"))
            group = f"GROUP BY {', '.join(keys)}" if keys else ""
            cr.execute(
                f"""SELECT {select} FROM q1_dossier_fact f
                     WHERE f.received_date BETWEEN %(start)s AND %(end)s AND {rule} {group}""",  # noqa: S608
                {"start": start, "end": end, "units": units.ids},
            )
            cr.fetchall()

    return run


def explain(cr, queries, width=240):
    """EXPLAIN (ANALYZE, BUFFERS) of the slowest of ``queries`` as text lines (each cut at ``width`` characters: a
    province's unit lists run to pages), after the settings the code made before it (SET LOCAL ...) again."""
    slowest = max(range(len(queries)), key=lambda index: queries[index][0])
    _seconds, query, params = queries[slowest]
    cr.execute("SAVEPOINT bench_explain")
    for _seconds, setting, setting_params in queries[:slowest]:
        if setting.lstrip().upper().startswith(("SET ", "RESET ")):
            cr.execute(setting, setting_params)
    cr.execute("EXPLAIN (ANALYZE, BUFFERS) " + query, params)
    lines = [row[0] if len(row[0]) <= width else row[0][: width - 1] + "…" for row in cr.fetchall()]
    cr.execute("ROLLBACK TO SAVEPOINT bench_explain")
    return lines


def run(odoo, args):
    odoo.tools.config.parse_config(["-d", args.db, f"--addons-path={addons_path()}", "--log-level=warn"])
    registry = odoo.modules.registry.Registry(args.db)
    results, plans = [], []
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        try:
            units = env["res.company"].search([("q1_unit_code", "!=", False)], order="id")
            leader = city_leader(env, units)
            unit_leader = env["res.users"].search([("login", "=", args.unit_leader)])
            unit = unit_leader.company_id
            from odoo.addons.q1_reporting.core.periods import report_window

            year_start, year_end = report_window("year", args.year, 1, "cutoff")
            month_start, month_end = report_window("month", args.year, args.month, "cutoff")
            this_year = (date(date.today().year, 1, 1), date(date.today().year, 12, 31))
            cr.execute("SELECT count(*) FROM q1_dossier")
            total = cr.fetchone()[0]
            cr.execute("SELECT count(*) FROM q1_dossier_fact")
            facts = cr.fetchone()[0]
            print(
                f"database {args.db}: {total:,} dossiers ({facts:,} received), {len(units)} units; "
                f"year {year_start:%d/%m/%Y}–{year_end:%d/%m/%Y}, month {month_start:%d/%m/%Y}–{month_end:%d/%m/%Y}, "
                f"dashboard {this_year[0]:%d/%m/%Y}–{this_year[1]:%d/%m/%Y}; city leader {CITY_LEADER} "
                f"({len(units)} units), unit leader {args.unit_leader} ({unit.name})",
                flush=True,
            )
            city_env = as_user(env, leader, units)
            unit_env = as_user(env, unit_leader, unit)
            figures = [
                (
                    f"statutory year report, {len(units)} units",
                    handling_rows(city_env, units, year_start, year_end),
                    floor_report(cr, units, year_start, year_end),
                    2.0,
                    MAX_FLOOR_RATIO,
                ),
                (
                    f"dashboard pivot, city leader ({len(units)} units)",
                    dashboard(city_env, *this_year),
                    floor_dashboard(cr, units, *this_year, everything=True),
                    1.0,
                    None,
                ),
                (
                    "dashboard pivot, leader of 1 unit",
                    dashboard(unit_env, *this_year),
                    floor_dashboard(cr, unit, *this_year, everything=False),
                    1.0,
                    None,
                ),
                (
                    "one unit's month (statutory table)",
                    handling_rows(unit_env, unit, month_start, month_end),
                    floor_report(cr, unit, month_start, month_end),
                    0.3,
                    None,
                ),
            ]
            for label, function, floor, target, max_ratio in figures:
                with captured_queries(odoo) as queries:
                    best, first, _result = timed(args.repeat, function)
                floor_best, _floor_first, _rows = timed(args.repeat, floor)
                ratio = best / floor_best if floor_best else float("inf")
                verdict = best < target and (max_ratio is None or ratio <= max_ratio)
                results.append((label, best, first, floor_best, ratio, target, max_ratio, verdict))
                if not args.no_explain:
                    plans.append((label, explain(cr, queries)))
                print(f"  measured: {label}: {best:.3f} s (floor {floor_best:.3f} s)", flush=True)
        finally:
            cr.rollback()
    for label, lines in plans:
        print(f"\n--- EXPLAIN (ANALYZE, BUFFERS) of the main query: {label}")
        print("\n".join(lines))
    print()
    header = f"{'figure':44} {'best s':>8} {'first s':>8} {'floor s':>8} {'ratio':>6}  {'target':18} verdict"
    print(header)
    print("-" * len(header))
    for label, best, first, floor_best, ratio, target, max_ratio, verdict in results:
        goal = f"< {target:g} s" + (f", ≤ {max_ratio:g}× floor" if max_ratio else "")
        print(
            f"{label:44} {best:8.3f} {first:8.3f} {floor_best:8.3f} {ratio:6.1f}  {goal:18} "
            f"{'PASS' if verdict else 'FAIL'}"
        )
    return all(result[-1] for result in results)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="database filled by generate_dossiers.py (read only)")
    parser.add_argument("--year", type=int, default=2026, help="cut-off year of the statutory report")
    parser.add_argument("--month", type=int, default=10, help="cut-off month of the one unit's table")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the best is kept")
    parser.add_argument("--unit-leader", default="lanhdao.saigon", help="login of a leader of one unit")
    parser.add_argument("--no-explain", action="store_true", help="leave out the plans")
    args = parser.parse_args(argv)
    odoo = odoo_or_reexec(argv, "province benchmark")
    if odoo is None:
        return 0
    return 0 if run(odoo, args) else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Benchmark: core ``due_date`` against Odoo's ``resource.calendar.plan_days``.

    python tests/bench/bench_due_date.py [--n 1000000] [--k 300] [--odoo-db NAME]

Times N ``due_date`` calls (limits 1–60 working days, receptions spread over 2020–2029, a Vietnamese holiday
calendar). When Odoo 18.0 is importable (``ODOO_PATH`` points to its source tree and this Python has Odoo's
requirements) it also times K ``plan_days(days, dt, compute_leaves=True)`` calls on a ``resource.calendar``
holding the same holidays as ``resource.calendar.leaves``, checks both give the same dates, and reports PASS
when the core is at least 1000× faster per call. ``--odoo-db`` uses an existing database with ``resource``
installed (the calendar it creates is rolled back); otherwise a throwaway database ``q1_bench_<pid>`` is
created with ``odoo-bin -i resource`` (run by ``$ODOO_PYTHON``, default this Python) and dropped afterwards.
"""

import argparse
import os
import random
import subprocess
import sys
import time as clock
from datetime import date, datetime, time, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
REQUIRED_SPEEDUP = 1000
LOCAL_TZ = "Asia/Ho_Chi_Minh"

# Lunar new year (mùng 1 Tết) and Hùng Kings' day (10/3 lunar), 2020–2029. The benchmark needs a realistic
# calendar, not an authoritative one: the production calendar is data entered from each year's announcement.
LUNAR_NEW_YEAR = {
    2020: date(2020, 1, 25),
    2021: date(2021, 2, 12),
    2022: date(2022, 2, 1),
    2023: date(2023, 1, 22),
    2024: date(2024, 2, 10),
    2025: date(2025, 1, 29),
    2026: date(2026, 2, 17),
    2027: date(2027, 2, 6),
    2028: date(2028, 1, 26),
    2029: date(2029, 2, 13),
}
HUNG_KINGS_DAY = {
    2020: date(2020, 4, 2),
    2021: date(2021, 4, 21),
    2022: date(2022, 4, 10),
    2023: date(2023, 4, 29),
    2024: date(2024, 4, 18),
    2025: date(2025, 4, 7),
    2026: date(2026, 4, 26),
    2027: date(2027, 4, 16),
    2028: date(2028, 4, 4),
    2029: date(2029, 4, 23),
}


def import_core():
    """Import the core the way the pytest tier does: the addon folder as a bare package."""
    sys.path.insert(0, str(ROOT / "tests"))
    import conftest  # noqa: F401  (registers addons/<name> as packages without running their __init__)
    from q1_dossier.core.deadline import due_date
    from q1_dossier.core.workcal import WorkCalendar

    return due_date, WorkCalendar


def vietnamese_holidays(first_year=2020, last_year=2029):
    """Days off of Labour Code 2019 Art. 112, with a day off moved to the next working day when it falls on
    a weekend (Art. 112(3)). The yearly swaps the Prime Minister announces are not modelled."""
    days_off = set()
    for year in range(first_year, last_year + 1):
        tet = LUNAR_NEW_YEAR[year]
        statutory = [
            date(year, 1, 1),
            HUNG_KINGS_DAY[year],
            date(year, 4, 30),
            date(year, 5, 1),
            date(year, 9, 1),
            date(year, 9, 2),
        ]
        statutory += [tet + timedelta(days=i) for i in range(-1, 4)]  # 30 Tết to mùng 4
        for day in sorted(statutory):
            if day.weekday() < 5 and day not in days_off:
                days_off.add(day)
                continue
            # A day off on a weekend, or taken by an earlier substitute, moves to the next free weekday.
            days_off.add(day)
            substitute = day + timedelta(days=1)
            while substitute.weekday() >= 5 or substitute in days_off:
                substitute += timedelta(days=1)
            days_off.add(substitute)
    return frozenset(days_off)


def sample_receptions(n, seed=2026):
    rng = random.Random(seed)
    first = datetime(2020, 1, 1, 7, 0)
    span_minutes = (datetime(2029, 12, 31, 17, 0) - first) // timedelta(minutes=1)
    receptions = [first + timedelta(minutes=rng.randrange(span_minutes)) for _ in range(n)]
    limits = [rng.randint(1, 60) for _ in range(n)]
    return receptions, limits


def time_core(due_date, cal, receptions, limits):
    cal.add_workdays(date(2025, 1, 1), 1)  # build the calendar's tables outside the timed loop
    start = clock.perf_counter()
    for received_at, days in zip(receptions, limits, strict=True):
        due_date(received_at, days, cal)
    return clock.perf_counter() - start


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[1])
    parser.add_argument("--n", type=int, default=1_000_000, help="core due_date calls (default 1000000)")
    parser.add_argument("--k", type=int, default=300, help="Odoo plan_days calls (default 300)")
    parser.add_argument("--odoo-db", help="existing database with the resource module installed")
    args = parser.parse_args(argv)

    due_date, WorkCalendar = import_core()
    holidays = vietnamese_holidays()
    cal = WorkCalendar(holidays=holidays)
    receptions, limits = sample_receptions(args.n)
    elapsed = time_core(due_date, cal, receptions, limits)
    core_us = elapsed / args.n * 1e6
    print(
        f"core due_date: {args.n} calls in {elapsed:.2f} s = {args.n / elapsed:,.0f} calls/s, "
        f"{core_us:.2f} µs/call ({len(holidays)} holidays 2020–2029)"
    )

    odoo = import_odoo()
    if odoo is None:
        print(
            "Odoo comparison skipped: set ODOO_PATH to an Odoo 18.0 source tree and run with a Python "
            "that has Odoo's requirements."
        )
        return 0
    odoo_us, mismatches = time_odoo(odoo, args, cal, holidays, receptions[: args.k], limits[: args.k])
    ratio = odoo_us / core_us
    verdict = "PASS" if ratio >= REQUIRED_SPEEDUP and not mismatches else "FAIL"
    print(f"odoo plan_days: {args.k} calls, {odoo_us:,.0f} µs/call; same dates: {args.k - mismatches}/{args.k}")
    print(f"ratio: core is {ratio:,.0f}× faster per call (required ≥ {REQUIRED_SPEEDUP}×): {verdict}")
    return 0 if verdict == "PASS" else 1


# -- Odoo side -----------------------------------------------------------------------------------------------


def import_odoo():
    odoo_path = os.environ.get("ODOO_PATH")
    if not odoo_path or not Path(odoo_path, "odoo", "__init__.py").exists():
        return None
    sys.path.insert(0, odoo_path)
    try:
        import odoo
        import odoo.service.db  # noqa: F401
        from odoo.modules.registry import Registry  # noqa: F401
    except ImportError as error:
        print(f"(cannot import Odoo from {odoo_path}: {error})")
        return None
    return odoo


def odoo_or_reexec(argv, label):
    """Odoo, imported here or after starting this script again under ``$ODOO_PYTHON`` (a Python that has Odoo's
    requirements); None, with one line saying why, when there is no Odoo 18.0 to use."""
    odoo = import_odoo()
    if odoo is None:
        odoo_python = os.environ.get("ODOO_PYTHON")
        if odoo_python and os.environ.get("ODOO_PATH") and not os.environ.get("Q1_BENCH_REEXEC"):
            os.environ["Q1_BENCH_REEXEC"] = "1"
            os.execv(odoo_python, [odoo_python, sys.argv[0], *(sys.argv[1:] if argv is None else argv)])
        print(
            f"{label} skipped: set ODOO_PATH to an Odoo 18.0 source tree and ODOO_PYTHON to a Python with "
            "its requirements."
        )
    return odoo


def time_odoo(odoo, args, cal, holidays, receptions, limits):
    """Per-call µs of plan_days, and how many results disagree with the core."""
    db = args.odoo_db or f"q1_bench_{os.getpid()}"
    if not args.odoo_db:
        create_database(db)
    try:
        odoo.tools.config.parse_config(["-d", db, "--log-level=warn"])
        registry = odoo.modules.registry.Registry(db)
        with registry.cursor() as cr:
            try:
                env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
                calendar = make_calendar(env, holidays)
                return run_plan_days(calendar, cal, receptions, limits)
            finally:
                cr.rollback()  # leave an existing database as it was
    finally:
        if not args.odoo_db:
            odoo.service.db.exp_drop(db)


def create_database(db):
    odoo_python = os.environ.get("ODOO_PYTHON", sys.executable)
    odoo_bin = Path(os.environ["ODOO_PATH"], "odoo-bin")
    command = [
        odoo_python,
        str(odoo_bin),
        "-d",
        db,
        "-i",
        "resource",
        "--stop-after-init",
        "--without-demo=all",
        "--log-level=warn",
    ]
    print(f"creating throwaway database {db} (odoo-bin -i resource) ...", flush=True)
    subprocess.run(command, check=True)


def make_calendar(env, holidays):
    """A Mon–Fri 07:30–11:30 / 13:00–17:00 calendar with one global leave per holiday."""
    attendances = [
        (
            0,
            0,
            {
                "name": f"{weekday} {period}",
                "dayofweek": str(weekday),
                "day_period": period,
                "hour_from": start,
                "hour_to": end,
            },
        )
        for weekday in range(5)
        for period, start, end in (("morning", 7.5, 11.5), ("afternoon", 13.0, 17.0))
    ]
    calendar = env["resource.calendar"].create({"name": "Q1 bench", "tz": LOCAL_TZ, "attendance_ids": attendances})
    tz = local_tz()
    env["resource.calendar.leaves"].create(
        [
            {
                "name": f"Nghỉ lễ {day.isoformat()}",
                "calendar_id": calendar.id,
                "date_from": utc_naive(tz, datetime.combine(day, time(0, 0))),
                "date_to": utc_naive(tz, datetime.combine(day, time(23, 59, 59))),
            }
            for day in sorted(holidays)
        ]
    )
    return calendar


def run_plan_days(calendar, cal, receptions, limits):
    tz = local_tz()
    mismatches = 0
    elapsed = 0.0
    for received_at, days in zip(receptions, limits, strict=True):
        day = received_at.date()
        # plan_days counts the start day when it is a working day; due_date starts the day after.
        odoo_days = days + (1 if cal.is_workday(day) else 0)
        start_dt = tz.localize(datetime.combine(day, time(0, 0)))
        start = clock.perf_counter()
        result = calendar.plan_days(odoo_days, start_dt, compute_leaves=True)
        elapsed += clock.perf_counter() - start
        expected = cal.add_workdays(day, days)
        if not result or result.astimezone(tz).date() != expected:
            mismatches += 1
    return elapsed / len(receptions) * 1e6, mismatches


def local_tz():
    import pytz  # an Odoo requirement

    return pytz.timezone(LOCAL_TZ)


def utc_naive(tz, local_naive):
    import pytz

    return tz.localize(local_naive).astimezone(pytz.utc).replace(tzinfo=None)


if __name__ == "__main__":
    sys.exit(main())

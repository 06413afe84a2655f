#!/usr/bin/env python3
"""Load test: a morning rush with Locust against Odoo run with the production settings (issue 13, item 5).

    ODOO_PATH=/opt/odoo18 ODOO_PYTHON=/opt/odoo18-venv/bin/python python tests/bench/bench_load.py \
        [--db NAME | --history 100000] [--users 5,10,20,40] [--run-time 60] [--workers N] \
        [--locust PATH] [--p95-limit 5] [--max-failure-rate 0.01] [--hand-overs 300]

Locust is not in tests/requirements.txt: install it apart, e.g. ``python3 -m venv ~/q1-load && ~/q1-load/bin/pip
install -r tests/bench/requirements-load.txt``, and give ``--locust ~/q1-load/bin/locust`` (default: ``locust`` on
PATH).

1. The database: ``--db`` an existing one with the addons and their demo data; otherwise a throwaway
   ``q1_bench_load_<pid>`` with the demo data and ``--history`` generated dossier histories
   (``generate_dossiers.py``), dropped at the end.
2. The users: each Locust user logs in as a user of its own, of its role, in one of the four wards: the demo users
   (``tiepnhan.*``, ``chuyenvien.*``, ``truongphong.*``, ``lanhdao.*``) and, to have one per Locust user, copies
   of them with the same groups, units and home (``load.<login>.<n>``, password ``demo``). Every officer holds
   ``--hand-overs`` / officers dossiers at the first step of a three-step procedure of its ward (assigned by its
   head), handed over once each; the citizens look up 500 dossiers that exist, with the right phone digits.
3. Odoo: ``odoo-bin -c config/odoo.prod.conf`` when that file exists (the production profile: its limits,
   ``db_maxconn``, ``max_cron_threads``, ``proxy_mode``...), with the database, addons, ports (127.0.0.1 only) and
   ``--workers`` given on the command line; ``--workers`` defaults to that file's own rule for another machine,
   2 x cores and at least 4. ``proxy_mode`` stays as the file sets it: without a proxy no request carries
   X-Forwarded-Host, so Odoo applies no forwarded header. Without the file: ``--workers`` and the same limits.
4. For each number of users of ``--users``: Locust headless (``locust_rush.py``), all users started in 10 s, the
   statistics reset once they are all running (``--reset-stats``), then ``--run-time`` seconds; per action
   (reception, kanban open, form open, hand-over, dashboard open, public lookup) the rate sustained (pages/s), the
   median and p95 latency and the failures. It stops stepping once a p95 is above ``--p95-limit`` seconds or
   more than ``--max-failure-rate`` of the pages fail (saturation). Then it checks the dossier codes issued
   (no duplicate), counts the server log's ERROR lines, and prints the figures of the last step before saturation.

Exit code 1 when any page failed at a step below saturation, or a code was issued twice.
"""

import argparse
import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from bench_due_date import ROOT, odoo_or_reexec
from bench_rush import free_port, launch, stop_server
from bench_watchdog import addons_path, create_database
from generate_dossiers import top_addon

PASSWORD = "demo"
ROLES = {
    "counter": "tiepnhan",
    "officer": "chuyenvien",
    "head": "truongphong",
    "leader": "lanhdao",
}
WARDS = ("saigon", "tandinh", "benthanh", "cauonglanh")
ACTIONS = ("reception", "kanban open", "form open", "hand-over", "dashboard open", "public lookup")
LIMITS = {"users": 100, "run_time": 600, "steps": 8, "workers": 16, "history": 1_000_000, "hand_overs": 5000}
PROD_CONF = ROOT / "config" / "odoo.prod.conf"
# The production file's limits, used when the file is not there (same values).
DEFAULT_LIMITS = [
    "--limit-memory-soft=1610612736",
    "--limit-memory-hard=2147483648",
    "--limit-time-cpu=600",
    "--limit-time-real=1200",
    "--limit-request=65536",
    "--db_maxconn=8",
    "--max-cron-threads=1",
]


# ---------------------------------------------------------------------------------------------------- set-up


def procedure_for_reception(env, today):
    return env["q1.procedure"].search(
        [
            ("allow_direct", "=", True),
            ("time_unit", "=", "day"),
            ("same_day", "=", False),
            ("deciding_company_id", "=", False),
            "|",
            ("date_start", "=", False),
            ("date_start", "<=", today),
            "|",
            ("date_end", "=", False),
            ("date_end", ">=", today),
        ],
        order="id",
        limit=1,
    )


def load_users(env, per_role):
    """{role: [login, ...]}: per role ``per_role`` logins spread over the wards, the demo users first, then
    copies of them (same groups, units, home action)."""
    logins = {}
    Users = env["res.users"].with_context(no_reset_password=True, tracking_disable=True)
    for role, prefix in ROLES.items():
        logins[role] = []
        for n in range(per_role):
            ward = WARDS[n % len(WARDS)]
            demo = Users.search([("login", "=", f"{prefix}.{ward}")])
            if not demo:
                raise RuntimeError(f"demo user {prefix}.{ward} missing (the database needs the demo data)")
            copy_number = n // len(WARDS)
            if copy_number == 0:
                logins[role].append(demo.login)
                continue
            login = f"load.{demo.login}.{copy_number}"
            user = Users.search([("login", "=", login)])
            if not user:
                user = Users.create(
                    {
                        "name": f"{demo.name} ({copy_number})",
                        "login": login,
                        "password": PASSWORD,
                        "company_id": demo.company_id.id,
                        "company_ids": [(6, 0, demo.company_ids.ids)],
                        "groups_id": [(6, 0, demo.groups_id.ids)],
                        "action_id": demo.action_id.id,
                        "lang": demo.lang,
                        "tz": demo.tz,
                    }
                )
            logins[role].append(login)
    return logins


def hold_dossiers(odoo, env, logins, total, today):
    """Dossiers of a three-step procedure of each ward received at its counter and assigned by its head to the
    ward's officers, ``total`` in all, for the officers to hand over."""
    Users = env["res.users"]
    stage = env["q1.dossier.stage"]._for_status("processing")
    base = procedure_for_reception(env, today)
    flow = env["q1.procedure"].search([("code", "=", "BENCH.LOAD.FLOW")], limit=1) or env["q1.procedure"].create(
        {
            "name": "Thủ tục thử tải (ba bước)",
            "code": "BENCH.LOAD.FLOW",
            "field_id": base.field_id.id,
            "time_unit": "day",
            "time_limit": 10,
            "step_ids": [
                odoo.fields.Command.create({"name": name, "sequence": i, "stage_id": stage.id, "time_budget": 2})
                for i, name in enumerate(("Thẩm định", "Trình ký", "Ký duyệt"), start=1)
            ],
        }
    )
    officers = [Users.search([("login", "=", login)]) for login in logins["officer"]]
    for i in range(total):
        officer = officers[i % len(officers)]
        company = officer.company_id
        ward = next(w for w in WARDS if officer.login.endswith(w) or f".{w}." in officer.login)
        reception = Users.search([("login", "=", f"tiepnhan.{ward}")])
        head = Users.search([("login", "=", f"truongphong.{ward}")])
        dossier = (
            env["q1.dossier"]
            .with_user(reception)
            .with_company(company)
            .with_context(tracking_disable=True)
            .create(
                {
                    "procedure_id": flow.id,
                    "applicant_name": f"Người chờ chuyển {i:05d}",
                    "applicant_phone": f"0905{i:06d}",
                    "applicant_address": "1 Đường Thử Tải",
                }
            )
        )
        dossier.document_ids.write({"is_received": True})
        dossier.action_receive()
        dossier.with_user(head).with_company(company).assign(officer)
        if i % 100 == 99:
            env.cr.commit()
    return flow


def held_pools(env, flow, logins):
    """{officer login: [[dossier id, step id], ...]} of the dossiers still at the flow's first step."""
    env.cr.execute(
        """SELECT u.login, d.id, s.id
             FROM q1_dossier d
             JOIN q1_dossier_step s ON s.id = d.current_step_id
             JOIN res_users u ON u.id = s.user_id
            WHERE d.procedure_id = %s AND d.state IN ('received', 'processing') AND s.procedure_step_id = %s
              AND s.finished_at IS NULL
         ORDER BY d.id""",
        (flow.id, flow.step_ids.sorted("sequence")[:1].id or 0),
    )
    pools = {login: [] for login in logins["officer"]}
    for login, dossier_id, step_id in env.cr.fetchall():
        if login in pools:
            pools[login].append([dossier_id, step_id])
    return pools


def lookups(env, n=500):
    env.cr.execute(
        """SELECT code, right(regexp_replace(applicant_phone, '[^0-9]', '', 'g'), 4)
             FROM q1_dossier
            WHERE code IS NOT NULL AND applicant_phone IS NOT NULL AND length(applicant_phone) >= 4
         ORDER BY md5(code) LIMIT %s""",
        (n,),
    )
    return [list(row) for row in env.cr.fetchall()]


def set_up(odoo, db, per_role, hand_overs, fixture_path):
    odoo.tools.config.parse_config(["-d", db, f"--addons-path={addons_path()}", "--log-level=warn"])
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        today = odoo.fields.Date.context_today(env["q1.dossier"].with_context(tz="Asia/Ho_Chi_Minh"))
        logins = load_users(env, per_role)
        cr.commit()
        flow = env["q1.procedure"].search([("code", "=", "BENCH.LOAD.FLOW")], limit=1)
        waiting = sum(map(len, held_pools(env, flow, logins).values())) if flow else 0
        if waiting < hand_overs:
            print(f"preparing {hand_overs - waiting} dossiers for the officers to hand over ...", flush=True)
            flow = hold_dossiers(odoo, env, logins, hand_overs - waiting, today)
            cr.commit()
        procedure = procedure_for_reception(env, today)
        procedures = {login: procedure.id for login in logins["counter"]}
        # the lookups start from a clean count for this machine (only failed lookups count; none expected)
        cr.execute("DELETE FROM q1_lookup_attempt WHERE ip = '127.0.0.1'")
        fixture = {
            "db": db,
            "password": PASSWORD,
            "logins": logins,
            "procedures": procedures,
            "lookups": lookups(env),
            "flow": flow.id,
            "today": str(today),
        }
        cr.commit()
    refresh_pools(odoo, db, fixture, fixture_path)
    return fixture


def refresh_pools(odoo, db, fixture, fixture_path):
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        fixture["hand_overs"] = held_pools(env, env["q1.procedure"].browse(fixture["flow"]), fixture["logins"])
    Path(fixture_path).write_text(json.dumps(fixture, ensure_ascii=False))
    return sum(map(len, fixture["hand_overs"].values()))


def vacuum(odoo, db):
    """VACUUM ANALYZE the database: a generated history leaves a dead row per dossier, and autovacuum may be off."""
    import psycopg2

    _name, params = odoo.sql_db.connection_info_for(db)
    connection = psycopg2.connect(**params)
    try:
        connection.autocommit = True
        with connection.cursor() as cr:
            cr.execute("VACUUM ANALYZE")
    finally:
        connection.close()


# ---------------------------------------------------------------------------------------------------- server


def gevent_shim(folder):
    """Environment for odoo-bin in which its websocket (gevent) process can start.

    Odoo's prefork server always starts ``odoo-bin gevent``; gevent loads its plugins through ``pkg_resources``,
    and an old setuptools does not find a requirement installed by a recent wheel under its normalised name
    (``zope_interface-8.7.dist-info`` for ``zope.interface``): that process then dies at each start and the
    master starts it again about every second, which costs CPU that the measured workers need. When this Python
    has that defect, ``folder`` gets a metadata alias per missing requirement (``<name>-<version>.egg-info``, the
    version installed) and odoo-bin gets it on PYTHONPATH; nothing is installed. The real fix is a newer
    setuptools in that environment."""
    import importlib.metadata

    try:
        import pkg_resources
    except ImportError:
        return {}, []
    aliases = []
    for _try in range(10):
        try:
            pkg_resources.require("gevent")
            break
        except pkg_resources.DistributionNotFound as missing:
            name = missing.req.project_name
            try:
                version = importlib.metadata.version(name)
            except importlib.metadata.PackageNotFoundError:
                return {}, aliases
            Path(folder).mkdir(parents=True, exist_ok=True)
            Path(folder, f"{name}-{version}.egg-info").write_text(
                f"Metadata-Version: 1.0\nName: {name}\nVersion: {version}\n"
            )
            pkg_resources.working_set.add_entry(str(folder))
            aliases.append(f"{name} {version}")
        except Exception:  # noqa: BLE001 - any other trouble: leave odoo-bin as it is
            return {}, aliases
    if not aliases:
        return {}, []
    path = os.pathsep.join(p for p in (str(folder), os.environ.get("PYTHONPATH")) if p)
    return {"PYTHONPATH": path}, aliases


def default_workers():
    return max(4, 2 * (os.cpu_count() or 2))


def start_server(db, workers, log_path, data_dir):
    port, gevent_port = free_port(), free_port()
    command = [os.environ.get("ODOO_PYTHON", sys.executable), str(Path(os.environ["ODOO_PATH"], "odoo-bin"))]
    if PROD_CONF.exists():
        command += ["-c", str(PROD_CONF)]
    else:
        command += DEFAULT_LIMITS
    command += [
        "-d",
        db,
        f"--db-filter=^{re.escape(db)}$",
        f"--addons-path={addons_path()}",
        f"--data-dir={data_dir}",
        f"--workers={workers}",
        "--http-interface=127.0.0.1",
        f"--http-port={port}",
        f"--gevent-port={gevent_port}",
        "--log-level=info",
        f"--logfile={log_path}",
    ]
    shim, aliases = gevent_shim(Path(data_dir).parent / "pkg-aliases")
    if aliases:
        print(f"odoo-bin's gevent process needs pkg_resources aliases: {', '.join(aliases)} (see gevent_shim)")
    return launch(command, port, log_path, env=dict(os.environ, **shim))


# ---------------------------------------------------------------------------------------------------- locust


def run_locust(locust, base, users, run_time, fixture_path, prefix):
    spawn_rate = max(1.0, users / 10)
    command = [
        locust,
        "-f",
        str(Path(__file__).with_name("locust_rush.py")),
        "--headless",
        "--host",
        base,
        "-u",
        str(users),
        "-r",
        f"{spawn_rate:g}",
        "--run-time",
        f"{run_time + 10}s",
        "--reset-stats",
        "--csv",
        str(prefix),
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--stop-timeout",
        "30",
    ]
    env = dict(os.environ, Q1_LOAD_FIXTURE=str(fixture_path), PYTHONPATH=str(Path(__file__).parent))
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=run_time + 300)
    stats_file = Path(f"{prefix}_stats.csv")
    if not stats_file.exists():
        raise RuntimeError(f"locust wrote no statistics (exit {result.returncode}): {result.stderr[-2000:]}")
    with stats_file.open(newline="") as stats:
        rows = {(row["Type"], row["Name"]): row for row in csv.DictReader(stats)}
    failures = []
    failures_file = Path(f"{prefix}_failures.csv")
    if failures_file.exists():
        with failures_file.open(newline="") as listed:
            failures = list(csv.DictReader(listed))
    return rows, failures


def figures(rows, action):
    row = rows.get(("page", action))
    if not row or not int(row["Request Count"]):
        return None
    return {
        "count": int(row["Request Count"]),
        "failures": int(row["Failure Count"]),
        "rate": float(row["Requests/s"]),
        "p50": float(row["50%"]) / 1000,
        "p95": float(row["95%"]) / 1000,
    }


def print_step(users, rows, failures):
    print(f"\n{users} users:")
    print(f"    {'action':16} {'pages/s':>8} {'p50 s':>7} {'p95 s':>7} {'pages':>7} {'failed':>7}")
    per_action = {}
    for action in ACTIONS:
        f = figures(rows, action)
        per_action[action] = f
        if f:
            line = f"{f['rate']:8.2f} {f['p50']:7.2f} {f['p95']:7.2f} {f['count']:7d} {f['failures']:7d}"
            print(f"    {action:16} {line}")
        else:
            print(f"    {action:16} {'-':>8}")
    for failure in failures[:8]:
        print(f"    failed {failure.get('Occurrences')}x {failure.get('Name')}: {failure.get('Error', '')[:160]}")
    return per_action


# ---------------------------------------------------------------------------------------------------- main


def bounded(value, name):
    if not 1 <= value <= LIMITS[name]:
        raise SystemExit(f"--{name.replace('_', '-')} must be between 1 and {LIMITS[name]}")
    return value


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="an existing database with the addons and their demo data")
    parser.add_argument("--history", type=int, default=100_000, help="generated dossiers of a new database")
    parser.add_argument("--users", default="5,10,20,40", help="numbers of Locust users, step by step")
    parser.add_argument("--run-time", type=int, default=60, help="seconds measured at each step")
    parser.add_argument("--workers", type=int, default=default_workers())
    parser.add_argument("--locust", default=shutil.which("locust") or "locust")
    parser.add_argument("--p95-limit", type=float, default=5.0, help="seconds: a step above it is saturated")
    parser.add_argument("--max-failure-rate", type=float, default=0.01)
    parser.add_argument("--hand-overs", type=int, default=300, help="dossiers prepared for the officers")
    args = parser.parse_args(argv)
    steps = [int(n) for n in args.users.split(",") if n.strip()]
    if not 1 <= len(steps) <= LIMITS["steps"]:
        raise SystemExit(f"--users: 1 to {LIMITS['steps']} steps")
    for n in steps:
        bounded(n, "users")
    bounded(args.run_time, "run_time")
    bounded(args.workers, "workers")
    bounded(args.hand_overs, "hand_overs")
    if not args.db:
        bounded(args.history, "history")
    if not Path(args.locust).exists() and not shutil.which(args.locust):
        print(f"load test skipped: no locust at {args.locust!r} (pip install -r tests/bench/requirements-load.txt)")
        return 2
    odoo = odoo_or_reexec(argv, "load test")
    if odoo is None:
        return 2
    db = args.db or f"q1_bench_load_{os.getpid()}"
    work = Path(tempfile.mkdtemp(prefix=f"{db}_"))
    if not args.db:
        create_database(db, top_addon(), demo=True)
        subprocess.run(
            [os.environ.get("ODOO_PYTHON", sys.executable), str(Path(__file__).with_name("generate_dossiers.py")),
             "--db", db, "--count", str(args.history)],
            check=True,
        )  # fmt: skip
    server = None
    signal.signal(signal.SIGTERM, lambda signum, _frame: (_ for _ in ()).throw(KeyboardInterrupt(signum)))
    try:
        fixture_path = work / "fixture.json"
        per_role = max(steps) // 5 + (1 if max(steps) % 5 else 0)
        fixture = set_up(odoo, db, max(1, per_role), args.hand_overs, fixture_path)
        vacuum(odoo, db)
        registry = odoo.modules.registry.Registry(db)
        with registry.cursor() as cr:
            cr.execute("SELECT count(*) FROM q1_dossier")
            dossiers = cr.fetchone()[0]
        settings = f"-c {PROD_CONF.relative_to(ROOT)}" if PROD_CONF.exists() else "built-in limits (no odoo.prod.conf)"
        log_path = work / "odoo.log"
        server, base = start_server(db, args.workers, log_path, work / "data")
        print(f"database {db}: {dossiers:,} dossiers; odoo-bin {settings} --workers={args.workers} on {base}")
        print(f"locust {args.locust}; each step: users started in 10 s, then {args.run_time} s measured; log {work}")
        # every worker compiles its templates and loads its caches on its first requests: not measured
        refresh_pools(odoo, db, fixture, fixture_path)
        run_locust(args.locust, base, min(5, steps[0]), 20, fixture_path, work / "warmup")
        results, saturated_at = [], None
        for users in steps:
            waiting = refresh_pools(odoo, db, fixture, fixture_path)
            rows, failures = run_locust(args.locust, base, users, args.run_time, fixture_path, work / f"step{users}")
            per_action = print_step(users, rows, failures)
            pages = [f for f in per_action.values() if f]
            total = sum(f["count"] for f in pages)
            failed = sum(f["failures"] for f in pages)
            worst = max((f["p95"] for f in pages), default=0)
            load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
            print(f"    {total} pages, {failed} failed; worst p95 {worst:.2f} s; {waiting} dossiers were held")
            print(f"    machine load average after the step (1, 5, 15 min): {load} on {os.cpu_count()} cores")
            results.append((users, per_action, failed))
            if worst > args.p95_limit or (total and failed / total > args.max_failure_rate):
                saturated_at = users
                print(f"    saturated (p95 over {args.p95_limit:g} s or failures over {args.max_failure_rate:.0%})")
                break
        with registry.cursor() as cr:
            cr.execute(
                "SELECT count(*) - count(DISTINCT code) FROM q1_dossier WHERE code IS NOT NULL AND received_date = %s",
                (fixture["today"],),
            )
            duplicates = cr.fetchone()[0]
    finally:
        if server is not None:
            stop_server(server)
    log_text = (work / "odoo.log").read_text(errors="replace") if (work / "odoo.log").exists() else ""
    errors = [line for line in log_text.splitlines() if " ERROR " in line or " CRITICAL " in line]
    retries = [line for line in log_text.splitlines() if "tries left" in line or "maximum number of tries" in line]
    lines = log_text.splitlines()
    jobs = [line.split("ir_cron: ", 1)[1] for line in lines if "ir_cron: Job" in line and "done" in line]
    print(f"\ncodes issued today twice: {duplicates}; server log: {len(errors)} ERROR lines, {len(retries)} retries")
    print(f"scheduled jobs run during the test (max_cron_threads of the settings): {len(jobs)}")
    for line in jobs[:8]:
        print(f"    {line[:160]}")
    for line in errors[:5]:
        print(f"    {line[:200]}")
    below = [r for r in results if r[0] != saturated_at]
    if below:
        users, per_action, _failed = below[-1]
        print(f"\nbefore saturation ({users} users): action, pages/s, p95 s, failed")
        for action in ACTIONS:
            f = per_action.get(action)
            if f:
                print(f"    {action:16} {f['rate']:6.2f} {f['p95']:6.2f} {f['failures']:4d}")
    if not args.db:
        odoo.sql_db.close_db(db)
        odoo.service.db.exp_drop(db)
    failed_below = sum(r[2] for r in below)
    return 1 if failed_below or duplicates else 0


if __name__ == "__main__":
    sys.exit(main())

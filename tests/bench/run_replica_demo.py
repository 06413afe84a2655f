#!/usr/bin/env python3
"""Odoo 18.0 serving its reads from a PostgreSQL streaming replica, shown on this machine (issue 13, item 3).

    ODOO_PATH=/opt/odoo18 ODOO_PYTHON=/opt/odoo18-venv/bin/python python tests/bench/run_replica_demo.py \
        [--base DIR] [--primary-port 5434] [--standby-port 5433] [--http-port PORT] [--db NAME] \
        [--count 20000] [--remote-apply] [--keep] [--reuse]

Builds, under ``--base`` (a new directory; as root it is given to the ``postgres`` user), two PostgreSQL
clusters on 127.0.0.1 only, with the ``initdb``/``pg_ctl``/``pg_basebackup`` of the PostgreSQL on ``PATH`` or
``--pg-bin``:

1. a primary (``wal_level = replica``; ``fsync = off``: a throwaway cluster), in which a database gets both
   addons with the demo data and Vietnamese, ``--count`` generated dossier histories
   (``generate_dossiers.py``), and the fixtures of ``bench_rush.py`` (a dossier held by ``chuyenvien.saigon``);
2. a hot standby of it (``pg_basebackup -R -X stream``, ``hot_standby = on``) streaming from it.

Both log every statement (``log_statement = all``, prefix ``time [pid] application@database``). It then starts
``odoo-bin --workers=2 --max-cron-threads=0`` on the primary with ``--db_replica_host=127.0.0.1
--db_replica_port=<standby>``, and plays a morning over HTTP as the web client does (``webclient.py``): the
leader's dashboard (pivot of ``q1.dossier.report``), the statutory report (its wizard, then its pivot), an
officer's kanban and form, a counter reception (``onchange``, ``web_save``, *Tiếp nhận*) and the form read back
at once, a hand-over, the public lookup page, and an administrator opening a dossier; finally the standby is
stopped and the dashboard opened again. Before and after each request a marker statement is sent to both
clusters, so each cluster's log tells which statements of Odoo each request ran there. It prints, per request,
the cursor Odoo says it used (its request log: ``ro`` read-only, ``ro->rw`` retried read/write, ``rw``), the
statements each cluster ran for it, and the cluster that did the work; then the replication lag. Everything is
stopped and removed at the end, also on an error or Ctrl-C (``--keep`` leaves the clusters and logs, stopped;
``--reuse`` starts them again for another morning). ``--remote-apply`` makes the replication synchronous
(``synchronous_commit = remote_apply``): a commit returns once the standby applied it, so a read right after a
write always sees it.

How Odoo 18.0 routes (``odoo/http.py`` ``_serve_db``/``_transactioning``, ``odoo/modules/registry.py``
``Registry.cursor``, ``addons/web/controllers/dataset.py`` ``_call_kw_readonly``): with ``db_replica_host`` set,
each process keeps a second connection pool, to the replica, whose transactions are READ ONLY. A route declared
``readonly=True`` (``/web/action/load``, ``/web/session/get_session_info``, ``/mail/data``...; by default every
``auth='none'`` route, ``/web/session/authenticate`` included, whose login writes through a read/write cursor of
its own) runs on it; ``/web/dataset/call_kw`` and ``call_button`` do when the method called is decorated
``@api.readonly``: ``search``, ``search_read``, ``search_count``, ``search_fetch``, ``read``, ``read_group``,
``name_search``, ``get_views`` and the web client's ``web_search_read``, ``web_read``, ``web_read_group``,
``read_progress_bar``. Everything else runs on the primary: ``onchange``, ``web_save``, every button and public
method, the ``auth='public'``/``'user'`` http routes such as ``/q1/lookup``. A request that writes in a
read-only transaction gets ``ReadOnlySqlTransaction``, is rolled back and run again from the start on the
primary (``ro->rw``; Odoo logs the statement as an ERROR "bad query" and a warning with its traceback). Every
request, on either side, first checks the registry's signalling and matches its route on a read-only cursor: those
few statements go to the replica. The threaded server routes the same way (``Registry.cursor`` is the same);
workers are what production runs. If a process cannot connect to the replica it uses the primary from then on,
until it is recycled (``limit_request``, memory limits) or restarted.
"""

import argparse
import contextlib
import getpass
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time as clock
from pathlib import Path

import webclient
from bench_due_date import ROOT, odoo_or_reexec
from bench_load import gevent_shim
from bench_rush import Client, free_port, launch, set_up, stop_server
from bench_watchdog import addons_path
from generate_dossiers import top_addon

LEADER, OFFICER, RECEPTION, ADMIN, PASSWORD = (
    "lanhdao.saigon",
    "chuyenvien.saigon",
    "tiepnhan.saigon",
    "quantri",
    "demo",
)
MARK = "q1-replica-demo-mark"
LOG_LINE_RE = re.compile(r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \S+) \[(\d+)\] (\S*)@(\S*) ([A-Z]+):  (.*)$")
REQUEST_RE = re.compile(r'"(?:GET|POST) (\S+) HTTP/[\d.]+" (\d{3}) \S+ (\d+) ([\d.]+) ([\d.]+) (\S+)')
TRIVIAL_RE = re.compile(r"^(BEGIN|COMMIT|ROLLBACK|SET|SHOW|RESET|SAVEPOINT|RELEASE|DISCARD|ABORT)\b", re.I)
FRAMEWORK_RE = re.compile(r"base_registry_signaling|base_cache_signaling|^SELECT 1\b", re.I)
WRITE_RE = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.I)
DEVICE_RE = re.compile(r"res_device_log", re.I)


# ---------------------------------------------------------------------------------------------------- clusters


def pg_bin(args_bin):
    """The folder of initdb, pg_ctl and pg_basebackup."""
    candidates = [args_bin] if args_bin else []
    found = shutil.which("pg_ctl")
    if found:
        candidates.append(str(Path(found).parent))
    candidates += sorted((str(p) for p in Path("/usr/lib/postgresql").glob("*/bin")), reverse=True)
    for folder in candidates:
        if folder and Path(folder, "pg_ctl").exists() and Path(folder, "pg_basebackup").exists():
            return folder
    raise SystemExit("no PostgreSQL server binaries found (pg_ctl, pg_basebackup): give --pg-bin")


class Cluster:
    def __init__(self, name, base, port, bindir):
        self.name, self.port, self.bindir = name, port, bindir
        self.data, self.log, self.sockets = base / name, base / f"{name}.log", base / "run"

    def run(self, program, *args, check=True):
        """A PostgreSQL program, as the postgres user when this runs as root (they refuse to run as root)."""
        command = [str(Path(self.bindir, program)), *map(str, args)]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True)

    def start(self):
        self.run("pg_ctl", "-D", self.data, "-l", self.log, "-w", "-t", "120", "start")

    def stop(self):
        if (self.data / "postmaster.pid").exists():
            self.run("pg_ctl", "-D", self.data, "-m", "fast", "-w", "-t", "60", "stop", check=False)

    def connect(self, psycopg2, dbname="postgres"):
        connection = psycopg2.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname=dbname, application_name="replica-demo"
        )
        connection.autocommit = True
        return connection

    def configure(self, lines):
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write("\n# run_replica_demo.py\n" + "\n".join(lines) + "\n")


def make_base(base):
    base.mkdir(parents=True)
    (base / "run").mkdir()
    if os.geteuid() == 0:
        shutil.chown(base, "postgres", "postgres")
        shutil.chown(base / "run", "postgres", "postgres")


def build_primary(primary):
    primary.run("initdb", "-D", primary.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C")
    primary.configure(
        [
            "listen_addresses = '127.0.0.1'",
            f"port = {primary.port}",
            f"unix_socket_directories = '{primary.sockets}'",
            "wal_level = replica",
            "max_wal_senders = 5",
            "hot_standby = on",
            "fsync = off",
            "shared_buffers = 256MB",
            "lc_messages = 'C'",
            "log_line_prefix = '%m [%p] %a@%d '",
        ]
    )
    (primary.data / "pg_hba.conf").write_text(
        "local all all trust\nhost all all 127.0.0.1/32 trust\n"
        "local replication all trust\nhost replication all 127.0.0.1/32 trust\n"
    )
    primary.start()


def build_standby(primary, standby):
    standby.run(
        "pg_basebackup", "-h", "127.0.0.1", "-p", primary.port, "-U", "postgres", "-D", standby.data,
        "-R", "-X", "stream", "-c", "fast",
    )  # fmt: skip
    standby.configure([f"port = {standby.port}", "hot_standby = on", "log_statement = 'all'"])
    standby.start()


def wait_streaming(psycopg2, primary, standby, seconds=60):
    with contextlib.closing(primary.connect(psycopg2)) as p, contextlib.closing(standby.connect(psycopg2)) as s:
        for _try in range(int(seconds * 10)):
            with p.cursor() as pc, s.cursor() as sc:
                pc.execute("SELECT state FROM pg_stat_replication")
                states = [row[0] for row in pc.fetchall()]
                sc.execute("SELECT pg_is_in_recovery()")
                if "streaming" in states and sc.fetchone()[0]:
                    return
            clock.sleep(0.1)
    raise RuntimeError("the standby is not streaming from the primary")


def synchronous(psycopg2, primary, remote_apply):
    """Commits wait for the standby to apply them (``remote_apply``), or not (asynchronous, the default)."""
    with contextlib.closing(primary.connect(psycopg2)) as connection, connection.cursor() as cr:
        if remote_apply:
            cr.execute("ALTER SYSTEM SET synchronous_standby_names = '*'")
            cr.execute("ALTER SYSTEM SET synchronous_commit = 'remote_apply'")
        else:
            cr.execute("ALTER SYSTEM RESET synchronous_standby_names")
            cr.execute("ALTER SYSTEM RESET synchronous_commit")
        cr.execute("SELECT pg_reload_conf()")


# ---------------------------------------------------------------------------------------------------- odoo


def odoo_command(db, data_dir, *extra):
    return [
        os.environ.get("ODOO_PYTHON", sys.executable),
        str(Path(os.environ["ODOO_PATH"], "odoo-bin")),
        "-d",
        db,
        f"--addons-path={addons_path()}",
        f"--data-dir={data_dir}",
        "--db_host=127.0.0.1",
        *extra,
    ]


def create_demo_database(db, data_dir, primary, count):
    print(
        f"creating database {db} on the primary (odoo-bin -i {top_addon()}, demo data; a few minutes) ...", flush=True
    )
    subprocess.run(
        odoo_command(db, data_dir, f"--db_port={primary.port}", "-i", top_addon(), "--load-language=vi_VN")
        + ["--stop-after-init", "--log-level=warn"],
        check=True,
    )
    if count:
        subprocess.run(
            [os.environ.get("ODOO_PYTHON", sys.executable), str(ROOT / "tests/bench/generate_dossiers.py"), "--db", db,
             "--count", str(count)],
            check=True,
            env=dict(os.environ, PGHOST="127.0.0.1", PGPORT=str(primary.port)),
        )  # fmt: skip


def start_odoo(db, data_dir, primary, standby, port, log_path):
    command = odoo_command(
        db,
        data_dir,
        f"--db_port={primary.port}",
        "--db_replica_host=127.0.0.1",
        f"--db_replica_port={standby.port}",
        f"--db-filter=^{re.escape(db)}$",
        "--workers=2",
        "--max-cron-threads=0",
        "--http-interface=127.0.0.1",
        f"--http-port={port}",
        f"--gevent-port={free_port()}",
        "--log-level=info",
        f"--logfile={log_path}",
    )
    shim, _aliases = gevent_shim(Path(data_dir).parent / "pkg-aliases")
    return launch(command, port, log_path, env=dict(os.environ, **shim))


def session(evidence, base, db, login):
    """A web client logged in as ``login``, each of its requests recorded by ``evidence``."""
    client = Client(base, db, 300)

    def post(path, params, name):
        answer = evidence.request(name, lambda: client.rpc(path, params))
        if "http" in answer:
            raise webclient.RpcError(f"HTTP {answer['http']}", answer["text"])
        return webclient.rpc_result(answer)

    web = webclient.Session(post)
    web.login(db, login, PASSWORD)
    web.client = client
    return web


# ---------------------------------------------------------------------------------------------------- evidence


def log_entries(path, start=0):
    """(offset after, [(pid, application, database, level, text)]) of a PostgreSQL log from ``start``."""
    with open(path, encoding="utf-8", errors="replace") as log:
        log.seek(start)
        text = log.read()
        end = log.tell()
    entries = []
    for line in text.splitlines():
        match = LOG_LINE_RE.match(line)
        if match:
            entries.append(list(match.group(2, 3, 4, 5, 6)))
        elif entries:
            entries[-1][4] += "\n" + line
    return end, entries


def statements(entries):
    """The statements Odoo sent, the errors PostgreSQL answered, from log entries."""
    sent, errors = [], []
    for _pid, app, _db, level, text in entries:
        if not app.startswith("odoo"):
            continue
        if level == "LOG" and text.startswith("statement: "):
            sent.append(text[len("statement: ") :].strip())
        elif level == "ERROR":
            errors.append(text)
    return sent, errors


def summarise(sent):
    """The request's work among the statements: not transaction control, not the registry's signalling check
    every request makes, not Odoo's device log (``res.device._update_device``: once per session and hour, on its
    own read/write cursor)."""
    work = [s for s in sent if not TRIVIAL_RE.match(s) and not FRAMEWORK_RE.search(s)]
    device = [s for s in work if DEVICE_RE.search(s)]
    work = [s for s in work if not DEVICE_RE.search(s)]
    writes = [s for s in work if WRITE_RE.match(s)]
    return {"work": len(work), "writes": len(writes), "device": len(device), "texts": work}


class Evidence:
    """Per HTTP request: a marker statement in both clusters' logs before and after it, the statements Odoo ran
    on each cluster in between, and Odoo's own line for the request (its cursor mode)."""

    def __init__(self, psycopg2, primary, standby, odoo_log):
        self.clusters = {"primary": primary, "standby": standby}
        self.connections = {name: c.connect(psycopg2) for name, c in self.clusters.items()}
        self.odoo_log = odoo_log
        self.rows, self.pages = [], []
        self.page, self.who, self.active = None, None, False

    def mark(self, label):
        for connection in self.connections.values():
            if connection is not None:
                with connection.cursor() as cr:
                    cr.execute("SELECT %s", (f"{MARK} {label}",))

    def down(self, name):
        """The cluster ``name`` is about to stop: no more markers there."""
        self.connections.pop(name).close()
        self.connections[name] = None

    def request(self, label, call):
        if not self.active:
            return call()
        number = len(self.rows) + 1
        self.mark(f"begin {number}")
        offsets = {name: c.log.stat().st_size for name, c in self.clusters.items()}
        odoo_offset = self.odoo_log.stat().st_size
        try:
            return call()
        finally:
            self.mark(f"end {number}")
            row = {"page": self.page, "who": self.who, "label": label}
            for name, cluster in self.clusters.items():
                _end, entries = log_entries(cluster.log, offsets[name])
                sent, errors = statements(entries)
                row[name] = summarise(sent)
                row[f"{name}_errors"] = errors
            with open(self.odoo_log, encoding="utf-8", errors="replace") as log:
                log.seek(odoo_offset)
                row["modes"] = [m.group(6) for m in REQUEST_RE.finditer(log.read())]
            self.rows.append(row)

    def run(self, page, who, action):
        self.page, self.who, self.active = page, who, True
        try:
            outcome = action()
        except webclient.RpcError as error:
            outcome = f"refused: {error}"[:100]
        finally:
            self.active = False
        self.pages.append((page, who, outcome))
        return outcome

    @staticmethod
    def served_by(row):
        """Where the request ran, from Odoo's cursor mode and the statements each cluster logged for it."""
        primary, standby, modes = row["primary"], row["standby"], set(row["modes"])
        refused = any("read-only transaction" in e for e in row["standby_errors"])
        if "ro->rw" in modes or refused:
            return "standby: a write refused -> retried on the primary"
        if modes == {"rw"}:
            return "primary" + (" (route and session read on the standby)" if standby["work"] else "")
        if modes == {"ro"} and not standby["work"] and primary["work"]:
            return "primary (no standby: read-only cursor fell back)"
        if modes == {"ro"}:
            return "standby" + (" + primary (a read/write cursor of its own)" if primary["work"] else "")
        return "-"

    def print_table(self):
        print()
        print("request -> served by: statements of each request's work on each cluster (w: writes; err: errors),")
        print("from both clusters' statement logs; cursor: Odoo's own request log (ro read-only, ro->rw retried")
        print("read/write, rw read/write)")
        header = f"{'page / request':58} {'cursor':7} {'primary':>9} {'standby':>10}  served by"
        print(header)
        print("-" * (len(header) + 30))
        page = None
        for row in self.rows:
            if row["page"] != page:
                page = row["page"]
                print(f"{page} ({row['who']})")
            modes = ",".join(row["modes"]) or "-"
            primary, standby = row["primary"], row["standby"]
            p = f"{primary['work']} ({primary['writes']}w)"
            errors = len(row["standby_errors"])
            s = f"{standby['work']}" + (f" ({errors}err)" if errors else "")
            print(f"  {row['label'][:56]:56} {modes:7} {p:>9} {s:>10}  {self.served_by(row)}")
        print("Not counted: transaction control, the registry signalling check every request makes on the replica,")
        print("and Odoo's device log (res_device_log, once per session and hour, on a read/write cursor of its own).")

    def close(self):
        for connection in self.connections.values():
            if connection is not None:
                connection.close()


def replication_lag(psycopg2, primary, standby, samples=50):
    """How long a commit on the primary takes to be visible on the standby: ``samples`` one-row commits in a
    scratch table of the ``postgres`` database, each followed by polling the standby's replay position (every
    0.2 ms) until it passed the commit's; (sorted seconds to visible, sorted seconds of the commits themselves,
    pg_stat_replication's state and lags)."""
    with contextlib.closing(primary.connect(psycopg2)) as p, contextlib.closing(standby.connect(psycopg2)) as s:
        with p.cursor() as pc, s.cursor() as sc:
            pc.execute("CREATE TABLE IF NOT EXISTS replica_demo_lag (at timestamptz)")
            seconds, commits = [], []
            for _sample in range(samples):
                started = clock.perf_counter()
                pc.execute("INSERT INTO replica_demo_lag VALUES (now())")
                commits.append(clock.perf_counter() - started)
                pc.execute("SELECT pg_current_wal_insert_lsn()")
                target = pc.fetchone()[0]
                started = clock.perf_counter()
                for _try in range(50000):  # 10 s at most
                    sc.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (target,))
                    if sc.fetchone()[0]:
                        seconds.append(clock.perf_counter() - started)
                        break
                    clock.sleep(0.0002)
            pc.execute(
                """SELECT state, sync_state, pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn),
                          write_lag, flush_lag, replay_lag FROM pg_stat_replication"""
            )
            stats = pc.fetchone()
            pc.execute("DROP TABLE replica_demo_lag")
    return sorted(seconds), sorted(commits), stats


# ---------------------------------------------------------------------------------------------------- the morning


def morning(evidence, base, db, fixture, primary_db):
    """The pages of a morning, one after the other; returns the leader's session and what the reception gave."""
    leader, officer, reception, admin = (
        session(evidence, base, db, login) for login in (LEADER, OFFICER, RECEPTION, ADMIN)
    )
    held_id, step_id = fixture["held"][0]
    state = {}
    year = fixture["today"].year

    evidence.run("login", LEADER, lambda: bool(session(evidence, base, db, LEADER)))
    evidence.run(
        "dashboard (home of the leader)",
        LEADER,
        lambda: (
            leader.load_action("q1_reporting.q1_dossier_report_action"),
            webclient.dashboard(leader),
            leader.call(
                "q1.dossier.report",
                "web_search_read",
                [],
                {"domain": webclient.this_year(), "specification": {"code": {}}, "limit": 80},
            ),
        ),
    )

    def statutory():
        state["wizard"], _values, lines = webclient.statutory_table(leader, year)
        webclient.statutory_pivot(leader, state["wizard"], None)
        return f"{lines} lines"

    evidence.run("statutory report: table, then its pivot", LEADER, statutory)
    evidence.run("kanban", OFFICER, lambda: webclient.kanban(officer))
    evidence.run("form", OFFICER, lambda: webclient.form(officer, held_id).get("code"))

    def receive():
        dossier_id, state["read_back"] = webclient.reception(reception, fixture["procedure"], "Người thử", "0903111222")
        with primary_db.cursor() as cr:
            cr.execute("SELECT code FROM q1_dossier WHERE id = %s", (dossier_id,))
            state["code"] = cr.fetchone()[0]
        return state["code"]

    evidence.run("reception at the counter", RECEPTION, receive)
    evidence.run("hand-over", OFFICER, lambda: webclient.hand_over(officer, held_id, step_id))

    def lookup():
        client = Client(base, db, 60)
        _status, html = evidence.request("GET /q1/lookup", lambda: client._request("/q1/lookup"))
        fields = {"csrf_token": webclient.lookup_form(html), "code": fixture["lookup_code"]}
        fields["phone_digits"] = fixture["digits"]
        status, html = evidence.request("POST /q1/lookup", lambda: client.post_form("/q1/lookup", fields))
        return f"HTTP {status}, {'found' if fixture['lookup_code'] in html else 'not found'}"

    evidence.run("public lookup (citizen)", "no login", lookup)
    evidence.run("an administrator opens a dossier", ADMIN, lambda: webclient.form(admin, held_id).get("code"))
    return leader, state


def fixtures(odoo, db, data_dir):
    """A dossier held at its first step by the demo officer, a procedure for the counter, a code to look up."""
    fixture, registry = set_up(odoo, db, 1, 1)
    odoo.tools.config["data_dir"] = str(data_dir)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {})
        held = env["q1.dossier"].browse(fixture["held"][0][0])
        fixture["digits"] = (held.applicant_phone or "")[-4:]
        fixture["procedure"] = env["q1.dossier"].browse(fixture["drafts"][0]).procedure_id.id
        cr.execute("SELECT count(*) FROM q1_dossier")
        fixture["dossiers"] = cr.fetchone()[0]
    odoo.sql_db.close_all()
    return fixture


def build(args, odoo, psycopg2, base, primary, standby, data_dir):
    """Both clusters and the database, from nothing; or, with ``--reuse``, the clusters ``--keep`` left."""
    if args.reuse and (primary.data / "PG_VERSION").exists() and (standby.data / "PG_VERSION").exists():
        primary.start()
        standby.start()
        print(f"reusing the clusters of {base}", flush=True)
        return
    make_base(base)
    build_primary(primary)
    with contextlib.closing(primary.connect(psycopg2)) as connection, connection.cursor() as cr:
        cr.execute(f'CREATE ROLE "{getpass.getuser()}" LOGIN SUPERUSER')  # Odoo connects as this user
    create_demo_database(args.db, data_dir, primary, args.count)
    with contextlib.closing(primary.connect(psycopg2, args.db)) as connection, connection.cursor() as cr:
        cr.execute("VACUUM ANALYZE")
        cr.execute("ALTER SYSTEM SET log_statement = 'all'")
        cr.execute("SELECT pg_reload_conf()")
    build_standby(primary, standby)


def report(evidence, state, lag, odoo_log, odoo_offset):
    evidence.print_table()
    seconds, commits, stats = lag
    print()
    print(
        f"read-your-writes: reception {state.get('code')} read back at once from the standby as "
        f"{state.get('read_back')!r} ({'same' if state.get('read_back') == state.get('code') else 'STALE'})"
    )
    if seconds:
        median, worst = seconds[len(seconds) // 2], seconds[-1]
        print(
            f"replication lag: {len(seconds)} commits on the primary visible on the standby after "
            f"{median * 1000:.1f} ms (median), {worst * 1000:.1f} ms at most; a commit itself took "
            f"{commits[len(commits) // 2] * 1000:.1f} ms (median)"
        )
    else:
        print("replication lag: NO commit reached the standby within 10 s")
    print(
        f"pg_stat_replication after them: {stats[0]}, {stats[1]}, {stats[2]} bytes behind, write/flush/replay lag "
        f"{stats[3] or 'idle'} / {stats[4] or 'idle'} / {stats[5] or 'idle'}"
    )
    with open(odoo_log, encoding="utf-8", errors="replace") as log:
        log.seek(odoo_offset)
        lines = log.read().splitlines()
    retried = [line for line in lines if "retrying with a read/write cursor" in line]
    fallback = [line for line in lines if "Failed to open a readonly cursor" in line]
    bad = [line for line in lines if " ERROR " in line and "read-only transaction" in line]
    bad += [line for line in lines if "bad query" in line]
    print(
        f"Odoo's log: {len(retried)} request(s) retried on the primary after a write on the replica "
        f"({len(set(bad))} 'bad query' ERROR line(s) with them), {len(fallback)} worker(s) gave up the replica"
    )
    for line in (retried + fallback)[:6]:
        print(f"    {line[line.find(' WARNING ') + 1 :][:160]}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", help="a new directory for the clusters (default: a temporary one)")
    parser.add_argument("--primary-port", type=int, default=5434)
    parser.add_argument("--standby-port", type=int, default=5433)
    parser.add_argument("--http-port", type=int, default=0, help="default: a free port")
    parser.add_argument("--db", default="q1_replica_demo")
    parser.add_argument("--count", type=int, default=20000, help="generated dossier histories (0: demo only)")
    parser.add_argument("--pg-bin", help="folder of initdb, pg_ctl and pg_basebackup")
    parser.add_argument("--keep", action="store_true", help="leave the clusters (stopped), their logs and data")
    parser.add_argument("--reuse", action="store_true", help="start again on the clusters --keep left in --base")
    parser.add_argument(
        "--remote-apply",
        action="store_true",
        help="synchronous replication: a commit returns once the standby applied it (read-your-writes)",
    )
    args = parser.parse_args(argv)
    if not 0 <= args.count <= 200_000:
        raise SystemExit("--count must be between 0 and 200000")
    odoo = odoo_or_reexec(argv, "replica demonstration")
    if odoo is None:
        return 2
    import psycopg2

    bindir = pg_bin(args.pg_bin)
    base = Path(args.base) if args.base else Path(tempfile.gettempdir(), f"q1_replica_{os.getpid()}")
    if base.exists() and not args.reuse:
        raise SystemExit(f"{base} exists: give a new --base, or --reuse")
    primary = Cluster("primary", base, args.primary_port, bindir)
    standby = Cluster("standby", base, args.standby_port, bindir)
    data_dir, odoo_log = base / "odoo-data", base / "odoo.log"
    server = None

    def interrupted(signum, _frame):
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, interrupted)
    try:
        build(args, odoo, psycopg2, base, primary, standby, data_dir)
        os.environ.update(PGHOST="127.0.0.1", PGPORT=str(primary.port))  # the fixtures' connection
        fixture = fixtures(odoo, args.db, data_dir)
        wait_streaming(psycopg2, primary, standby)
        synchronous(psycopg2, primary, args.remote_apply)
        replication_lag(psycopg2, primary, standby, 1)  # the fixtures are on the standby too
        print(
            f"primary 127.0.0.1:{primary.port}, hot standby 127.0.0.1:{standby.port} streaming; "
            f"{fixture['dossiers']:,} dossiers"
        )
        odoo_offset = odoo_log.stat().st_size if odoo_log.exists() else 0
        server, base_url = start_odoo(args.db, data_dir, primary, standby, args.http_port or free_port(), odoo_log)
        print(f"odoo-bin --workers=2 --db_replica_host=127.0.0.1 --db_replica_port={standby.port} on {base_url}")
        evidence = Evidence(psycopg2, primary, standby, odoo_log)
        with contextlib.closing(primary.connect(psycopg2, args.db)) as primary_db:
            leader, state = morning(evidence, base_url, args.db, fixture, primary_db)
        lag = replication_lag(psycopg2, primary, standby)
        evidence.down("standby")
        synchronous(psycopg2, primary, False)  # a synchronous primary would wait for the stopped standby
        standby.stop()
        # each worker finds the replica gone on its own: enough pivots for both workers to meet it
        evidence.run(
            "standby stopped: the dashboard, three times",
            LEADER,
            lambda: [webclient.dashboard(leader) for _i in range(3)],
        )
        report(evidence, state, lag, odoo_log, odoo_offset)
        evidence.close()
        return 0
    finally:
        if server is not None:
            stop_server(server)
        for cluster in (standby, primary):
            cluster.stop()
        if args.keep:
            print(f"kept: {base} (clusters stopped; logs primary.log, standby.log, odoo.log; --reuse to restart)")
        else:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Benchmark: a rush at one ward's counter, against a multi-worker Odoo server on this machine.

    ODOO_PATH=/opt/odoo18 ODOO_PYTHON=/opt/odoo18-venv/bin/python python tests/bench/bench_rush.py \
        [--db NAME] [--receptions 50] [--handovers 20] [--handover-rounds 3] [--lookups 30] [--workers 4]

Starts ``odoo-bin --workers=N --max-cron-threads=0 --http-interface=127.0.0.1`` on free ports, then fires, each
batch released at once by a barrier and bounded by ``--timeout``:

* ``--receptions`` simultaneous receptions (``q1.dossier.action_receive`` over JSON-RPC) of draft dossiers of one
  ward, each by its own session of the ward's demo reception officer;
* ``--handovers`` simultaneous hand-overs of the same step (``hand_over(step=<the step on screen>)``) by the
  step holder, on ``--handover-rounds`` dossiers of a three-step procedure, one after the other;
* ``--lookups`` simultaneous POSTs to the public lookup page from 127.0.0.1 (half of them with forged
  X-Forwarded-For/X-Forwarded-Host), after one with a NUL byte in the code.

It prints the errors shown to users (any RPC error that is not an Odoo UserError with its message, any HTTP
status other than 200/429 on the page, any timeout), duplicate codes, gaps in the numbers issued during the
rush, double hand-overs, lookups let through above the limit, p50/p95 latency per batch, and the concurrency
retries the server logged. Exits non-zero if any of these counts is above 0.

``--db`` uses an existing database with the addons and their demo data (the benchmark adds its dossiers to it
and clears the lookup attempts of 127.0.0.1); otherwise a throwaway database ``q1_bench_rush_<pid>`` is created
with the demo data (``odoo-bin -i``, a few minutes) and dropped afterwards. Demo logins: README "Demo logins"
(password ``demo``).
"""

import argparse
import http.cookies
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time as clock
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from bench_due_date import odoo_or_reexec  # same folder: the Odoo import is shared, not copied
from bench_watchdog import addons_path, create_database
from generate_dossiers import top_addon

RECEPTION_LOGIN = "tiepnhan.saigon"
HOLDER_LOGIN = "chuyenvien.saigon"
HEAD_LOGIN = "truongphong.saigon"
DEMO_PASSWORD = "demo"
LIMITS = {"receptions": 200, "handovers": 50, "handover_rounds": 10, "lookups": 100, "workers": 16}
CSRF_RE = re.compile(r'name="csrf_token" value="([^"]+)"')
RETRY_RE = re.compile(r"tries left|maximum number of tries|could not serialize|deadlock detected")


# ---------------------------------------------------------------------------------------------------- server


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(db, workers, log_path):
    port, gevent_port = free_port(), free_port()
    command = [
        os.environ.get("ODOO_PYTHON", sys.executable),
        str(Path(os.environ["ODOO_PATH"], "odoo-bin")),
        "-d",
        db,
        f"--db-filter=^{re.escape(db)}$",
        f"--addons-path={addons_path()}",
        f"--workers={workers}",
        "--max-cron-threads=0",
        "--http-interface=127.0.0.1",
        f"--http-port={port}",
        f"--gevent-port={gevent_port}",
        "--log-level=info",
        f"--logfile={log_path}",
    ]
    return launch(command, port, log_path)


def launch(command, port, log_path, env=None):
    """Start ``command`` (an odoo-bin serving on 127.0.0.1:``port``) in its own process group and wait until its
    login page answers: (the process, its base URL)."""
    # Its own output (and that of its children, such as the gevent process) goes to the log as well.
    with open(log_path, "ab") as output:
        server = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, start_new_session=True, env=env)
    base = f"http://127.0.0.1:{port}"
    for _try in range(240):
        if server.poll() is not None:
            raise RuntimeError(f"odoo-bin exited with code {server.returncode}; see {log_path}")
        try:
            with urllib.request.urlopen(f"{base}/web/login", timeout=5) as response:
                if response.status == 200:
                    return server, base
        except (urllib.error.URLError, OSError):
            pass
        clock.sleep(0.5)
    stop_server(server)
    raise RuntimeError(f"odoo-bin did not answer on {base} within 120 s; see {log_path}")


def stop_server(server):
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=30)


# ---------------------------------------------------------------------------------------------------- client


class Client:
    """One browser: a session cookie, JSON-RPC calls and form posts."""

    def __init__(self, base, db, timeout):
        self.base, self.db, self.timeout = base, db, timeout
        self.cookies = {}

    def _request(self, path, data=None, headers=None, content_type=None):
        request = urllib.request.Request(self.base + path, data=data, headers=dict(headers or {}))
        if content_type:
            request.add_header("Content-Type", content_type)
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        try:
            response = urllib.request.urlopen(request, timeout=self.timeout)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            for header in response.headers.get_all("Set-Cookie") or []:
                cookie = http.cookies.SimpleCookie(header)
                self.cookies.update({key: morsel.value for key, morsel in cookie.items()})
            return response.status, response.read().decode("utf-8", "replace")

    def rpc(self, path, params):
        body = json.dumps({"jsonrpc": "2.0", "method": "call", "params": params, "id": 1}).encode()
        status, text = self._request(path, body, content_type="application/json")
        if status != 200:
            return {"http": status, "text": text[:300]}
        return json.loads(text)

    def login(self, login, password=DEMO_PASSWORD):
        answer = self.rpc("/web/session/authenticate", {"db": self.db, "login": login, "password": password})
        if "error" in answer or "http" in answer or not answer.get("result", {}).get("uid"):
            raise RuntimeError(f"cannot log in as {login}: {answer}")
        return self

    def call(self, model, method, args, kwargs=None):
        return self.rpc(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def form_token(self, path):
        status, text = self._request(path)
        match = CSRF_RE.search(text) if status == 200 else None
        if not match:
            raise RuntimeError(f"no CSRF token on {path} (HTTP {status})")
        return match.group(1)

    def post_form(self, path, fields, headers=None):
        return self._request(
            path, urllib.parse.urlencode(fields).encode(), headers, "application/x-www-form-urlencoded"
        )


def classify(answer):
    """('ok' | 'refused' | 'error', text): an Odoo exception is a message the user reads; anything else is a
    database error, a traceback or a broken request shown to them."""
    if "http" in answer:
        return "error", f"HTTP {answer['http']}: {answer['text']}"
    if "error" not in answer:
        return "ok", ""
    data = answer["error"].get("data") or {}
    name, message = data.get("name", "?"), data.get("message", answer["error"].get("message", ""))
    if name.startswith("odoo.exceptions."):
        return "refused", f"{name.rsplit('.', 1)[-1]}: {message}"
    return "error", f"{name}: {message}"


def fire(clients, action, timeout):
    """Run ``action(client)`` in one thread per client, all released together; [(outcome, text, seconds)]."""
    barrier = threading.Barrier(len(clients))
    results = [("error", "no answer within the timeout", timeout)] * len(clients)

    def run(index, client):
        barrier.wait()
        start = clock.perf_counter()
        try:
            outcome, text = action(client)
        except Exception as error:  # noqa: BLE001 - a failed request is a result of the benchmark
            outcome, text = "error", f"{type(error).__name__}: {error}"
        results[index] = (outcome, text, clock.perf_counter() - start)

    threads = [threading.Thread(target=run, args=(i, c), daemon=True) for i, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    deadline = clock.monotonic() + timeout
    for thread in threads:
        thread.join(max(0.0, deadline - clock.monotonic()))
    return list(results)


def latency(results):
    seconds = sorted(r[2] for r in results)
    p95 = seconds[min(len(seconds) - 1, max(0, round(0.95 * len(seconds)) - 1))]
    return f"p50 {statistics.median(seconds) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, max {seconds[-1] * 1000:.0f} ms"


def show_errors(label, results):
    errors = [text for outcome, text, _s in results if outcome == "error"]
    for text in sorted(set(errors)):
        print(f"    {label} error shown to the user ({errors.count(text)}x): {text[:240]}")
    return len(errors)


# ---------------------------------------------------------------------------------------------------- set-up


def set_up(odoo, db, receptions, rounds):
    """Draft dossiers for the rush, and ``rounds`` dossiers of a three-step procedure held at step 1."""
    odoo.tools.config.parse_config(["-d", db, f"--addons-path={addons_path()}", "--log-level=warn"])
    registry = odoo.modules.registry.Registry(db)
    with registry.cursor() as cr:
        env = odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"tracking_disable": True})
        users = {
            login: env["res.users"].search([("login", "=", login)])
            for login in (RECEPTION_LOGIN, HOLDER_LOGIN, HEAD_LOGIN)
        }
        missing = [login for login, user in users.items() if not user]
        if missing:
            raise RuntimeError(f"demo users missing: {missing} (the database needs the demo data)")
        reception, holder, head = users[RECEPTION_LOGIN], users[HOLDER_LOGIN], users[HEAD_LOGIN]
        company = reception.company_id
        today = odoo.fields.Date.context_today(env["q1.dossier"].with_context(tz="Asia/Ho_Chi_Minh"))
        procedure = env["q1.procedure"].search(
            [
                ("allow_direct", "=", True),
                ("time_unit", "=", "day"),
                ("same_day", "=", False),
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
        stage = env["q1.dossier.stage"]._for_status("processing")
        flow = env["q1.procedure"].create(
            {
                "name": "Thủ tục thử tải (ba bước)",
                "code": f"BENCH.RUSH.{os.getpid()}",
                "field_id": procedure.field_id.id,
                "time_unit": "day",
                "time_limit": 10,
                "step_ids": [
                    odoo.fields.Command.create({"name": name, "sequence": i, "stage_id": stage.id, "time_budget": 2})
                    for i, name in enumerate(("Thẩm định", "Trình ký", "Ký duyệt"), start=1)
                ],
            }
        )

        def draft(proc, i):
            dossier = (
                env["q1.dossier"]
                .with_user(reception)
                .with_company(company)
                .create(
                    {
                        "procedure_id": proc.id,
                        "applicant_name": f"Người thử tải {i:03d}",
                        "applicant_phone": f"0903{i:06d}",
                        "applicant_address": "1 Đường Thử Tải",
                    }
                )
            )
            dossier.document_ids.write({"is_received": True})
            return dossier

        drafts = [draft(procedure, i) for i in range(receptions)]
        held = []
        for r in range(rounds):
            dossier = draft(flow, 900 + r)
            dossier.with_user(reception).with_company(company).action_receive()
            dossier.with_user(head).with_company(company).assign(holder)
            held.append((dossier.id, dossier.current_step_id.id))
        lookup_code = env["q1.dossier"].browse(held[0][0]).code
        # Failed lookups count (issue 12): per address and code, and a higher ceiling per address.
        params = env["ir.config_parameter"]
        limit = int(params.get_param("q1_dossier.lookup_rate_limit", 100) or 100)
        code_limit = int(params.get_param("q1_dossier.lookup_code_rate_limit", 5) or 5)
        # The lookups start from a clean count for this machine (an earlier run may have used it up).
        cr.execute("DELETE FROM q1_lookup_attempt WHERE ip = '127.0.0.1'")
        cr.commit()
        return {
            "company": company.id,
            "today": today,
            "drafts": [d.id for d in drafts],
            "held": held,
            "lookup_code": lookup_code,
            "limit": limit,
            "code_limit": code_limit,
        }, registry


def todays_numbers(registry, company_id, today):
    with registry.cursor() as cr:
        cr.execute("SELECT code FROM q1_dossier WHERE company_id = %s AND received_date = %s", (company_id, today))
        codes = [row[0] for row in cr.fetchall()]
    return codes


def seq_of(code):
    match = re.search(r"(\d+)$", code or "")
    return int(match.group(1)) if match else None


# ---------------------------------------------------------------------------------------------------- rushes


def rush_receptions(base, db, fixture, registry, timeout):
    before = todays_numbers(registry, fixture["company"], fixture["today"])
    first = max([s for s in map(seq_of, before) if s is not None], default=0)
    clients = [Client(base, db, timeout).login(RECEPTION_LOGIN) for _i in fixture["drafts"]]
    pending = iter(fixture["drafts"])
    jobs = {id(c): next(pending) for c in clients}
    results = fire(clients, lambda c: classify(c.call("q1.dossier", "action_receive", [[jobs[id(c)]]])), timeout)
    with registry.cursor() as cr:
        cr.execute("SELECT id, code FROM q1_dossier WHERE id IN %s", (tuple(fixture["drafts"]),))
        codes = dict(cr.fetchall())
    received = sum(1 for outcome, _t, _s in results if outcome == "ok")
    issued = [codes[i] for i in fixture["drafts"] if codes.get(i)]
    seqs = sorted(seq_of(code) for code in issued)
    duplicates = len(issued) - len(set(issued))
    expected = list(range(first + 1, first + 1 + len(issued)))
    gaps = len(set(expected) - set(seqs)) + len([s for s in seqs if s not in expected])
    print(f"receptions: {len(results)} simultaneous in one unit as {RECEPTION_LOGIN}: {received} received")
    print(
        f"    numbers issued {seqs[0] if seqs else '-'}..{seqs[-1] if seqs else '-'}: "
        f"duplicates {duplicates}, gaps {gaps}"
    )
    if received != len(issued):
        print(f"    {received} calls succeeded but {len(issued)} dossiers have a code")
    print(f"    refused with a message: {sum(1 for r in results if r[0] == 'refused')}")
    errors = show_errors("reception", results)
    print(f"    errors shown to users: {errors}; latency {latency(results)}")
    return errors + duplicates + gaps + abs(received - len(issued))


def rush_hand_overs(base, db, fixture, registry, n, timeout):
    problems, all_results, doubles = 0, [], 0
    for dossier_id, step_id in fixture["held"]:
        clients = [Client(base, db, timeout).login(HOLDER_LOGIN) for _i in range(n)]
        results = fire(
            clients,
            lambda c, d=dossier_id, s=step_id: classify(c.call("q1.dossier", "hand_over", [[d]], {"step": s})),
            timeout,
        )
        with registry.cursor() as cr:
            cr.execute("SELECT count(*), count(finished_at) FROM q1_dossier_step WHERE dossier_id = %s", (dossier_id,))
            steps, finished = cr.fetchone()
        passed = sum(1 for r in results if r[0] == "ok")
        double = max(0, passed - 1) + max(0, finished - 1)
        doubles += double
        if passed != 1 or (steps, finished) != (2, 1):
            print(f"    dossier {dossier_id}: {passed} hand-overs passed, {steps} steps of which {finished} finished")
        problems += show_errors("hand-over", results)
        all_results += results
    refused = [text for outcome, text, _s in all_results if outcome == "refused"]
    print(
        f"hand-overs: {len(fixture['held'])} rounds of {n} simultaneous hand-overs of one step as {HOLDER_LOGIN}: "
        f"{sum(1 for r in all_results if r[0] == 'ok')} passed (one per round expected), double hand-overs {doubles}"
    )
    for text in sorted(set(refused)):
        print(f"    refused with a message ({refused.count(text)}x): {text[:200]}")
    print(
        f"    errors shown to users: {sum(1 for r in all_results if r[0] == 'error')}; latency {latency(all_results)}"
    )
    return problems + doubles


def rush_lookups(base, db, fixture, n, timeout):
    code, limit, code_limit = fixture["lookup_code"], fixture["limit"], fixture["code_limit"]

    def post(client, fields, headers=None):
        token = client.form_token("/q1/lookup")
        return client.post_form("/q1/lookup", dict(fields, csrf_token=token), headers)

    probe = Client(base, db, timeout)
    status, text = post(probe, {"code": (code or "X") + "\x00", "phone_digits": "0000"})
    nul_ok = status == 200 and "Không tìm thấy hồ sơ phù hợp" in text
    print(
        f"lookup with a NUL byte in the code: HTTP {status}, "
        f"{'the not-found page' if nul_ok else 'NOT the not-found page'}"
    )

    clients = [Client(base, db, timeout) for _i in range(n)]
    tokens = {id(c): c.form_token("/q1/lookup") for c in clients}
    forged = {
        id(c): {"X-Forwarded-For": f"198.51.100.{i}", "X-Forwarded-Host": f"forged-{i}.example"} if i % 2 else {}
        for i, c in enumerate(clients)
    }

    def lookup(client):
        status, _text = client.post_form(
            "/q1/lookup", {"csrf_token": tokens[id(client)], "code": code, "phone_digits": "0000"}, forged[id(client)]
        )
        if status == 200:
            return "ok", ""
        if status == 429:
            return "refused", ""
        return "error", f"HTTP {status}"

    results = fire(clients, lookup, timeout)
    passed = sum(1 for r in results if r[0] == "ok")
    # every lookup misses (wrong digits) on one code: the per-code limit holds, within what the NUL-byte probe (a
    # miss on another code) left of the address's ceiling
    allowed = max(0, min(code_limit, limit - 1))
    print(
        f"lookups: {n} simultaneous misses on one code from one address (half with forged X-Forwarded-For/-Host): "
        f"{passed} passed, {sum(1 for r in results if r[0] == 'refused')} refused (429); limits {code_limit} per "
        f"code, {limit} per address, {allowed} allowed after the probe"
    )
    errors = show_errors("lookup", results)
    print(f"    errors: {errors}; latency {latency(results)}")
    return errors + max(0, passed - allowed) + (0 if nul_ok else 1)


# ---------------------------------------------------------------------------------------------------- main


def bounded(value, name):
    if not 1 <= value <= LIMITS[name]:
        raise SystemExit(f"--{name.replace('_', '-')} must be between 1 and {LIMITS[name]}")
    return value


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="existing database with the addons and the demo data")
    parser.add_argument("--receptions", type=int, default=50)
    parser.add_argument("--handovers", type=int, default=20)
    parser.add_argument("--handover-rounds", type=int, default=3)
    parser.add_argument("--lookups", type=int, default=30)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds allowed for each batch")
    args = parser.parse_args(argv)
    for name in ("receptions", "handovers", "handover_rounds", "lookups", "workers"):
        bounded(getattr(args, name), name)
    odoo = odoo_or_reexec(argv, "rush benchmark")
    if odoo is None:
        return 2
    db = args.db or f"q1_bench_rush_{os.getpid()}"
    if not args.db:
        create_database(db, top_addon(), demo=True)
    log_path = Path(tempfile.gettempdir(), f"{db}_server.log")
    log_path.unlink(missing_ok=True)
    try:
        fixture, registry = set_up(odoo, db, args.receptions, args.handover_rounds)
        print(f"database {db}; server log {log_path}", flush=True)
        server, base = start_server(db, args.workers, log_path)
        try:
            print(f"odoo-bin --workers={args.workers} on {base}", flush=True)
            problems = rush_receptions(base, db, fixture, registry, args.timeout)
            problems += rush_hand_overs(base, db, fixture, registry, args.handovers, args.timeout)
            problems += rush_lookups(base, db, fixture, args.lookups, args.timeout)
        finally:
            stop_server(server)
        retries = [line for line in log_path.read_text(errors="replace").splitlines() if RETRY_RE.search(line)]
        print(f"concurrency retries or failures in the server log: {len(retries)}")
        for line in retries[:5]:
            print(f"    {line[:200]}")
        print(f"verdict: {'PASS' if problems == 0 else 'FAIL'} ({problems} problem(s))")
        return 0 if problems == 0 else 1
    finally:
        if not args.db:
            odoo.sql_db.close_db(db)
            odoo.service.db.exp_drop(db)


if __name__ == "__main__":
    sys.exit(main())

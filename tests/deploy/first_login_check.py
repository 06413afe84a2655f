#!/usr/bin/env python3
"""The first production login works (issue 13): the production start, a real Odoo 18.0, a real SMTP server.

Production turns on a second factor for leaders and administrators (``admin`` included): without an authenticator
app, a six-digit code is e-mailed after the password. With Odoo's defaults (admin's e-mail ``admin@example.com``, no
outgoing mail server, links on the address Odoo sees behind the proxy) the first login stopped at the code page.
This check runs what a ward runs:

1. an SMTP server on 127.0.0.1 (``SmtpSink``: STARTTLS with a throwaway self-signed certificate, AUTH only after
   it, one account), standing in for the ward's mail system;
2. ``config/q1-start.sh`` itself, profile prod, on a NEW database, with a stand-in for the image's entrypoint that
   runs this Odoo 18.0, a base configuration made from config/odoo.prod.conf (its paths, ports and a smaller
   worker count changed) and the .env values as environment: it installs without demo data, sets admin's
   password and e-mail (config/q1-admin-password.py, q1-admin-mail.py), web.base.url, writes the SMTP settings
   into its private runtime configuration and serves, in worker mode, on 127.0.0.1;
3. checks the database (admin's e-mail, the company's sender, web.base.url frozen, the markers, no mail server
   record: the configuration file is what sends) and the runtime configuration (mode 600, the SMTP lines);
4. logs in as ``admin`` through the real login page: the password leads to the code page, the code arrives at
   Q1_ADMIN_EMAIL through the SMTP server (after STARTTLS, authenticated with Q1_SMTP_USER/Q1_SMTP_PASSWORD, sent
   as Q1_MAIL_FROM), its links start with Q1_PUBLIC_URL, and the code typed logs admin in; web.base.url has not
   become the address the browser used;
5. as admin, creates a unit leader (an e-mail, the leader group, a password of the production policy) and logs in
   as the leader the same way;
6. stops Odoo, changes admin's e-mail and web.base.url in the database as an administrator would, changes
   Q1_ADMIN_EMAIL and Q1_PUBLIC_URL in the "env", and starts again: admin's e-mail stays as changed in Odoo, the
   password script does not run again, web.base.url follows the new Q1_PUBLIC_URL;
7. stops Odoo and drops the database and its files (KEEP_DB=1 keeps them).

Run by tests/odoo_tier.py after the Odoo tests (like the restore check: Q1_DEPLOY_CHECKS), or by hand:
    python3 tests/deploy/first_login_check.py [--ports HTTP,GEVENT,SMTP]
with ODOO_PATH/ODOO_PYTHON as for the tier (or an ``odoo`` command on PATH), PostgreSQL through the usual PG*
variables (a local socket by default), ``psql`` on PATH; ``openssl`` for the certificate (without it the check runs
with Q1_SMTP_SECURITY=none and no password, and says so). Ports default to free ones (Q1_FIRST_LOGIN_PORTS too).
Standard library only. Its last line is ``first login check: passed`` or ``first login check: FAILED ...``.
"""

import argparse
import base64
import datetime
import email
import email.policy
import email.utils
import getpass
import http.cookiejar
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socketserver
import ssl
import stat
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# config/ and addons/ of the repository, or where the compose test service mounts them (/etc/odoo, Q1_ADDONS_DIR)
CONFIG_DIR = Path(
    os.environ.get("Q1_CONFIG_DIR") or (REPO / "config" if (REPO / "config").is_dir() else "/etc/odoo")
).resolve()
ADDONS_DIR = Path(os.environ.get("Q1_ADDONS_DIR") or REPO / "addons").resolve()
START = CONFIG_DIR / "q1-start.sh"
PROD_CONF = CONFIG_DIR / "odoo.prod.conf"
sys.path.insert(0, str(REPO / "tests"))
import odoo_tier  # noqa: E402  (tests/odoo_tier.py: finding Odoo, the addon wheels, the addons)

DOMAIN = "phuong-kiemtra.example"
PUBLIC_URL = f"https://motcua.{DOMAIN}"
NEW_PUBLIC_URL = f"https://motcua-moi.{DOMAIN}:8443"
ADMIN_EMAIL = f"quantri@{DOMAIN}"
MAIL_FROM = f"motcua@{DOMAIN}"
LEADER_EMAIL = f"lanhdao@{DOMAIN}"
# bounds against a hang, not timings: the install of a new database on a loaded machine may take many minutes
READY_ATTEMPTS = 1200  # x 2 s
MAIL_ATTEMPTS = 120  # x 1 s


class CheckFailed(Exception):
    pass


def say(*lines):
    for line in lines:
        print(f"first login check: {line}", flush=True)


def expect(condition, message):
    if not condition:
        raise CheckFailed(message)


# ----------------------------------------------------------------------------------------------------------------
# The ward's mail system: an SMTP server with STARTTLS and one account
# ----------------------------------------------------------------------------------------------------------------


class SmtpSession:
    """One client connection of ``SmtpSink``: a command loop, a method per command."""

    def __init__(self, sink, sock):
        self.sink, self.sock = sink, sock
        self.reader = sock.makefile("rb")
        self.tls, self.user, self.sender, self.recipients = False, None, None, []

    def send(self, *lines):
        self.sock.sendall(b"".join(line.encode() + b"\r\n" for line in lines))

    def read_line(self):
        raw = self.reader.readline(100_000)
        if not raw:
            raise ConnectionResetError("the client left")
        return raw.rstrip(b"\r\n")

    def run(self):
        self.send("220 127.0.0.1 ESMTP q1 sink")
        handlers = {
            "EHLO": self.ehlo,
            "HELO": self.ehlo,
            "STARTTLS": self.starttls,
            "AUTH": self.auth,
            "MAIL": self.mail,
            "RCPT": self.rcpt,
            "DATA": self.data,
        }
        try:
            while True:
                command = self.read_line().decode("utf-8", "replace")
                verb = command.split(" ", 1)[0].upper()
                if verb == "QUIT":
                    self.send("221 bye")
                    return
                if verb in ("RSET", "NOOP"):
                    self.sender, self.recipients = None, []
                    self.send("250 ok")
                elif verb in handlers:
                    handlers[verb](command)
                else:
                    self.send("502 command not implemented")
        except ConnectionResetError:
            return

    def ehlo(self, _command):
        features = ["8BITMIME"]
        if self.sink.tls_context and not self.tls:
            features.append("STARTTLS")
        if self.sink.account and (self.tls or not self.sink.tls_context):
            features.append("AUTH PLAIN LOGIN")  # as real servers do: a password only over TLS
        self.send("250-127.0.0.1", *[f"250-{f}" for f in features[:-1]], f"250 {features[-1]}")

    def starttls(self, _command):
        if not self.sink.tls_context or self.tls:
            self.send("502 command not implemented")
            return
        self.send("220 ready to start TLS")
        self.sock = self.sink.tls_context.wrap_socket(self.sock, server_side=True)
        self.reader = self.sock.makefile("rb")
        self.tls, self.user, self.sender, self.recipients = True, None, None, []

    def auth(self, command):
        words = command.split()
        mechanism = words[1].upper() if len(words) > 1 else ""
        if not self.sink.account or mechanism not in ("PLAIN", "LOGIN"):
            self.send("504 mechanism not supported")
            return
        if mechanism == "PLAIN":
            if len(words) < 3:
                self.send("334 ")
            blob = words[2] if len(words) > 2 else self.read_line().decode()
            _zid, user, password = base64.b64decode(blob).decode().split("\0")
        else:
            if len(words) < 3:
                self.send("334 VXNlcm5hbWU6")
            user = base64.b64decode(words[2] if len(words) > 2 else self.read_line()).decode()
            self.send("334 UGFzc3dvcmQ6")
            password = base64.b64decode(self.read_line()).decode()
        if (user, password) == self.sink.account:
            self.user = user
            self.send("235 authenticated")
        else:
            with self.sink.lock:
                self.sink.refused_logins.append(user)
            self.send("535 authentication failed")

    def mail(self, command):
        if self.sink.account and not self.user:
            self.send("530 authentication required")
            return
        self.sender, self.recipients = re.search(r"<([^>]*)>", command)[1], []
        self.send("250 ok")

    def rcpt(self, command):
        self.recipients.append(re.search(r"<([^>]*)>", command)[1])
        self.send("250 ok")

    def data(self, _command):
        self.send("354 end with <CRLF>.<CRLF>")
        lines = []
        while True:
            raw = self.reader.readline(1_000_000)
            if raw in (b".\r\n", b".\n", b""):
                break
            lines.append(raw[1:] if raw.startswith(b"..") else raw)
        with self.sink.lock:
            self.sink.messages.append(
                {
                    "tls": self.tls,
                    "user": self.user,
                    "from": self.sender,
                    "to": list(self.recipients),
                    "message": email.message_from_bytes(b"".join(lines), policy=email.policy.default),
                }
            )
        self.sender, self.recipients = None, []
        self.send("250 queued")


class SmtpSink:
    """A small SMTP server on 127.0.0.1 (a subset of RFC 5321 submission: EHLO, STARTTLS, AUTH PLAIN/LOGIN, MAIL,
    RCPT, DATA, RSET, NOOP, QUIT) that keeps every message with how it came: over TLS or not, authenticated as whom.
    """

    def __init__(self, port, tls_context=None, account=None):
        self.tls_context = tls_context
        self.account = account  # (user, password) it accepts, or None: no AUTH asked
        self.messages = []
        self.refused_logins = []
        self.lock = threading.Lock()
        sink = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self):
                SmtpSession(sink, self.request).run()

        class Server(socketserver.ThreadingTCPServer):
            allow_reuse_address = True
            daemon_threads = True

        self.server = Server(("127.0.0.1", port), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def wait_for(self, recipient, count):
        """The messages to ``recipient`` once there are ``count`` of them (a bounded wait)."""
        for _ in range(MAIL_ATTEMPTS):
            with self.lock:
                found = [m for m in self.messages if recipient in m["to"]]
            if len(found) >= count:
                return found
            time.sleep(1)
        raise CheckFailed(f"no mail to {recipient} reached the SMTP server (messages: {len(self.messages)})")


def tls_context(folder):
    """A server TLS context with a self-signed certificate made by openssl, or None without openssl."""
    openssl = shutil.which("openssl")
    if not openssl:
        return None
    cert, key = folder / "smtp-cert.pem", folder / "smtp-key.pem"
    made = subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1"]
        + ["-keyout", str(key), "-out", str(cert)],
        capture_output=True,
        text=True,
    )
    if made.returncode != 0:
        return None
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context


# ----------------------------------------------------------------------------------------------------------------
# A browser
# ----------------------------------------------------------------------------------------------------------------


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A cookie-keeping client that does not follow redirects (their target is checked)."""

    def __init__(self, base):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect
        )

    def open(self, path, data=None, json_body=None):
        headers = {}
        if json_body is not None:
            body = json.dumps(json_body).encode()
            headers["Content-Type"] = "application/json"
        else:
            body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        try:
            with self.opener.open(request, timeout=120) as response:
                return response.status, dict(response.headers), response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode("utf-8", "replace")

    def csrf(self, page):
        found = re.search(r'name="csrf_token" value="([^"]+)"', page)
        expect(found, "no csrf_token in the page")
        return found[1]

    def rpc(self, path, params):
        status, _headers, body = self.open(path, json_body={"jsonrpc": "2.0", "method": "call", "params": params})
        expect(status == 200, f"{path}: HTTP {status}")
        answer = json.loads(body)
        expect("error" not in answer, f"{path}: {json.dumps(answer.get('error'))[:600]}")
        return answer["result"]

    def call(self, model, method, *args, **kwargs):
        params = {"model": model, "method": method, "args": list(args), "kwargs": kwargs}
        return self.rpc(f"/web/dataset/call_kw/{model}/{method}", params)

    def uid(self):
        """The user the session is logged in as, None before the login is complete (the route then answers
        "Session Expired")."""
        status, _headers, body = self.open(
            "/web/session/get_session_info", json_body={"jsonrpc": "2.0", "method": "call", "params": {}}
        )
        expect(status == 200, f"get_session_info: HTTP {status}")
        return (json.loads(body).get("result") or {}).get("uid")


def error_of(page):
    found = re.search(r'class="alert alert-danger[^"]*"[^>]*>(.*?)</', page, re.S)
    return found[1].strip() if found else None


def log_in_with_mailed_code(base, login, password, mailbox, sink):
    """Log in through the login page; return (the browser logged in, the mail with the code)."""
    browser = Browser(base)
    _status, _headers, page = browser.open("/web/login")
    before = len([m for m in sink.messages if mailbox in m["to"]])
    status, headers, page = browser.open(
        "/web/login", {"login": login, "password": password, "csrf_token": browser.csrf(page), "redirect": ""}
    )
    expect(
        status == 303 and "/web/login/totp" in headers.get("Location", ""),
        f"{login}: the password did not lead to the code page (HTTP {status}, {headers.get('Location')},"
        f" {error_of(page)})",
    )
    expect(not browser.uid(), f"{login} is logged in before the second factor")
    status, _headers, page = browser.open("/web/login/totp")
    expect(status == 200, f"{login}: the code page answered HTTP {status}")
    expect(not error_of(page), f"{login}: the code page says: {error_of(page)}")
    expect(mailbox in page, f"{login}: the code page does not say the code went to {mailbox}")
    mail = sink.wait_for(mailbox, before + 1)[-1]
    html = mail["message"].get_body(("html", "plain")).get_content()
    code = re.search(r"<span[^>]*>\s*(\d{6})\s*</span>", html)
    expect(code, f"{login}: no six-digit code in the mail")
    status, headers, page = browser.open("/web/login/totp", {"totp_token": code[1], "csrf_token": browser.csrf(page)})
    expect(status == 303, f"{login}: the mailed code was refused (HTTP {status}, {error_of(page)})")
    return browser, mail, html


# ----------------------------------------------------------------------------------------------------------------
# The production start
# ----------------------------------------------------------------------------------------------------------------


def postgres_env():
    """HOST/PORT/USER/PASSWORD as the compose file gives them to q1-start.sh (which exports them as PG*)."""
    host = os.environ.get("PGHOST")
    port = os.environ.get("PGPORT") or "5432"
    if not host:
        host = next(
            (d for d in ("/var/run/postgresql", "/tmp") if Path(d, f".s.PGSQL.{port}").exists()), "/var/run/postgresql"
        )
    return {
        "HOST": host,
        "PORT": port,
        "USER": os.environ.get("PGUSER") or getpass.getuser(),
        "PASSWORD": os.environ.get("PGPASSWORD") or "",
    }


def psql(pg, db, sql):
    env = {
        **os.environ,
        "PGHOST": pg["HOST"],
        "PGPORT": pg["PORT"],
        "PGUSER": pg["USER"],
        "PGPASSWORD": pg["PASSWORD"],
    }
    result = subprocess.run(["psql", "-X", "-q", "-tA", "-d", db, "-c", sql], capture_output=True, text=True, env=env)
    if result.returncode != 0:
        raise CheckFailed(f"psql on {db}: {result.stderr.strip()[-400:]}")
    return result.stdout.strip()


def strong_password(prefix):
    """A password of the production policy: 10+ characters, lower, upper, digit, special."""
    return f"{prefix}-{secrets.token_hex(6)}-Q1a!9"


def write_base_conf(path, db, addons_path, data_dir, http_port, gevent_port):
    """config/odoo.prod.conf with what differs on this machine: paths, database name, loopback ports, 2 workers and
    no cron (the mail queue would send other mails)."""
    text = PROD_CONF.read_text(encoding="utf-8")
    values = {
        "addons_path": addons_path,
        "data_dir": data_dir,
        "db_name": db,
        "dbfilter": f"^{db}$",
        "workers": "2",
        "max_cron_threads": "0",
        "gevent_port": str(gevent_port),
    }
    for key, value in values.items():
        text, count = re.subn(rf"(?m)^{key}\s*=.*$", f"{key} = {value}", text)
        expect(count == 1, f"{PROD_CONF.name} has no single {key} line")
    text = text.replace("[options]\n", f"[options]\nhttp_port = {http_port}\nhttp_interface = 127.0.0.1\n", 1)
    path.write_text(text, encoding="utf-8")


def write_entrypoint(path, base_cmd):
    """Stands in for the official image's /entrypoint.sh: ``odoo ARGS`` runs this Odoo with ARGS (the database is
    reached through the PG* variables q1-start.sh exports, where the image passes --db_* from the same values)."""
    odoo = shlex.join(base_cmd)
    path.write_text(
        f'#!/bin/bash\n[ "${{1:-}}" = odoo ] || exec "$@"\nshift\nexec {odoo} "$@"\n',
        encoding="utf-8",
    )
    path.chmod(0o755)


class Start:
    """``bash config/q1-start.sh`` as the odoo service runs it, in its own process group, its output in a file."""

    def __init__(self, env, log_path):
        self.log_path = log_path
        self.log = open(log_path, "a", encoding="utf-8")  # noqa: SIM115 (closed in stop)
        self.proc = subprocess.Popen(
            ["bash", str(START)], env=env, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )

    def wait_ready(self, base):
        for _ in range(READY_ATTEMPTS):
            if self.proc.poll() is not None:
                raise CheckFailed(f"q1-start.sh ended with code {self.proc.returncode}: {self.tail()}")
            try:
                with urllib.request.urlopen(base + "/web/health?db_server_status=1", timeout=10) as response:
                    if response.status == 200:
                        return
            except (OSError, urllib.error.URLError):
                pass
            time.sleep(2)
        raise CheckFailed(f"Odoo did not answer on {base}: {self.tail()}")

    def tail(self, lines=15):
        self.log.flush()
        text = Path(self.log_path).read_text(encoding="utf-8", errors="replace").splitlines()
        return " | ".join(text[-lines:])

    def stop(self):
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=120)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()
        self.log.close()


# ----------------------------------------------------------------------------------------------------------------
# The check
# ----------------------------------------------------------------------------------------------------------------


def check(ports, work, base_cmd, core_addons):
    addons_dir = ADDONS_DIR
    addons = odoo_tier.addons_in_order(addons_dir)
    stamp = datetime.datetime.now().strftime("%Y%m%d%H%M%S")
    db = f"q1_first_login_{stamp}_{os.getpid()}"
    data_dir = work / "data"
    http_port, gevent_port, smtp_port = ports
    base = f"http://127.0.0.1:{http_port}"
    pg = postgres_env()
    base_conf, runtime_conf, entrypoint = work / "base.conf", work / "runtime.conf", work / "entrypoint.sh"
    write_base_conf(
        base_conf,
        db,
        ",".join(p for p in (core_addons, str(addons_dir)) if p),
        data_dir,
        http_port,
        gevent_port,
    )
    write_entrypoint(entrypoint, base_cmd)
    context = tls_context(work)
    smtp_user, smtp_password = MAIL_FROM, "smtp-" + secrets.token_urlsafe(12)
    admin_password = strong_password("Quantri")
    dot_env = {
        "Q1_MASTER_PASSWORD": secrets.token_urlsafe(18),
        "Q1_ADMIN_PASSWORD": admin_password,
        "Q1_ADMIN_EMAIL": ADMIN_EMAIL,
        "Q1_PUBLIC_URL": PUBLIC_URL,
        "Q1_SMTP_HOST": "127.0.0.1",
        "Q1_SMTP_PORT": str(smtp_port),
        "Q1_SMTP_SECURITY": "starttls" if context else "none",
        "Q1_SMTP_USER": smtp_user if context else "",
        "Q1_SMTP_PASSWORD": smtp_password if context else "",
        "Q1_MAIL_FROM": MAIL_FROM,
    }
    if not context:
        say("no openssl here: the SMTP server offers no STARTTLS and asks no password (Q1_SMTP_SECURITY=none)")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("Q1_", "ODOO_RC"))}
    env.update(pg)
    env.update(dot_env)
    env.update(
        Q1_PROFILE="prod",
        Q1_DB=db,
        Q1_MODULES=",".join(addons),
        Q1_ADDONS_DIR=str(addons_dir),
        Q1_ENTRYPOINT=str(entrypoint),
        Q1_CONFIG_DIR=str(CONFIG_DIR),
        Q1_RUNTIME_CONF=str(runtime_conf),
        ODOO_RC=str(base_conf),
    )
    log_path = work / "odoo.log"
    say(f"database {db}, Odoo on {base} (2 workers), SMTP on 127.0.0.1:{smtp_port}, log {log_path}")
    account = (smtp_user, smtp_password) if context else None
    with SmtpSink(smtp_port, context, account) as sink:
        try:
            # ---- the first start: install, admin's e-mail and password, web.base.url, serve -------------------
            began = time.monotonic()
            start = Start(env, log_path)
            try:
                start.wait_ready(base)
                say(f"first start served after {time.monotonic() - began:.0f} s (install without demo data)")
                output = Path(log_path).read_text(encoding="utf-8", errors="replace")
                for step in ("setting the e-mail of the admin login", "setting the password of the admin login"):
                    expect(f"q1-start: {step}" in output, f"the first start did not say: {step}")
                mode = stat.S_IMODE(runtime_conf.stat().st_mode)
                expect(mode == 0o600, f"the runtime configuration has mode {oct(mode)}")
                runtime = runtime_conf.read_text(encoding="utf-8")
                for line in ("smtp_server = 127.0.0.1", f"smtp_port = {smtp_port}", f"email_from = {MAIL_FROM}"):
                    expect(line in runtime, f"the runtime configuration lacks '{line}'")
                first_state(pg, db)
                say("database: admin's e-mail, the company's sender, web.base.url frozen, no mail server record")

                # ---- admin's first login, code by mail ---------------------------------------------------------
                admin, mail, html = log_in_with_mailed_code(base, "admin", admin_password, ADMIN_EMAIL, sink)
                expect(admin.uid() == 2, f"admin is not logged in after the code (uid {admin.uid()})")
                check_mail(mail, html, account, context)
                base_url = psql(pg, db, "SELECT value FROM ir_config_parameter WHERE key = 'web.base.url'")
                expect(base_url == PUBLIC_URL, f"web.base.url became {base_url!r} at admin's login")
                say(
                    f"admin logged in with the code mailed to {ADMIN_EMAIL} through 127.0.0.1:{smtp_port}"
                    f" ({'STARTTLS, authenticated as ' + smtp_user if context else 'no TLS, no password'});"
                    f" From {mail['message']['From']}; links on {PUBLIC_URL}; web.base.url unchanged by the login"
                )

                # ---- a unit leader made by admin, first login ----------------------------------------------------
                leader_password = strong_password("Lanhdao")
                leader_id = make_leader(admin, leader_password)
                leader, mail, html = log_in_with_mailed_code(
                    base, "lanhdao.kiemtra", leader_password, LEADER_EMAIL, sink
                )
                expect(leader.uid() == leader_id, f"the leader is not logged in after the code ({leader.uid()})")
                check_mail(mail, html, account, context)
                say(f"a unit leader made by admin logged in with the code mailed to {LEADER_EMAIL}")
            finally:
                start.stop()

            # ---- a later start: what was changed in Odoo stays, web.base.url follows .env ----------------------
            psql(
                pg,
                db,
                f"UPDATE res_partner SET email = 'it.moi@{DOMAIN}' WHERE id = (SELECT partner_id FROM res_users"
                " WHERE login = 'admin'); UPDATE ir_config_parameter SET value = 'http://10.0.0.5:8069'"
                " WHERE key = 'web.base.url'",
            )
            env.update(Q1_ADMIN_EMAIL=f"other@{DOMAIN}", Q1_PUBLIC_URL=NEW_PUBLIC_URL + "/")
            mark = len(Path(log_path).read_text(encoding="utf-8", errors="replace"))
            start = Start(env, log_path)
            try:
                start.wait_ready(base)
                output = Path(log_path).read_text(encoding="utf-8", errors="replace")[mark:]
                expect("q1-start: setting the" not in output, "a later start set admin's e-mail or password again")
                admin_email = psql(
                    pg,
                    db,
                    "SELECT p.email FROM res_users u JOIN res_partner p ON p.id = u.partner_id WHERE u.login = 'admin'",
                )
                expect(admin_email == f"it.moi@{DOMAIN}", f"a later start changed admin's e-mail to {admin_email!r}")
                base_url = psql(pg, db, "SELECT value FROM ir_config_parameter WHERE key = 'web.base.url'")
                expect(base_url == NEW_PUBLIC_URL, f"web.base.url is {base_url!r} after a later start")
                say(f"later start: admin's e-mail as changed in Odoo, web.base.url = {NEW_PUBLIC_URL} from .env")
            finally:
                start.stop()
            expect(not sink.refused_logins, f"the SMTP server refused logins: {sink.refused_logins}")
        finally:
            if os.environ.get("KEEP_DB") == "1":
                say(f"KEEP_DB=1: database {db} and {work} kept")
            else:
                subprocess.run(
                    ["dropdb", "--if-exists", db],
                    capture_output=True,
                    env={**os.environ, **{f"PG{k}": v for k, v in pg.items()}},
                )


def first_state(pg, db):
    admin_email = psql(
        pg, db, "SELECT p.email FROM res_users u JOIN res_partner p ON p.id = u.partner_id WHERE u.login = 'admin'"
    )
    expect(admin_email == ADMIN_EMAIL, f"admin's e-mail is {admin_email!r}, not Q1_ADMIN_EMAIL")
    company_email = psql(
        pg,
        db,
        "SELECT p.email FROM res_company c JOIN res_partner p ON p.id = c.partner_id"
        " WHERE c.id = (SELECT res_id FROM ir_model_data WHERE module = 'base' AND name = 'main_company')",
    )
    expect(company_email == MAIL_FROM, f"the company's e-mail is {company_email!r}, not Q1_MAIL_FROM")
    params = dict(
        line.split("|", 1)
        for line in psql(
            pg,
            db,
            "SELECT key, value FROM ir_config_parameter WHERE key IN ('web.base.url', 'web.base.url.freeze',"
            " 'q1.admin_email_set', 'q1.admin_password_set', 'q1_dossier.two_factor_required')",
        ).splitlines()
    )
    expect(params.get("web.base.url") == PUBLIC_URL, f"web.base.url is {params.get('web.base.url')!r}")
    expect(params.get("web.base.url.freeze") == "True", "web.base.url is not frozen")
    expect("q1.admin_email_set" in params and "q1.admin_password_set" in params, f"markers missing: {params}")
    expect(params.get("q1_dossier.two_factor_required") == "1", "the second factor is not on in production")
    expect(psql(pg, db, "SELECT count(*) FROM ir_mail_server") == "0", "an Outgoing Mail Server record exists")


def check_mail(mail, html, account, context):
    expect(mail["tls"] == bool(context), "the code's mail did not come over STARTTLS")
    expect(mail["user"] == (account[0] if account else None), f"the code's mail came as {mail['user']!r}")
    sender = email.utils.parseaddr(str(mail["message"]["From"]))[1]
    expect(sender == MAIL_FROM, f"the code's mail is from {sender!r}, not Q1_MAIL_FROM")
    expect(mail["from"] == MAIL_FROM, f"the code's mail has the envelope sender {mail['from']!r}")
    links = re.findall(r'href="([^"]+)"', html)
    # the invitation to set up an authenticator app: a link to this Odoo, on the public address
    expect(any(link.startswith(PUBLIC_URL + "/odoo/") for link in links), f"no link on {PUBLIC_URL}: {links}")
    # (the mail names the browser's IP address, 127.0.0.1 here, as the login's origin: not a link)
    internal = [link for link in links if "127.0.0.1" in link or "localhost" in link]
    expect(not internal, f"links to an internal address: {internal}")


def make_leader(admin, password):
    """A unit leader as an administrator makes one in Settings › Users (through admin's session)."""

    def group(xmlid):
        module, name = xmlid.split(".")
        rows = admin.call(
            "ir.model.data", "search_read", [("module", "=", module), ("name", "=", name)], fields=["res_id"]
        )
        expect(rows, f"no group {xmlid}")
        return rows[0]["res_id"]

    groups = [group("base.group_user"), group("q1_dossier.group_q1_unit_leader")]
    return admin.call(
        "res.users",
        "create",
        {
            "name": "Lãnh Đạo Kiểm Tra",
            "login": "lanhdao.kiemtra",
            "email": LEADER_EMAIL,
            "password": password,
            "groups_id": [(6, 0, groups)],
        },
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--ports",
        default=os.environ.get("Q1_FIRST_LOGIN_PORTS", ""),
        help="HTTP,GEVENT,SMTP ports on 127.0.0.1 (default: free ones)",
    )
    args = parser.parse_args(argv)
    try:
        ports = [int(p) for p in args.ports.split(",")] if args.ports else []
        expect(len(ports) in (0, 3), "--ports takes HTTP,GEVENT,SMTP")
        ports = ports or [odoo_tier.free_port() for _ in range(3)]
        base_cmd, core_addons, description = odoo_tier.find_odoo()
        say(f"{description}")
        for line in odoo_tier.ensure_addon_wheels(base_cmd):
            say(line)
        work = Path(tempfile.mkdtemp(prefix="q1_first_login_"))
        try:
            check(ports, work, base_cmd, core_addons)
        finally:
            if os.environ.get("KEEP_DB") != "1":
                shutil.rmtree(work, ignore_errors=True)
    except (CheckFailed, odoo_tier.Skip, odoo_tier.Broken, OSError) as why:
        say(f"FAILED: {why}")
        return 1
    say("passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

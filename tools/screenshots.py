#!/usr/bin/env python3
"""Screenshots of each role's first screen, for the README (issue 12).

    /opt/odoo18-venv/bin/python tools/screenshots.py --url http://localhost:8069 --db NAME [--out docs/screenshots]

Starts no Odoo: give it a running server with the demo data (``odoo-bin -d NAME -i q1_dossier,q1_reporting
--load-language=vi_VN``). For each role it logs in over JSON-RPC (``/web/session/authenticate``) with the demo
login, starts headless Chromium (``/usr/bin/chromium``) with the Chrome DevTools protocol, sets the session cookie,
opens ``/odoo`` (the user's home action; the citizens' lookup page ``/q1/lookup`` without a login) in a 1366x768
window, waits for the page to settle and saves ``<out>/<role>.png``; then the feature screens of ``PAGES`` the same
way (``<out>/<name>.png``). Needs ``requests`` and ``websocket-client``
(both in Odoo's virtualenv).
"""

import argparse
import base64
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests
import websocket

ROLES = [
    ("reception", "tiepnhan.saigon", "demo"),
    ("processing", "chuyenvien.saigon", "demo"),
    ("head", "truongphong.saigon", "demo"),
    ("leader", "lanhdao.saigon", "demo"),
    ("catalogue_admin", "quantri", "demo"),
    ("hr", "nhansu.saigon", "demo"),
    ("iso_secretary", "thukyiso.saigon", "demo"),
    # the citizens' lookup page: public, no login (the QR code of the receipt opens it)
    ("citizen_lookup", None, None),
]
# Where each role's screen is: the user's home action, or the public page for the role without a login.
PUBLIC_PAGE = "/q1/lookup"
# Screens of a feature beyond the roles' first screens: (name, login, password, path, record). ``record`` is
# (model, domain) of the record whose form ``path`` opens (its id is looked up as that user and appended), or None.
PAGES = [
    ("register_search", "tiepnhan.saigon", "demo", "/odoo/action-q1_registry.q1_register_entry_action", None),
    (
        "citizen_record",
        "tiepnhan.saigon",
        "demo",
        "/odoo/action-q1_registry.q1_citizen_action",
        ("q1.citizen", [["identity_number", "=", "079088006611"]]),
    ),
]


def record_id(url, session_id, model, domain):
    """The first record of ``model`` matching ``domain``, as the logged-in user sees it (None when none)."""
    answer = requests.post(
        f"{url}/web/dataset/call_kw",
        json={
            "jsonrpc": "2.0",
            "params": {"model": model, "method": "search", "args": [domain], "kwargs": {"limit": 1}},
        },
        cookies={"session_id": session_id},
        timeout=60,
    ).json()
    return (answer.get("result") or [None])[0]


def login(url, db, user, password):
    session = requests.Session()
    answer = session.post(
        f"{url}/web/session/authenticate",
        json={"jsonrpc": "2.0", "params": {"db": db, "login": user, "password": password}},
        timeout=60,
    ).json()
    if answer.get("error") or not answer.get("result", {}).get("uid"):
        return None
    return session.cookies.get("session_id")


class Browser:
    def __init__(self, chromium, port):
        self.profile = tempfile.TemporaryDirectory()
        self.process = subprocess.Popen(
            [
                chromium,
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                f"--remote-debugging-port={port}",
                f"--user-data-dir={self.profile.name}",
                "--window-size=1366,768",
                "--lang=vi-VN",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                targets = requests.get(f"http://127.0.0.1:{port}/json", timeout=2).json()
                page = next(t for t in targets if t["type"] == "page")
                break
            except Exception:  # noqa: BLE001 - Chromium not listening yet
                time.sleep(0.2)
        self.ws = websocket.create_connection(page["webSocketDebuggerUrl"], timeout=120)
        self.next_id = 0

    def call(self, method, **params):
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                return message.get("result", {})

    def close(self):
        self.ws.close()
        self.process.terminate()
        self.process.wait(timeout=30)
        self.profile.cleanup()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--db", required=True)
    parser.add_argument("--out", default=str(Path(__file__).resolve().parent.parent / "docs" / "screenshots"))
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--port", type=int, default=9333)
    parser.add_argument("--wait", type=float, default=6.0, help="seconds to let the first screen settle")
    args = parser.parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    host = args.url.split("//", 1)[-1].split("/", 1)[0].split(":")[0]
    browser = Browser(args.chromium, args.port)
    saved = []
    try:
        browser.call("Page.enable")
        browser.call("Network.enable")
        browser.call("Emulation.setDeviceMetricsOverride", width=1366, height=768, deviceScaleFactor=1, mobile=False)
        shots = [(role, user, password, "/odoo", None) for role, user, password in ROLES] + PAGES
        for role, user, password, path, record in shots:
            browser.call("Network.clearBrowserCookies")
            if user is None:
                browser.call("Page.navigate", url=f"{args.url}{PUBLIC_PAGE}")
            else:
                session_id = login(args.url, args.db, user, password)
                if not session_id:
                    print(f"{role}: login {user} refused, skipped")
                    continue
                if record:
                    found = record_id(args.url, session_id, *record)
                    if not found:
                        print(f"{role}: no {record[0]} {record[1]} for {user}, skipped")
                        continue
                    path = f"{path}/{found}"
                browser.call("Network.setCookie", name="session_id", value=session_id, domain=host, path="/")
                browser.call("Page.navigate", url=f"{args.url}{path}")
            time.sleep(args.wait)
            shot = browser.call("Page.captureScreenshot", format="png")
            path = out / f"{role}.png"
            path.write_bytes(base64.b64decode(shot["data"]))
            saved.append(path)
            print(f"{role}: {user or 'public'} -> {path}")
    finally:
        browser.close()
    return 0 if saved else 1


if __name__ == "__main__":
    sys.exit(main())

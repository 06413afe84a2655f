#!/usr/bin/env python3
"""Tier 2 of ``tests/run``: install our addons in a throwaway database of a real Odoo 18.0 and run their tests.

Standard library only: it runs under the project's .venv or any python3.

Where Odoo comes from (first match wins):
  * ``ODOO_PATH``: an Odoo 18.0 source tree (``odoo-bin`` and ``odoo/release.py``), run with ``ODOO_PYTHON``
    (default ``python3``), a Python that has Odoo's requirements;
  * an ``odoo`` command on PATH (as in the official ``odoo:18.0`` image).
If neither is found, or the Odoo found is not 18.0, the tier is skipped with one clear line (exit 0), unless
``Q1_REQUIRE_ODOO=1``, which turns a skip into a failure.

Other environment variables:
  ``Q1_ADDONS_DIR``   folder holding the addons to test (default: ``<repo>/addons``); every sub-folder with a
                      ``__manifest__.py`` is installed and tested.
  ``ODOO_TEST_TAGS``  overrides ``--test-tags`` (default ``/addon1,/addon2,...``).
  ``KEEP_DB=1``       keep the throwaway database (and its data dir) after the run.
  ``PGHOST``/``PGPORT``/``PGUSER``/``PGPASSWORD``  passed to Odoo as ``--db_host`` etc. when set.
  ``Q1_NO_PIP=1``     never pip-install the pinned packages below: a missing one fails the tier instead.

The OCA addons our addons depend on come as wheels pinned in ``config/requirements-prod.txt`` (the lines
``odoo-addon-<name>==<version>``). A wheel puts its addon in the ``odoo/addons`` folder of site-packages, which Odoo
18.0 finds by itself (``odoo`` and ``odoo.addons`` extend their ``__path__`` over ``sys.path``): no addons path to
add. Before installing our addons the tier checks, with the Python that runs Odoo, that each pinned wheel is
installed at its version and that Odoo sees its addon, and installs the missing ones with
``pip install --no-deps`` (their metadata requires an ``odoo`` distribution, which a source tree or the .deb does
not register with pip). The plain libraries pinned there (pyHanko and its dependencies, which q1_registry's manifest
requires; click-odoo-contrib for the restore check) are checked and installed the same way.

Pass/fail: the run fails when Odoo exits non-zero, when its log has an ``ERROR`` or ``CRITICAL`` line, when the
closing ``N failed, M error(s) of K tests`` line is missing, or when no test ran. The last lines printed are
Odoo's closing line and ``odoo tier: P passed, F failed``.

The tested restore (README, "Production"): after the tests, the throwaway database (the addons and their demo
data) is backed up and restored with the production tools (config/q1-backup.sh, click-odoo-backupdb and
click-odoo-restoredb) by tests/deploy/restore_check.py, which then compares every table and filestore file; it
counts as one more test. ``Q1_DEPLOY_CHECKS=0`` skips it; with ``ODOO_TEST_TAGS`` set (a targeted run) it runs only
with ``Q1_DEPLOY_CHECKS=1``. The first production login (README, "Production") is checked the same way, by
tests/deploy/first_login_check.py on a database of its own: config/q1-start.sh's production first start, then the
admin's and a unit leader's login with the code mailed through an SMTP server on 127.0.0.1; one more test.
"""

import argparse
import ast
import datetime
import json
import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SKIP_HINT = "set ODOO_PATH to an Odoo 18.0 source tree, ODOO_PYTHON to a Python with its requirements"

# Odoo's log format: "2025-01-31 12:00:00,123 4242 ERROR dbname odoo.logger: message"
LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d+ \d+ (?P<level>[A-Z]+) (?P<db>\S+) (?P<logger>[^:]+): ")
BAD_LEVELS = {"ERROR", "CRITICAL"}
# printed by odoo/service/server.py at the end of a --stop-after-init run with --test-enable
CLOSING = re.compile(
    r"(?P<failed>\d+) failed, (?P<errors>\d+) error\(s\) of (?P<total>\d+) tests"
    r"(?: when loading database (?P<db>'[^']*'|\"[^\"]*\"))?"
)
SKIPPED = re.compile(r" INFO \S+ \S+: skipped ")


class Skip(Exception):
    """No usable Odoo 18.0 here: the tier is skipped."""


class Broken(Exception):
    """An Odoo was asked for (ODOO_PATH) but cannot be used: the tier fails."""


def say(*lines, file=None):
    for line in lines:
        print(line, file=file or sys.stdout, flush=True)


# --------------------------------------------------------------------------------------------------------------
# Finding Odoo
# --------------------------------------------------------------------------------------------------------------


def release_version(release_py):
    """(major, minor) from an ``odoo/release.py`` without importing it."""
    tree = ast.parse(Path(release_py).read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "version_info" for t in node.targets):
            if isinstance(node.value, ast.Tuple) and len(node.value.elts) >= 2:
                major, minor = node.value.elts[:2]
                if isinstance(major, ast.Constant) and isinstance(minor, ast.Constant):
                    return major.value, minor.value
    raise Broken(f"{release_py}: no literal version_info = (major, minor, ...) found")


def find_odoo():
    """Return (base command list, extra core addons path or None, description)."""
    odoo_path = os.environ.get("ODOO_PATH")
    if odoo_path:
        root = Path(odoo_path).expanduser().resolve()
        odoo_bin, release = root / "odoo-bin", root / "odoo" / "release.py"
        if not odoo_bin.is_file() or not release.is_file():
            raise Broken(f"ODOO_PATH={odoo_path} is not an Odoo source tree (no odoo-bin or odoo/release.py)")
        version = release_version(release)
        if tuple(version) != (18, 0):
            raise Skip(f"ODOO_PATH={odoo_path} is Odoo {version[0]}.{version[1]}, not 18.0")
        python = os.environ.get("ODOO_PYTHON") or "python3"
        if not shutil.which(python):
            raise Broken(f"ODOO_PYTHON={python} not found")
        probe = subprocess.run([python, str(odoo_bin), "--version"], capture_output=True, text=True)
        if probe.returncode != 0:
            tail = (probe.stderr.strip().splitlines() or ["?"])[-1]
            raise Broken(
                f"{python} cannot run {odoo_bin} ({tail}); set ODOO_PYTHON to a Python with Odoo's requirements"
            )
        core_addons = root / "addons"
        return (
            [python, str(odoo_bin)],
            (str(core_addons) if core_addons.is_dir() else None),
            f"{probe.stdout.strip()} at ODOO_PATH={root} with {python}",
        )
    odoo_cmd = shutil.which("odoo")
    if odoo_cmd:
        probe = subprocess.run([odoo_cmd, "--version"], capture_output=True, text=True)
        match = re.search(r"(\d+)\.(\d+)", probe.stdout)
        if probe.returncode != 0 or not match:
            raise Skip(f"'{odoo_cmd} --version' did not report a version")
        if (int(match[1]), int(match[2])) != (18, 0):
            raise Skip(f"{odoo_cmd} is Odoo {match[1]}.{match[2]}, not 18.0")
        # a packaged Odoo adds its own core addons to the path by itself
        return [odoo_cmd], None, f"{probe.stdout.strip()} ({odoo_cmd})"
    raise Skip("no Odoo 18.0 found")


# --------------------------------------------------------------------------------------------------------------
# Our addons
# --------------------------------------------------------------------------------------------------------------


def read_manifest(addon_dir):
    return ast.literal_eval((Path(addon_dir) / "__manifest__.py").read_text(encoding="utf-8"))


def addons_in_order(addons_dir):
    """Addon names under ``addons_dir`` (those with a manifest), dependencies before dependants."""
    addons_dir = Path(addons_dir)
    found = {p.name: p for p in sorted(addons_dir.iterdir()) if (p / "__manifest__.py").is_file()}
    deps = {}
    for name, path in found.items():
        manifest = read_manifest(path)
        if not manifest.get("installable", True):
            continue
        deps[name] = [d for d in manifest.get("depends", []) if d in found]
    ordered, state = [], {}

    def visit(name, chain=()):
        if state.get(name) == "done":
            return
        if state.get(name) == "visiting":
            raise Broken(f"dependency cycle among addons: {' -> '.join(chain + (name,))}")
        state[name] = "visiting"
        for dep in deps.get(name, []):
            visit(dep, chain + (name,))
        state[name] = "done"
        if name in deps:
            ordered.append(name)

    for name in sorted(deps):
        visit(name)
    return ordered


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# Odoo's database options from the PostgreSQL environment, when set: {option: value}
PG_OPTIONS = (("PGHOST", "db_host"), ("PGPORT", "db_port"), ("PGUSER", "db_user"), ("PGPASSWORD", "db_password"))


def db_options():
    return {option: os.environ[env] for env, option in PG_OPTIONS if os.environ.get(env)}


def db_args():
    return [f"--{option}={value}" for option, value in db_options().items()]


# --------------------------------------------------------------------------------------------------------------
# The OCA addons installed as wheels
# --------------------------------------------------------------------------------------------------------------

PROD_REQUIREMENTS = REPO / "config" / "requirements-prod.txt"
ADDON_PIN = re.compile(
    r"^(?P<dist>odoo(?:\d+)?-addons?[-_](?P<addon>[A-Za-z0-9_.-]+?))==(?P<version>[^\s;#]+)\s*(?:#.*)?$"
)
# Run with the Python of Odoo: the installed version of each distribution, and whether Odoo sees its addon.
WHEEL_PROBE = """
import importlib.metadata, json, sys
import odoo.addons
from odoo.modules.module import get_module_path
found = {}
for dist, addon in json.loads(sys.argv[1]):
    try:
        version = importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        version = None
    found[dist] = [version, not addon or bool(get_module_path(addon, display_warning=False))]
print(json.dumps(found))
"""


def addon_pins(path=PROD_REQUIREMENTS):
    """[(distribution, addon, version)] of the addon wheels pinned in ``path`` (none when it does not exist)."""
    pins = []
    if not Path(path).is_file():
        return pins
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        match = ADDON_PIN.match(line.strip())
        if match:
            pins.append((match["dist"], match["addon"].replace("-", "_"), match["version"]))
    return pins


PIN = re.compile(r"^(?P<dist>[A-Za-z0-9][A-Za-z0-9_.-]*)==(?P<version>[^\s;#]+)\s*(?:#.*)?$")


def python_pins(path=PROD_REQUIREMENTS):
    """[(distribution, addon or None, version)] of every package pinned in ``path``: the addon wheels and the plain
    libraries our addons or the tier's checks import (pyHanko for q1_registry, click-odoo-contrib for the restore
    check), each with its pinned dependencies."""
    addons = {dist: addon for dist, addon, _version in addon_pins(path)}
    if not Path(path).is_file():
        return []
    pins = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        match = PIN.match(line.strip())
        if match:
            pins.append((match["dist"], addons.get(match["dist"]), match["version"]))
    return pins


def odoo_python(base_cmd):
    """(python, environment) that imports the Odoo of ``base_cmd``: ODOO_PYTHON with the source tree on its path, or
    the interpreter of the ``odoo`` script (its first line)."""
    env = dict(os.environ)
    if len(base_cmd) == 2:  # [python, <tree>/odoo-bin]
        tree = str(Path(base_cmd[1]).parent)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (tree, env.get("PYTHONPATH")) if p)
        return base_cmd[0], env
    with open(base_cmd[0], "rb") as script:
        first = script.readline().decode("utf-8", "replace").strip()
    words = first[2:].split() if first.startswith("#!") else []
    if words and Path(words[0]).name == "env" and len(words) > 1:
        words = words[1:]
    return (words[0] if words else "python3"), env


def probe_wheels(python, env, pins):
    result = subprocess.run(
        [python, "-c", WHEEL_PROBE, json.dumps([(dist, addon) for dist, addon, _v in pins])],
        capture_output=True,
        text=True,
        env=env,
    )
    if result.returncode != 0:
        tail = (result.stderr.strip().splitlines() or ["?"])[-1]
        raise Broken(f"{python} cannot check the addon wheels ({tail})")
    return json.loads(result.stdout.strip().splitlines()[-1])


def missing_wheels(pins, found):
    """The pins whose distribution is absent, at another version, or whose addon Odoo does not see."""
    return [
        (dist, addon, version)
        for dist, addon, version in pins
        if found.get(dist, [None, False])[0] != version or not found.get(dist, [None, False])[1]
    ]


def ensure_addon_wheels(base_cmd, pins=None):
    """Check the pinned addon wheels and libraries with the Python of Odoo, pip-install the missing ones
    (``--no-deps``); return the lines to print. Raises Broken when one is still missing."""
    pins = python_pins() if pins is None else pins
    if not pins:
        return []
    python, env = odoo_python(base_cmd)
    missing = missing_wheels(pins, probe_wheels(python, env, pins))
    if not missing:
        return [f"odoo tier: the {len(pins)} pinned packages of {PROD_REQUIREMENTS.name} installed for {python}"]
    wanted = [f"{dist}=={version}" for dist, _addon, version in missing]
    hint = f"{python} -m pip install --no-deps {' '.join(wanted)}"
    if os.environ.get("Q1_NO_PIP") == "1":
        raise Broken(f"addon wheels missing for {python} (Q1_NO_PIP=1): {hint}")
    base = [python, "-m", "pip", "install", "--no-deps", "--disable-pip-version-check", "--quiet"]
    result = subprocess.run(base + wanted, capture_output=True, text=True, env=env)
    if result.returncode != 0 and "externally-managed-environment" in result.stderr:
        # a distribution's Python (PEP 668), as in the official image: into the user's site-packages
        result = subprocess.run(
            base + ["--break-system-packages", "--user"] + wanted, capture_output=True, text=True, env=env
        )
    if result.returncode != 0:
        tail = (result.stderr.strip().splitlines() or ["?"])[-1]
        raise Broken(f"cannot install the pinned packages ({tail}); run: {hint}")
    still = missing_wheels(pins, probe_wheels(python, env, pins))
    if still:
        raise Broken(f"installed, but Odoo does not see {', '.join(a or d for d, a, _v in still)}: {hint}")
    return [f"odoo tier: installed the pinned packages {', '.join(wanted)} for {python}"]


# --------------------------------------------------------------------------------------------------------------
# Running
# --------------------------------------------------------------------------------------------------------------


def analyse(lines):
    """Findings from Odoo's log lines: (closing match or None, bad lines, skipped count)."""
    closing, bad, skipped = None, [], 0
    for line in lines:
        match = LOG_LINE.match(line)
        if match and match["level"] in BAD_LEVELS:
            bad.append(line.rstrip("\n"))
        if match and "tests" in line:
            found = CLOSING.search(line)
            if found and found["db"]:
                closing = found
        if SKIPPED.search(line):
            skipped += 1
    return closing, bad, skipped


def drop_database(base_cmd, db, data_dir):
    cmd = base_cmd + ["db", f"--data-dir={data_dir}"] + db_args() + ["drop", db]
    result = subprocess.run(cmd, capture_output=True, text=True)
    if result.returncode != 0:
        # fall back on the PostgreSQL client
        dropdb = shutil.which("dropdb")
        if dropdb:
            result = subprocess.run([dropdb, "--if-exists", db], capture_output=True, text=True)
    if result.returncode != 0:
        say(f"odoo tier: WARNING could not drop database {db}: {result.stderr.strip()[-300:]}")
    shutil.rmtree(data_dir, ignore_errors=True)


def finisher(summary_file):
    """``finish(code, *lines)``: print the closing lines, keep them (in ``summary_file`` too, for tests/run) and
    return ``code``."""
    summary = []

    def finish(code, *lines):
        say(*lines)
        summary.extend(lines)
        if summary_file:
            Path(summary_file).write_text("\n".join(summary) + "\n", encoding="utf-8")
        return code

    return finish


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    demo = parser.add_mutually_exclusive_group()
    demo.add_argument(
        "--with-demo",
        dest="demo",
        action="store_true",
        default=True,
        help="install with demo data (default: the demo data must install cleanly too)",
    )
    demo.add_argument("--without-demo", dest="demo", action="store_false", help="install without demo data")
    parser.add_argument("--summary-file", help="also write the closing lines to this file (for tests/run)")
    parser.add_argument("--addons", help="comma-separated addons to install (default: every addon found)")
    args = parser.parse_args(argv)

    finish = finisher(args.summary_file)

    try:
        base_cmd, core_addons, description = find_odoo()
    except Skip as why:
        code = 1 if os.environ.get("Q1_REQUIRE_ODOO") == "1" else 0
        return finish(code, f"Odoo tier SKIPPED: {why} ({SKIP_HINT})")
    except Broken as why:
        return finish(2, f"Odoo tier FAILED: {why}", "odoo tier: 0 passed, 1 failed")

    addons_dir = Path(os.environ.get("Q1_ADDONS_DIR") or REPO / "addons").resolve()
    try:
        addons = args.addons.split(",") if args.addons else addons_in_order(addons_dir)
    except (Broken, OSError, ValueError, SyntaxError) as why:
        return finish(
            2, f"Odoo tier FAILED: cannot read the addons in {addons_dir}: {why}", "odoo tier: 0 passed, 1 failed"
        )
    if not addons:
        return finish(
            2, f"Odoo tier FAILED: no addon with a __manifest__.py in {addons_dir}", "odoo tier: 0 passed, 1 failed"
        )

    try:
        say(*ensure_addon_wheels(base_cmd))
    except Broken as why:
        return finish(2, f"Odoo tier FAILED: {why}", "odoo tier: 0 passed, 1 failed")

    stamp = datetime.datetime.now().strftime("%Y%m%d%H%M%S")
    db = f"q1_test_{stamp}_{os.getpid()}"
    data_dir = Path(tempfile.gettempdir()) / f"{db}_data"
    log_path = Path(tempfile.gettempdir()) / f"{db}.log"
    tags = os.environ.get("ODOO_TEST_TAGS") or ",".join(f"/{a}" for a in addons)
    addons_path = ",".join(p for p in (core_addons, str(addons_dir)) if p)
    cmd = (
        base_cmd
        + [
            f"--addons-path={addons_path}",
            f"--data-dir={data_dir}",
            "-d",
            db,
            f"--db-filter=^{db}$",
            "-i",
            ",".join(addons),
            "--test-enable",
            f"--test-tags={tags}",
            "--load-language=vi_VN",
            "--stop-after-init",
            "--log-level=test",
            f"--http-port={free_port()}",
            "--workers=0",
            "--max-cron-threads=0",
        ]
        + db_args()
    )
    if not args.demo:
        cmd.append("--without-demo=all")

    say(
        f"odoo tier: {description}",
        f"odoo tier: addons {', '.join(addons)} from {addons_dir}, demo data {'on' if args.demo else 'off'}",
        f"odoo tier: database {db}, log {log_path}",
        "odoo tier: $ " + shlex.join(cmd),
    )

    lines = []
    deploy = None
    try:
        with open(log_path, "w", encoding="utf-8") as log:
            proc = subprocess.Popen(
                cmd,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                encoding="utf-8",
                errors="replace",
                bufsize=1,
            )
            for line in proc.stdout:
                sys.stdout.write(line)
                sys.stdout.flush()
                log.write(line)
                lines.append(line)
            returncode = proc.wait()
        deploy = deploy_checks(lines, db, data_dir)
    except KeyboardInterrupt:
        proc.terminate()
        proc.wait()
        returncode = 130
    finally:
        if os.environ.get("KEEP_DB") == "1":
            say(f"odoo tier: KEEP_DB=1, database {db} and data dir {data_dir} kept")
        else:
            drop_database(base_cmd, db, data_dir)

    code, *out = verdict(lines, returncode, tags, log_path)
    if deploy is not None:
        code, out = with_deploy_result(code, out, deploy)
    first_login = first_login_check()
    if first_login is not None:
        code, out = with_deploy_result(code, out, first_login)
    return finish(code, *out)


RESTORE_CHECK = REPO / "tests" / "deploy" / "restore_check.py"


def deploy_checks(lines, db, data_dir):
    """Run the restore check on the tier's database once Odoo has loaded it (its closing line printed); return
    (passed, lines to print), or None when it is not run (Q1_DEPLOY_CHECKS, a targeted run, Odoo did not load)."""
    wanted = os.environ.get("Q1_DEPLOY_CHECKS", "")
    if wanted == "0" or (wanted != "1" and os.environ.get("ODOO_TEST_TAGS")):
        why = "Q1_DEPLOY_CHECKS=0" if wanted == "0" else "a targeted run: Q1_DEPLOY_CHECKS=1 runs it"
        say(f"odoo tier: restore check not run ({why})")
        return None
    if analyse(lines)[0] is None:
        return (False, ["odoo tier: restore check not run: Odoo did not load the database"])
    say(f"odoo tier: restore check of {db}: $ {sys.executable} {RESTORE_CHECK} --db {db} --data-dir {data_dir}")
    result = subprocess.run(
        [sys.executable, str(RESTORE_CHECK), "--db", db, "--data-dir", str(data_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    out = result.stdout.strip().splitlines()
    say(*out)
    return (result.returncode == 0, [line for line in out if line.startswith("restore check:")][-2:])


FIRST_LOGIN_CHECK = REPO / "tests" / "deploy" / "first_login_check.py"


def first_login_check():
    """Run the first production login check (its own database, made and dropped by it) when the deploy checks are
    due, as for the restore check; return (passed, its closing line) or None when not run."""
    wanted = os.environ.get("Q1_DEPLOY_CHECKS", "")
    if wanted == "0" or (wanted != "1" and os.environ.get("ODOO_TEST_TAGS")):
        say("odoo tier: first login check not run (Q1_DEPLOY_CHECKS)")
        return None
    say(f"odoo tier: first login check: $ {sys.executable} {FIRST_LOGIN_CHECK}")
    result = subprocess.run(
        [sys.executable, str(FIRST_LOGIN_CHECK)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    out = result.stdout.strip().splitlines()
    say(*out)
    return (result.returncode == 0, [line for line in out if line.startswith("first login check:")][-1:])


def with_deploy_result(code, out, deploy):
    """The tier's closing lines with the restore check counted as one more test."""
    passed, lines = deploy
    counts = re.fullmatch(r"odoo tier: (\d+) passed, (\d+) failed", out[-1])
    if counts:
        out = out[:-1] + [f"odoo tier: {int(counts[1]) + passed} passed, {int(counts[2]) + (not passed)} failed"]
    return (code if passed else 1), [*lines, *out]


def verdict(lines, returncode, tags, log_path):
    """The exit code and closing lines of a run from Odoo's output and exit code."""
    closing, bad, skipped = analyse(lines)
    problems = []
    if returncode != 0:
        problems.append(f"Odoo exited with code {returncode}")
    if bad:
        problems.append(f"{len(bad)} ERROR/CRITICAL line(s) in the log, the first: {bad[0][:300]}")
    if closing is None:
        problems.append("Odoo's closing 'N failed, M error(s) of K tests' line is missing")
        total, failed = 0, 0
    else:
        total = int(closing["total"])
        failed = int(closing["failed"]) + int(closing["errors"])
        if total == 0:
            problems.append(f"no test ran (test tags {tags}; are the test modules imported in tests/__init__.py?)")
    passed = max(total - failed - skipped, 0)
    out = []
    out.extend(f"odoo tier: problem: {p}" for p in problems)
    if problems and failed == 0:
        failed = 1  # the run failed even though no test case did: never report it as all green
        out.append("odoo tier: the problem above is counted as 1 failure")
    out.append(f"odoo tier: full log in {log_path}")
    out.append(f"Odoo: {closing.group(0) if closing else 'no closing line (see the log)'}")
    if skipped:
        out.append(f"odoo tier: {skipped} skipped")
    out.append(f"odoo tier: {passed} passed, {failed} failed")
    return (1 if problems else 0, *out)


if __name__ == "__main__":
    sys.exit(main())

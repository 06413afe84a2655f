#!/usr/bin/env python3
"""The upgrade test of ``tests/run`` (after the Odoo tier): a ward's database of the previous release, upgraded to
this tree with ``click-odoo-update``, loses nothing.

1. ``git archive <previous release tag> addons`` into a temporary folder (the tag: ``PREVIOUS_RELEASE``, or
   ``Q1_PREVIOUS_RELEASE``);
2. a database with those addons, Vietnamese and their demo data;
3. records made through the ORM that the demo does not hold (``tests/upgrade/seed_<version>.py``: an issued
   statutory report, an approved evaluation sheet);
4. its fingerprint (``tests/upgrade/fingerprint.py``: every stored value of our models, units, staff, groups and
   parameters);
5. the installed addons' checksums stored (``click-odoo-update --only-compute-hashes``, what a ward's database
   holds after its first ``click-odoo-update``), then the upgrade to this tree's addons with
   ``click-odoo-update``, which updates the addons whose files changed and installs their new dependencies
   (``odoo -u`` of the changed addons when click-odoo-contrib is not installed); then the release's new addons
   (not in the previous release) installed with ``odoo -i``, as an administrator does after the backup;
6. the fingerprint again, compared value by value: a record, field or value missing or changed is a failure,
   unless ``CHANGED_ON_PURPOSE`` names it with its reason (a migration that moves data declares it there);
7. the release's checks: our addons installed at this tree's versions, the new dependencies installed, the fact
   table one row per received dossier, the accounts' parameters the migration writes on a demo database, the
   demo logins still working.

Standard library only, like tests/odoo_tier.py (whose Odoo discovery, addon wheels and database options it uses).
Without an Odoo 18.0 it is skipped (failed with ``Q1_REQUIRE_ODOO=1``); with one, a missing tag (a shallow clone:
``git fetch --tags``) fails it. ``KEEP_DB=1`` keeps the database and the temporary folder;
``Q1_UPGRADE_DB_PREFIX`` names the database (default ``q1_upgrade``). The last line is
``upgrade tier: P passed, F failed``.
"""

import argparse
import datetime
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import odoo_tier  # noqa: E402 - beside this file
from odoo_tier import Broken, Skip, addons_in_order, db_args, find_odoo, free_port, say  # noqa: E402

REPO = odoo_tier.REPO
SCRIPTS = Path(__file__).resolve().parent / "upgrade"
PREVIOUS_RELEASE = "v18.0.1.0.0"
# The commit each release tag names: a checkout that lost its tags (a copy of the branch alone) still finds the
# release in its history.
RELEASE_COMMITS = {"v18.0.1.0.0": "d7dfaafa100c83f0d0e9e17f28139c1a7835935a"}
SKIP_HINT = odoo_tier.SKIP_HINT

# {(model, field): reason} for values an upgrade changes on purpose (a migration that moves data names them here);
# (model, None) for a model whose records change on purpose. Empty: in 18.0.1.1.0 nothing stored changes.
CHANGED_ON_PURPOSE = {}
# {(model, field): new field name or None} for fields renamed or dropped on purpose by a migration.
RENAMED = {}


class Failed(Exception):
    """A step of the upgrade test failed."""


# --------------------------------------------------------------------------------------------------------------
# Comparing fingerprints (pure: tested in tests/static/test_upgrade_tier.py)
# --------------------------------------------------------------------------------------------------------------


def compare(before, after, changed_on_purpose=None, renamed=None):
    """The differences between two fingerprints ``{model: {"fields": [...], "records": {id: {field: value}}}}`` that
    lose or change something, as sentences; new models, fields and records are not differences."""
    changed_on_purpose = CHANGED_ON_PURPOSE if changed_on_purpose is None else changed_on_purpose
    renamed = RENAMED if renamed is None else renamed
    problems = []
    for model, old in sorted(before.items()):
        if (model, None) in changed_on_purpose:
            continue
        new = after.get(model)
        if new is None:
            problems.append(f"{model}: the model is gone ({len(old['records'])} records)")
            continue
        fields = {}
        for field in old["fields"]:
            target = renamed.get((model, field), field)
            if target is None:
                continue
            if target not in new["fields"]:
                problems.append(f"{model}.{field}: the field is gone")
                continue
            fields[field] = target
        lost = sorted(set(old["records"]) - set(new["records"]), key=_key)
        if lost:
            problems.append(f"{model}: {len(lost)} record(s) gone: {', '.join(lost[:10])}")
        for key in sorted(set(old["records"]) & set(new["records"]), key=_key):
            values, now = old["records"][key], new["records"][key]
            for field, target in fields.items():
                if (model, field) in changed_on_purpose:
                    continue
                if values.get(field) != now.get(target):
                    problems.append(f"{model}[{key}].{field}: {values.get(field)!r} -> {now.get(target)!r}")
    return problems


def _key(key):
    return (0, int(key), "") if str(key).isdigit() else (1, 0, str(key))


def adapt_version(version):
    """Odoo's ``adapt_version`` for 18.0: a short version gets ``18.0.`` in front."""
    return version if version.startswith("18.0.") else f"18.0.{version}"


def release_checks(found, addons_dir, expected_params):
    """The release's checks on the upgraded database (``fingerprint.py --checks``), as (passed, problems)."""
    problems, passed = [], 0
    modules = found.get("modules", {})
    for addon in addons_in_order(addons_dir):
        want = adapt_version(odoo_tier.read_manifest(Path(addons_dir) / addon)["version"])
        got = modules.get(addon, {})
        if (got.get("state"), got.get("version")) != ("installed", want):
            problems.append(f"{addon}: {got.get('state')} at {got.get('version')}, expected installed at {want}")
        else:
            passed += 1
    for dependency in ("password_security", "auth_totp_mail_enforce"):
        if modules.get(dependency, {}).get("state") != "installed":
            problems.append(f"{dependency}: not installed by the upgrade ({modules.get(dependency)})")
        else:
            passed += 1
    facts = found.get("facts")
    if facts is not None:
        if facts["without_fact"] or facts["not_received"] or facts["duplicated"]:
            problems.append(f"q1.dossier.fact is not one row per received dossier: {facts}")
        else:
            passed += 1
    params = found.get("params", {})
    wrong = {
        key: (params.get(key), str(value)) for key, value in expected_params.items() if params.get(key) != str(value)
    }
    if wrong:
        problems.append(f"accounts' parameters (found, expected): {wrong}")
    else:
        passed += 1
    for login, result in sorted(found.get("demo_logins", {}).items()):
        if not result.get("password") or result.get("second_factor"):
            problems.append(f"demo login {login} no longer works as published: {result}")
        else:
            passed += 1
    return passed, problems


def accounts_policy(profile):
    """``core.accounts.POLICIES[profile]`` of this tree (pure Python, loaded from its file)."""
    path = REPO / "addons" / "q1_dossier" / "core" / "accounts.py"
    spec = importlib.util.spec_from_file_location("q1_accounts_for_upgrade", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.POLICIES[profile]


# --------------------------------------------------------------------------------------------------------------
# Steps
# --------------------------------------------------------------------------------------------------------------


def tag_commit(tag):
    """The commit of ``tag``, or None when neither the tag nor the commit ``RELEASE_COMMITS`` names for it is in
    this checkout (or this is not a git checkout)."""
    for ref in (f"refs/tags/{tag}", RELEASE_COMMITS.get(tag)):
        if not ref:
            continue
        try:
            result = subprocess.run(
                ["git", "-C", str(REPO), "rev-parse", "-q", "--verify", f"{ref}^{{commit}}"],
                capture_output=True,
                text=True,
            )
        except OSError:
            return None
        if result.returncode == 0:
            return result.stdout.strip()
    return None


def export_release(tag, target):
    """``git archive <tag> addons`` extracted under ``target``; returns the addons folder."""
    Path(target).mkdir(parents=True, exist_ok=True)
    archive = Path(target) / "release.tar"
    with open(archive, "wb") as out:
        result = subprocess.run(["git", "-C", str(REPO), "archive", tag, "addons"], stdout=out, stderr=subprocess.PIPE)
    if result.returncode != 0:
        raise Failed(f"git archive {tag} addons: {result.stderr.decode(errors='replace').strip()}")
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")
    archive.unlink()
    return Path(target) / "addons"


def write_config(path, addons_path, data_dir, db):
    lines = [
        "[options]",
        f"addons_path = {addons_path}",
        f"data_dir = {data_dir}",
        f"db_name = {db}",
        "list_db = False",
    ]
    lines += [f"{option} = {value}" for option, value in odoo_tier.db_options().items()]
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")


def run(step, cmd, log, env=None, stdin=None):
    """Run ``cmd``, its output appended to ``log``; Failed when it exits non-zero or logs an ERROR/CRITICAL."""
    say(f"upgrade tier: {step}", "upgrade tier: $ " + " ".join(cmd))
    with open(log, "a", encoding="utf-8") as out:
        out.write(f"\n===== {step}\n$ {' '.join(cmd)}\n")
        out.flush()
        result = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env, stdin=stdin)
        out.write(result.stdout)
    lines = result.stdout.splitlines()
    _closing, bad, _skipped = odoo_tier.analyse(lines)
    for line in lines:
        if line.startswith(("seed:", "fingerprint:")):
            say(f"upgrade tier: {line}")
    if result.returncode != 0 or bad:
        detail = bad[0][:300] if bad else (lines[-1][:300] if lines else "")
        raise Failed(f"{step}: exit code {result.returncode}{', ERROR in the log' if bad else ''}: {detail}")
    return lines


def click_odoo_update(python, env):
    """The ``click-odoo-update`` command of the Python that runs Odoo, or None."""
    candidate = Path(python).parent / "click-odoo-update"
    if candidate.is_file():
        return [str(candidate)]
    probe = subprocess.run([python, "-c", "import click_odoo_contrib.update"], capture_output=True, env=env)
    if probe.returncode == 0:
        return [python, "-m", "click_odoo_contrib.update"]
    found = shutil.which("click-odoo-update")
    return [found] if found else None


def upgrade_test(base_cmd, core_addons, tag, workdir, db, log):
    """Steps 1-7; returns (passed, problems)."""
    python, env = odoo_tier.odoo_python(base_cmd)
    old_addons = export_release(tag_commit(tag), workdir / "release")
    new_addons = REPO / "addons"
    data_dir = workdir / "data"
    old_conf, new_conf = workdir / "old.conf", workdir / "new.conf"
    write_config(old_conf, ",".join(p for p in (core_addons, str(old_addons)) if p), data_dir, db)
    write_config(new_conf, ",".join(p for p in (core_addons, str(new_addons)) if p), data_dir, db)
    modules = addons_in_order(old_addons)

    common = [f"--http-port={free_port()}", "--workers=0", "--max-cron-threads=0", "--stop-after-init"]
    run(
        f"install {', '.join(modules)} of {tag} with demo data",
        base_cmd + ["-c", str(old_conf), "-d", db, "-i", ",".join(modules), "--load-language=vi_VN"] + common,
        log,
    )
    seed = SCRIPTS / f"seed_{tag.lstrip('v').replace('.', '_')}.py"
    if not seed.is_file():
        raise Failed(f"no seed script {seed.relative_to(REPO)} for the previous release {tag}")
    run("records made through the ORM", [python, str(seed), "-c", str(old_conf), "-d", db], log, env)
    before_file, after_file = workdir / "before.json", workdir / "after.json"
    fingerprint = [python, str(SCRIPTS / "fingerprint.py"), "-d", db]
    run("fingerprint before", fingerprint + ["-c", str(old_conf), "--out", str(before_file)], log, env)

    updater = click_odoo_update(python, env)
    if updater:
        run(
            "checksums of the installed addons",
            updater + ["-c", str(old_conf), "-d", db, "--only-compute-hashes"],
            log,
            env,
        )
        run("click-odoo-update to this tree", updater + ["-c", str(new_conf), "-d", db], log, env)
    else:
        say("upgrade tier: click-odoo-contrib is not installed for this Odoo: upgrading with odoo -u")
        run(
            "odoo -u to this tree",
            base_cmd + ["-c", str(new_conf), "-d", db, "-u", ",".join(addons_in_order(new_addons))] + common,
            log,
        )
    added = [addon for addon in addons_in_order(new_addons) if addon not in modules]
    if added:
        # a release's new addon is installed on purpose, after the backup (README, "Upgrades"; q1-start.sh refuses
        # to install into an existing production database by itself)
        run(
            f"install this release's new addons {', '.join(added)}",
            base_cmd + ["-c", str(new_conf), "-d", db, "-i", ",".join(added)] + common,
            log,
        )
    run("fingerprint after", fingerprint + ["-c", str(new_conf), "--out", str(after_file), "--checks"], log, env)

    before = json.loads(before_file.read_text(encoding="utf-8"))
    after = json.loads(after_file.read_text(encoding="utf-8"))
    problems = compare(before["models"], after["models"])
    records = sum(len(m["records"]) for m in before["models"].values())
    say(f"upgrade tier: {records} records of {len(before['models'])} models compared")
    passed = 0 if problems else 1
    demo = after["checks"].get("modules", {}).get("q1_dossier", {}).get("demo")
    checked, found = release_checks(after["checks"], new_addons, accounts_policy("demo" if demo else "production"))
    return passed + checked, problems + found


def drop(base_cmd, db, log):
    result = subprocess.run(
        base_cmd + ["db"] + db_args() + ["drop", db], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    if result.returncode != 0 and shutil.which("dropdb"):
        result = subprocess.run(["dropdb", "--if-exists", db], capture_output=True, text=True)
    if result.returncode != 0:
        say(f"upgrade tier: WARNING could not drop database {db} (log {log})")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--summary-file", help="also write the closing lines to this file (for tests/run)")
    args = parser.parse_args(argv)
    finish = odoo_tier.finisher(args.summary_file)

    try:
        base_cmd, core_addons, description = find_odoo()
    except Skip as why:
        code = 1 if os.environ.get("Q1_REQUIRE_ODOO") == "1" else 0
        return finish(code, f"Upgrade tier SKIPPED: {why} ({SKIP_HINT})")
    except Broken as why:
        return finish(2, f"Upgrade tier FAILED: {why}", "upgrade tier: 0 passed, 1 failed")

    tag = os.environ.get("Q1_PREVIOUS_RELEASE") or PREVIOUS_RELEASE
    if not tag_commit(tag):
        return finish(
            1,
            f"Upgrade tier FAILED: the tag {tag} of the previous release is absent (a shallow clone? git fetch --tags)",
            "upgrade tier: 0 passed, 1 failed",
        )
    try:
        say(*odoo_tier.ensure_addon_wheels(base_cmd))
    except Broken as why:
        return finish(2, f"Upgrade tier FAILED: {why}", "upgrade tier: 0 passed, 1 failed")

    stamp = datetime.datetime.now().strftime("%Y%m%d%H%M%S")
    db = f"{os.environ.get('Q1_UPGRADE_DB_PREFIX') or 'q1_upgrade'}_{stamp}_{os.getpid()}"
    workdir = Path(tempfile.mkdtemp(prefix=f"{db}_"))
    log = workdir / "upgrade.log"
    say(f"upgrade tier: {description}", f"upgrade tier: {tag} -> this tree, database {db}, log {log}")
    try:
        passed, problems = upgrade_test(base_cmd, core_addons, tag, workdir, db, log)
    except (Failed, OSError, ValueError, KeyError) as why:
        passed, problems = 0, [str(why)]
    finally:
        if os.environ.get("KEEP_DB") == "1":
            say(f"upgrade tier: KEEP_DB=1, database {db} and {workdir} kept")
        else:
            drop(base_cmd, db, log)
            kept = workdir.parent / f"{db}.log"
            shutil.copy(log, kept) if log.exists() else None
            shutil.rmtree(workdir, ignore_errors=True)
            log = kept
    lines = [f"upgrade tier: problem: {problem}" for problem in problems[:50]]
    if len(problems) > 50:
        lines.append(f"upgrade tier: ... and {len(problems) - 50} more")
    lines.append(f"upgrade tier: log in {log}")
    lines.append(f"upgrade tier: {passed} passed, {len(problems)} failed")
    return finish(1 if problems else 0, *lines)


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""The tested restore of issue 13: back up a database of our addons and restore it with the production tools,
then prove that nothing was lost.

1. adds to the database what the demo data lacks (tests/deploy/restore_seed.py, run by ``click-odoo``): a statutory
   report issued by a unit leader, scans attached to dossiers (files in the filestore);
2. fingerprints it: every table of the database (row count and a hash of all its rows), every sequence, and every
   file of its filestore; and names what matters: dossiers, codes, steps, pauses, issued reports (rows, indices,
   cells), evaluation sheets, attachments with their files (whose SHA-1 must equal Odoo's checksum);
3. backs it up with ``config/q1-backup.sh once`` (the real ``click-odoo-backupdb``: database + filestore, zip,
   checked), checks that ``q1-backup.sh restore`` refuses to overwrite the existing database without ``--replace``,
   then restores with ``q1-backup.sh restore --replace`` (the real ``click-odoo-restoredb`` into a new database,
   which then takes the name; the original is kept under ``<db>_before_restore_<time>``);
4. fingerprints the restored database and the kept original: both must equal the first fingerprint, table by
   table and file by file;
5. drops the kept original and its filestore (the restored database keeps the name it came with).

Run by tests/odoo_tier.py on its throwaway database after the Odoo tests (Q1_DEPLOY_CHECKS), or by hand on a
database made for it:
    python3 tests/deploy/restore_check.py --db DB --data-dir DATA_DIR
with ODOO_PATH/ODOO_PYTHON as for the tier (or an ``odoo`` command on PATH), PostgreSQL reached through the
usual PG* variables, ``psql`` on PATH. The Python of Odoo needs click-odoo-contrib: when it lacks it, the pinned
packages of config/requirements-prod.txt are installed into it with ``pip --no-deps`` (unless Q1_NO_PIP=1).
Standard library only. Its last line is ``restore check: passed`` or ``restore check: FAILED ...``; exit 0 or 1.
"""

import argparse
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BACKUP_SCRIPT = REPO / "config" / "q1-backup.sh"
SEED = Path(__file__).with_name("restore_seed.py")
REQUIREMENTS_PROD = REPO / "config" / "requirements-prod.txt"
TOOLS = ("click-odoo", "click-odoo-backupdb", "click-odoo-restoredb")
# what must be there, and identical, by name: (label, SQL giving one row of values per record, minimum count)
NAMED = (
    ("dossiers", "SELECT id, code, state, received_at, due_date, company_id FROM q1_dossier", 1),
    ("dossier codes", "SELECT id, code FROM q1_dossier WHERE code IS NOT NULL", 1),
    ("steps", "SELECT * FROM q1_dossier_step", 1),
    ("pauses", "SELECT * FROM q1_dossier_pause", 1),
    ("issued reports", "SELECT * FROM q1_handling_report_issue", 1),
    ("issued report rows", "SELECT * FROM q1_handling_report_issue_row", 1),
    ("issued report cells", "SELECT * FROM q1_handling_report_issue_cell", 1),
    ("evaluation sheets", "SELECT * FROM q1_evaluation_sheet", 0),
    (
        "attachments with a file",
        "SELECT id, name, res_model, res_id, store_fname, checksum, file_size FROM ir_attachment"
        " WHERE store_fname IS NOT NULL",
        1,
    ),
)


class CheckFailed(Exception):
    pass


def say(*lines):
    for line in lines:
        print(f"restore check: {line}", flush=True)


# ----------------------------------------------------------------------------------------------------------------
# Odoo and its tools
# ----------------------------------------------------------------------------------------------------------------


def odoo_python():
    """(python, env, core addons path or None) of the Odoo to use: ODOO_PATH + ODOO_PYTHON, or the ``odoo`` command."""
    env = dict(os.environ)
    odoo_path = os.environ.get("ODOO_PATH")
    if odoo_path:
        tree = Path(odoo_path).resolve()
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(tree), env.get("PYTHONPATH")) if p)
        core = tree / "addons"
        return os.environ.get("ODOO_PYTHON") or "python3", env, (str(core) if core.is_dir() else None)
    odoo_cmd = shutil.which("odoo")
    if not odoo_cmd:
        raise CheckFailed("no Odoo: set ODOO_PATH (and ODOO_PYTHON) or put an `odoo` command on PATH")
    first = Path(odoo_cmd).read_text(encoding="utf-8", errors="replace").splitlines()[0]
    words = first[2:].split() if first.startswith("#!") else []
    if words and Path(words[0]).name == "env":
        words = words[1:]
    return (words[0] if words else "python3"), env, None


def tool_dir(python, env):
    """The folder of the click-odoo scripts of ``python`` (installing click-odoo-contrib when it is missing)."""
    probe = "import click_odoo_contrib, sysconfig; print(sysconfig.get_path('scripts'))"
    result = subprocess.run([python, "-c", probe], capture_output=True, text=True, env=env)
    if result.returncode != 0:
        pins = [
            line.split("#")[0].strip()
            for line in REQUIREMENTS_PROD.read_text(encoding="utf-8").splitlines()
            if line.split("#")[0].strip() and not line.startswith("odoo-addon")
        ]
        hint = f"{python} -m pip install --no-deps {' '.join(pins)}"
        if os.environ.get("Q1_NO_PIP") == "1":
            raise CheckFailed(f"click-odoo-contrib is not installed for {python} (Q1_NO_PIP=1): {hint}")
        say(f"installing {', '.join(pins)} for {python}")
        install = subprocess.run(
            [python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-deps", *pins],
            capture_output=True,
            text=True,
            env=env,
        )
        if install.returncode != 0:
            raise CheckFailed(f"cannot install click-odoo-contrib ({install.stderr.strip()[-300:]}): {hint}")
        result = subprocess.run([python, "-c", probe], capture_output=True, text=True, env=env)
        if result.returncode != 0:
            raise CheckFailed(f"click-odoo-contrib still not importable by {python}: {result.stderr.strip()[-300:]}")
    scripts = Path(result.stdout.strip().splitlines()[-1])
    for tool in TOOLS:
        if not (scripts / tool).is_file():
            found = shutil.which(tool)
            if not found:
                raise CheckFailed(f"{tool} not found in {scripts} nor on PATH")
            scripts = Path(found).parent
    return scripts


# ----------------------------------------------------------------------------------------------------------------
# PostgreSQL
# ----------------------------------------------------------------------------------------------------------------


def psql(db, sql):
    result = subprocess.run(
        ["psql", "-X", "-v", "ON_ERROR_STOP=1", "-d", db, "-tA", "-F", "\t", "-c", sql],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise CheckFailed(f"psql on {db} failed: {result.stderr.strip()[-400:]}")
    return [line.split("\t") for line in result.stdout.splitlines() if line]


def db_exists(name):
    return bool(psql("postgres", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"))


def drop_db(name, data_dir):
    if db_exists(name):
        psql("postgres", f'DROP DATABASE "{name}"')
    shutil.rmtree(Path(data_dir) / "filestore" / name, ignore_errors=True)


def table_hashes(db):
    """{table: (rows, hash of every row, in any order)} for every table of the public schema."""
    tables = [row[0] for row in psql(db, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")]
    sql = " UNION ALL ".join(
        f"SELECT '{t}', count(*), coalesce(md5(string_agg(md5(x::text), '' ORDER BY md5(x::text))), '') FROM \"{t}\" x"
        for t in sorted(tables)
    )
    return {name: (int(count), digest) for name, count, digest in psql(db, sql)}


def sequence_values(db):
    rows = psql(db, "SELECT schemaname || '.' || sequencename, last_value FROM pg_sequences")
    return dict((name, value) for name, value in rows)


def named_hashes(db):
    """{label: (records, hash)} of what the check names, from NAMED (the tables of an addon not installed: None)."""
    present = {row[0] for row in psql(db, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
    found = {}
    for label, sql, _minimum in NAMED:
        table = re.search(r"FROM (\w+)", sql)[1]
        if table not in present:
            found[label] = None
            continue
        count, digest = psql(
            db,
            f"SELECT count(*), coalesce(md5(string_agg(md5(x::text), '' ORDER BY md5(x::text))), '') FROM ({sql}) x",
        )[0]
        found[label] = (int(count), digest)
    return found


def filestore_files(data_dir, db):
    """{relative path: sha1} of the database's filestore."""
    root = Path(data_dir) / "filestore" / db
    files = {}
    if root.is_dir():
        for path in sorted(root.rglob("*")):
            if path.is_file():
                files[path.relative_to(root).as_posix()] = hashlib.sha1(path.read_bytes()).hexdigest()
    return files


def fingerprint(db, data_dir):
    return {
        "tables": table_hashes(db),
        "sequences": sequence_values(db),
        "named": named_hashes(db),
        "files": filestore_files(data_dir, db),
        "attachments": psql(
            db, "SELECT store_fname, checksum FROM ir_attachment WHERE store_fname IS NOT NULL ORDER BY id"
        ),
    }


def differences(before, after):
    """What differs between two fingerprints, as readable lines (none when identical)."""
    lines = []
    for table in sorted(set(before["tables"]) | set(after["tables"])):
        one, two = before["tables"].get(table), after["tables"].get(table)
        if one != two:
            if one and two and one[0] == two[0]:
                lines.append(f"table {table}: {one[0]} rows, contents differ")
            else:
                lines.append(f"table {table}: {one[0] if one else 'absent'} rows -> {two[0] if two else 'absent'} rows")
    for name in sorted(set(before["sequences"]) | set(after["sequences"])):
        if before["sequences"].get(name) != after["sequences"].get(name):
            lines.append(f"sequence {name}: {before['sequences'].get(name)} -> {after['sequences'].get(name)}")
    for path in sorted(set(before["files"]) | set(after["files"])):
        if before["files"].get(path) != after["files"].get(path):
            lines.append(f"filestore {path}: {before['files'].get(path)} -> {after['files'].get(path)}")
    for label, value in before["named"].items():
        if after["named"].get(label) != value:
            lines.append(f"{label}: {value} -> {after['named'].get(label)}")
    return lines


def check_contents(print_, data_dir, db):
    """The named contents are there in sufficient number, and every stored attachment's file is its checksum."""
    problems = []
    for label, _sql, minimum in NAMED:
        value = print_["named"][label]
        if value is None:
            if minimum:
                problems.append(f"no table for {label}")
        elif value[0] < minimum:
            problems.append(f"{label}: {value[0]} (at least {minimum} needed for the check to mean something)")
    for store_fname, checksum in print_["attachments"]:
        if print_["files"].get(store_fname) != checksum:
            problems.append(f"attachment file {store_fname} of {db}: not in the filestore or not its checksum")
    return problems


# ----------------------------------------------------------------------------------------------------------------
# The check
# ----------------------------------------------------------------------------------------------------------------


def run(cmd, env, what):
    result = subprocess.run(cmd, capture_output=True, text=True, env=env)
    output = (result.stdout + result.stderr).strip()
    if result.returncode != 0:
        raise CheckFailed(f"{what} failed (exit {result.returncode}): {output[-1500:]}")
    return output


def check(db, data_dir, work):
    python, env, core_addons = odoo_python()
    scripts = tool_dir(python, env)
    env["PATH"] = os.pathsep.join((str(scripts), env.get("PATH", "")))
    rc = work / "odoo.conf"
    addons_path = ",".join(p for p in (core_addons, str(REPO / "addons")) if p)
    rc.write_text(f"[options]\naddons_path = {addons_path}\ndata_dir = {data_dir}\n", encoding="utf-8")
    backups = work / "backups"
    env.update(
        ODOO_RC=str(rc),
        Q1_DB=db,
        Q1_DATA_DIR=str(data_dir),
        Q1_BACKUP_DIR=str(backups),
        Q1_BACKUP_KEEP="3",
        Q1_STATE_DIR=str(work),
    )
    if not db_exists(db):
        raise CheckFailed(f"database {db} does not exist")

    seeded = run([str(scripts / "click-odoo"), "-c", str(rc), "-d", db, str(SEED)], env, "seeding (click-odoo)")
    seed = json.loads([line for line in seeded.splitlines() if line.startswith("{")][-1])
    if not seed["stored"]:
        raise CheckFailed(f"the seeded attachments were not stored in the filestore: {seed}")
    say(f"seeded issued report {seed['issue']} ({seed['issue_cells']} cells), attachments {seed['attachments']}")

    before = fingerprint(db, data_dir)
    problems = check_contents(before, data_dir, db)
    if problems:
        raise CheckFailed("the database to back up lacks what the check needs: " + "; ".join(problems))

    run(["bash", str(BACKUP_SCRIPT), "once"], env, "q1-backup.sh once (click-odoo-backupdb)")
    zips = sorted(backups.glob(f"{db}-*.zip"))
    if len(zips) != 1 or list(backups.glob("*.partial")):
        raise CheckFailed(f"expected one backup in {backups}, found {[p.name for p in backups.iterdir()]}")
    backup = zips[0]
    say(f"backup {backup.name}: {backup.stat().st_size / 1e6:.1f} MB (database and filestore)")

    refused = subprocess.run(
        ["bash", str(BACKUP_SCRIPT), "restore", str(backup), db], capture_output=True, text=True, env=env
    )
    if refused.returncode == 0 or "--replace" not in refused.stderr:
        raise CheckFailed(f"restore over the existing {db} without --replace was not refused: {refused.stderr}")

    output = run(["bash", str(BACKUP_SCRIPT), "restore", "--replace", str(backup), db], env, "q1-backup.sh restore")
    kept = re.search(r"kept as (\S+)", output)
    if not kept:
        raise CheckFailed(f"the restore did not say where the previous database is kept: {output[-500:]}")
    kept = kept[1]
    try:
        after = fingerprint(db, data_dir)
        original = fingerprint(kept, data_dir)
        lost = differences(before, after)
        if lost:
            raise CheckFailed(f"{len(lost)} difference(s) after the restore: " + "; ".join(lost[:20]))
        moved = differences(before, original)
        if moved:
            raise CheckFailed("the database kept aside differs from the original: " + "; ".join(moved[:20]))
        problems = check_contents(after, data_dir, db)
        if problems:
            raise CheckFailed("; ".join(problems))
    finally:
        drop_db(kept, data_dir)
    rows = sum(count for count, _digest in after["tables"].values())
    named = ", ".join(f"{label} {value[0]}" for label, value in after["named"].items() if value is not None)
    say(
        f"identical after backup and restore: {named}",
        f"every table ({len(after['tables'])} tables, {rows} rows), {len(after['sequences'])} sequences and"
        f" {len(after['files'])} filestore files identical",
    )


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="database to back up and restore (it is replaced by its restore)")
    parser.add_argument("--data-dir", required=True, help="Odoo's data_dir of that database (its filestore)")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix=f"{args.db}_restore_check_"))
    try:
        check(args.db, Path(args.data_dir).resolve(), work)
    except CheckFailed as why:
        say(f"FAILED: {why}")
        return 1
    finally:
        shutil.rmtree(work, ignore_errors=True)
    say("passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

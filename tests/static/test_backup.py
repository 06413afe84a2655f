"""config/q1-backup.sh without Odoo or PostgreSQL: its schedule, retention, checks of a new backup, health and the
guards of its restore, run against fake ``click-odoo-*`` and ``psql`` commands and fake backup files.

The real tools (click-odoo-backupdb, click-odoo-restoredb) on a real database: tests/deploy/restore_check.py, run in
the Odoo tier.
"""

import importlib.util
import io
import os
import subprocess
import sys
import zipfile
from datetime import datetime, timedelta, timezone

import pytest
from addon_model import REPO

SCRIPT = REPO / "config" / "q1-backup.sh"
VIETNAM = timezone(timedelta(hours=7))

FAKE_BACKUPDB = r"""#!/usr/bin/env python3
# fake click-odoo-backupdb [-c RC] --format zip DB DEST: writes what FAKE_BACKUP says
import os, sys, zipfile
args = [a for a in sys.argv[1:]]
if "-c" in args:
    del args[args.index("-c"):args.index("-c") + 2]
db, dest = args[-2], args[-1]
with open(os.environ["FAKE_LOG"], "a") as log:
    log.write(f"backupdb {db} {dest}\n")
mode = os.environ.get("FAKE_BACKUP", "good")
if mode == "fail":
    sys.exit("pg_dump: error: connection to server failed")
if mode == "garbage":
    open(dest, "wb").write(b"not a zip")
    sys.exit(0)
with zipfile.ZipFile(dest, "w") as archive:
    archive.writestr("manifest.json", '{"db_name": "%s"}' % db)
    archive.writestr("filestore/ab/abcdef", b"scan")
    dump = "CREATE TABLE q1_dossier ();\n" * 1000
    if mode != "truncated":
        dump += "--\n-- PostgreSQL database dump complete\n--\n"
    archive.writestr("dump.sql", dump)
"""

FAKE_PSQL = r"""#!/bin/bash
echo "psql $*" >> "$FAKE_LOG"
query="${!#}"
case "$query" in
    *pg_stat_activity*) echo "${FAKE_CONNECTIONS:-0}" ;;
    *pg_database*) case "$query" in *"'${FAKE_EXISTING:-none}'"*) echo 1 ;; esac ;;
    *) ;;
esac
"""

FAKE_RESTOREDB = """#!/bin/bash
echo "restoredb $*" >> "$FAKE_LOG"
"""


def epoch(*args):
    """Epoch seconds of a Vietnam local time."""
    return int(datetime(*args, tzinfo=VIETNAM).timestamp())


@pytest.fixture
def backup(tmp_path):
    """Run q1-backup.sh with fakes; returns a function (args, **env) -> CompletedProcess, with .dir and .log."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, body in (
        ("click-odoo-backupdb", FAKE_BACKUPDB),
        ("click-odoo-restoredb", FAKE_RESTOREDB),
        ("psql", FAKE_PSQL),
    ):
        (bin_dir / name).write_text(body, encoding="utf-8")
        (bin_dir / name).chmod(0o755)
    backups = tmp_path / "backups"
    backups.mkdir()
    log = tmp_path / "calls.log"
    log.write_text("", encoding="utf-8")

    def run(*args, **env):
        full_env = {
            "PATH": f"{bin_dir}:{os.environ['PATH']}",
            "HOME": str(tmp_path),
            "FAKE_LOG": str(log),
            "Q1_DB": "q1",
            "Q1_BACKUP_DIR": str(backups),
            "Q1_STATE_DIR": str(tmp_path),
            "Q1_DATA_DIR": str(tmp_path / "data"),
            "TZ": "ICT-7",
        }
        full_env.update({k: str(v) for k, v in env.items()})
        return subprocess.run(["bash", str(SCRIPT), *args], capture_output=True, text=True, env=full_env)

    run.dir = backups
    run.log = log
    return run


def make(directory, *names):
    for name in names:
        (directory / name).write_bytes(b"old backup")


def names(directory):
    return sorted(p.name for p in directory.iterdir() if not p.name.startswith("."))


# ---- schedule -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("now", "at", "delay"),
    [
        (epoch(2026, 11, 30, 1, 29, 59), "01:30", 1),
        (epoch(2026, 11, 30, 1, 30, 0), "01:30", 24 * 3600),  # just ran: tomorrow's
        (epoch(2026, 12, 31, 23, 0, 0), "01:30", 2 * 3600 + 30 * 60),  # across the year
        (epoch(2026, 2, 28, 12, 0, 0), "00:00", 12 * 3600),
        (epoch(2026, 11, 30, 23, 59, 0), "23:59", 24 * 3600),
    ],
)
def test_next_backup_is_the_next_scheduled_time_in_vietnam(backup, now, at, delay):
    result = backup("next-delay", Q1_NOW=now, Q1_BACKUP_AT=at)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) == delay


@pytest.mark.parametrize(("key", "value"), [("Q1_BACKUP_KEEP", "0"), ("Q1_BACKUP_KEEP", "x"), ("Q1_BACKUP_AT", "1:30")])
def test_bad_settings_are_refused(backup, key, value):
    result = backup("prune", **{key: value})
    assert result.returncode != 0 and key in result.stderr


# ---- retention ------------------------------------------------------------------------------------------------


def test_retention_keeps_the_most_recent_days_and_nothing_else_is_touched(backup):
    make(
        backup.dir,
        "q1-20261101-013000.zip",
        "q1-20261102-013000.zip",
        "q1-20261103-013000.zip",
        "q1-20261104-013000.zip",
        "q1-20261104-101500.zip",  # a second one the same day (before an upgrade): kept with its day
        "q1-20261106-013000.zip",  # a day without a backup in between (05/11) does not count
        "other-20261101-013000.zip",  # another database's
        "q1_old-20261101-013000.zip",
        "q1-20261101.zip",  # not the script's name pattern
        "notes.txt",
    )
    result = backup("prune", Q1_BACKUP_KEEP=3)
    assert result.returncode == 0, result.stderr
    assert names(backup.dir) == [
        "notes.txt",
        "other-20261101-013000.zip",
        "q1-20261101.zip",
        "q1-20261103-013000.zip",
        "q1-20261104-013000.zip",
        "q1-20261104-101500.zip",
        "q1-20261106-013000.zip",
        "q1_old-20261101-013000.zip",
    ]
    assert "deleted q1-20261101-013000.zip" in result.stdout and "deleted q1-20261102-013000.zip" in result.stdout


def test_retention_with_fewer_backups_than_days_deletes_nothing(backup):
    make(backup.dir, "q1-20261101-013000.zip", "q1-20261102-013000.zip")
    assert backup("prune", Q1_BACKUP_KEEP=14).returncode == 0
    assert names(backup.dir) == ["q1-20261101-013000.zip", "q1-20261102-013000.zip"]


# ---- one backup -----------------------------------------------------------------------------------------------


def test_a_good_backup_is_checked_kept_and_then_the_retention_runs(backup):
    make(backup.dir, "q1-20261125-013000.zip", "q1-20261126-013000.zip", "q1-20261129-013000.zip.partial")
    now = epoch(2026, 11, 30, 1, 30, 0)
    result = backup("once", Q1_NOW=now, Q1_BACKUP_KEEP=2)
    assert result.returncode == 0, result.stderr
    assert names(backup.dir) == ["q1-20261126-013000.zip", "q1-20261130-013000.zip"], "partial and old removed"
    with zipfile.ZipFile(backup.dir / "q1-20261130-013000.zip") as archive:
        assert {"manifest.json", "dump.sql", "filestore/ab/abcdef"} <= set(archive.namelist())
    assert (backup.dir / ".last-success").read_text().strip() == str(now)
    assert "backupdb q1 " + str(backup.dir / "q1-20261130-013000.zip.partial") in backup.log.read_text()
    health = backup("health", Q1_NOW=now + 3600)
    assert health.returncode == 0 and "ok: last backup 30/11/2026 01:30" in health.stdout


@pytest.mark.parametrize(
    ("mode", "reason"),
    [
        ("fail", "click-odoo-backupdb failed"),
        ("truncated", "did not pass its check"),
        ("garbage", "did not pass its check"),
    ],
)
def test_a_failed_backup_deletes_nothing(backup, mode, reason):
    """A backup that failed, or whose dump is incomplete (click-odoo-backupdb does not check pg_dump's exit code), or
    that is not a zip: no new file, no retention (the old backups are all kept), the failure recorded."""
    old = [f"q1-202611{day:02d}-013000.zip" for day in range(1, 6)]
    make(backup.dir, *old)
    now = epoch(2026, 11, 30, 1, 30, 0)
    result = backup("once", Q1_NOW=now, Q1_BACKUP_KEEP=2, FAKE_BACKUP=mode)
    assert result.returncode != 0
    assert reason in result.stderr
    assert names(backup.dir) == old, "nothing deleted, no partial left"
    assert reason in (backup.dir / ".last-failure").read_text()
    health = backup("health", Q1_NOW=now)
    assert health.returncode == 1 and reason in health.stdout


# ---- health ---------------------------------------------------------------------------------------------------


def test_health(backup, tmp_path):
    now = epoch(2026, 11, 30, 12, 0, 0)
    assert backup("health", Q1_NOW=now).returncode == 1, "never started, never backed up"
    (tmp_path / "q1-backup.started").write_text(str(now - 3600))
    result = backup("health", Q1_NOW=now)
    assert result.returncode == 0 and "no backup yet" in result.stdout, "just started: the first is due tonight"
    (backup.dir / ".last-success").write_text(str(now - 25 * 3600))
    assert backup("health", Q1_NOW=now).returncode == 0
    result = backup("health", Q1_NOW=now + 2 * 3600)
    assert result.returncode == 1 and "no backup since 29/11/2026 11:00" in result.stdout


# ---- restore guards -------------------------------------------------------------------------------------------


def good_zip(path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("manifest.json", "{}")
        archive.writestr("dump.sql", "SELECT 1;\n-- PostgreSQL database dump complete\n")
    path.write_bytes(buffer.getvalue())
    return path


def test_restore_refuses_an_existing_database_without_replace(backup, tmp_path):
    result = backup("restore", good_zip(tmp_path / "q1-20261130-013000.zip"), FAKE_EXISTING="q1")
    assert result.returncode != 0 and "--replace" in result.stderr
    assert "restoredb" not in backup.log.read_text(), "nothing restored"


def test_restore_refuses_a_database_in_use(backup, tmp_path):
    result = backup("restore", "--replace", good_zip(tmp_path / "b.zip"), "q1", FAKE_EXISTING="q1", FAKE_CONNECTIONS=2)
    assert result.returncode != 0 and "stop Odoo first" in result.stderr
    assert "restoredb" not in backup.log.read_text()


def test_restore_refuses_a_file_that_is_not_a_backup(backup, tmp_path):
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"nothing")
    result = backup("restore", bad, "q1_new")
    assert result.returncode != 0 and "not a usable backup" in result.stderr
    assert "restoredb" not in backup.log.read_text()


def test_restore_into_a_new_database(backup, tmp_path):
    """Restored under a working name, then renamed: the database and its filestore folder."""
    (tmp_path / "data" / "filestore").mkdir(parents=True)
    result = backup("restore", good_zip(tmp_path / "b.zip"), "q1_new")
    assert result.returncode == 0, result.stderr
    log = backup.log.read_text()
    assert f"restoredb --move q1_new_restoring {tmp_path / 'b.zip'}" in log
    assert 'ALTER DATABASE "q1_new_restoring" RENAME TO "q1_new"' in log


# ---- the Odoo tier's hook and the restore check's comparison (without Odoo) -----------------------------------


def _tier():
    spec = importlib.util.spec_from_file_location("odoo_tier_for_test", REPO / "tests" / "odoo_tier.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_restore_check_counts_as_one_test_of_the_tier():
    tier = _tier()
    out = ["odoo tier: full log in x.log", "odoo tier: 5 passed, 0 failed"]
    code, lines = tier.with_deploy_result(0, out, (True, ["restore check: passed"]))
    assert code == 0 and lines == [
        "restore check: passed",
        "odoo tier: full log in x.log",
        "odoo tier: 6 passed, 0 failed",
    ]
    code, lines = tier.with_deploy_result(0, out, (False, ["restore check: FAILED: 3 difference(s)"]))
    assert code == 1 and lines[-1] == "odoo tier: 5 passed, 1 failed"


@pytest.mark.parametrize(
    ("env", "runs"),
    [({}, True), ({"Q1_DEPLOY_CHECKS": "0"}, False), ({"ODOO_TEST_TAGS": "/q1_dossier"}, False)],
)
def test_when_the_tier_runs_the_restore_check(monkeypatch, env, runs):
    tier = _tier()
    for key in ("Q1_DEPLOY_CHECKS", "ODOO_TEST_TAGS"):
        monkeypatch.delenv(key, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    # no closing line in the log: when the check is due, it fails (the database did not load); else it is not run
    result = tier.deploy_checks(["2026-11-30 01:00:00,000 1 INFO db odoo: nothing\n"], "db", "/nonexistent")
    assert (result is not None) == runs
    if runs:
        assert result[0] is False and "did not load" in result[1][0]


def test_the_restore_comparison_names_what_differs():
    sys.path.insert(0, str(REPO / "tests" / "deploy"))
    try:
        import restore_check
    finally:
        sys.path.pop(0)
    before = {
        "tables": {"q1_dossier": (2, "a"), "q1_dossier_pause": (1, "b")},
        "sequences": {"public.s": "7"},
        "named": {"dossiers": (2, "a")},
        "files": {"ab/abc": "abc"},
        "attachments": [["ab/abc", "abc"]],
    }
    assert restore_check.differences(before, before) == []
    after = {
        "tables": {"q1_dossier": (2, "z")},
        "sequences": {"public.s": "6"},
        "named": {"dossiers": (2, "z")},
        "files": {},
        "attachments": [["ab/abc", "abc"]],
    }
    assert restore_check.differences(before, after) == [
        "table q1_dossier: 2 rows, contents differ",
        "table q1_dossier_pause: 1 rows -> absent rows",
        "sequence public.s: 7 -> 6",
        "filestore ab/abc: abc -> None",
        "dossiers: (2, 'a') -> (2, 'z')",
    ]
    after["named"] = {label: (5, "x") for label, _sql, _minimum in restore_check.NAMED}
    assert restore_check.check_contents(after, "/x", "db") == [
        "attachment file ab/abc of db: not in the filestore or not its checksum"
    ]
    after["named"]["pauses"] = (0, "")
    assert "pauses: 0 (at least 1 needed" in restore_check.check_contents(after, "/x", "db")[0]

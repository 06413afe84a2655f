#!/bin/bash
# Backups of the production stack (the "backup" service of docker-compose.prod.yml runs "q1-backup.sh run").
#
#   q1-backup.sh run                      every day at Q1_BACKUP_AT (HH:MM, default 01:30, Vietnam time), a backup
#                                         then the retention; a failed night is logged and the service goes on
#   q1-backup.sh once                     one backup now, checked, then the retention
#   q1-backup.sh restore [--replace] FILE [DB]
#                                         restore a backup FILE into database DB (default Q1_DB). DB must not exist,
#                                         or give --replace with Odoo stopped: the backup is first restored beside
#                                         it, and only then the current DB is renamed DB_before_restore_<time> (kept,
#                                         with its filestore; drop it when the restore is checked) and the restored
#                                         one takes the name DB
#   q1-backup.sh prune                    the retention alone
#   q1-backup.sh health                   exit 0 when the last backup succeeded within Q1_BACKUP_MAX_AGE_HOURS
#                                         (or none is due yet), else 1 with the reason (the service health check)
#   q1-backup.sh next-delay               seconds until the next scheduled backup
#
# A backup is the database AND its filestore (attachments: the dossiers' scans, issued reports' files) in one zip
# made by OCA's click-odoo-backupdb (click-odoo-contrib); a restore is click-odoo-restoredb. Every new zip is
# checked before it counts (the zip reads back, has the manifest and the dump, and the dump is complete:
# click-odoo-backupdb does not check pg_dump's exit code), written as .partial and renamed only then.
# Files: Q1_BACKUP_DIR/<db>-<yyyymmdd>-<hhmmss>.zip (names sort in time order).
# Retention: the backups of the Q1_BACKUP_KEEP most recent days that have one are kept (all of each such day,
# e.g. a manual one before an upgrade), older ones are deleted; only after a backup succeeded, never after a
# failure, and only files named as above.
#
# Environment (docker-compose.prod.yml sets it from .env):
#   Q1_DB (q1), Q1_BACKUP_DIR (/var/backups/q1), Q1_BACKUP_KEEP (14), Q1_BACKUP_AT (01:30),
#   Q1_BACKUP_MAX_AGE_HOURS (26), TZ (ICT-7: POSIX for UTC+7, needs no tzdata; Vietnam has no summer time),
#   ODOO_RC (the Odoo configuration: data_dir, addons), Q1_DATA_DIR (Odoo's data_dir, /var/lib/odoo: the
#   filestore is Q1_DATA_DIR/filestore/<db>), PGHOST/PGPORT/PGUSER/PGPASSWORD (PostgreSQL, also for Odoo's
#   tools), Q1_STATE_DIR (/tmp: the runner's start mark), Q1_NOW (tests only: the current time, epoch seconds).
set -euo pipefail

DB="${Q1_DB:-q1}"
DIR="${Q1_BACKUP_DIR:-/var/backups/q1}"
KEEP="${Q1_BACKUP_KEEP:-14}"
AT="${Q1_BACKUP_AT:-01:30}"
MAX_AGE_HOURS="${Q1_BACKUP_MAX_AGE_HOURS:-26}"
DATA_DIR="${Q1_DATA_DIR:-/var/lib/odoo}"
STATE_DIR="${Q1_STATE_DIR:-/tmp}"
export TZ="${TZ:-ICT-7}"
NAME_RE='^[A-Za-z0-9][A-Za-z0-9_.-]*$'

log() { echo "q1-backup: $(date '+%d/%m/%Y %H:%M:%S') $*"; }
die() { echo "q1-backup: ERROR: $*" >&2; exit 1; }
now() { echo "${Q1_NOW:-$(date +%s)}"; }
odoo_rc_args() { if [ -n "${ODOO_RC:-}" ]; then printf '%s\n' -c "$ODOO_RC"; fi; }

check_settings() {
    [[ "$KEEP" =~ ^[1-9][0-9]*$ ]] || die "Q1_BACKUP_KEEP must be a whole number of days, at least 1 (not '$KEEP')"
    [[ "$AT" =~ ^([01][0-9]|2[0-3]):[0-5][0-9]$ ]] || die "Q1_BACKUP_AT must be HH:MM, 24-hour (not '$AT')"
    [[ "$MAX_AGE_HOURS" =~ ^[1-9][0-9]*$ ]] || die "Q1_BACKUP_MAX_AGE_HOURS must be a whole number (not '$MAX_AGE_HOURS')"
    [[ "$DB" =~ $NAME_RE ]] || die "Q1_DB '$DB' is not a database name"
}

# ---- schedule -------------------------------------------------------------------------------------------------

next_delay() {
    local current target
    current="$(now)"
    target="$(date -d "$(date -d "@$current" +%F) $AT" +%s)"
    if [ "$target" -le "$current" ]; then
        # tomorrow's date from today's noon: exact whatever the length of the day
        target="$(date -d "$(date -d "@$(($(date -d "$(date -d "@$current" +%F) 12:00" +%s) + 86400))" +%F) $AT" +%s)"
    fi
    echo $((target - current))
}

# ---- retention ------------------------------------------------------------------------------------------------

backups() {  # the backup files of DB, oldest first (their names sort in time order)
    local f base
    for f in "$DIR"/"$DB"-*.zip; do
        [ -f "$f" ] || continue
        base="${f##*/}"
        [[ "$base" =~ ^"$DB"-[0-9]{8}-[0-9]{6}\.zip$ ]] && echo "$f"
    done | sort
}

prune() {
    local days keep_days f day
    days="$(backups | sed -E 's/.*-([0-9]{8})-[0-9]{6}\.zip$/\1/' | sort -u)"
    [ -n "$days" ] || return 0
    keep_days="$(tail -n "$KEEP" <<<"$days")"
    while IFS= read -r f; do
        day="$(sed -E 's/.*-([0-9]{8})-[0-9]{6}\.zip$/\1/' <<<"$f")"
        if ! grep -qxF "$day" <<<"$keep_days"; then
            rm -f -- "$f"
            log "retention: deleted ${f##*/} (older than the $KEEP most recent days)"
        fi
    done < <(backups)
}

# ---- backup ---------------------------------------------------------------------------------------------------

verify() {  # a zip made by click-odoo-backupdb that reads back whole, with a complete dump
    python3 - "$1" <<'PY'
import sys
import zipfile

path = sys.argv[1]
try:
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        for member in ("manifest.json", "dump.sql"):
            if member not in names:
                sys.exit(f"{path}: no {member} in the archive")
        bad = archive.testzip()
        if bad:
            sys.exit(f"{path}: {bad} is damaged")
        tail = b""
        with archive.open("dump.sql") as dump:
            for chunk in iter(lambda: dump.read(1 << 20), b""):
                tail = (tail + chunk)[-4096:]
except zipfile.BadZipFile as error:
    sys.exit(f"{path}: not a readable zip ({error})")
if b"PostgreSQL database dump complete" not in tail:
    sys.exit(f"{path}: the database dump is incomplete (pg_dump did not finish)")
PY
}

backup_once() {
    local stamp final partial
    mkdir -p "$DIR"
    stamp="$(date -d "@$(now)" +%Y%m%d-%H%M%S)"
    final="$DIR/$DB-$stamp.zip"
    partial="$final.partial"
    rm -f -- "$DIR"/*.zip.partial  # left by an interrupted run
    log "backup of database $DB and its filestore to $final"
    if ! click-odoo-backupdb $(odoo_rc_args) --format zip "$DB" "$partial"; then
        rm -f -- "$partial"
        fail "click-odoo-backupdb failed for database $DB"
    fi
    if ! verify "$partial"; then
        rm -f -- "$partial"
        fail "the new backup of $DB did not pass its check; previous backups are kept"
    fi
    mv -- "$partial" "$final"
    now > "$DIR/.last-success"
    rm -f -- "$DIR/.last-failure"
    log "done: ${final##*/} ($(du -h "$final" | cut -f1))"
    prune
}

fail() {
    mkdir -p "$DIR"
    printf '%s %s\n' "$(now)" "$*" > "$DIR/.last-failure"
    die "$*"
}

run_forever() {
    now > "$STATE_DIR/q1-backup.started"
    log "backups of $DB every day at $AT into $DIR, keeping $KEEP days"
    while true; do
        local delay
        delay="$(next_delay)"
        log "next backup in $((delay / 3600)) h $((delay % 3600 / 60)) min"
        sleep "$delay"
        # a failed night is logged (and shows in the health check); the next night tries again
        # a process of its own, so that its `set -e` holds (it would not in a subshell tested by ||)
        "$BASH" "${BASH_SOURCE[0]}" once || log "backup FAILED, see above; the next attempt is tomorrow at $AT"
    done
}

health() {
    local last current started
    current="$(now)"
    if [ -f "$DIR/.last-success" ]; then
        last="$(cat "$DIR/.last-success")"
        if [ $((current - last)) -le $((MAX_AGE_HOURS * 3600)) ]; then
            echo "ok: last backup $(date -d "@$last" '+%d/%m/%Y %H:%M')"
            return 0
        fi
        echo "no backup since $(date -d "@$last" '+%d/%m/%Y %H:%M') (over $MAX_AGE_HOURS h)"
    else
        started="$(cat "$STATE_DIR/q1-backup.started" 2>/dev/null || echo 0)"
        if [ "$started" -gt 0 ] && [ $((current - started)) -le $((MAX_AGE_HOURS * 3600)) ]; then
            echo "ok: no backup yet, the first is due at $AT"
            return 0
        fi
        echo "no backup has succeeded"
    fi
    if [ -f "$DIR/.last-failure" ]; then echo "last failure: $(cut -d' ' -f2- "$DIR/.last-failure")"; fi
    return 1
}

# ---- restore --------------------------------------------------------------------------------------------------

psql_q() { psql -X -v ON_ERROR_STOP=1 -d postgres -tAc "$1"; }
db_exists() { [ "$(psql_q "SELECT 1 FROM pg_database WHERE datname = '$1'")" = 1 ]; }
rename_db() {  # database and filestore
    psql_q "ALTER DATABASE \"$1\" RENAME TO \"$2\"" >/dev/null
    if [ -d "$DATA_DIR/filestore/$1" ]; then mv -- "$DATA_DIR/filestore/$1" "$DATA_DIR/filestore/$2"; fi
}

restore() {
    local replace=0 file target work old others
    if [ "${1:-}" = --replace ]; then replace=1; shift; fi
    [ $# -ge 1 ] && [ $# -le 2 ] || die "usage: q1-backup.sh restore [--replace] FILE [DB]"
    file="$1"
    target="${2:-$DB}"
    [[ "$target" =~ $NAME_RE ]] || die "'$target' is not a database name"
    [ -f "$file" ] || die "no backup file $file"
    verify "$file" || die "$file is not a usable backup; nothing was changed"
    work="${target}_restoring"
    old="${target}_before_restore_$(date -d "@$(now)" +%Y%m%d%H%M%S)"
    if db_exists "$target"; then
        [ "$replace" = 1 ] || die "database $target exists; to replace it, stop Odoo and run again with --replace (it is kept as ${target}_before_restore_<time>)"
        others="$(psql_q "SELECT count(*) FROM pg_stat_activity WHERE datname = '$target' AND pid <> pg_backend_pid()")"
        [ "$others" = 0 ] || die "database $target is in use ($others connection(s)): stop Odoo first (docker compose stop odoo)"
    fi
    if db_exists "$work"; then
        die "database $work exists (left by an interrupted restore?): drop it first (dropdb $work)"
    fi
    if [ -e "$DATA_DIR/filestore/$work" ]; then
        die "$DATA_DIR/filestore/$work exists (left by an interrupted restore?): remove it first"
    fi
    log "restoring $file into $work"
    # --move: the database comes back as itself (same database.uuid and secret), not as a copy
    if ! click-odoo-restoredb $(odoo_rc_args) --move "$work" "$file"; then
        # the half-restored copy is this script's own (its name says so): remove it, the target is untouched
        psql_q "DROP DATABASE IF EXISTS \"$work\"" >/dev/null || true
        rm -rf -- "${DATA_DIR:?}/filestore/$work"
        die "click-odoo-restoredb failed; $target is unchanged"
    fi
    if db_exists "$target"; then
        rename_db "$target" "$old"
        log "the previous $target is kept as $old (drop it with its filestore once the restore is checked)"
    fi
    rename_db "$work" "$target"
    log "restored: database $target from ${file##*/}"
}

# ---- main -----------------------------------------------------------------------------------------------------

check_settings
case "${1:-}" in
    run) run_forever ;;
    once) backup_once ;;
    prune) prune ;;
    health) health ;;
    next-delay) next_delay ;;
    restore) shift; restore "$@" ;;
    *) die "usage: q1-backup.sh run | once | prune | health | next-delay | restore [--replace] FILE [DB]" ;;
esac

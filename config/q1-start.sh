#!/bin/bash
# Start command of the "odoo" service (docker-compose.yml, docker-compose.prod.yml): install our addons on the
# first start only, then serve.
#
# `odoo -i <addon>` on every restart is harmful in 18.0: an installed module named in -i is loaded again in
# "init" mode, which rewrites its noupdate data (stages, calendars, sequences edited in the UI) and reloads
# its demo data over the users' changes. So this script asks PostgreSQL which of our addons are installed in
# the database and passes -i (and --load-language=vi_VN) only for the missing ones, then hands over to the
# image's own /entrypoint.sh, which adds the --db_* arguments and waits for PostgreSQL. When it cannot tell what
# is installed in an existing database (PostgreSQL refuses, the database is not an Odoo one), it stops with the
# reason: it never falls back to -i on an existing database.
#
# Q1_PROFILE (default demo) is the profile:
#   demo  the first start installs with Vietnamese and the demo data (demo logins such as admin/admin); a later
#         start installs an addon added to addons/ since (and only that one).
#   prod  (docker-compose.prod.yml) no demo data (--without-demo=all); the master password Q1_MASTER_PASSWORD is
#         written into a private copy of ODOO_RC (config/odoo.prod.conf) that Odoo then runs on; the first start
#         sets the password of the `admin` login to Q1_ADMIN_PASSWORD (config/q1-admin-password.py). On an
#         existing database it never runs -i: an addon missing there stops the start with what to run.
# Q1_DB (default q1) is the database; Q1_MODULES (default: every addon folder in /mnt/extra-addons, with
# dependencies resolved by Odoo) the addons to install. Extra arguments are passed on to odoo.
# Q1_ADDONS_DIR, Q1_ENTRYPOINT, Q1_CONFIG_DIR and Q1_RUNTIME_CONF exist only to try this script outside the image.
set -euo pipefail

die() {
    echo "q1-start: ERROR: $*" >&2
    exit 1
}

DB="${Q1_DB:-q1}"
PROFILE="${Q1_PROFILE:-demo}"
ENTRYPOINT="${Q1_ENTRYPOINT:-/entrypoint.sh}"
CONFIG_DIR="${Q1_CONFIG_DIR:-/etc/odoo}"
case "$PROFILE" in
    demo | prod) ;;
    *) die "Q1_PROFILE must be demo or prod, not '$PROFILE'" ;;
esac
if [ -z "${Q1_MODULES:-}" ]; then
    Q1_MODULES="$(for m in "${Q1_ADDONS_DIR:-/mnt/extra-addons}"/*/__manifest__.py; do [ -e "$m" ] && basename "$(dirname "$m")"; done | paste -sd, -)"
fi
[ -n "$Q1_MODULES" ] || die "no addon found in ${Q1_ADDONS_DIR:-/mnt/extra-addons} (is ./addons mounted?)"

if [ "$PROFILE" = prod ]; then
    # the master password guards Odoo's database operations; Odoo reads it only from its configuration file
    [ -n "${Q1_MASTER_PASSWORD:-}" ] || die "Q1_MASTER_PASSWORD is not set (see .env.example)"
    [ -n "${Q1_ADMIN_PASSWORD:-}" ] || die "Q1_ADMIN_PASSWORD is not set (see .env.example)"
    case "$Q1_MASTER_PASSWORD" in *$'\n'*) die "Q1_MASTER_PASSWORD must be one line" ;; esac
    base_conf="${ODOO_RC:-$CONFIG_DIR/odoo.prod.conf}"
    [ -f "$base_conf" ] || die "no Odoo configuration $base_conf"
    ! grep -qE '^\s*admin_passwd\s*=' "$base_conf" || die "$base_conf must not set admin_passwd (it comes from .env)"
    runtime_conf="${Q1_RUNTIME_CONF:-/tmp/q1-odoo.conf}"
    (umask 077 && { cat "$base_conf" && printf '\nadmin_passwd = %s\n' "$Q1_MASTER_PASSWORD"; } >"$runtime_conf")
    export ODOO_RC="$runtime_conf"
fi

export PGHOST="${HOST:-db}" PGPORT="${PORT:-5432}" PGUSER="${USER:-odoo}" PGPASSWORD="${PASSWORD:-odoo}"
for _ in $(seq 60); do pg_isready -q -d postgres && break; sleep 1; done

exists="$(psql -X -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'")" \
    || die "cannot reach PostgreSQL at $PGHOST:$PGPORT as $PGUSER (see the message above); not starting"
missing="$Q1_MODULES"
if [ "$exists" = 1 ]; then
    installed="$(psql -X -d "$DB" -tAc "SELECT name FROM ir_module_module WHERE state = 'installed'")" \
        || die "database $DB exists but its installed modules cannot be read (see the message above). Not starting:" \
            "installing over an existing database would reload its data. Check PostgreSQL and the database" \
            "(a database left by a failed first start can be dropped: dropdb $DB), then start again."
    missing="$(tr ',' '\n' <<<"$Q1_MODULES" | { grep -vxF -f <(grep . <<<"$installed" || :) || :; } | paste -sd, -)"
fi

if [ -n "$missing" ] && [ "$exists" = 1 ] && [ "$PROFILE" = prod ]; then
    die "database $DB exists but $missing is not installed in it. A production start never installs into an" \
        "existing database; install it on purpose after a backup:" \
        "docker compose run --rm odoo odoo -d $DB -i $missing --stop-after-init" \
        "(if the first start of this database stopped half-way, drop it instead: dropdb $DB, and start again)"
fi

if [ "$PROFILE" = prod ]; then
    admin_set=""
    if [ "$exists" = 1 ]; then
        admin_set="$(psql -X -d "$DB" -tAc "SELECT 1 FROM ir_config_parameter WHERE key = 'q1.admin_password_set'")" \
            || die "cannot read the system parameters of database $DB (see the message above); not starting"
    else
        echo "q1-start: first start: installing $missing in a new database $DB (with Vietnamese, without demo data)"
        "$ENTRYPOINT" odoo -d "$DB" -i "$missing" --load-language=vi_VN --without-demo=all --stop-after-init "$@"
    fi
    # Odoo creates the admin login with the password "admin": replace it before serving (again if a start
    # stopped between the install and this step; never once done, so a password changed in Odoo stays)
    if [ "$admin_set" != 1 ]; then
        echo "q1-start: setting the password of the admin login from Q1_ADMIN_PASSWORD"
        "$ENTRYPOINT" odoo shell -d "$DB" --no-http --log-level=warn "$@" <"$CONFIG_DIR/q1-admin-password.py"
    fi
    [ "$exists" != 1 ] || echo "q1-start: $Q1_MODULES already installed in database $DB"
elif [ -n "$missing" ]; then
    echo "q1-start: installing $missing in database $DB (with Vietnamese and demo data)"
    exec "$ENTRYPOINT" odoo -d "$DB" -i "$missing" --load-language=vi_VN "$@"
else
    echo "q1-start: $Q1_MODULES already installed in database $DB"
fi
exec "$ENTRYPOINT" odoo -d "$DB" "$@"

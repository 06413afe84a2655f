#!/bin/bash
# Start command of the "odoo" service (docker-compose.yml): install our addons on the first start only.
#
# `odoo -i <addon>` on every restart is harmful in 18.0: an installed module named in -i is loaded again in
# "init" mode, which rewrites its noupdate data (stages, calendars, sequences edited in the UI) and reloads
# its demo data over the users' changes. So this script asks PostgreSQL which of our addons are installed in
# the database and passes -i (and --load-language=vi_VN) only for the missing ones, then hands over to the
# image's own /entrypoint.sh, which adds the --db_* arguments and waits for PostgreSQL.
#
# Q1_DB (default q1) is the database; Q1_MODULES (default: every addon folder in /mnt/extra-addons, with
# dependencies resolved by Odoo) the addons to install. Extra arguments are passed on to odoo.
# Q1_ADDONS_DIR and Q1_ENTRYPOINT exist only to try this script outside the image.
set -euo pipefail

DB="${Q1_DB:-q1}"
if [ -z "${Q1_MODULES:-}" ]; then
    Q1_MODULES="$(for m in "${Q1_ADDONS_DIR:-/mnt/extra-addons}"/*/__manifest__.py; do [ -e "$m" ] && basename "$(dirname "$m")"; done | paste -sd, - || true)"
fi

export PGHOST="${HOST:-db}" PGPORT="${PORT:-5432}" PGUSER="${USER:-odoo}" PGPASSWORD="${PASSWORD:-odoo}"
for _ in $(seq 60); do pg_isready -q -d postgres && break; sleep 1; done

exists="$(psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB'")"   # fails loudly if PG is down
missing="$Q1_MODULES"
if [ "$exists" = 1 ]; then
    installed="$(psql -d "$DB" -tAc "SELECT name FROM ir_module_module WHERE state = 'installed'" 2>/dev/null || true)"
    missing="$(tr ',' '\n' <<<"$Q1_MODULES" | grep -vxF -f <(printf '%s\n' "$installed") | paste -sd, - || true)"
fi

if [ -n "$missing" ]; then
    echo "q1-start: installing $missing in database $DB (with Vietnamese and demo data)"
    exec "${Q1_ENTRYPOINT:-/entrypoint.sh}" odoo -d "$DB" -i "$missing" --load-language=vi_VN "$@"
fi
echo "q1-start: $Q1_MODULES already installed in database $DB"
exec "${Q1_ENTRYPOINT:-/entrypoint.sh}" odoo -d "$DB" "$@"

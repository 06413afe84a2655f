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
#   prod  (docker-compose.prod.yml) no demo data (--without-demo=all); the master password Q1_MASTER_PASSWORD and
#         the outgoing mail server (Q1_SMTP_*, Q1_MAIL_FROM) are written into a private copy of ODOO_RC
#         (config/odoo.prod.conf) that Odoo then runs on; the first start sets the password of the `admin` login
#         to Q1_ADMIN_PASSWORD (config/q1-admin-password.py), its e-mail to Q1_ADMIN_EMAIL and the company's sender
#         (config/q1-admin-mail.py); every start sets web.base.url to Q1_PUBLIC_URL, frozen. On an existing
#         database it never runs -i: an addon missing there stops the start with what to run.
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

# a value Odoo reads from its configuration file: one line, no surrounding blanks (the file's parser strips them),
# not a word it turns into a boolean
conf_value() {
    local name="$1" value="$2"
    case "$value" in *$'\n'* | *$'\r'*) die "$name must be one line" ;; esac
    [[ ! "$value" =~ ^[[:space:]] && ! "$value" =~ [[:space:]]$ ]] || die "$name must not begin or end with a blank"
    case "$value" in True | true | False | false) die "$name must not be '$value' (Odoo reads it as a yes/no)" ;; esac
}
EMAIL_RE='^[^@[:space:]<>",;]+@[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?\.[A-Za-z]{2,}$'

if [ "$PROFILE" = prod ]; then
    # the master password guards Odoo's database operations; Odoo reads it only from its configuration file
    [ -n "${Q1_MASTER_PASSWORD:-}" ] || die "Q1_MASTER_PASSWORD is not set (see .env.example)"
    [ -n "${Q1_ADMIN_PASSWORD:-}" ] || die "Q1_ADMIN_PASSWORD is not set (see .env.example)"
    conf_value Q1_MASTER_PASSWORD "$Q1_MASTER_PASSWORD"
    # The admin's e-mail, the public address and outgoing mail are required: leaders and administrators log in with
    # a second factor (q1_dossier.two_factor_required, on in production), which without an authenticator app is a
    # code sent by e-mail; an authenticator app can only be set up once logged in (Preferences, Account Security).
    # Without a mail server nobody of them, admin included, gets past the code page.
    for name in Q1_ADMIN_EMAIL Q1_PUBLIC_URL Q1_SMTP_HOST Q1_MAIL_FROM; do
        [ -n "${!name:-}" ] || die "$name is not set (see .env.example)"
    done
    [[ "$Q1_ADMIN_EMAIL" =~ $EMAIL_RE ]] || die "Q1_ADMIN_EMAIL '$Q1_ADMIN_EMAIL' is not an e-mail address"
    [[ "$Q1_MAIL_FROM" =~ $EMAIL_RE ]] || die "Q1_MAIL_FROM '$Q1_MAIL_FROM' is not an e-mail address"
    # the address citizens and officers type: https, the proxy's name (and port when not 443), no path
    [[ "$Q1_PUBLIC_URL" =~ ^https://[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]{1,5})?/?$ ]] \
        || die "Q1_PUBLIC_URL '$Q1_PUBLIC_URL' must be the https:// address of the proxy, without a path" \
            "(e.g. https://motcua.phuong.gov.vn)"
    public_url="${Q1_PUBLIC_URL%/}"
    smtp_port="${Q1_SMTP_PORT:-587}"
    [[ "$smtp_port" =~ ^[0-9]{1,5}$ ]] && [ "$smtp_port" -ge 1 ] && [ "$smtp_port" -le 65535 ] \
        || die "Q1_SMTP_PORT '$smtp_port' is not a port number"
    smtp_user="${Q1_SMTP_USER:-}" smtp_password="${Q1_SMTP_PASSWORD:-}"
    [ -n "$smtp_user" ] || [ -z "$smtp_password" ] || die "Q1_SMTP_PASSWORD is set but Q1_SMTP_USER is empty"
    [ -z "$smtp_user" ] || [ -n "$smtp_password" ] || die "Q1_SMTP_USER is set but Q1_SMTP_PASSWORD is empty"
    for name in Q1_SMTP_HOST Q1_SMTP_USER Q1_SMTP_PASSWORD Q1_MAIL_FROM; do conf_value "$name" "${!name:-}"; done
    # Odoo 18.0's configuration knows one encryption, STARTTLS (smtp_ssl; ir.mail_server.connect: "smtp_ssl =>
    # STARTTLS"); implicit TLS (port 465) exists only on an Outgoing Mail Server record in the database.
    case "${Q1_SMTP_SECURITY:-starttls}" in
        starttls) smtp_ssl=True ;;
        none)
            [ -z "$smtp_password" ] || die "Q1_SMTP_SECURITY=none would send Q1_SMTP_PASSWORD unencrypted: use" \
                "starttls (port 587), or none only for a relay that needs no password (Q1_SMTP_USER empty)"
            smtp_ssl=False
            ;;
        ssl) die "Q1_SMTP_SECURITY=ssl (implicit TLS, port 465) cannot be set in Odoo 18.0's configuration, which" \
            "knows only STARTTLS: use Q1_SMTP_SECURITY=starttls with Q1_SMTP_PORT=587 (the submission port every" \
            "mail system offers, RFC 6409)" ;;
        *) die "Q1_SMTP_SECURITY must be starttls or none, not '${Q1_SMTP_SECURITY}'" ;;
    esac
    base_conf="${ODOO_RC:-$CONFIG_DIR/odoo.prod.conf}"
    [ -f "$base_conf" ] || die "no Odoo configuration $base_conf"
    # written below from .env (a key twice stops Odoo's configuration parser)
    for key in admin_passwd smtp_server smtp_port smtp_ssl smtp_user smtp_password email_from from_filter; do
        ! grep -qE "^\s*$key\s*=" "$base_conf" || die "$base_conf must not set $key (it comes from .env)"
    done
    [ "$(grep -E '^\s*\[' "$base_conf" | tail -n 1 | tr -d '[:space:]')" = "[options]" ] \
        || die "$base_conf must end in its [options] section (the settings from .env are appended to it)"
    # Outgoing mail through Odoo's own configuration options (odoo/tools/config.py: smtp_server, smtp_port,
    # smtp_ssl, smtp_user, smtp_password, email_from, from_filter; used by ir.mail_server.connect when no Outgoing
    # Mail Server record exists), not an ir.mail_server record: the password then stays in .env and in this
    # private file, never in the database, its backups or an administrator's screen; it follows .env on every
    # start like the master password; an Outgoing Mail Server an administrator adds in Odoo later takes precedence.
    # from_filter = Q1_MAIL_FROM: a mail whose sender is another address (an officer, a unit) leaves as
    # "Name" <Q1_MAIL_FROM>, since a mail account may only send as itself. Written by shell builtins (printf),
    # so the password is on no command line.
    runtime_conf="${Q1_RUNTIME_CONF:-/tmp/q1-odoo.conf}"
    (
        umask 077
        {
            cat "$base_conf"
            printf '\nadmin_passwd = %s\n' "$Q1_MASTER_PASSWORD"
            printf '; outgoing mail, from .env (Q1_SMTP_*, Q1_MAIL_FROM)\n'
            printf 'smtp_server = %s\nsmtp_port = %s\nsmtp_ssl = %s\n' "$Q1_SMTP_HOST" "$smtp_port" "$smtp_ssl"
            if [ -n "$smtp_user" ]; then
                printf 'smtp_user = %s\nsmtp_password = %s\n' "$smtp_user" "$smtp_password"
            fi
            printf 'email_from = %s\nfrom_filter = %s\n' "$Q1_MAIL_FROM" "$Q1_MAIL_FROM"
        } >"$runtime_conf"
        chmod 600 "$runtime_conf"
    )
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
    admin_set="" email_set=""
    if [ "$exists" = 1 ]; then
        admin_set="$(psql -X -d "$DB" -tAc "SELECT 1 FROM ir_config_parameter WHERE key = 'q1.admin_password_set'")" \
            || die "cannot read the system parameters of database $DB (see the message above); not starting"
        email_set="$(psql -X -d "$DB" -tAc "SELECT 1 FROM ir_config_parameter WHERE key = 'q1.admin_email_set'")" \
            || die "cannot read the system parameters of database $DB (see the message above); not starting"
    else
        echo "q1-start: first start: installing $missing in a new database $DB (with Vietnamese, without demo data)"
        "$ENTRYPOINT" odoo -d "$DB" -i "$missing" --load-language=vi_VN --without-demo=all --stop-after-init "$@"
    fi
    # Odoo creates the admin login with the e-mail admin@example.com, where its login code would go: Q1_ADMIN_EMAIL
    # instead, before the password below (whose "password changed" notice then goes there too); once, again if a
    # start stopped before this step, never once done, so an address changed in Odoo stays
    if [ "$email_set" != 1 ]; then
        echo "q1-start: setting the e-mail of the admin login from Q1_ADMIN_EMAIL and the company's sender"
        "$ENTRYPOINT" odoo shell -d "$DB" --no-http --log-level=warn "$@" <"$CONFIG_DIR/q1-admin-mail.py"
    fi
    # ... and with the password "admin": replace it before serving (again if a start stopped between the install
    # and this step; never once done, so a password changed in Odoo stays)
    if [ "$admin_set" != 1 ]; then
        echo "q1-start: setting the password of the admin login from Q1_ADMIN_PASSWORD"
        "$ENTRYPOINT" odoo shell -d "$DB" --no-http --log-level=warn "$@" <"$CONFIG_DIR/q1-admin-password.py"
    fi
    # The address of every link Odoo writes (mails, the receipt's QR code, the login code's mail) follows .env on
    # every start, frozen: behind the proxy Odoo only sees its internal address, and unfrozen it takes the address
    # an administrator's browser used at each login (an IP, another name). The proxy's name, port and certificate
    # are the server's, set in .env, not something to change in Odoo; a move to a new name is a change in .env.
    # report.url: wkhtmltopdf, inside this container, fetches a PDF's styles from Odoo itself, not through the
    # public name (which a server often cannot reach from inside: a receipt would print unstyled).
    echo "q1-start: web.base.url = $public_url (Q1_PUBLIC_URL), frozen; report.url = http://127.0.0.1:8069"
    psql -X -q -v ON_ERROR_STOP=1 -v url="$public_url" -d "$DB" >/dev/null <<'SQL' \
        || die "cannot set web.base.url in database $DB (see the message above); not starting"
INSERT INTO ir_config_parameter (key, value, create_uid, create_date, write_uid, write_date)
VALUES ('web.base.url', :'url', 1, now() AT TIME ZONE 'UTC', 1, now() AT TIME ZONE 'UTC'),
       ('web.base.url.freeze', 'True', 1, now() AT TIME ZONE 'UTC', 1, now() AT TIME ZONE 'UTC'),
       ('report.url', 'http://127.0.0.1:8069', 1, now() AT TIME ZONE 'UTC', 1, now() AT TIME ZONE 'UTC')
ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, write_uid = 1, write_date = EXCLUDED.write_date
WHERE ir_config_parameter.value IS DISTINCT FROM EXCLUDED.value;
SQL
    [ "$exists" != 1 ] || echo "q1-start: $Q1_MODULES already installed in database $DB"
elif [ -n "$missing" ]; then
    echo "q1-start: installing $missing in database $DB (with Vietnamese and demo data)"
    exec "$ENTRYPOINT" odoo -d "$DB" -i "$missing" --load-language=vi_VN "$@"
else
    echo "q1-start: $Q1_MODULES already installed in database $DB"
fi
exec "$ENTRYPOINT" odoo -d "$DB" "$@"

"""The fingerprint of a Q1 database: every stored value of every record of our models, and of what our addons add
to Odoo's (units, staff, their groups, our system parameters), as JSON; run before and after an upgrade and
compared by tests/upgrade_tier.py.

What it covers is found, not listed: every model named ``q1.*`` that has a table (transient and SQL-view models
left out), with every stored field but the ones an upgrade rewrites by itself (``write_date``, ``write_uid``);
units (``res.company``: name and our ``q1_*`` fields), employees (our ``q1_*`` fields), users (login, active,
units, and their groups among our addons'), our system parameters (``q1*``). Dossiers, codes, dates, states,
steps, waits, evaluation sheets and their points, issued reports with their rows, indices and cells are all in it.

With ``--checks`` it also reports what the runner checks after the upgrade: the modules' states and versions,
the fact table against the received dossiers, the accounts' parameters, the demo logins.
"""

import hashlib
import json
import math
from datetime import date, datetime

from odoo_env import arguments, environment

SKIPPED_FIELDS = {"write_date", "write_uid", "__last_update"}
EXTRA_MODELS = {
    "res.company": lambda name: name == "name" or name.startswith("q1_"),
    "hr.employee": lambda name: name.startswith("q1_"),
    "res.users": lambda name: name in ("login", "active", "company_id", "company_ids", "groups_id"),
}
OUR_MODULES = ("q1_dossier", "q1_reporting")
LONG = 200  # text longer than this is kept as its SHA-1
BATCH = 2000


def plain(value):
    """A JSON value that compares equal exactly when the stored values do."""
    if isinstance(value, tuple) and len(value) == 2 and isinstance(value[0], int):  # many2one (id, name)
        return value[0]
    if isinstance(value, list):  # many2many ids; anything else (properties) as text
        if all(isinstance(item, int) for item in value):
            return sorted(value)
        return plain(json.dumps(value, sort_keys=True, default=str))
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, float):
        return None if math.isnan(value) else round(value, 6)
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if isinstance(value, dict):
        value = json.dumps(value, sort_keys=True, default=str)
    if isinstance(value, str) and len(value) > LONG:
        return "sha1:" + hashlib.sha1(value.encode("utf-8")).hexdigest()
    return value


def stored_fields(model, keep=None):
    return sorted(
        name
        for name, field in model._fields.items()
        if field.store
        and field.type != "one2many"
        and name not in SKIPPED_FIELDS
        and name != "id"
        and (keep is None or keep(name))
    )


def our_models(env):
    names = []
    for name in sorted(env.registry):
        model = env[name]
        if name.startswith("q1.") and not model._transient and not model._abstract and model._auto:
            names.append(name)
    return names


def records_of(env, name, fields, domain=()):
    model = env[name].sudo().with_context(active_test=False, bin_size=True, prefetch_fields=False)
    ids = model.search(list(domain), order="id").ids
    records = {}
    for start in range(0, len(ids), BATCH):
        for row in model.browse(ids[start : start + BATCH]).read(fields):
            records[str(row["id"])] = {field: plain(row[field]) for field in fields}
        env.invalidate_all()
    return records


def our_group_ids(env):
    data = env["ir.model.data"].sudo().search([("model", "=", "res.groups"), ("module", "in", OUR_MODULES)])
    return set(data.mapped("res_id"))


def fingerprint(env):
    models = {}
    for name in our_models(env):
        fields = stored_fields(env[name])
        models[name] = {"fields": fields, "records": records_of(env, name, fields)}
    ours = our_group_ids(env)
    for name, keep in EXTRA_MODELS.items():
        if name not in env:
            continue
        fields = stored_fields(env[name], keep)
        domain = [("groups_id", "in", sorted(ours))] if name == "res.users" else ()
        records = records_of(env, name, fields, domain)
        if name == "res.users":
            for values in records.values():
                values["groups_id"] = sorted(set(values["groups_id"]) & ours)
        models[name] = {"fields": fields, "records": records}
    params = env["ir.config_parameter"].sudo().search([("key", "=like", "q1%")], order="key")
    models["ir.config_parameter"] = {
        "fields": ["value"],
        "records": {param.key: {"value": param.value} for param in params},
    }
    return models


def checks(env):
    modules = (
        env["ir.module.module"]
        .sudo()
        # every addon of ours, those a release adds too (q1_quality), and the dependencies the upgrade installs
        .search(
            [
                "|",
                ("name", "=like", "q1\\_%"),
                ("name", "in", [*OUR_MODULES, "password_security", "auth_totp_mail_enforce"]),
            ]
        )
    )
    found = {
        "modules": {m.name: {"state": m.state, "version": m.latest_version, "demo": m.demo} for m in modules},
        "params": {
            key: env["ir.config_parameter"].sudo().get_param(key)
            for key in (
                "q1_dossier.two_factor_required",
                "auth_password_policy.minlength",
                "password_security.lower",
                "password_security.upper",
                "password_security.numeric",
                "password_security.special",
                "password_security.history",
                "password_security.expiration_days",
                "password_security.minimum_hours",
            )
        },
    }
    if "q1.dossier.fact" in env:
        env.cr.execute("SELECT dossier_id, count(*) FROM q1_dossier_fact GROUP BY dossier_id")
        facts = dict(env.cr.fetchall())
        env.cr.execute("SELECT id FROM q1_dossier WHERE received_date IS NOT NULL")
        received = {row[0] for row in env.cr.fetchall()}
        found["facts"] = {
            "received": len(received),
            "facts": sum(facts.values()),
            "without_fact": len(received - set(facts)),
            "not_received": len(set(facts) - received),
            "duplicated": sum(1 for count in facts.values() if count > 1),
        }
    logins = {}
    for xmlid in ("q1_dossier.q1_demo_user_lanhdao_saigon", "q1_dossier.q1_demo_user_tiepnhan_saigon"):
        user = env.ref(xmlid, raise_if_not_found=False)
        if not user:
            continue
        try:
            user.with_user(user)._check_credentials(
                {"login": user.login, "password": "demo", "type": "password"}, {"interactive": True}
            )
            logins[user.login] = {"password": True, "second_factor": user._mfa_type()}
        except Exception as error:  # noqa: BLE001 - AccessDenied: the demo password no longer works
            logins[user.login] = {"password": False, "error": repr(error)}
    found["demo_logins"] = logins
    return found


if __name__ == "__main__":
    options = arguments(
        __doc__.split("\n\n")[0],
        (("--out",), {"required": True}),
        (("--checks",), {"action": "store_true"}),
    )
    with environment(options.config, options.database) as env:
        result = {"models": fingerprint(env)}
        if options.checks:
            result["checks"] = checks(env)
        env.cr.rollback()  # a fingerprint changes nothing
    with open(options.out, "w", encoding="utf-8") as out:
        json.dump(result, out, ensure_ascii=False, sort_keys=True)
    print(f"fingerprint: {sum(len(m['records']) for m in result['models'].values())} records -> {options.out}")

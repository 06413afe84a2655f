"""The accounts' rules of the product (issue 13): who logs in with a second factor and what a password must be.

Plain values, no Odoo: ``models/res_users.py`` writes them into the system parameters that Odoo's
``auth_password_policy``, OCA's ``password_security`` and our two-factor rule read, from the data on install
(``PRODUCTION``), from the demo data (``DEMO``) and from the migration of a database upgraded from 18.0.1.0.0.

Production: a password of at least 10 characters with a lowercase and an uppercase letter, a digit and a special
character (the complexity the Vietnamese guidance for information systems of level 2 and above asks for, TCVN
11930:2017), none of the user's last 5, changed every 90 days; leaders, administrators of the one-stop shop and
system administrators log in with a second factor. The demo database keeps its published logins (password
"demo", no second factor): it relaxes all of that, on purpose and only there.
"""

# "0", "false", "off" or "no" (any case) turns the second factor off; any other value, or none, keeps it on.
TWO_FACTOR_PARAM = "q1_dossier.two_factor_required"
# Members of these groups (or of a group implying one) log in with a second factor when it is on. The unit leader
# group is implied by the one-stop shop's administrator (q1_dossier.group_q1_manager); both are named anyway.
TWO_FACTOR_GROUPS = (
    "q1_dossier.group_q1_unit_leader",
    "q1_dossier.group_q1_manager",
    "base.group_system",
)
OFF_VALUES = frozenset({"0", "false", "off", "no"})

PRODUCTION = {
    "auth_password_policy.minlength": 10,
    "password_security.lower": 1,
    "password_security.upper": 1,
    "password_security.numeric": 1,
    "password_security.special": 1,
    "password_security.history": 5,
    "password_security.expiration_days": 90,
    "password_security.minimum_hours": 24,
    TWO_FACTOR_PARAM: 1,
}
DEMO = {
    "auth_password_policy.minlength": 4,
    "password_security.lower": 0,
    "password_security.upper": 0,
    "password_security.numeric": 0,
    "password_security.special": 0,
    "password_security.history": 0,
    "password_security.expiration_days": 0,
    "password_security.minimum_hours": 0,
    TWO_FACTOR_PARAM: 0,
}
POLICIES = {"production": PRODUCTION, "demo": DEMO}


def two_factor_on(value):
    """Whether the system parameter's value (``None`` when absent) asks for the second factor: on unless said off,
    so that a missing or mistyped parameter never switches it off."""
    return value is None or str(value).strip().lower() not in OFF_VALUES

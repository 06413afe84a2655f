"""Set the password of the ``admin`` login from Q1_ADMIN_PASSWORD (production profile, first start).

Run by config/q1-start.sh through ``odoo shell -d <db>`` (which gives ``env`` and rolls back unless the script
commits). A production database is installed without demo data, but Odoo itself creates ``admin`` with the password
``admin``: this replaces it before Odoo serves anything, and records that it did (system parameter
``q1.admin_password_set``) in the same transaction, so that q1-start.sh runs it again after a start that stopped in
between, and never after (a password changed later in Odoo stays).
"""

import os

from odoo import fields

env = globals()["env"]  # given by odoo shell
password = os.environ.get("Q1_ADMIN_PASSWORD", "")
if not password.strip():
    raise SystemExit("q1-start: Q1_ADMIN_PASSWORD is empty")
if password == "admin":
    raise SystemExit("q1-start: Q1_ADMIN_PASSWORD must not be 'admin'")
admin = env.ref("base.user_admin")
admin.password = password  # hashed by res.users (and checked by the password policy, when installed)
env["ir.config_parameter"].sudo().set_param("q1.admin_password_set", fields.Datetime.to_string(fields.Datetime.now()))
env.cr.commit()
print(f"q1-start: the password of the login {admin.login!r} is set")

"""18.0.1.0.0 -> 18.0.1.1.0: accounts (issue 13).

The upgrade installs the new dependencies (auth_totp_mail_enforce, OCA password_security); the policy the data
writes on install (data/q1_account_policy_data.xml, noupdate) is not written on update, so it is written here:
the product's production policy, or the demo's relaxed one on a database with the demo data (its published logins
keep working). Nothing else moves in this release: q1_reporting's new fact table fills itself (its init()).
"""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    demo = env["ir.module.module"].search([("name", "=", "q1_dossier")]).demo
    env["res.users"]._q1_set_account_policy("demo" if demo else "production")

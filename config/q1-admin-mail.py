"""Give the ``admin`` login its real e-mail and the company a sender (production profile, first start).

Run by config/q1-start.sh through ``odoo shell -d <db>`` (which gives ``env`` and rolls back unless the script
commits), like config/q1-admin-password.py. Odoo creates ``admin`` with the e-mail ``admin@example.com``; in
production ``admin`` logs in with a second factor, a code sent by e-mail until an authenticator app is set up, so
the code must go to a mailbox the IT officer reads: Q1_ADMIN_EMAIL. The main company gets Q1_MAIL_FROM as its e-mail
when it has none (it is the sender of the code's mail, and the e-mail printed on the company's documents).

It records that it ran (system parameter ``q1.admin_email_set``) in the same transaction: q1-start.sh runs it again
after a start that stopped before it, and never after, so an address changed later in Odoo stays.

Not set here: web.base.url (q1-start.sh, on every start, from Q1_PUBLIC_URL); the outgoing mail server (Odoo's
configuration file, written by q1-start.sh); no mail alias domain (catchall), since no incoming mail reaches Odoo:
with one, citizens' replies would go to a catchall address nobody reads instead of to the sender.
"""

import os

from odoo import fields
from odoo.tools import email_normalize

env = globals()["env"]  # given by odoo shell


def address(name):
    value = os.environ.get(name, "").strip()
    normalized = email_normalize(value)
    if not normalized:
        raise SystemExit(f"q1-start: {name} {value!r} is not an e-mail address")
    return normalized


admin_email = address("Q1_ADMIN_EMAIL")
mail_from = address("Q1_MAIL_FROM")
admin = env.ref("base.user_admin")
# written on the partner, where the user's e-mail lives: a write through the user would mail a "your e-mail
# changed" notice to admin@example.com, an address of nobody
admin.partner_id.email = admin_email
company = env.ref("base.main_company")
if not company.email:
    company.email = mail_from
env["ir.config_parameter"].sudo().set_param("q1.admin_email_set", fields.Datetime.to_string(fields.Datetime.now()))
env.cr.commit()
print(f"q1-start: the login {admin.login!r} has the e-mail {admin.email!r}; the company sends as {company.email!r}")

"""What the restore check adds to the database before backing it up (run by ``click-odoo``, which commits).

The demo data has dossiers, codes, steps and pauses; this adds what it lacks for the check: a statutory report
issued by a demo unit leader through the wizard (its rows, indices and cells stored), and scans attached to two
dossiers (files in the filestore). Prints one JSON line of what it made.
"""

import base64
import json
from datetime import timedelta

from odoo import Command, fields

env = globals()["env"]  # given by click-odoo
leader = env.ref("q1_dossier.q1_demo_user_lanhdao_saigon")
unit = leader.company_id
today = fields.Date.context_today(leader)
wizard = (
    env["q1.handling.report.wizard"]
    .with_user(leader)
    .with_company(unit)
    .create(
        {
            "company_ids": [Command.set(unit.ids)],
            "period_kind": "custom",
            "date_from": today - timedelta(days=200),
            "date_to": today - timedelta(days=1),
            "group_by": "field",
            "signer_title": "Chủ tịch",
            "signer_name": "Kiểm Tra Khôi Phục",
        }
    )
)
issue = env["q1.handling.report.issue"].browse(wizard.action_issue()["res_id"])

dossiers = env["q1.dossier"].search([("company_id", "=", unit.id), ("code", "!=", False)], limit=2, order="id")
attachments = env["ir.attachment"]
for number, dossier in enumerate(dossiers, 1):
    for kind, payload in (("pdf", b"%PDF-1.4\n% restore check scan\n"), ("png", b"\x89PNG\r\n\x1a\n restore check")):
        attachments |= env["ir.attachment"].create(
            {
                "name": f"scan-{number}.{kind}",
                "res_model": "q1.dossier",
                "res_id": dossier.id,
                "datas": base64.b64encode(payload + dossier.code.encode() + bytes(range(256)) * number),
            }
        )
print(
    json.dumps(
        {
            "issue": issue.id,
            "issue_cells": len(issue.sudo().cell_ids),
            "attachments": attachments.ids,
            "stored": all(attachments.mapped("store_fname")),
        }
    )
)

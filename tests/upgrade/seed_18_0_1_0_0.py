"""Records made through the ORM on a database of the previous release (18.0.1.0.0, with its demo data), before the
upgrade test fingerprints it: what a ward has made that the demo data does not hold.

- an issued statutory report (Sài Gòn ward, last month, by field of law), as its unit leader issues it;
- an approved evaluation sheet of the demo's open period, through its workflow: the officer submits, the leader
  (an evaluator of the unit) scores the general criteria and proposes the level the score gives, then approves.

Written against the API of 18.0.1.0.0 (the code it runs on); a later release seeds with a script of its own
predecessor. Prints one line per record made.
"""

from datetime import date

from odoo_env import arguments, environment


def last_month(today):
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)


def seed(env):
    saigon = env.ref("q1_dossier.q1_demo_company_saigon")
    leader = env.ref("q1_dossier.q1_demo_user_lanhdao_saigon")
    hr = env.ref("q1_reporting.q1_demo_user_nhansu_saigon")
    units = {"allowed_company_ids": [saigon.id]}

    year, month = last_month(date.today())
    wizard = (
        env["q1.handling.report.wizard"]
        .with_user(leader)
        .with_context(**units)
        .create(
            {
                "company_ids": [(6, 0, [saigon.id])],
                "period_kind": "month",
                "convention": "cutoff",
                "year": year,
                "month": str(month),
                "group_by": "field",
                "signer_name": "Nguyễn Văn Thử",
            }
        )
    )
    action = wizard.action_issue()
    issue = env["q1.handling.report.issue"].browse(action["res_id"])
    print(f"seed: issued report {issue.id} ({len(issue.row_ids)} rows, {len(issue.cell_ids)} cells)")

    period = env.ref("q1_reporting.q1_demo_evaluation_period_saigon")
    period.with_user(hr).with_context(**units).action_compute_sheets()
    sheet = period.sheet_ids.filtered(lambda s: s.user_id and s.user_id != leader)[:1]
    if not sheet:
        raise SystemExit("seed: the demo period has no sheet of an officer")
    sheet.with_user(sheet.user_id).with_context(**units).action_submit()
    as_leader = sheet.with_user(leader).with_context(**units)
    as_leader.write(
        {
            # 10 of the 30 general points: the sheet stays below "excellent", never over the unit's 20 % cap
            "qualities": 2.0,
            "discipline": 2.0,
            "competence": 1.5,
            "task_fulfilment": 1.5,
            "responsibility": 1.0,
            "service_attitude": 1.0,
            "innovation": 1.0,
            "manager_comment": "Hoàn thành tốt nhiệm vụ (bản ghi của phép thử nâng cấp).",
        }
    )
    as_leader.write({"manager_proposed_band": sheet.score_band})
    as_leader.action_review()
    as_leader.action_approve_manager_level()
    print(f"seed: approved sheet {sheet.id} of {sheet.employee_id.name} ({sheet.state}, {sheet.band})")


if __name__ == "__main__":
    options = arguments(__doc__.split("\n\n")[0])
    with environment(options.config, options.database) as env:
        seed(env)

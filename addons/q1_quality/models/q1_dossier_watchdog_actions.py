"""The watchdog reaches overdue corrective actions (ISO 9001 10.2), as it reaches overdue dossiers.

Its own file (q1_dossier_watchdog.py of this addon is the feedback part's extension of the same watchdog): the
nightly pass (``_run``) tells the owner of an action past its due date (level 1), then, still overdue
``escalate_leader_after_workdays`` working days later on the unit's calendar (the dossiers' setting), the unit's
ISO secretary and leaders (level 2), each only once (``mgmtsystem.action.q1_escalation_level``); the leaders'
daily digest gains a section listing their units' overdue actions.
"""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.q1_dossier.core.localtime import to_local


class Q1DossierWatchdog(models.AbstractModel):
    _inherit = "q1.dossier.watchdog"

    @api.model
    def _run(self):
        result = super()._run()
        self._q1_watch_overdue_actions(fields.Datetime.now())
        return result

    # ------------------------------------------------------------------ corrective actions overdue

    def _q1_overdue_actions_sql(self, level, before, unit_ids=None):
        """Raise to ``level`` the open actions (of ``unit_ids``, or of every unit) due before ``before`` and still
        below it, in one statement: a second pass, or two at once, finds them raised; their ids."""
        self.env.cr.execute(
            SQL(
                """
            UPDATE mgmtsystem_action a SET q1_escalation_level = %(level)s
              FROM mgmtsystem_action_stage s
             WHERE s.id = a.stage_id AND NOT COALESCE(s.is_ending, FALSE) AND a.active
               AND a.date_deadline < %(before)s AND COALESCE(a.q1_escalation_level, 0) < %(level)s
               AND (%(all)s OR a.company_id = ANY(%(units)s))
         RETURNING a.id""",
                level=level,
                before=before,
                all=unit_ids is None,
                units=list(unit_ids or []),
            )
        )
        return [row[0] for row in self.env.cr.fetchall()]

    def _q1_watch_overdue_actions(self, now):
        """Activities for overdue actions: level 1 the owner, level 2 the unit's ISO secretary and leaders."""
        self.env.flush_all()
        today = to_local(now).date()
        actions = self.env["mgmtsystem.action"].sudo()
        level1 = actions.browse(self._q1_overdue_actions_sql(1, today))
        after = self._param("escalate_leader_after_workdays", 2)
        level2_ids = []
        # per unit calendar: overdue for ``after`` working days, counted as the dossiers' escalation counts them
        units = self.env["res.company"].sudo().with_context(active_test=False).search([])  # pylint: disable=no-search-all
        calendars = self._calendars()
        default = self.env.ref("q1_dossier.q1_work_calendar_state").id
        by_threshold = {}
        for unit in units:
            cal = calendars.get(unit.q1_work_calendar_id.id or default)
            by_threshold.setdefault(self._last_workdays_start(cal, today, after + 1), []).append(unit.id)
        for threshold, unit_ids in by_threshold.items():
            level2_ids += self._q1_overdue_actions_sql(2, threshold, unit_ids)
        actions.invalidate_model(["q1_escalation_level"])
        ncs = self.env["mgmtsystem.nonconformity"]
        for action in level1.filtered("user_id"):
            action._q1_todo(action.user_id, self.env._("Corrective action overdue: %s", action.name), today)
        for action in actions.browse(level2_ids):
            unit = action.company_id
            for user in ncs._q1_iso_secretaries(unit) | ncs._q1_unit_leaders(unit):
                action._q1_todo(user, self.env._("Corrective action still overdue: %s", action.name), today)
        return level1, actions.browse(level2_ids)

    # ------------------------------------------------------------------ the leaders' digest

    @api.model
    def _send_digest(self):
        """The dossiers' digest, plus one to each leader it left out (no open dossier in their units) whose units
        have overdue corrective actions: that section alone."""
        mails = super()._send_digest()
        today = to_local(fields.Datetime.now()).date()
        reached = mails.recipient_ids
        leaders = self.env.ref("q1_dossier.group_q1_unit_leader").users.filtered(
            lambda u: not u.share and u.email and u.partner_id not in reached
        )
        vals_list = []
        for leader in leaders:
            section = self._q1_actions_digest(leader, today)
            if section:
                day = today.strftime("%d/%m/%Y")
                vals_list.append(
                    {
                        "subject": f"Hành động khắc phục quá hạn ngày {day}",
                        "body_html": Markup("<p>Kính gửi %s,</p>") % leader.name + section,
                        "recipient_ids": [(4, leader.partner_id.id)],
                        "email_from": self.env.company.email_formatted or leader.company_id.email_formatted or False,
                        "auto_delete": True,
                    }
                )
        return mails | self.env["mail.mail"].sudo().create(vals_list)

    def _digest_vals(self, leader, units, counts, today):
        vals = super()._digest_vals(leader, units, counts, today)
        section = self._q1_actions_digest(leader, today)
        if section:
            vals["body_html"] = Markup(vals["body_html"]) + section
        return vals

    def _q1_actions_digest(self, leader, today):
        """The digest's section of the leader's units' overdue corrective actions (Vietnamese, as the digest)."""
        overdue = (
            self.env["mgmtsystem.action"]
            .sudo()
            .search(
                [
                    ("company_id", "in", leader.company_ids.ids),
                    ("date_deadline", "<", today),
                    ("stage_id.is_ending", "=", False),
                ],
                order="company_id, date_deadline, id",
            )
        )
        if not overdue:
            return Markup()
        rows = Markup("").join(
            Markup("<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>")
            % (
                action.company_id.name,
                action.reference or "",
                action.name,
                action.user_id.name,
                action.date_deadline.strftime("%d/%m/%Y"),
            )
            for action in overdue
        )
        return Markup(
            "<p>Hành động khắc phục quá hạn (%(count)s):</p>"
            '<table border="1" cellpadding="4" style="border-collapse:collapse">'
            "<tr><th>Đơn vị</th><th>Số</th><th>Hành động</th><th>Người thực hiện</th><th>Hạn</th></tr>"
            "%(rows)s</table>"
        ) % {"count": len(overdue), "rows": rows}

"""No silent dossier: the daily watchdog over open dossiers (issue 3 item 4).

Every run is idempotent and may be called at any time (``env["q1.dossier.watchdog"]._run()``):

* ``deadline_state`` of the dossiers being handled (received/processing) from their promised date, judged on
  the working calendar of the deciding unit (as ``q1.dossier._work_calendar`` does). A dossier waiting for the
  applicant (supplement or fees) gets no deadline state: the wait is not the officer's delay, and after a
  supplement the legal time restarts from zero (Decree 118/2025 Art. 19(5)), so its promised date is void until
  the dossier is complete again. Closed dossiers are cleared as well.
* online submissions still unanswered after 8 working hours (Art. 17(2)) are flagged;
* activities for the holder when a dossier becomes due soon / due today / overdue, escalation to the head of
  the department (level 1) and to the unit leaders (level 2), each only once;
* dossiers waiting more than 15 days for a supplement are closed (Art. 19(5));
* ``_send_digest`` mails each unit leader the counts of their units' open dossiers.

Large tables are updated with one set-based SQL statement per calendar (a ward centre holds tens of thousands
of open dossiers); the calendar arithmetic stays in the core and is done once per calendar, not per row.
"""

from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import SQL

from ..core.labels import DEADLINE_VI
from ..core.lifecycle import OPEN_STATUSES
from ..core.localtime import to_local

# Statuses whose clock runs against the administration; supplement/payment wait for the applicant.
RUNNING_STATUSES = ("received", "processing")
ALERT_STATES = ("due_soon", "due_today", "overdue")
ONLINE_ANSWER_TIME = timedelta(hours=8)  # Decree 118/2025 Art. 17(2)(c)
SUPPLEMENT_CLOSE_REASON = "Đóng hồ sơ do quá %s ngày không bổ sung (khoản 5 Điều 19 Nghị định 118/2025/NĐ-CP)"


class Q1DossierWatchdog(models.AbstractModel):
    _name = "q1.dossier.watchdog"
    _description = "Dossier Watchdog"

    # ------------------------------------------------------------------ entry points (crons)

    @api.model
    def _run(self):
        """The daily pass; returns {dossier id: new deadline state} for the dossiers whose state changed."""
        now = fields.Datetime.now()
        self._close_stale_supplements(now)
        self.env.flush_all()  # the SQL below reads what the ORM may still hold in memory
        changed = self._update_deadline_states(now)
        unanswered = self._flag_unanswered_online(now)
        level1, level2 = self._escalate(now)
        self.env["q1.dossier"].invalidate_model(["deadline_state", "online_unanswered", "escalation_level"])
        self._schedule(
            self._holder_activities(changed)
            + self._reception_activities(unanswered)
            + self._head_activities(level1)
            + self._leader_activities(level2),
            now,
        )
        return changed

    @api.model
    def _check_online(self):
        """Hourly: the 8 working hours of Art. 17(2) cannot wait for the nightly pass."""
        now = fields.Datetime.now()
        self.env.flush_all()
        unanswered = self._flag_unanswered_online(now)
        self.env["q1.dossier"].invalidate_model(["online_unanswered"])
        self._schedule(self._reception_activities(unanswered), now)
        return unanswered

    # ------------------------------------------------------------------ parameters and calendars

    def _param(self, key, default):
        value = self.env["ir.config_parameter"].sudo().get_param(f"q1_dossier.{key}", default)
        try:
            return int(value)
        except (TypeError, ValueError):
            return default

    def _calendars(self):
        """{q1.work.calendar id: core calendar} of every calendar a unit may use."""
        # every calendar, archived ones too (a handful of records)
        calendars = self.env["q1.work.calendar"].with_context(active_test=False).search([])  # pylint: disable=no-search-all
        return {calendar.id: calendar._to_core() for calendar in calendars}

    @staticmethod
    def _last_workdays_start(cal, day, n):
        """The n-th most recent working day on or before ``day``: ``workdays_between(p, day) >= n`` ⇔ p < it."""
        count = 0
        while True:
            if cal.is_workday(day):
                count += 1
                if count >= n:
                    return day
            day -= timedelta(days=1)

    # Dossiers with the calendar they are judged on: the deciding unit's, else the receiving unit's
    # (as q1.dossier._work_calendar does).
    _DOSSIERS_WITH_CALENDAR = SQL("""
        SELECT d.*, COALESCE(dc.q1_work_calendar_id, rc.q1_work_calendar_id) AS calendar_id
          FROM q1_dossier d
          JOIN res_company rc ON rc.id = d.company_id
          LEFT JOIN res_company dc ON dc.id = d.deciding_company_id""")

    # ------------------------------------------------------------------ 1. deadline states

    def _update_deadline_states(self, now):
        today = to_local(now).date()
        soon_days = self._param("due_soon_workdays", 1)
        changed = {}
        for calendar_id, cal in self._calendars().items():
            soon = cal.add_workdays(today, soon_days) if soon_days > 0 else today
            # One statement per calendar instead of one write per dossier; RETURNING only the real changes.
            self.env.cr.execute(
                SQL(
                    """
                WITH target AS (
                    SELECT d.id, CASE WHEN d.promised_date < %(today)s THEN 'overdue'
                                      WHEN d.promised_date = %(today)s THEN 'due_today'
                                      WHEN d.promised_date <= %(soon)s THEN 'due_soon'
                                      ELSE 'within' END AS new_state
                      FROM (%(dossiers)s) d
                     WHERE d.state IN %(running)s AND d.promised_date IS NOT NULL
                       AND d.calendar_id = %(calendar)s)
                UPDATE q1_dossier d SET deadline_state = t.new_state
                  FROM target t
                 WHERE d.id = t.id AND d.deadline_state IS DISTINCT FROM t.new_state
             RETURNING d.id, d.deadline_state""",
                    today=today,
                    soon=soon,
                    running=RUNNING_STATUSES,
                    calendar=calendar_id,
                    dossiers=self._DOSSIERS_WITH_CALENDAR,
                )
            )
            changed.update(self.env.cr.fetchall())
        # Waiting for the applicant, closed, or without a promised date: no deadline state.
        self.env.cr.execute(
            SQL(
                """
            UPDATE q1_dossier SET deadline_state = NULL
             WHERE deadline_state IS NOT NULL AND (state NOT IN %s OR state IS NULL OR promised_date IS NULL)""",
                RUNNING_STATUSES,
            )
        )
        return changed

    # ------------------------------------------------------------------ 1b. the deadline state live, as of today

    # The state of a dossier's time as of a day, the rule ``_update_deadline_states`` stamps every night, read
    # live (q1.dossier.deadline_today): right the moment a page opens, for the colours and the search filters;
    # the nightly stamp stays the watchdog's memory of what it has already escalated.

    def _soon_limits(self, today):
        """{calendar id: last day that is still 'due soon' when judged on ``today``} of every calendar."""
        soon_days = self._param("due_soon_workdays", 1)
        return {
            calendar_id: cal.add_workdays(today, soon_days) if soon_days > 0 else today
            for calendar_id, cal in self._calendars().items()
        }

    def _unit_calendars(self):
        """{company id: q1.work.calendar id or False} of every unit, read as the system (a handful of records)."""
        companies = self.env["res.company"].sudo().with_context(active_test=False).search([])  # pylint: disable=no-search-all
        return {company.id: company.q1_work_calendar_id.id for company in companies}

    def _live_deadline_states(self, dossiers, today):
        """{dossier id: deadline state or False} of ``dossiers`` judged on the local day ``today``."""
        soon = self._soon_limits(today)
        units = self._unit_calendars()
        default = self.env.ref("q1_dossier.q1_work_calendar_state").id
        result = {}
        for dossier in dossiers:
            system = dossier.sudo()
            promised = system.promised_date
            if system.state not in RUNNING_STATUSES or not promised:
                result[dossier.id] = False
                continue
            calendar = units.get(system.deciding_company_id.id) or units.get(system.company_id.id) or default
            if promised < today:
                result[dossier.id] = "overdue"
            elif promised == today:
                result[dossier.id] = "due_today"
            elif promised <= soon.get(calendar, today):
                result[dossier.id] = "due_soon"
            else:
                result[dossier.id] = "within"
        return result

    def _live_deadline_domain(self, states, today):
        """Domain on q1.dossier of the dossiers whose deadline state judged on ``today`` is one of ``states`` (False:
        none), the same rule as ``_live_deadline_states`` with the due-soon limit of each dossier's calendar."""
        running = [("state", "in", RUNNING_STATUSES), ("promised_date", "!=", False)]
        units = self._unit_calendars()
        # the calendar of a dossier: its deciding unit's, else its receiving unit's
        calendar_domains = []
        for calendar_id, soon in self._soon_limits(today).items():
            with_calendar = [company for company, calendar in units.items() if calendar == calendar_id]
            without = [company for company, calendar in units.items() if not calendar]
            on_calendar = expression.OR(
                [
                    [("deciding_company_id", "in", with_calendar)],
                    [("deciding_company_id", "in", without), ("company_id", "in", with_calendar)],
                ]
            )
            calendar_domains.append((on_calendar, soon))
        parts = []
        for state in states:
            if not state:
                parts.append(["|", ("state", "not in", RUNNING_STATUSES), ("promised_date", "=", False)])
            elif state == "overdue":
                parts.append(running + [("promised_date", "<", today)])
            elif state == "due_today":
                parts.append(running + [("promised_date", "=", today)])
            elif state == "due_soon":
                parts += [
                    running + on_calendar + [("promised_date", ">", today), ("promised_date", "<=", soon)]
                    for on_calendar, soon in calendar_domains
                ]
            elif state == "within":
                parts += [
                    running + on_calendar + [("promised_date", ">", soon)] for on_calendar, soon in calendar_domains
                ]
        return expression.OR(parts) if parts else expression.FALSE_DOMAIN

    # ------------------------------------------------------------------ 2. online submissions unanswered

    def _flag_unanswered_online(self, now):
        """Ids of online drafts newly found unanswered 8 working hours after their submission (Art. 17(2)).

        The hours run from ``submitted_at``, when the submission reached the system, not from the row's creation
        (a dossier synced late from the national portal keeps the portal's instant). They are counted on the
        receiving unit's calendar: accepting or answering is the receiving centre's work (Art. 17(2)).
        """
        # 8 working hours never fit in less than 8 wall-clock hours: a cheap SQL pre-filter, then the core.
        self.env.cr.execute(
            SQL(
                """
            SELECT d.id, d.submitted_at, rc.q1_work_calendar_id
              FROM q1_dossier d JOIN res_company rc ON rc.id = d.company_id
             WHERE d.channel = 'online' AND d.state = 'draft' AND NOT COALESCE(d.online_unanswered, FALSE)
               AND d.submitted_at < %s""",
                now - ONLINE_ANSWER_TIME,
            )
        )
        candidates = self.env.cr.fetchall()
        if not candidates:
            return []
        calendars = self._calendars()
        default = self.env.ref("q1_dossier.q1_work_calendar_state").id
        local_now = to_local(now)
        late = [
            dossier_id
            for dossier_id, submitted, calendar_id in candidates
            if calendars[calendar_id or default].working_time(to_local(submitted), local_now) > ONLINE_ANSWER_TIME
        ]
        if not late:
            return []
        self.env.cr.execute(SQL("UPDATE q1_dossier SET online_unanswered = TRUE WHERE id = ANY(%s) RETURNING id", late))
        return [row[0] for row in self.env.cr.fetchall()]

    # ------------------------------------------------------------------ 3. escalation

    def _escalate(self, now):
        """(ids raised to level 1, ids raised to level 2); the stored level makes each escalation happen once."""
        # Level 1: overdue, or the current step has run past its budget without being finished.
        self.env.cr.execute(
            SQL(
                """
            UPDATE q1_dossier d SET escalation_level = 1
             WHERE d.state IN %(running)s AND COALESCE(d.escalation_level, 0) < 1
               AND (d.deadline_state = 'overdue' OR EXISTS (
                     SELECT 1 FROM q1_dossier_step s
                      WHERE s.id = d.current_step_id AND s.finished_at IS NULL AND s.planned_end < %(now)s))
         RETURNING d.id""",
                running=RUNNING_STATUSES,
                now=now,
            )
        )
        level1 = [row[0] for row in self.env.cr.fetchall()]
        # Level 2: still overdue N working days after becoming overdue (the day after the promised date).
        today = to_local(now).date()
        after = self._param("escalate_leader_after_workdays", 2)
        level2 = []
        for calendar_id, cal in self._calendars().items():
            threshold = self._last_workdays_start(cal, today, after + 1)
            self.env.cr.execute(
                SQL(
                    """
                UPDATE q1_dossier SET escalation_level = 2
                 WHERE id IN (SELECT d.id FROM (%(dossiers)s) d
                               WHERE d.state IN %(running)s AND COALESCE(d.escalation_level, 0) < 2
                                 AND d.deadline_state = 'overdue' AND d.promised_date < %(threshold)s
                                 AND d.calendar_id = %(calendar)s)
             RETURNING id""",
                    running=RUNNING_STATUSES,
                    threshold=threshold,
                    calendar=calendar_id,
                    dossiers=self._DOSSIERS_WITH_CALENDAR,
                )
            )
            level2 += [row[0] for row in self.env.cr.fetchall()]
        return level1, level2

    # ------------------------------------------------------------------ 4. supplement never brought

    def _close_stale_supplements(self, now):
        """Close the dossiers whose time to supplement is over (Art. 19(5)): from the end of the last day that
        core.deadline.supplement_last_day gives (the notice day not counted, Civil Code Art. 147; a last day off
        moved to the next working day, Art. 148(5), a setting), on the dossier's calendar."""
        days, _civil_code = self.env["q1.dossier"]._supplement_close_rule()
        # The period ends at 24:00 of a day at least ``days`` days after the notice: a cheap pre-filter, then the core.
        candidates = (
            self.env["q1.dossier"]
            .sudo()
            .search(
                [
                    ("state", "=", "supplement"),
                    (
                        "pause_ids",
                        "any",
                        [
                            ("kind", "=", "supplement"),
                            ("resumed_at", "=", False),
                            ("paused_at", "<", now - timedelta(days=days)),
                        ],
                    ),
                ]
            )
        )
        stale = candidates.filtered(lambda d: d._supplement_close_at() <= now)
        for dossier in stale:  # a handful a day: the ORM path keeps the control slip and the chatter right
            dossier._close("stopped", SUPPLEMENT_CLOSE_REASON % days)
        return stale

    # ------------------------------------------------------------------ recipients and activities

    def _users_of(self, group_xmlid, company, exclude_xmlid=None):
        """Active internal users of a group who work for ``company`` (the group's implied members included)."""
        users = self.env.ref(group_xmlid).users.filtered(lambda u: not u.share and company in u.company_ids)
        if exclude_xmlid:
            users -= self.env.ref(exclude_xmlid).users
        return users

    def _department_heads(self, dossier):
        manager = dossier.current_step_id.department_id.manager_id.user_id
        if manager and manager.active:
            return manager
        return self._users_of(
            "q1_dossier.group_q1_department_head", dossier.deciding_company_id, "q1_dossier.group_q1_unit_leader"
        )

    def _holder_activities(self, changed):
        summaries = {
            "due_soon": self.env._("Dossier due soon"),
            "due_today": self.env._("Dossier due today"),
            "overdue": self.env._("Dossier overdue"),
        }
        alerts = {dossier_id: state for dossier_id, state in changed.items() if state in ALERT_STATES}
        dossiers = self.env["q1.dossier"].browse(alerts).filtered("user_id")
        return [(dossier, dossier.user_id, summaries[alerts[dossier.id]]) for dossier in dossiers]

    def _fan_out(self, ids, key, recipients, summary):
        """(dossier, user, summary) for every recipient of every dossier; the recipients are looked up once per
        distinct ``key(dossier)``, since thousands of dossiers of a unit share them."""
        found, items = {}, []
        for dossier in self.env["q1.dossier"].browse(ids):
            group = key(dossier)
            if group not in found:
                found[group] = recipients(dossier)
            items += [(dossier, user, summary) for user in found[group]]
        return items

    def _reception_activities(self, ids):
        return self._fan_out(
            ids,
            lambda d: d.company_id,
            lambda d: self._users_of("q1_dossier.group_q1_reception", d.company_id, "q1_dossier.group_q1_unit_leader"),
            self.env._("Online submission unanswered for 8 working hours"),
        )

    def _head_activities(self, ids):
        return self._fan_out(
            ids,
            lambda d: (d.current_step_id.department_id, d.deciding_company_id),
            self._department_heads,
            self.env._("Late dossier: check its handling"),
        )

    def _leader_activities(self, ids):
        return self._fan_out(
            ids,
            lambda d: d.deciding_company_id,
            lambda d: self._users_of("q1_dossier.group_q1_unit_leader", d.deciding_company_id),
            self.env._("Dossier still overdue: leader's attention"),
        )

    def _schedule(self, items, now):
        """Insert the to-do activities of the run, (dossier, user, summary) each, in one statement.

        The first pass over a large unit creates activities by the hundred thousand; the ORM's create (one
        follower subscription and one bus notification per activity) would take minutes, so they are inserted
        as the ORM would store them, without notifying: the leaders' digest and the activity views show them.
        """
        if not items:
            return
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            INSERT INTO mail_activity (res_model_id, res_model, res_id, res_name, activity_type_id, summary,
                                       date_deadline, user_id, user_tz, automated, active,
                                       create_uid, write_uid, create_date, write_date)
            SELECT %(model_id)s, 'q1.dossier', d.id, COALESCE(d.code || ' - ' || d.applicant_name, d.applicant_name),
                   %(todo)s, item.summary, %(today)s, item.user_id, p.tz, TRUE, TRUE,
                   %(uid)s, %(uid)s, %(now)s, %(now)s
              FROM unnest(%(dossier_ids)s::int[], %(user_ids)s::int[], %(summaries)s::varchar[])
                   AS item(dossier_id, user_id, summary)
              JOIN q1_dossier d ON d.id = item.dossier_id
              JOIN res_users u ON u.id = item.user_id
              JOIN res_partner p ON p.id = u.partner_id""",
                model_id=self.env["ir.model"]._get_id("q1.dossier"),
                todo=self.env.ref("mail.mail_activity_data_todo").id,
                today=to_local(now).date(),
                uid=self.env.uid,
                now=now,
                dossier_ids=[dossier.id for dossier, _user, _summary in items],
                user_ids=[user.id for _dossier, user, _summary in items],
                summaries=[summary for _dossier, _user, summary in items],
            )
        )
        self.env.invalidate_all()

    # ------------------------------------------------------------------ 5. leaders' digest

    @api.model
    def _send_digest(self):
        """One mail per unit leader with the counts of their units' open dossiers by deadline state."""
        leaders = self.env.ref("q1_dossier.group_q1_unit_leader").users.filtered(lambda u: not u.share and u.email)
        companies = leaders.company_ids
        if not leaders:
            return self.env["mail.mail"]
        counts = {}
        for company, state, count in (
            self.env["q1.dossier"]
            .sudo()
            ._read_group(
                [("deciding_company_id", "in", companies.ids), ("state", "in", list(OPEN_STATUSES))],
                ["deciding_company_id", "deadline_state"],
                ["__count"],
            )
        ):
            counts.setdefault(company, {})[state] = count
        today = to_local(fields.Datetime.now()).date()
        vals_list = []
        for leader in leaders:
            units = [company for company in leader.company_ids if company in counts]
            if units:
                vals_list.append(self._digest_vals(leader, units, counts, today))
        return self.env["mail.mail"].sudo().create(vals_list)

    def _digest_vals(self, leader, units, counts, today):
        base = self.get_base_url()
        link = f"{base}/odoo/action-q1_dossier.q1_dossier_action?view_type=list"
        header = Markup("").join(Markup("<th>%s</th>") % label for _state, label in DEADLINE_VI)
        rows = Markup("").join(
            Markup("<tr><td>%s</td>%s</tr>")
            % (
                company.name,
                Markup("").join(
                    Markup('<td style="text-align:right">%s</td>') % counts[company].get(state, 0)
                    for state, _label in DEADLINE_VI
                ),
            )
            for company in units
        )
        day = today.strftime("%d/%m/%Y")
        body = Markup(
            "<p>Kính gửi %(name)s,</p>"
            "<p>Tình hình hồ sơ đang giải quyết của đơn vị ngày %(day)s:</p>"
            '<table border="1" cellpadding="4" style="border-collapse:collapse">'
            "<tr><th>Đơn vị</th>%(header)s</tr>%(rows)s</table>"
            '<p><a href="%(link)s">Xem danh sách hồ sơ</a></p>'
        ) % {"name": leader.name, "day": day, "header": header, "rows": rows, "link": link}
        return {
            "subject": f"Tình hình hồ sơ ngày {day}",
            "body_html": body,
            "recipient_ids": [(4, leader.partner_id.id)],
            "email_from": self.env.company.email_formatted or leader.company_id.email_formatted or False,
            "auto_delete": True,
        }

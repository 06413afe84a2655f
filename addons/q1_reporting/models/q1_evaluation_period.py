import io
from datetime import date, datetime, time

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from odoo.addons.q1_dossier.core import validation
from odoo.addons.q1_dossier.core.localtime import to_local, to_utc

from ..core.evaluation_xlsx import write_evaluation_xlsx
from ..core.officer_score import (
    DEFAULT_SMALL_GROUP_RULE,
    StepRecord,
    Wait,
    answer_product,
    cap_status,
    judge_step,
    service_evidence,
    task_result,
)
from ..core.officer_score_data import ERROR_MISSED_ITEM

RECEPTION_STEP = "Tiếp nhận hồ sơ"
ONLINE_ANSWER_STEP = "Trả lời hồ sơ trực tuyến"


class Q1EvaluationPeriod(models.Model):
    """A month or quarter in which HR evaluates the officers of a unit (Decree 335/2025/NĐ-CP Art. 12-14).

    Opening the period computes a draft sheet per officer from the one-stop record: every control-slip step the
    officer held in the period and every dossier they received at the counter is a converted product.
    """

    _name = "q1.evaluation.period"
    _description = "Evaluation Period"
    _inherit = ["mail.thread", "q1.download.mixin"]
    _order = "date_from desc, company_id"
    _q1_download_kinds = ("xlsx",)

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one("res.company", string="Unit", required=True, default=lambda self: self._default_unit())
    kind = fields.Selection([("month", "Month"), ("quarter", "Quarter")], required=True, default="month")
    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year)
    index = fields.Integer(string="Month or Quarter", required=True, default=1)
    date_from = fields.Date(compute="_compute_dates", store=True)
    date_to = fields.Date(compute="_compute_dates", store=True)
    state = fields.Selection([("open", "Open"), ("closed", "Closed")], default="open", required=True, tracking=True)
    sheet_ids = fields.One2many("q1.evaluation.sheet", "period_id", string="Sheets")
    sheet_count = fields.Integer(compute="_compute_sheet_count")
    # Decree 335/2025 Art. 20(5)(a) caps "excellent" at 20 % of "good" per group of similar tasks; how a group of
    # fewer than 5 "good" is capped is UNCONFIRMED (core.officer_score.SMALL_GROUP_RULES): the literal reading by
    # default, another one where the competent level decides so.
    cap_small_group_rule = fields.Selection(
        [
            ("none", "Literal: no excellent in a group of fewer than 5 good"),
            ("one", "A small group may hold one excellent"),
            ("pool", "Small groups are capped with the whole unit"),
        ],
        string="Small Groups and the 20 % Cap",
        required=True,
        default=DEFAULT_SMALL_GROUP_RULE,
        tracking=True,
    )
    cap_status = fields.Text(
        string="20 % Cap by Group",
        compute="_compute_cap_status",
        help="Excellent and good sheets of each group of similar tasks at their current levels, approved or not.",
    )
    cap_over = fields.Boolean(compute="_compute_cap_status", string="A Group Is Over the 20 % Cap")

    _sql_constraints = [("period_uniq", "unique(company_id, kind, year, index)", "This period is already open.")]

    def _creation_message(self):
        return super(Q1EvaluationPeriod, self._q1_in_fallback_lang())._creation_message()

    @api.model
    def _default_unit(self):
        """The unit the user is working in when it is a one-stop unit, else the first one-stop unit among the units
        active in the session (the record rule's ``company_ids``): never the main company nobody evaluates in."""
        units = self.env.companies.filtered("q1_unit_code")
        if self.env.company in units or not units:
            return self.env.company
        return units[:1]

    @api.depends("kind", "year", "index", "company_id")
    def _compute_name(self):
        for period in self:
            label = f"Tháng {period.index}" if period.kind == "month" else f"Quý {period.index}"
            period.name = f"{label}/{period.year} - {period.company_id.name or ''}"

    @api.depends("kind", "year", "index")
    def _compute_dates(self):
        for period in self:
            months = 1 if period.kind == "month" else 3
            first_month = period.index if period.kind == "month" else 3 * period.index - 2
            if not period.year or not 1 <= first_month <= 12:
                period.date_from = period.date_to = False
                continue
            period.date_from = date(period.year, first_month, 1)
            period.date_to = period.date_from + relativedelta(months=months, days=-1)

    @api.constrains("kind", "index")
    def _check_index(self):
        for period in self:
            if not 1 <= period.index <= (12 if period.kind == "month" else 4):
                raise ValidationError(self.env._("The month must be 1 to 12 and the quarter 1 to 4."))

    def write(self, vals):
        """The name, dates and state are computed or set by the buttons; once sheets exist, the unit and the
        month or quarter they were computed for do not change either (the approved totals count in that year)."""
        if not self.env.su:
            computed = [name for name in vals if name == "state" or self._q1_is_computed(name)]
            moved = [name for name in vals if name in ("company_id", "kind", "year", "index")]
            if "cap_small_group_rule" in vals and self.filtered(lambda period: period.state == "closed"):
                raise UserError(self.env._("The period is closed."))
            if computed or (moved and self.filtered("sheet_ids")):
                raise AccessError(
                    self.env._(
                        "%(fields)s of an evaluation period are computed, set by its buttons or fixed once its "
                        "sheets exist; they cannot be written.",
                        fields=", ".join(self._fields[name]._description_string(self.env) for name in computed + moved),
                    )
                )
        return super().write(vals)

    @api.model
    def _q1_is_computed(self, name):
        field = self._fields.get(name)
        return bool(field and field.compute and field.readonly)

    def _q1_clean_vals(self, vals):
        vals = super()._q1_clean_vals(vals)
        vals = self._q1_apply(vals, "year", validation.check_year)
        # the quarter's bound (1..4) is _check_index's, once the kind is known
        return self._q1_apply(vals, "index", validation.check_integer, 1, 12)

    @api.depends("sheet_ids.band", "sheet_ids.task_group", "cap_small_group_rule")
    def _compute_cap_status(self):
        for period in self:
            caps = period._cap_status()
            period.cap_status = "\n".join(cap.status() for cap in caps) or False
            period.cap_over = any(cap.over for cap in caps)

    def _cap_status(self):
        """The cap of every group over all the period's sheets at their current levels (core ``GroupCap``)."""
        self.ensure_one()
        sheets = self.sheet_ids.sudo()
        return cap_status(
            {sheet.id: sheet.band for sheet in sheets},
            {sheet.id: sheet.task_group or "" for sheet in sheets},
            small_group=self.cap_small_group_rule or DEFAULT_SMALL_GROUP_RULE,
        )

    def _compute_sheet_count(self):
        for period in self:
            period.sheet_count = len(period.sheet_ids)

    # ------------------------------------------------------------------ evidence

    def _officers(self):
        """Employees of the unit with a user account: the officers evaluated."""
        return (
            self.env["hr.employee"].sudo().search([("company_id", "=", self.company_id.id), ("user_id", "!=", False)])
        )

    def _products(self, user_ids):
        """{user id: [Product]} from the control slips, receptions and online answers of the period, in four queries.

        The record goes to the core as it is (local times, the applicant's waits, how the dossier ended); which
        steps the period judges, and what the waits excuse, is decided there (``judge_step``, ``answer_product``).
        """
        local_start = datetime.combine(self.date_from, time.min)
        local_end = datetime.combine(self.date_to + relativedelta(days=1), time.min)
        start, end = to_utc(local_start), to_utc(local_end)
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                """
            SELECT s.user_id, s.id, s.name, d.code, s.taken_at, s.planned_end, s.finished_at,
                   COALESCE(NULLIF(ps.q1_product_weight, 0), NULLIF(p.q1_product_weight, 0), 1.0),
                   d.rating = 'not_satisfied', d.id,
                   CASE WHEN d.state IN ('stopped', 'withdrawn') AND s.finished_at = d.finished_at
                        THEN d.state END
              FROM q1_dossier_step s
              JOIN q1_dossier d ON d.id = s.dossier_id
              JOIN q1_procedure p ON p.id = d.procedure_id
         LEFT JOIN q1_procedure_step ps ON ps.id = s.procedure_step_id
             WHERE s.user_id IN %(users)s AND s.taken_at < %(end)s
               AND (s.finished_at IS NULL OR s.finished_at >= %(start)s)
          ORDER BY s.id
            """,
                users=tuple(user_ids),
                start=start,
                end=end,
            )
        )
        steps = self.env.cr.fetchall()
        waits = self._applicant_waits({row[9] for row in steps})
        judged_open = self._judged_open_before({(row[0], row[1]) for row in steps if row[6] and row[6] >= start})
        products = {user_id: [] for user_id in user_ids}
        for user_id, step_id, name, code, taken, planned, finished, weight, unhappy, dossier_id, ending in steps:
            record = StepRecord(
                ("step", step_id),
                code or "",
                name,
                to_local(taken),
                to_local(planned),
                to_local(finished) if finished else None,
                weight=weight,
                waits=[
                    Wait(
                        kind,
                        to_local(paused),
                        to_local(resumed) if resumed else None,
                        # resume() replans the step that was open when the applicant came back (q1.dossier
                        # _replan_current_step): such a wait is already in the step's planned end.
                        in_plan=resumed is not None and (finished is None or resumed < finished),
                    )
                    for kind, paused, resumed in waits.get(dossier_id, ())
                ],
                ended_by_applicant=ending,
                not_satisfied=bool(unhappy),
            )
            product = judge_step(record, local_start, local_end, (user_id, step_id) in judged_open)
            if product:
                products[user_id].append(product)
        for user_id, product in self._answer_products(user_ids, start, end):
            products[user_id].append(product)
        return products

    def _judged_open_before(self, user_steps):
        """The (user id, step id) of ``user_steps`` that a sheet of the officer for an earlier period of the unit
        already judged open, as assigned and not completed (its 'quantity' evidence line): the period they finish
        in judges only their completion (core ``judge_step``), so a product is assigned once. Any state of that
        sheet counts: recomputing a draft of the earlier period judges the step open again (it was open at that
        period's end), so it stays assigned there."""
        if not user_steps:
            return set()
        refs = {f"step:{step_id}" for _user_id, step_id in user_steps}
        self.env.cr.execute(
            SQL(
                """
            SELECT DISTINCT sh.user_id, e.ref
              FROM q1_evaluation_evidence e
              JOIN q1_evaluation_sheet sh ON sh.id = e.sheet_id
              JOIN q1_evaluation_period p ON p.id = sh.period_id
             WHERE e.criterion = 'quantity' AND e.ref IN %(refs)s
               AND p.company_id = %(company)s AND p.date_to < %(date_from)s""",
                refs=tuple(refs),
                company=self.company_id.id,
                date_from=self.date_from,
            )
        )
        seen = {(user_id, ref) for user_id, ref in self.env.cr.fetchall()}
        return {(user_id, step_id) for user_id, step_id in user_steps if (user_id, f"step:{step_id}") in seen}

    def _applicant_waits(self, dossier_ids):
        """{dossier id: [(kind, paused_at, resumed_at)]} of the dossiers' waits for the applicant (UTC)."""
        if not dossier_ids:
            return {}
        self.env.cr.execute(
            SQL(
                """
            SELECT dossier_id, kind, paused_at, resumed_at FROM q1_dossier_pause
             WHERE dossier_id IN %s ORDER BY dossier_id, paused_at, id""",
                tuple(dossier_ids),
            )
        )
        waits = {}
        for dossier_id, kind, paused, resumed in self.env.cr.fetchall():
            waits.setdefault(dossier_id, []).append((kind, paused, resumed))
        return waits

    def _answer_products(self, user_ids, start, end):
        """(user id, Product) of every dossier received at the counter in the period, and of every online submission
        answered there without being received (asked to complete, refused).

        The reception is the counter officer's product; a supplement asked for during appraisal means an item the
        receiver should have caught (Decree 118/2025 Art. 16(3): guide the applicant once, fully). An online
        submission is the product of whoever answered it first, and one delay of theirs when that answer came after
        08 working hours, counted on the receiving unit's calendar (Art. 17(2)(c); the watchdog's
        ``online_unanswered`` flag is cleared by the answer, so the hours are read from the record). A submission
        still unanswered at the end of a period is charged in the period it is answered, to whoever answers it,
        with the hours and times on the evidence line (core ``answer_product``).
        """
        self.env.cr.execute(
            SQL(
                """
            SELECT d.id, d.code, COALESCE(NULLIF(p.q1_product_weight, 0), 1.0),
                   EXISTS (SELECT 1 FROM q1_dossier_pause pa WHERE pa.dossier_id = d.id AND pa.kind = 'supplement'),
                   d.rating = 'not_satisfied', d.channel = 'online', d.submitted_at, rc.q1_work_calendar_id,
                   d.received_by_id, d.received_at, d.counter_officer_id, d.counter_outcome_at
              FROM q1_dossier d
              JOIN q1_procedure p ON p.id = d.procedure_id
              JOIN res_company rc ON rc.id = d.company_id
             WHERE (d.received_by_id IN %(users)s AND d.received_at >= %(start)s AND d.received_at < %(end)s)
                OR (d.channel = 'online' AND d.counter_officer_id IN %(users)s
                    AND d.counter_outcome_at >= %(start)s AND d.counter_outcome_at < %(end)s
                    AND (d.received_at IS NULL OR d.counter_outcome_at < d.received_at))
          ORDER BY d.id
            """,
                users=tuple(user_ids),
                start=start,
                end=end,
            )
        )
        rows = self.env.cr.fetchall()
        calendars = self.env["q1.dossier.watchdog"]._calendars() if any(row[5] for row in rows) else {}
        default = self.env.ref("q1_dossier.q1_work_calendar_state").id
        users = set(user_ids)
        for row in rows:
            dossier_id, code, weight, supplemented, unhappy, online, submitted, calendar_id = row[:8]
            received_by, received, answered_by, answered = row[8:]
            first_answer = answered if answered and (not received or answered < received) else received
            hours, times = None, {}
            if online and submitted and first_answer:
                calendar = calendars[calendar_id or default]
                times = {"submitted_at": to_local(submitted), "answered_at": to_local(first_answer)}
                hours = calendar.working_time(times["submitted_at"], times["answered_at"]).total_seconds() / 3600

            if received_by in users and received and start <= received < end:
                yield (
                    received_by,
                    answer_product(
                        ("reception", dossier_id),
                        code or "",
                        RECEPTION_STEP,
                        weight,
                        **({"answer_hours": hours, **times} if first_answer == received else {}),
                        errors=(ERROR_MISSED_ITEM,) if supplemented else (),
                        not_satisfied=bool(unhappy),
                    ),
                )
            if online and answered_by in users and answered and first_answer == answered and start <= answered < end:
                yield (
                    answered_by,
                    answer_product(
                        ("answer", dossier_id), code or "", ONLINE_ANSWER_STEP, weight, answer_hours=hours, **times
                    ),
                )

    def action_compute_sheets(self):
        """Create or refresh the draft sheet of every officer of the unit (sheets past draft are left alone)."""
        self.check_access("write")
        self.ensure_one()
        if self.state == "closed":
            raise UserError(self.env._("The period is closed."))
        employees = self._officers()
        Sheet = self.env["q1.evaluation.sheet"].sudo()
        existing = {sheet.employee_id.id: sheet for sheet in self.sheet_ids.sudo()}
        drafts = employees.filtered(lambda e: e.id not in existing or existing[e.id].state == "draft")
        products = self._products(drafts.user_id.ids) if drafts else {}
        new_values, evidence = [], []
        for employee in drafts:
            own = products[employee.user_id.id]
            result = task_result(own)
            # Task deductions, then the citizens' "not satisfied" ratings: evidence for sub-criterion II.4.
            lines = result.evidence + service_evidence(own)
            values = Sheet._values_from_task(employee, result, len(own))
            sheet = existing.get(employee.id)
            if sheet:
                sheet.evidence_ids.unlink()
                sheet.write(values)
                evidence += Sheet._evidence_values(sheet.id, lines)
            else:
                new_values.append((dict(values, period_id=self.id, employee_id=employee.id), lines))
        created = Sheet.create([values for values, _lines in new_values])
        for sheet, (_values, lines) in zip(created, new_values, strict=True):
            evidence += Sheet._evidence_values(sheet.id, lines)
        self.env["q1.evaluation.evidence"].sudo().create(evidence)
        return True

    def action_open_sheets(self):
        self.check_access("read")
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("q1_reporting.q1_evaluation_sheet_action")
        action["domain"] = [("period_id", "=", self.id)]
        action["context"] = {"default_period_id": self.id}
        return action

    @api.model
    def action_open_home(self):
        """HR's home: the open evaluation period of the unit the user works in (the latest one), as a form; the
        list of periods when none is open."""
        self.check_access("read")
        action = self.env["ir.actions.act_window"]._for_xml_id("q1_reporting.q1_evaluation_period_action")
        period = self.search(
            [("state", "=", "open"), ("company_id", "=", self._default_unit().id)], order="date_from desc", limit=1
        ) or self.search([("state", "=", "open")], order="date_from desc", limit=1)
        if period:
            action.update(res_id=period.id, view_mode="form", views=[(False, "form")])
        return action

    def action_close(self):
        self.check_access("write")
        for period in self:
            if period.sheet_ids.filtered(lambda s: s.state != "approved"):
                raise UserError(self.env._("Every sheet must be approved before the period is closed."))
            period.sudo().state = "closed"
        return True

    def action_export_xlsx(self):
        self.check_access("read")
        return self._q1_download_action("xlsx")

    def _q1_download_file(self, kind):
        """The period's sheets as .xlsx (the only kind)."""
        self.ensure_one()
        rows = [
            sheet._sheet_row()
            for sheet in self.sheet_ids.sorted(lambda s: (s.department_id.name or "", s.employee_id.name))
        ]
        stream = io.BytesIO()
        # The workbook's creation date is the midnight after the period (never the clock): same sheets, same bytes.
        created = datetime.combine(self.date_to + relativedelta(days=1), time.min)
        write_evaluation_xlsx(stream, rows, self.company_id.name.upper(), self.name, created)
        name = f"danh-gia-cong-chuc-{self.year}-{self.kind}-{self.index}.xlsx"
        return name, self._q1_xlsx_mimetype, stream.getvalue()

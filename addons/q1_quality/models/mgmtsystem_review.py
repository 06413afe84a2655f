import json
from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.q1_dossier.core.localtime import to_utc

from .q1_quality_unit_caller import APPROVER, ISO_SECRETARY, Q1QualityUnitCaller

MAX_PERIOD_DAYS = 731  # a review looks back over a year, two at most
SATISFACTION_INDEX = "5.4"


class MgmtsystemReview(Q1QualityUnitCaller, models.Model):
    """OCA's management review (ISO 9001 clause 9.3) of a one-stop unit over a period: "Gather" freezes the
    period's figures (``q1.review.figure``: objectives' results, internal audits, nonconformities and actions,
    the citizens' satisfaction by index 5.4, their feedback, the register of risks and opportunities), the
    decisions are its lines (decision, owner, due date), and the minutes print in Vietnamese. Once closed, its
    figures never change."""

    _inherit = "mgmtsystem.review"
    _q1_facts = frozenset(
        {
            "state",
            "reference",
            "q1_figure_ids",
            "q1_gathered_at",
            "q1_gathered_by_id",
            "q1_closed_at",
            "q1_closed_by_id",
        }
    )

    q1_date_from = fields.Date(string="Period From", tracking=True)
    q1_date_to = fields.Date(string="Period To", tracking=True)
    q1_chair_id = fields.Many2one("res.users", string="Chaired By", tracking=True)
    q1_secretary_id = fields.Many2one("res.users", string="Minutes Taken By")
    q1_location = fields.Char(string="Place")
    q1_figure_ids = fields.One2many("q1.review.figure", "review_id", string="Gathered Figures", readonly=True)
    q1_gathered_at = fields.Datetime(string="Gathered On", readonly=True)
    q1_gathered_by_id = fields.Many2one("res.users", string="Gathered By", readonly=True)
    q1_closed_at = fields.Datetime(string="Closed On", readonly=True)
    q1_closed_by_id = fields.Many2one("res.users", string="Closed By", readonly=True)

    @api.constrains("q1_date_from", "q1_date_to")
    def _check_q1_period(self):
        for review in self:
            start, end = review.q1_date_from, review.q1_date_to
            if bool(start) != bool(end):
                raise ValidationError(self.env._("Give the review period's first and last days."))
            if start and end and not start <= end <= start + timedelta(days=MAX_PERIOD_DAYS):
                raise ValidationError(self.env._("The review period ends after it starts and spans two years at most."))

    @api.constrains("q1_chair_id", "q1_secretary_id", "company_id")
    def _check_q1_people(self):
        for review in self.sudo():
            for user in review.q1_chair_id | review.q1_secretary_id:
                if review.company_id and review.company_id not in user.company_ids:
                    raise ValidationError(
                        self.env._(
                            "%(user)s is not an officer of %(unit)s.", user=user.name, unit=review.company_id.name
                        )
                    )

    # ------------------------------------------------------------------ writes

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._q1_input_check(vals)
            self._q1_check_facts(
                {name: value for name, value in vals.items() if value and name not in ("state", "reference")}
            )
            if vals.get("state", "open") != "open":
                self._q1_check_facts({"state": vals["state"]})
            self._q1_check_user_unit(self.env["res.company"].browse(vals.get("company_id") or self.env.company.id))
        return super().create(vals_list)

    def write(self, vals):
        self._q1_input_check(vals)
        self._q1_check_facts(vals)
        if not self.env.su:
            if any(review.state == "done" for review in self) and set(vals) - {"message_follower_ids", "activity_ids"}:
                raise UserError(self.env._("A closed review is a record: its minutes and figures do not change."))
            if "company_id" in vals:
                self._q1_check_user_unit(self.env["res.company"].browse(vals["company_id"]))
        regather = {"company_id", "q1_date_from", "q1_date_to"} & set(vals)
        result = super().write(vals)
        if regather:
            # the figures were gathered for another unit or period: they go, to be gathered again
            stale = self.sudo().filtered(lambda review: review.state == "open" and review.q1_figure_ids)
            stale.q1_figure_ids.unlink()
            stale.write({"q1_gathered_at": False, "q1_gathered_by_id": False})
        return result

    # ------------------------------------------------------------------ actions (buttons; RPC checks the caller)

    def action_q1_gather(self):
        """Gather the period's figures, frozen on the review (replacing those of an earlier gathering while the
        review is open)."""
        self._q1_check_caller(ISO_SECRETARY, APPROVER)
        for review in self:
            if review.state != "open":
                raise UserError(self.env._("The review is closed: its figures are a record and never change."))
            if not (review.q1_date_from and review.q1_date_to):
                raise UserError(self.env._("Give the review period before gathering its figures."))
            if not review.company_id:
                raise UserError(self.env._("Give the review its unit before gathering its figures."))
        # the figures are frozen text printed in the minutes: in the product's language (Vietnamese when installed),
        # whoever clicks
        reviews = self.sudo().with_context(lang=self.env["mgmtsystem.nonconformity"]._q1_lang())
        # one gathering at a time per review: the second of two clicks waits for the first; as the first also updates
        # the review's row (q1_gathered_at), PostgreSQL refuses the second's older snapshot at this lock and Odoo runs
        # its request again, which replaces the figures: one set, never two (TestGatherRace)
        self.env.cr.execute("SELECT id FROM mgmtsystem_review WHERE id IN %s FOR UPDATE", (tuple(reviews.ids),))
        reviews.invalidate_recordset()
        for review in reviews:
            if review.state != "open":
                raise UserError(self.env._("The review is closed: its figures are a record and never change."))
            values = review._q1_gather_values()
            review.q1_figure_ids.unlink()
            self.env["q1.review.figure"].sudo().create(
                [dict(vals, review_id=review.id, sequence=index) for index, vals in enumerate(values, start=1)]
            )
            review.write({"q1_gathered_at": fields.Datetime.now(), "q1_gathered_by_id": self.env.user.id})
        return True

    def button_close(self):
        """Close the review (OCA's button): its figures gathered, its decisions taken; the minutes are final."""
        self._q1_check_caller(APPROVER)
        for review in self.sudo():
            if review.state != "open":
                raise UserError(self.env._("This review is already closed."))
            if not review.q1_gathered_at:
                raise UserError(self.env._("Gather the review's figures before closing it."))
        self.sudo().write({"state": "done", "q1_closed_at": fields.Datetime.now(), "q1_closed_by_id": self.env.user.id})
        return True

    def action_q1_print_minutes(self):
        self.check_access("read")
        return self.env.ref("q1_quality.action_report_q1_review_minutes").report_action(self)

    # ------------------------------------------------------------------ what is gathered

    def _q1_bounds(self):
        """The period as UTC instants [start, end) of the unit's local days."""
        self.ensure_one()
        start = to_utc(datetime.combine(self.q1_date_from, time.min))
        end = to_utc(datetime.combine(self.q1_date_to + timedelta(days=1), time.min))
        return start, end

    def _q1_gather_values(self):
        """The figures of the review's period, as values of ``q1.review.figure`` (as the system: every record of
        the unit counts, whoever gathers)."""
        self.ensure_one()
        values = []
        for section in ("objectives", "audits", "nonconformities", "actions", "satisfaction", "feedback", "risks"):
            values += [dict(vals, section=section) for vals in getattr(self, f"_q1_gather_{section}")()]
        return values

    @staticmethod
    def _q1_figure(
        code, label, value=0.0, kind="count", records=None, numerator=0.0, denominator=0.0, target="", note=""
    ):
        return {
            "code": code,
            "label": label,
            "kind": kind,
            "value": value,
            "numerator": numerator,
            "denominator": denominator,
            "target": target,
            "note": note,
            "res_model": records._name if records is not None else False,
            "res_ids": json.dumps(sorted(records.ids)) if records is not None else False,
        }

    def _q1_rate(self, code, label, good, counted, note=""):
        """A rate figure over ``counted`` records, ``good`` of them satisfying it."""
        denominator = len(counted)
        value = round(100.0 * len(good) / denominator, 2) if denominator else 0.0
        return self._q1_figure(code, label, value, "rate", good, len(good), denominator, note=note)

    def _q1_unit_domain(self, model, paths):
        """The domain of ``model``'s records of the review's unit, by the first unit field path the model has."""
        for path in paths:
            current = self.env[model]
            for name in path.split("."):
                field = current._fields.get(name)
                if field is None:
                    break
                current = self.env[field.comodel_name] if field.relational else None
            else:
                if field.comodel_name == "res.company":
                    return [(path, "=", self.company_id.id)]
        return None

    def _q1_gather_objectives(self):
        """Each objective's indicator of the unit measured in the period: its last value there and whether it met
        its target (OCA's value state)."""
        Indicator = self.env["mgmtsystem.indicator"]
        domain = self._q1_unit_domain(
            "mgmtsystem.indicator",
            ("company_id", "q1_company_id", "objective_id.company_id", "objective_id.q1_company_id"),
        )
        if domain is None:
            return []
        Value = self.env["mgmtsystem.indicator.value"]
        states = dict(Value._fields["value_state"]._description_selection(self.env))
        q1_states = (
            dict(Value._fields["q1_status"]._description_selection(self.env)) if "q1_status" in Value._fields else {}
        )
        figures = []
        for indicator in Indicator.search(domain, order="objective_id, id"):
            values = Value.search(
                [
                    ("indicator_id", "=", indicator.id),
                    ("date", ">=", self.q1_date_from),
                    ("date", "<=", self.q1_date_to),
                ],
                order="date desc, id desc",
            )
            if not values:
                continue
            last = values[0]
            targets, note = [], states.get(last.value_state, "")
            if "q1_target" in indicator._fields:
                # the objectives part's target and status of the month (met / at risk / missed)
                sign = "≥" if indicator.q1_direction == "min" else "≤"
                targets.append(f"{sign} {format(indicator.q1_target, 'g').replace('.', ',')}")
                note = q1_states.get(last.q1_status, "")
            else:
                if indicator.has_min_target:
                    targets.append(f"≥ {indicator.min_target_value:g}")
                if indicator.has_max_target:
                    targets.append(f"≤ {indicator.max_target_value:g}")
            figures.append(
                self._q1_figure(
                    "objective",
                    f"{indicator.objective_id.name} – {indicator.name}",
                    last.value,
                    "value",
                    values,
                    numerator=len(values),
                    target=", ".join(targets),
                    note=note,
                )
            )
        return figures

    def _q1_gather_audits(self):
        """The internal audits of the unit held in the period, their checklists and findings; the programme's
        audits planned in the period's months."""
        start, end = self._q1_bounds()
        audits = self.env["mgmtsystem.audit"].search(
            [("company_id", "=", self.company_id.id), ("date", ">=", start), ("date", "<", end)]
        )
        lines = audits.line_ids
        answered = lines.filtered(lambda line: line.q1_result != "pending")
        findings = lines.filtered(lambda line: line.q1_result == "not_conforming")
        planned = (
            self.env["q1.audit.programme.line"]
            .search([("company_id", "=", self.company_id.id), ("programme_id.state", "!=", "draft")])
            .filtered(lambda line: self._q1_month_in_period(line.programme_id.year, int(line.month)))
        )
        return [
            self._q1_figure(
                "audits_planned",
                self.env._("Audits planned in the programme for the period"),
                len(planned),
                records=planned,
            ),
            self._q1_rate(
                "audits_planned_done",
                self.env._("Planned audits carried out (closed)"),
                planned.filtered(lambda line: line.audit_id.state == "done"),
                planned,
            ),
            self._q1_figure("audits_held", self.env._("Internal audits held"), len(audits), records=audits),
            self._q1_figure(
                "audits_closed",
                self.env._("Internal audits closed"),
                len(audits.filtered(lambda audit: audit.state == "done")),
                records=audits.filtered(lambda audit: audit.state == "done"),
            ),
            self._q1_figure("items_answered", self.env._("Checklist items answered"), len(answered), records=answered),
            self._q1_rate(
                "items_conforming",
                self.env._("Checklist items conforming"),
                answered.filtered(lambda line: line.q1_result == "conforming"),
                answered,
            ),
            self._q1_figure("findings", self.env._("Findings (items not conforming)"), len(findings), records=findings),
        ]

    def _q1_month_in_period(self, year, month):
        first = datetime(year, month, 1).date()
        return self.q1_date_from.replace(day=1) <= first <= self.q1_date_to

    def _q1_nonconformities(self):
        """The unit's nonconformities raised in the period (their ``q1_raised_at``)."""
        NC = self.env["mgmtsystem.nonconformity"]
        start, end = self._q1_bounds()
        bounds = [("q1_raised_at", ">=", start), ("q1_raised_at", "<", end)]
        return NC.with_context(active_test=False).search([("company_id", "=", self.company_id.id), *bounds])

    def _q1_gather_nonconformities(self):
        """The nonconformities raised in the period: in all, by kind (late dossier, apology, complaint, rating,
        audit, by hand) and by their state at the gathering; those closed in the period."""
        ncs = self._q1_nonconformities()
        figures = [self._q1_figure("nc_raised", self.env._("Nonconformities raised"), len(ncs), records=ncs)]
        NC = self.env["mgmtsystem.nonconformity"]
        if "q1_kind" in NC._fields:
            kinds = NC._fields["q1_kind"]._description_selection(self.env)
            for key, label in kinds:
                some = ncs.filtered(lambda nc, key=key: nc.q1_kind == key)
                if some:
                    figures.append(
                        self._q1_figure(
                            f"nc_kind_{key}", self.env._("Raised: %(kind)s", kind=label), len(some), records=some
                        )
                    )
        states = NC.env["mgmtsystem.nonconformity.stage"]._fields["state"]._description_selection(self.env)
        for key, label in states:
            some = ncs.filtered(lambda nc, key=key: nc.state == key)
            if some:
                figures.append(
                    self._q1_figure(
                        f"nc_state_{key}", self.env._("Now in state: %(state)s", state=label), len(some), records=some
                    )
                )
        start, end = self._q1_bounds()
        closed = NC.with_context(active_test=False).search(
            [("company_id", "=", self.company_id.id), ("closing_date", ">=", start), ("closing_date", "<", end)]
        )
        figures.append(
            self._q1_figure(
                "nc_closed", self.env._("Nonconformities closed in the period"), len(closed), records=closed
            )
        )
        return figures

    def _q1_gather_actions(self):
        """The actions of the unit due in the period: done by their due date, still open past it (overdue)."""
        Action = self.env["mgmtsystem.action"].with_context(active_test=False)
        due = Action.search(
            [
                ("company_id", "=", self.company_id.id),
                ("date_deadline", ">=", self.q1_date_from),
                ("date_deadline", "<=", self.q1_date_to),
            ]
        )
        _start, end = self._q1_bounds()

        def closed_by(action, instant):
            return action.date_closed and action.date_closed < instant

        on_time = due.filtered(
            lambda action: closed_by(
                action, to_utc(datetime.combine(action.date_deadline + timedelta(days=1), time.min))
            )
        )
        overdue = due.filtered(lambda action: not closed_by(action, end) and action not in on_time)
        return [
            self._q1_figure("actions_due", self.env._("Actions due in the period"), len(due), records=due),
            self._q1_rate("actions_on_time", self.env._("Actions done by their due date"), on_time, due),
            self._q1_figure(
                "actions_overdue", self.env._("Actions overdue at the end of the period"), len(overdue), records=overdue
            ),
        ]

    def _q1_gather_satisfaction(self):
        """Index 5.4 of Decision 766 over the unit's dossiers in the period (q1_reporting's rule: 1 − late rate −
        rate of dossiers rated "not satisfied" or complained about)."""
        wizard = self.env["q1.handling.report.wizard"].new(
            {
                "company_ids": [fields.Command.set(self.company_id.ids)],
                "period_kind": "custom",
                "date_from": self.q1_date_from,
                "date_to": self.q1_date_to,
            }
        )
        results = wizard._index_results().get(self.company_id.id, [])
        result = next((result for result in results if result.code == SATISFACTION_INDEX), None)
        if result is None:
            return []
        rate = round(100.0 * result.rate, 2) if result.rate is not None else 0.0
        return [
            self._q1_figure(
                "index_5_4",
                self.env._("Satisfaction with the handling of procedures (index 5.4)"),
                rate,
                "rate",
                numerator=result.numerator,
                denominator=result.denominator,
                note=self.env._(
                    "%(points)s of %(max)s points",
                    points=format(result.points, ".2f").replace(".", ","),
                    max=format(result.max_points, "g").replace(".", ","),
                ),
            )
        ]

    def _q1_gather_feedback(self):
        """The citizens' feedback the unit received in the period: answered on time, justified, and the citizens
        satisfied with the answer."""
        if "q1.feedback" not in self.env:
            return []
        start, end = self._q1_bounds()
        received = self.env["q1.feedback"].search(
            [("company_id", "=", self.company_id.id), ("received_at", ">=", start), ("received_at", "<", end)]
        )
        answered = received.filtered(lambda feedback: feedback.answered_at)
        rated = received.filtered(lambda feedback: feedback.answer_satisfaction)
        return [
            self._q1_figure("feedback_received", self.env._("Feedback received"), len(received), records=received),
            self._q1_rate(
                "feedback_on_time",
                self.env._("Feedback answered on time"),
                answered.filtered(lambda feedback: not feedback.answered_late),
                received,
            ),
            self._q1_figure(
                "feedback_justified",
                self.env._("Feedback found justified"),
                len(received.filtered("justified")),
                records=received.filtered("justified"),
            ),
            self._q1_rate(
                "feedback_satisfied",
                self.env._("Citizens satisfied with the answer"),
                rated.filtered(lambda feedback: feedback.answer_satisfaction == "satisfied"),
                rated,
            ),
        ]

    def _q1_gather_risks(self):
        """The unit's register of risks and opportunities not closed, by level: one figure per entry."""
        risks = self.env["q1.quality.risk"].search(
            [("company_id", "=", self.company_id.id), ("state", "!=", "closed")], order="level desc, id"
        )
        kinds = dict(risks._fields["kind"]._description_selection(self.env))
        states = dict(risks._fields["state"]._description_selection(self.env))
        return [
            self._q1_figure(
                "risk",
                f"{kinds[risk.kind]}: {risk.name}",
                risk.level,
                "level",
                risk,
                note=" – ".join(
                    part
                    for part in (
                        states[risk.state],
                        risk.action_id.name or "",
                        risk.owner_id.name or "",
                        risk.review_date.strftime("%d/%m/%Y") if risk.review_date else "",
                    )
                    if part
                ),
            )
            for risk in risks
        ]

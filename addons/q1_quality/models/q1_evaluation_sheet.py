"""A nonconformity naming an officer is evidence on their evaluation sheet (ISO 9001 10.2 x Decree 335/2025).

Decree 335/2025 (legal-2025-regime.md §4) deducts task points for failed quality checks and delays of a converted
product, and those are already on the sheet from the control slips (a late dossier's late step, a "not
satisfied" rating for sub-criterion II.4); it sets no deduction for a nonconformity as such. So a nonconformity
is cited on the sheet of the officer it names, for the period it was raised in, and deducts nothing by default:
``q1_quality.nc_evidence_points`` (system parameter, task points per nonconformity, 0 by default, at most 10) lets
a unit that decides otherwise take points off the computed task points, never below zero.

The lines are added where the period builds each draft sheet's evidence (``_evidence_values``, called by
q1_reporting's ``action_compute_sheets`` for every sheet it recomputes), so they are rebuilt with the others.
"""

from datetime import datetime, time, timedelta

from odoo import api, models

from odoo.addons.q1_dossier.core.localtime import to_utc

NC_POINTS_PARAM = "q1_quality.nc_evidence_points"
MAX_NC_POINTS = 10.0


class Q1EvaluationSheet(models.Model):
    _inherit = "q1.evaluation.sheet"

    @api.model
    def _evidence_values(self, sheet_id, lines):
        values = super()._evidence_values(sheet_id, lines)
        return values + self.sudo().browse(sheet_id)._q1_nonconformity_evidence()

    @api.model
    def _q1_nc_points(self):
        value = self.env["ir.config_parameter"].sudo().get_param(NC_POINTS_PARAM, "0")
        try:
            points = float(value)
        except (TypeError, ValueError):
            return 0.0
        return min(max(points, 0.0), MAX_NC_POINTS) if points == points else 0.0  # NaN: none

    def _q1_nonconformities(self):
        """The nonconformities of the sheet's unit raised in its period (local days) naming its officer, cancelled
        ones excepted."""
        self.ensure_one()
        period, user = self.period_id, self.employee_id.user_id
        if not user:
            return self.env["mgmtsystem.nonconformity"]
        start = to_utc(datetime.combine(period.date_from, time.min))
        end = to_utc(datetime.combine(period.date_to + timedelta(days=1), time.min))
        return (
            self.env["mgmtsystem.nonconformity"]
            .sudo()
            .search(
                [
                    ("company_id", "=", period.company_id.id),
                    ("q1_officer_id", "=", user.id),
                    ("q1_raised_at", ">=", start),
                    ("q1_raised_at", "<", end),
                    ("state", "!=", "cancel"),
                ],
                order="q1_raised_at, id",
            )
        )

    def _q1_nc_reason(self, nc, kind_labels, points):
        """The evidence line's text: the kind and title of the nonconformity, and the points it took if any."""
        reason = f"{kind_labels.get(nc.q1_kind, '')}: {nc.name or nc.description}"
        if points:
            shown = f"{points:g}"
            reason = self.env._("%(reason)s (%(points)s task points deducted)", reason=reason, points=shown)
        return reason[:250]

    def _q1_nonconformity_evidence(self):
        """The evidence values of the nonconformities naming the sheet's officer; with a deduction set, the computed
        task points (just written by the period) lose it, never below zero."""
        self.ensure_one()
        ncs = self._q1_nonconformities()
        if not ncs:
            return []
        points = self._q1_nc_points()
        kind_labels = dict(self.env["mgmtsystem.nonconformity"]._fields["q1_kind"]._description_selection(self.env))
        if points:
            self.write({"computed_task_points": max(0.0, self.computed_task_points - points * len(ncs))})
        return [
            {
                "sheet_id": self.id,
                "ref": f"nonconformity:{nc.id}",
                "dossier_code": nc.q1_dossier_id.code or nc.ref,
                "step_name": nc.ref,
                "criterion": "nonconformity",
                "reason": self._q1_nc_reason(nc, kind_labels, points),
                # a share of a converted product on the other lines: a nonconformity is not one
                "points_deducted": 0.0,
            }
            for nc in ncs
        ]

from datetime import time

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..core import validation
from ..core.deadline import day_appointment
from ..core.workcal import WorkCalendar


def _float_to_time(value):
    hours = int(value)
    minutes = int(round((value - hours) * 60))
    if minutes == 60:
        hours, minutes = hours + 1, 0
    return time(hours, minutes)


class Q1WorkCalendar(models.Model):
    """The official working calendar of a receiving unit.

    Holidays, the announced Tết break and make-up working Saturdays change every year by government
    announcement (Labour Code 2019 Art. 112 and the yearly notice of the Ministry of Home Affairs), so they are
    data that managers maintain, never code.
    """

    _name = "q1.work.calendar"
    _description = "Working Calendar"
    _q1_text_limits = {"name": validation.NAME_MAX_LENGTH}
    _order = "name"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    saturday_off = fields.Boolean(
        default=True, help="Saturday is a weekly day off unless listed as a make-up working day."
    )
    sunday_off = fields.Boolean(default=True)
    morning_start = fields.Float(default=7.5, required=True)
    morning_end = fields.Float(default=11.5, required=True)
    afternoon_start = fields.Float(default=13.0, required=True)
    afternoon_end = fields.Float(default=17.0, required=True)
    same_day_cutoff = fields.Float(
        default=15.0,
        required=True,
        help="Same-day procedures received at or after this time are due the next working day "
        "(Decree 118/2025 Art. 18(2): dossiers received after 15:00 move on the next working day).",
    )
    appointment_time = fields.Float(
        default=14.0,
        required=True,
        help="Time of day printed on the receipt for results due on a given day (procedures counted in days).",
    )
    appointment_rule = fields.Selection(
        [
            ("fixed", "Fixed hour"),
            ("end_of_day", "End of the working day"),
            ("reception_hour", "Hour of reception"),
        ],
        default="fixed",
        required=True,
        help="Hour of the appointment printed on the receipt for procedures counted in days. No text sets it: the "
        "end of the working day follows the Civil Code (2015 Art. 148: a period in days ends with its last day); "
        "the hour of reception counts whole days; the fixed hour is the unit's practice. Limits in hours get the "
        "exact hour their working hours give.",
    )
    day_ids = fields.One2many("q1.work.calendar.day", "calendar_id", string="Exceptional Days")
    holiday_count = fields.Integer(compute="_compute_day_counts")
    workday_count = fields.Integer(compute="_compute_day_counts")

    @api.depends("day_ids.day_type")
    def _compute_day_counts(self):
        for calendar in self:
            types = calendar.day_ids.mapped("day_type")
            calendar.holiday_count = types.count("holiday")
            calendar.workday_count = types.count("workday")

    @api.constrains(
        "morning_start", "morning_end", "afternoon_start", "afternoon_end", "same_day_cutoff", "appointment_time"
    )
    def _check_shifts(self):
        for calendar in self:
            bounds = [calendar.morning_start, calendar.morning_end, calendar.afternoon_start, calendar.afternoon_end]
            if not all(0 <= value < 24 for value in bounds + [calendar.same_day_cutoff, calendar.appointment_time]):
                raise ValidationError(self.env._("Working hours must lie between 00:00 and 24:00."))
            if not bounds == sorted(bounds) or len(set(bounds)) < 4:
                raise ValidationError(
                    self.env._(
                        "Working shifts must be in order: "
                        "morning start < morning end <= afternoon start < afternoon end."
                    )
                )

    def _to_core(self):
        """The plain calendar the functional core computes with."""
        self.ensure_one()
        weekend = {day for day, off in ((5, self.saturday_off), (6, self.sunday_off)) if off}
        days = self.day_ids
        return WorkCalendar(
            holidays=frozenset(days.filtered(lambda d: d.day_type == "holiday").mapped("date")),
            extra_workdays=frozenset(days.filtered(lambda d: d.day_type == "workday").mapped("date")),
            weekend=frozenset(weekend),
            shifts=(
                (_float_to_time(self.morning_start), _float_to_time(self.morning_end)),
                (_float_to_time(self.afternoon_start), _float_to_time(self.afternoon_end)),
            ),
        )

    def _cutoff_time(self):
        self.ensure_one()
        return _float_to_time(self.same_day_cutoff)

    def _appointment_clock(self):
        self.ensure_one()
        return _float_to_time(self.appointment_time)

    def _appointment(self, due, local_received):
        """Local appointment instant for a result due on ``due`` (limits in days), received at ``local_received``
        (local), by the calendar's appointment rule (core.deadline.day_appointment)."""
        self.ensure_one()
        return day_appointment(due, local_received, self._to_core(), self.appointment_rule, self._appointment_clock())

    def _q1_clean_vals(self, vals):
        return self._q1_apply(
            super()._q1_clean_vals(vals), "name", validation.clean_text, validation.NAME_MAX_LENGTH, True
        )

from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..core import validation


class Q1WorkCalendarDay(models.Model):
    _name = "q1.work.calendar.day"
    _description = "Exceptional Calendar Day"
    _q1_text_limits = {"name": validation.NAME_MAX_LENGTH}
    _order = "date"

    calendar_id = fields.Many2one("q1.work.calendar", required=True, ondelete="cascade", index=True)
    date = fields.Date(required=True)
    day_type = fields.Selection(
        [("holiday", "Day off"), ("workday", "Make-up working day")], required=True, default="holiday"
    )
    name = fields.Char(string="Reason", required=True, translate=True)

    _sql_constraints = [
        ("date_uniq", "unique(calendar_id, date)", "A day can be listed only once in a working calendar."),
    ]

    @api.constrains("date", "day_type", "calendar_id")
    def _check_make_up_day_on_weekend(self):
        for day in self.filtered(lambda d: d.day_type == "workday"):
            calendar = day.calendar_id
            weekend = {5} if calendar.saturday_off else set()
            weekend |= {6} if calendar.sunday_off else set()
            if day.date.weekday() not in weekend:
                raise ValidationError(
                    self.env._(
                        "%(date)s is already a working day; a make-up working day must fall on a weekly day off.",
                        date=day.date.strftime("%d/%m/%Y"),
                    )
                )

    def _q1_clean_vals(self, vals):
        vals = super()._q1_clean_vals(vals)
        vals = self._q1_apply(vals, "name", validation.clean_text, validation.NAME_MAX_LENGTH, True)
        return self._q1_apply(
            vals, "date", validation.check_date_between, validation.CALENDAR_FIRST_DAY, validation.CALENDAR_LAST_DAY
        )

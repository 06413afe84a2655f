from datetime import datetime, time

from odoo import api, fields, models

from ..core.localtime import local_date, to_utc
from .q1_dossier import DossierExtension

# The columns of today's counter board (views/q1_counter_views.xml), apart from the processing board.
COUNTER_COLUMNS = [
    ("new", "New, not received"),
    ("incomplete", "Asked to complete at the counter"),
    ("received", "Received at the counter today"),
    ("refused", "Refused at the counter"),
]


class Q1DossierCounter(DossierExtension, models.Model):
    """Today's counter: the dossiers a reception officer has on the desk. Those not yet received (new, or asked
    to complete at the counter), those received today and those refused at the counter today, each in its
    column, whatever happened to them since (a dossier received this morning and already being processed is
    still in 'Received today')."""

    _inherit = "q1.dossier"

    counter_column = fields.Selection(
        COUNTER_COLUMNS,
        compute="_compute_counter_column",
        store=True,
        group_expand=True,
        help="The column of the dossier on today's counter board.",
    )
    at_counter_today = fields.Boolean(
        string="On Today's Counter",
        compute="_compute_at_counter_today",
        search="_search_at_counter_today",
        help="Not yet received, or received or refused at the counter today (local day).",
    )

    @api.depends("state", "received_at")
    def _compute_counter_column(self):
        for dossier in self:
            if dossier.state == "draft":
                dossier.counter_column = "new"
            elif dossier.state == "incomplete":
                dossier.counter_column = "incomplete"
            elif dossier.received_at:
                dossier.counter_column = "received"
            elif dossier.state == "refused":
                dossier.counter_column = "refused"
            else:
                dossier.counter_column = False

    @api.model
    def _counter_today(self):
        """Today's local date, and the UTC instant of its midnight."""
        today = local_date(fields.Datetime.now())
        return today, to_utc(datetime.combine(today, time.min))

    def _compute_at_counter_today(self):
        today, _midnight = self._counter_today()
        for dossier in self:
            if dossier.counter_column in ("new", "incomplete"):
                dossier.at_counter_today = True
            elif dossier.counter_column == "received":
                dossier.at_counter_today = dossier.received_date == today
            elif dossier.counter_column == "refused":
                dossier.at_counter_today = bool(dossier.counter_outcome_at) and (
                    local_date(dossier.counter_outcome_at) == today
                )
            else:
                dossier.at_counter_today = False

    def _search_at_counter_today(self, operator, value):
        if operator not in ("=", "!="):
            raise NotImplementedError(f"Operator {operator!r} is not supported on at_counter_today.")
        today, midnight = self._counter_today()
        domain = [
            "|",
            "|",
            ("counter_column", "in", ("new", "incomplete")),
            "&",
            ("counter_column", "=", "received"),
            ("received_date", "=", today),
            "&",
            ("counter_column", "=", "refused"),
            ("counter_outcome_at", ">=", midnight),
        ]
        if (operator == "=") != bool(value):
            domain = ["!", *domain]
        return domain

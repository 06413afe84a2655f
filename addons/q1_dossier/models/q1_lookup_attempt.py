from datetime import timedelta

from odoo import api, fields, models
from odoo.tools.sql import create_index


class Q1LookupAttempt(models.Model):
    """One request to the public lookup page, kept for a day to rate-limit guessing by client address.

    Stored in the database (not in process memory) so that the limit holds across workers."""

    _name = "q1.lookup.attempt"
    _description = "Public Lookup Attempt"
    _order = "create_date desc, id desc"

    ip = fields.Char(string="Client Address", required=True, readonly=True)

    def init(self):
        create_index(self.env.cr, "q1_lookup_attempt_ip_create_date_idx", self._table, ["ip", "create_date"])

    @api.model
    def _record_attempt(self, ip, limit, window_minutes):
        """Record one attempt from ``ip`` unless it already made ``limit`` in the last ``window_minutes``.

        Returns False (and records nothing) when the limit is reached. A per-address transaction lock
        serialises concurrent requests from one address, so parallel workers cannot overshoot the limit."""
        ip = (ip or "unknown")[:64]
        self.env.cr.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"q1.lookup.attempt:{ip}"])
        since = self.env.cr.now() - timedelta(minutes=window_minutes)
        if self.sudo().search_count([("ip", "=", ip), ("create_date", ">=", since)]) >= limit:
            return False
        self.sudo().create({"ip": ip})
        return True

    @api.autovacuum
    def _gc_lookup_attempts(self):
        """Attempts older than a day are of no use to the limit; delete them (no cascade hangs on this table)."""
        self.env.cr.execute(
            "DELETE FROM q1_lookup_attempt WHERE create_date < %s", [fields.Datetime.now() - timedelta(days=1)]
        )

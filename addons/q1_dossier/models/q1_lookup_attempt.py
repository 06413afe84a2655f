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

        Returns False (and records nothing) when the limit is reached. The count and the insert run in a short
        transaction of their own, committed before the lookup: the attempt stays counted whatever the lookup
        does afterwards (an error in it rolls back the request's transaction, not this one).

        That transaction starts with ``LOCK TABLE``, which takes no snapshot: under REPEATABLE READ (Odoo's
        isolation) the snapshot is taken by the first query, here the count, once the lock is held, so the count
        sees every attempt committed by the workers that went before. A per-address advisory lock would not do:
        the ``SELECT pg_advisory_xact_lock(...)`` that waits for it is itself a query, whose snapshot predates
        the commits it waits for, so parallel workers counted stale rows and overshot the limit. The table lock
        serialises the count and the insert of every address, which takes a millisecond; reading the table (the
        list view, the statistics) is not blocked."""
        ip = (ip or "unknown")[:64]
        with self.env.registry.cursor() as cr:
            cr.execute("LOCK TABLE q1_lookup_attempt IN SHARE ROW EXCLUSIVE MODE")
            now = cr.now()
            cr.execute(
                "SELECT COUNT(*) FROM q1_lookup_attempt WHERE ip = %s AND create_date >= %s",
                (ip, now - timedelta(minutes=window_minutes)),
            )
            if cr.fetchone()[0] >= limit:
                return False
            cr.execute(
                "INSERT INTO q1_lookup_attempt (ip, create_uid, create_date, write_uid, write_date) "
                "VALUES (%s, %s, %s, %s, %s)",
                (ip, self.env.uid, now, self.env.uid, now),
            )
        return True

    @api.autovacuum
    def _gc_lookup_attempts(self):
        """Attempts older than a day are of no use to the limit; delete them (no cascade hangs on this table)."""
        self.env.cr.execute(
            "DELETE FROM q1_lookup_attempt WHERE create_date < %s", [fields.Datetime.now() - timedelta(days=1)]
        )

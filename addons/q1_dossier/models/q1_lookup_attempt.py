from datetime import timedelta

from odoo import api, fields, models
from odoo.tools.sql import create_index


class Q1LookupAttempt(models.Model):
    """One failed request to the public lookup page, kept for a day to rate-limit guessing.

    Only failures count: a lookup that finds its dossier deletes its attempt again, so the citizens behind one
    ward's shared Wi-Fi who look up their own dossiers never lock each other out. Guessing is limited twice over:
    a few failures per address and code (guessing the 4 digits of one code) and a ceiling of failures per
    address, much higher (guessing codes). Stored in the database (not in process memory) so that the limit
    holds across workers."""

    _name = "q1.lookup.attempt"
    _description = "Public Lookup Attempt"
    _order = "create_date desc, id desc"

    ip = fields.Char(string="Client Address", required=True, readonly=True)
    code = fields.Char(
        string="Typed Code", readonly=True, help="The code looked up, upper case; empty when the input was malformed."
    )

    def init(self):
        create_index(self.env.cr, "q1_lookup_attempt_ip_create_date_idx", self._table, ["ip", "create_date"])

    @api.model
    def _record_attempt(self, ip, limit, window_minutes, code=None, code_limit=None):
        """Record one attempt from ``ip`` (for ``code``) unless the address already has ``limit`` attempts in the
        last ``window_minutes``, or, when ``code_limit`` is given, ``code_limit`` attempts for this code.

        Returns the id of the attempt recorded, or False (and records nothing) when a limit is reached. The caller
        deletes the attempt again with ``_forget_attempt`` when the lookup succeeds: what stays counted are the
        failures, and the lookups still running. The count and the insert run in a short transaction of their
        own, committed before the lookup: the attempt stays counted whatever the lookup does afterwards (an error
        in it rolls back the request's transaction, not this one).

        That transaction starts with ``LOCK TABLE``, which takes no snapshot: under REPEATABLE READ (Odoo's
        isolation) the snapshot is taken by the first query, here the count, once the lock is held, so the count
        sees every attempt committed by the workers that went before. A per-address advisory lock would not do:
        the ``SELECT pg_advisory_xact_lock(...)`` that waits for it is itself a query, whose snapshot predates
        the commits it waits for, so parallel workers counted stale rows and overshot the limit. The table lock
        serialises the count and the insert of every address, which takes a millisecond; reading the table (the
        list view, the statistics) is not blocked."""
        ip = (ip or "unknown")[:64]
        code = (code or "")[:64]
        with self.env.registry.cursor() as cr:
            cr.execute("LOCK TABLE q1_lookup_attempt IN SHARE ROW EXCLUSIVE MODE")
            now = cr.now()
            since = now - timedelta(minutes=window_minutes)
            cr.execute(
                "SELECT COUNT(*), COUNT(*) FILTER (WHERE COALESCE(code, '') = %s) "
                "FROM q1_lookup_attempt WHERE ip = %s AND create_date >= %s",
                (code, ip, since),
            )
            for_address, for_code = cr.fetchone()
            if for_address >= limit or (code_limit and for_code >= code_limit):
                return False
            cr.execute(
                "INSERT INTO q1_lookup_attempt (ip, code, create_uid, create_date, write_uid, write_date) "
                "VALUES (%s, %s, %s, %s, %s, %s) RETURNING id",
                (ip, code, self.env.uid, now, self.env.uid, now),
            )
            return cr.fetchone()[0]

    @api.model
    def _forget_attempt(self, attempt_id):
        """The lookup of attempt ``attempt_id`` found its dossier: it no longer counts (own transaction, as the
        recording)."""
        if not attempt_id:
            return
        with self.env.registry.cursor() as cr:
            cr.execute("DELETE FROM q1_lookup_attempt WHERE id = %s", (attempt_id,))

    @api.autovacuum
    def _gc_lookup_attempts(self):
        """Attempts older than a day are of no use to the limit; delete them (no cascade hangs on this table)."""
        self.env.cr.execute(
            "DELETE FROM q1_lookup_attempt WHERE create_date < %s", [fields.Datetime.now() - timedelta(days=1)]
        )

from odoo import api, fields, models


class Q1DossierCodeCounter(models.Model):
    """The sequence numbers issued per receiving unit and local day, for the legal dossier code: one row per
    number, written in the transaction of the reception that took it.

    Codes must be unique and gap-free (a rolled-back reception gives its number back), and a rush of receptions
    in one unit must never show a clerk a database error. Odoo runs every request under REPEATABLE READ, where
    updating one counter row from two transactions makes the second fail with a serialization error once the
    first commits; Odoo retries the request a few times and then shows the error (16 of 60 clerks saw it). A
    PostgreSQL sequence (``ir.sequence`` "standard") never blocks but leaves gaps; ``ir.sequence`` "no_gap"
    locks its row and relies on the same retries. So numbers are taken as follows (``_next_seq``):

    1. a transaction-level advisory lock per unit: receptions of one unit queue behind the one numbering (they
       wait, they never fail) until it commits or rolls back; other units are not held up;
    2. the highest number issued so far is read in a new short transaction, whose snapshot starts after the
       lock is held and therefore sees every number committed by the receptions that went before (the
       reception's own snapshot may be older), and in the reception's own transaction (its own numbers, not
       committed yet);
    3. the next number is inserted as a new row: nothing is updated, so nothing can conflict with a
       concurrent update. It lives and dies with the reception: a rollback returns it, and the next reception
       in the queue takes it.

    The unique constraint on (unit, day, number) and the one on the dossier code remain the last guards.
    """

    _name = "q1.dossier.code.counter"
    _description = "Dossier Code Counter"
    _log_access = False

    company_id = fields.Many2one("res.company", required=True, ondelete="cascade")
    day = fields.Date(required=True)
    # One issued number per row; the unit's last number of the day is the highest.
    last_seq = fields.Integer(required=True, default=0)

    # Same name as the former one-row-per-day constraint, so that an upgrade replaces it.
    _sql_constraints = [
        ("company_day_uniq", "unique(company_id, day, last_seq)", "A number is issued once per unit and day.")
    ]

    @api.model
    def _next_seq(self, company_id, day):
        """Issue the next number of unit ``company_id`` for local ``day``; only reception calls it."""
        self.flush_model()
        cr = self.env.cr
        cr.execute("SELECT pg_advisory_xact_lock(hashtext('q1.dossier.code.counter'), %s)", (company_id,))
        query = "SELECT COALESCE(MAX(last_seq), 0) FROM q1_dossier_code_counter WHERE company_id = %s AND day = %s"
        committed = 0
        if self.env.registry.ready:
            # (While modules load, the table itself may not be committed yet, and nothing else is receiving.)
            with self.env.registry.cursor() as fresh:
                fresh.execute(query, (company_id, day))
                committed = fresh.fetchone()[0]
        cr.execute(query, (company_id, day))
        seq = max(committed, cr.fetchone()[0]) + 1
        cr.execute(
            "INSERT INTO q1_dossier_code_counter (company_id, day, last_seq) VALUES (%s, %s, %s)",
            (company_id, day, seq),
        )
        return seq

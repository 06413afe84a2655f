from odoo import fields, models


class Q1DossierCodeCounter(models.Model):
    """Last sequence number used per receiving unit and day, for the legal dossier code.

    The counter is taken with one atomic upsert in the receiving transaction: two counters receiving at the
    same instant serialise on the row, the loser's transaction fails with a serialization error that Odoo
    retries, and nothing is ever numbered twice (the unique code constraint is the last guard).
    A rolled-back reception returns its number, so codes have no gaps either.
    """

    _name = "q1.dossier.code.counter"
    _description = "Dossier Code Counter"
    _log_access = False

    company_id = fields.Many2one("res.company", required=True, ondelete="cascade")
    day = fields.Date(required=True)
    last_seq = fields.Integer(required=True, default=0)

    _sql_constraints = [("company_day_uniq", "unique(company_id, day)", "One counter per unit and day.")]

    def next_seq(self, company_id, day):
        self.env.flush_all()
        self.env.cr.execute(
            """
            INSERT INTO q1_dossier_code_counter (company_id, day, last_seq)
                 VALUES (%s, %s, 1)
            ON CONFLICT (company_id, day)
              DO UPDATE SET last_seq = q1_dossier_code_counter.last_seq + 1
              RETURNING last_seq
            """,
            (company_id, day),
        )
        return self.env.cr.fetchone()[0]

import functools

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL


class Q1CitizenViewLog(models.Model):
    """Who opened a citizen's record, when, acting in which unit: one entry per opening of the record's page by an
    officer (the form's read, ``web_read``). A citizen's record gathers all that the wards hold about them, so each
    look at it is answerable (Decree 13/2023/NĐ-CP on personal data; the article asking for such a log is
    UNCONFIRMED). Written by the product only, never changed, never deleted but by the superuser; the
    administrators read it (Configuration / Audit), nobody else."""

    _name = "q1.citizen.view.log"
    _description = "Citizen's Record View"
    _order = "at desc, id desc"
    _rec_name = "citizen_id"

    at = fields.Datetime(string="When", required=True, readonly=True, default=fields.Datetime.now, index=True)
    user_id = fields.Many2one(
        "res.users", string="Officer", required=True, readonly=True, ondelete="restrict", index=True
    )
    citizen_id = fields.Many2one("q1.citizen", required=True, readonly=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(
        "res.company",
        string="Acting In",
        readonly=True,
        ondelete="set null",
        index=True,
        help="The unit the officer acted in when opening the record.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(self.env._("Views of a citizen's record are logged by the system only."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            raise AccessError(self.env._("The log of views of a citizen's record is never changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_superuser_only(self):
        if not self.env.su:
            raise AccessError(self.env._("The log of views of a citizen's record is never deleted."))

    @api.model
    def _q1_log_views(self, citizen_ids):
        """Log the current user's opening of the records ``citizen_ids``: nothing for the system (the product's
        own reads). A read-only request (``web_read`` may run on a read replica) writes on the primary once it has
        read, as q1_dossier's audit log does."""
        if self.env.su or not citizen_ids:
            return
        entries = (list(citizen_ids), self.env.user.id, self.env.company.id or None, fields.Datetime.now())
        if self.env.cr.readonly:
            self.env.cr.postcommit.add(functools.partial(self._q1_log_on_primary, *entries))
        else:
            self.env.cr.execute(self._q1_log_sql(*entries))

    def _q1_log_on_primary(self, *entries):
        with self.env.registry.cursor() as cr:
            cr.execute(self._q1_log_sql(*entries))

    @staticmethod
    def _q1_log_sql(citizen_ids, user_id, company_id, now):
        return SQL(
            """
            INSERT INTO q1_citizen_view_log (at, user_id, citizen_id, company_id,
                                             create_uid, create_date, write_uid, write_date)
                 SELECT %(now)s, %(user)s, c.id, %(company)s, %(user)s, %(now)s, %(user)s, %(now)s
                   FROM q1_citizen c
                  WHERE c.id = ANY(%(ids)s)
            """,
            now=now,
            user=user_id,
            company=company_id,
            ids=citizen_ids,
        )

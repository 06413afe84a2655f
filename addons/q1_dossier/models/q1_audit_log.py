import functools

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..core.localtime import to_local


class Q1AuditLog(models.Model):
    """Who looked, who changed: the entries an auditor reads. The personal-data rules (Decree 13/2023/NĐ-CP, and the
    Law on Personal Data Protection from 2026) expect the controller to be able to say who processed a citizen's
    data; the article that asks for a processing log is UNCONFIRMED here. The one-stop record's facts are evidence.

    Two kinds of entries:

    * ``read``: a citizen's personal data (the ``applicant_*`` fields of a dossier) reached by a user outside the
      dossier's own unit flow. The flow is defined in ``q1.personal.data.mixin``: in short, a user acting in the
      dossier's receiving or deciding unit, who is not an administrator. One entry per user, dossier and local day
      (the first read of the day): enough to answer "who saw this citizen's file", without one row per kanban load;
    * ``correction``: a legal fact of a dossier corrected by an administrator (``q1.dossier.correction``), with the
      old and new values and the reason.

    Why not OCA's ``auditlog`` (18.0): its rules are per model and per user (log every read of a model, optionally
    for chosen users); it cannot express "outside the dossier's unit flow", a condition on each record and the
    reader's unit, so it would log every read of every officer (every kanban load) and the auditor would have to
    find the few reads that matter among millions. Its read logging also wraps ``read()`` only, which the 18.0 web
    client reaches through ``web_read`` but ``search_read``/exports/reports do not. Corrections are logged here too
    so that the auditor has one place to look.

    Entries are written by the product only (as the system), never edited, and deleted by the superuser only; the
    menu (Configuration / Audit) is the administrators'.
    """

    _name = "q1.audit.log"
    _description = "Audit Log Entry"
    _order = "at desc, id desc"
    _rec_name = "dossier_code"

    kind = fields.Selection(
        [("read", "Personal data read outside the unit flow"), ("correction", "Legal fact corrected")],
        required=True,
        readonly=True,
        index=True,
    )
    at = fields.Datetime(string="When", required=True, readonly=True, default=fields.Datetime.now, index=True)
    day = fields.Date(readonly=True, help="Local date of the entry; a user's reads of a dossier are logged once a day.")
    user_id = fields.Many2one("res.users", required=True, readonly=True, ondelete="restrict", index=True)
    acting_company_id = fields.Many2one(
        "res.company", string="Acting In", readonly=True, ondelete="set null", help="The unit the user acted in."
    )
    dossier_id = fields.Many2one("q1.dossier", readonly=True, ondelete="set null", index=True)
    dossier_code = fields.Char(readonly=True)
    company_id = fields.Many2one("res.company", string="Receiving Unit", readonly=True, ondelete="set null")
    deciding_company_id = fields.Many2one("res.company", string="Deciding Unit", readonly=True, ondelete="set null")
    fact = fields.Char(string="Fact Corrected", readonly=True)
    old_value = fields.Char(readonly=True)
    new_value = fields.Char(readonly=True)
    reason = fields.Text(readonly=True)

    def init(self):
        self.env.cr.execute(
            "CREATE UNIQUE INDEX IF NOT EXISTS q1_audit_log_read_once "
            "ON q1_audit_log (user_id, dossier_id, day) WHERE kind = 'read'"
        )

    # ------------------------------------------------------------------ never edited

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise AccessError(self.env._("Audit log entries are written by the system only."))
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            raise AccessError(self.env._("Audit log entries are never changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_superuser_only(self):
        if not self.env.su:
            raise AccessError(self.env._("Audit log entries are never deleted."))

    # ------------------------------------------------------------------ writers

    @api.model
    def _log_personal_reads(self, dossier_ids):
        """Log the current user's read of the personal data of the dossiers ``dossier_ids()`` (a callable, called
        only when something is logged) when it is outside the unit flow (``q1.personal.data.mixin``): nothing
        for the system, nor for an officer acting in exactly one unit, whom the record rules keep in its flow."""
        if self.env.su:
            return
        administrator = self.env.user.has_group("q1_dossier.group_q1_manager")
        if not administrator and self.env.companies == self.env.company:
            return
        self.sudo()._log_reads(dossier_ids(), self.env.user, self.env.company, administrator)

    @api.model
    def _log_reads(self, dossier_ids, user, acting_company, always):
        """Log the reads of dossiers ``dossier_ids`` by ``user`` acting in ``acting_company``: those outside the
        unit flow (the acting unit is neither the receiving nor the deciding unit), or all of them when
        ``always`` (an administrator). One statement, at most one entry per user, dossier and day.

        A read-only request may run on a read replica (Odoo's ``db_replica_host``), where nothing can be written:
        its entries are written on the primary by a cursor of their own once the request has read, as Odoo writes
        its device log (``res.device.log``); otherwise the INSERT would fail there and Odoo would run the whole
        request again on the primary."""
        entries = (list(dossier_ids), user.id, acting_company.id or None, bool(always), fields.Datetime.now())
        if self.env.cr.readonly:
            self.env.cr.postcommit.add(functools.partial(self._log_reads_on_primary, *entries))
        else:
            self.env.cr.execute(self._reads_sql(*entries))

    def _log_reads_on_primary(self, *entries):
        with self.env.registry.cursor() as cr:
            cr.execute(self._reads_sql(*entries))

    @staticmethod
    def _reads_sql(dossier_ids, user_id, acting_company_id, always, now):
        return SQL(
            """
            INSERT INTO q1_audit_log (kind, at, day, user_id, acting_company_id, dossier_id, dossier_code,
                                      company_id, deciding_company_id, create_uid, create_date, write_uid, write_date)
                 SELECT 'read', %(now)s, %(day)s, %(user)s, %(acting)s, d.id, d.code,
                        d.company_id, d.deciding_company_id, %(user)s, %(now)s, %(user)s, %(now)s
                   FROM q1_dossier d
                  WHERE d.id = ANY(%(ids)s)
                    AND (%(always)s OR %(acting)s IS NULL
                         OR %(acting)s NOT IN (d.company_id, COALESCE(d.deciding_company_id, d.company_id)))
             ON CONFLICT DO NOTHING
            """,
            now=now,
            day=to_local(now).date(),
            user=user_id,
            acting=acting_company_id,
            ids=dossier_ids,
            always=always,
        )

    @api.model
    def _log_correction(self, dossier, fact, old_value, new_value, reason):
        now = fields.Datetime.now()
        return self.sudo().create(
            {
                "kind": "correction",
                "at": now,
                "day": to_local(now).date(),
                "user_id": self.env.user.id,
                "acting_company_id": self.env.company.id,
                "dossier_id": dossier.id,
                "dossier_code": dossier.code,
                "company_id": dossier.company_id.id,
                "deciding_company_id": dossier.deciding_company_id.id,
                "fact": fact,
                "old_value": old_value,
                "new_value": new_value,
                "reason": reason,
            }
        )

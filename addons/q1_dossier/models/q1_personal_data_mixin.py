from odoo import models


class Q1PersonalDataMixin(models.AbstractModel):
    """Logs reads of a citizen's personal data made outside the dossier's own unit flow (``q1.audit.log``).

    **The unit flow.** A dossier is the business of two units: the ward that received it (``company_id``) and the
    unit that decides it (``deciding_company_id``, the same ward unless received "phi địa giới"). A read is inside
    the flow when the reader

    * acts in one of those two units: the unit the request runs in (``env.company``: the company selected in the
      switcher, or the user's default unit over RPC) is the receiving or the deciding unit; and
    * is not an administrator of the one-stop shop (``group_q1_manager``): administrators maintain the catalogue
      and the units and have access to every ward, so every read of theirs is logged.

    Everything else is logged: an officer given access to several wards who reads another ward's citizens while
    acting in their own (several wards ticked in the switcher, or RPC without ``allowed_company_ids``), and every
    read by an administrator. Reads as the system (``sudo``: the public lookup page, the watchdog, mails, the
    lifecycle's own lookups) are the product's own and are not logged.

    **What counts as a read.** Fetching a record's row brings all its columns, applicant data included, into the
    reader's hands (the ORM prefetches them together), so every fetch of a dossier row that includes a personal
    field is a read, whatever path asked for it: the form, the kanban, ``search_read``, an export, a printed
    form. The hook is ``_fetch_query``, where every path meets.

    **Cost.** A user acting in exactly one unit (``env.companies`` is ``env.company``) cannot see any dossier
    outside that unit's flow (the record rule), so nothing is done for them; for the others one ``INSERT ...
    SELECT`` per fetch, at most one entry per user, dossier and day.
    """

    _name = "q1.personal.data.mixin"
    _description = "Personal Data Read Logging"

    # The fields holding a citizen's personal data.
    _q1_personal_fields = ()

    def _fetch_query(self, query, fields):
        records = super()._fetch_query(query, fields)
        if records and any(field.name in self._q1_personal_fields for field in fields):
            self.env["q1.audit.log"]._log_personal_reads(lambda: self._q1_audit_dossier_ids(records))
        return records

    def _q1_audit_dossier_ids(self, records):
        """The ids of the dossiers whose data ``records`` carry (a dossier's own id by default)."""
        return records.ids

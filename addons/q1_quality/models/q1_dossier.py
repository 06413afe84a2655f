"""The quality system's extension of ``q1.dossier``: one class, one commented section per part of the system."""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.translate import code_translations

from odoo.addons.q1_dossier.core.localtime import to_local
from odoo.addons.q1_dossier.models.q1_dossier import DossierExtension

# nonconformities (NC part): the statuses that resolve a dossier, the outcomes the statistics count late
NC_RESOLVED_STATUSES = ("returned", "refused")
NC_LATE_OUTCOMES = ("late",)
NC_LATE_CHECK = "q1_quality.nc_late_check"
NC_PROCESSING = "q1_dossier.group_q1_processing"


class Q1Dossier(DossierExtension, models.Model):
    _inherit = "q1.dossier"

    # ------------------------------------------------------------------ nonconformities (NC part, ISO 8.7)
    # The record raises its nonconformities itself (mgmtsystem.nonconformity._q1_raise, one per dossier and kind):
    # a dossier resolved late (judged by the statistics' own outcome rule once it is returned or refused), an
    # apology letter issued (the extension approved), a "not satisfied" rating.

    def _set_status(self, status, **vals):
        result = super()._set_status(status, **vals)
        if status in NC_RESOLVED_STATUSES:
            self._q1_check_late_at_commit()
        return result

    def _q1_check_late_at_commit(self):
        """Judge the dossiers just returned or refused when the transaction commits (and at any earlier flush of
        the cursor), after their statistical facts are refreshed: judging them now would write the lifecycle's
        pending changes to the database in the middle of its method."""
        data = self.env.cr.precommit.data
        if NC_LATE_CHECK not in data:
            self.env.cr.precommit.add(self.env["q1.dossier"].sudo()._q1_run_late_checks)
        # a new set, never one changed in place: a savepoint restores a copy of this dictionary
        data[NC_LATE_CHECK] = data.get(NC_LATE_CHECK, frozenset()) | set(self.ids)

    @api.model
    def _q1_run_late_checks(self):
        data = self.env.cr.precommit.data
        ids, data[NC_LATE_CHECK] = data.get(NC_LATE_CHECK, frozenset()), frozenset()
        if ids:
            self.browse(sorted(ids)).exists()._q1_raise_if_late()
            self.env.flush_all()

    def _lifecycle_write(self, vals):
        # the lifecycle's own write, not the public approve_extension (whose override would hide it from
        # q1_dossier's RPC role test): an approved extension is the apology letter
        result = super()._lifecycle_write(vals)
        if vals.get("extension_state") == "approved":
            for dossier in self:
                dossier._q1_raise_apology()
        return result

    def _rate(self, rating, comment, channel):
        result = super()._rate(rating, comment, channel)
        if rating == "not_satisfied":
            self._q1_raise_rating(comment)
        return result

    def _q1_raise_apology(self, raised_at=None):
        self.ensure_one()
        system = self.sudo()
        return self._q1_raise_nc(
            "apology",
            self.env._(
                "Dossier %(code)s could not be resolved by its due date: an apology letter was issued and a new "
                "date (%(date)s) was appointed. Reason given: %(reason)s",
                code=system.code,
                date=system.extension_date and system.extension_date.strftime("%d/%m/%Y"),
                reason=system.extension_reason or "",
            ),
            system.extension_requested_by_id,
            raised_at,
        )

    def _q1_raise_rating(self, comment, raised_at=None):
        self.ensure_one()
        return self._q1_raise_nc(
            "rating",
            self.env._(
                'The applicant of dossier %(code)s rated the service "not satisfied". Comment: %(comment)s',
                code=self.sudo().code,
                comment=(comment or "").strip() or "-",
            ),
            self._q1_nc_officer(),
            raised_at,
        )

    def _q1_raise_if_late(self, raised_at=None):
        """Raise the 'late' nonconformity of each dossier the statistics count as resolved late; returns them."""
        self.env["q1.dossier.fact"].sudo()._mark(self.ids)
        self.env["q1.dossier.fact"].sudo()._refresh_marked()
        facts = self.env["q1.dossier.fact"].sudo().search([("dossier_id", "in", self.ids)])
        late = facts.filtered(lambda f: f.ended_outcome_id.code in NC_LATE_OUTCOMES).dossier_id
        raised = self.env["mgmtsystem.nonconformity"]
        for dossier in self.filtered(lambda d: d in late):
            system = dossier.sudo()
            raised |= dossier._q1_raise_nc(
                "late",
                self.env._(
                    "Dossier %(code)s (%(procedure)s) was resolved after its due date %(due)s.",
                    code=system.code,
                    procedure=system.procedure_id.name,
                    due=system.promised_date and system.promised_date.strftime("%d/%m/%Y"),
                ),
                dossier._q1_nc_officer(late_step=True),
                raised_at,
            )
        return raised

    def _q1_nc_officer(self, late_step=False):
        """The officer a nonconformity about this dossier names: the holder of its first late step (for a late
        dossier), else of its last processing step; nobody when no processing officer held it."""
        self.ensure_one()
        steps = self.sudo().step_ids.filtered(lambda s: s.user_id and s.user_id.has_group(NC_PROCESSING))
        if late_step:
            steps = steps.filtered(lambda s: s.result == "late")
            return steps.sorted(lambda s: (s.sequence, s.id))[:1].user_id
        return steps.sorted(lambda s: (s.sequence, s.id))[-1:].user_id

    def _q1_raise_nc(self, kind, description, officer=None, raised_at=None):
        self.ensure_one()
        return self.env["mgmtsystem.nonconformity"]._q1_raise(
            self, kind, description, officer=officer or None, raised_at=raised_at
        )

    # ------------------------------------------------------------------ process issues (PROCESSES part, ISO 7.5)
    # A dossier runs under the issue of its procedure's process in force on the day it is received
    # (q1.process.issue), and keeps it: its next steps are that issue's, whatever issue follows. A legal fact:
    # stamped at reception, never written by a user.

    process_issue_id = fields.Many2one(
        "q1.process.issue",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        help="The issue of the internal process in force when the dossier was received; its steps are the ones "
        "the dossier follows to the end.",
    )

    def _check_user_vals(self, vals, creating=False):
        if "process_issue_id" in vals and (not creating or vals["process_issue_id"]):
            raise UserError(
                self.env._(
                    "The process issue of a dossier is the one in force when it is received; it cannot be written "
                    "directly."
                )
            )
        return super()._check_user_vals(vals, creating=creating)

    def _start_process(self, received_at):
        issue = self.procedure_id._q1_issue_on(to_local(received_at).date())
        if issue:
            self.sudo()._lifecycle_write({"process_issue_id": issue.id})
        return super()._start_process(received_at)

    def _process_plan(self):
        """The steps of the dossier's own issue, not the procedure's lines in force now."""
        self.ensure_one()
        issue = self.process_issue_id.sudo()
        if not issue:
            return super()._process_plan()
        steps = issue.step_ids.sorted(lambda s: (s.sequence, s.id)).with_env(self.env)
        if steps:
            return [
                (step.name, step.stage_id, step.department_id, step.time_budget, step.time_unit, step) for step in steps
            ]
        # An issue without steps (a procedure installed without a process): one step over the whole legal time,
        # as q1_dossier plans and names it (its own translation, loaded before this addon's), even once a later
        # issue has steps.
        lang = self.env.lang or "en_US"
        name = code_translations.get_python_translations("q1_dossier", lang).get("Processing") or "Processing"
        return [
            (
                name,
                self.env["q1.dossier.stage"]._for_status("processing"),
                self.env["hr.department"],
                self.time_limit or 1,
                self.time_unit or "day",
                self.env["q1.procedure.step"],
            )
        ]

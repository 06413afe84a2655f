from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .q1_quality_unit_caller import APPROVER, AUDITOR, ISO_SECRETARY, Q1QualityUnitCaller


class MgmtsystemAudit(Q1QualityUnitCaller, models.Model):
    """OCA's internal audit in a one-stop unit: its programme, its scope (clauses of ISO 9001 and the internal
    processes of procedures) and a checklist generated from that scope (``action_q1_generate_checklist``), whose
    "not conforming" lines are the findings, each raising one nonconformity."""

    _inherit = "mgmtsystem.audit"
    _q1_facts = frozenset({"state", "closing_date", "reference", "nonconformity_ids"})

    q1_programme_id = fields.Many2one(
        "q1.audit.programme", string="Audit Programme", index=True, ondelete="restrict", tracking=True
    )
    q1_programme_line_ids = fields.One2many("q1.audit.programme.line", "audit_id", string="Planned Audits")
    q1_scope = fields.Text(string="Scope")
    q1_clause_ids = fields.Many2many(
        "q1.iso.clause", "q1_audit_clause_rel", "audit_id", "clause_id", string="Clauses Audited"
    )
    q1_procedure_ids = fields.Many2many(
        "q1.procedure", "q1_audit_procedure_rel", "audit_id", "procedure_id", string="Processes Audited"
    )
    q1_finding_count = fields.Integer(string="Findings", compute="_compute_q1_counts")
    q1_pending_count = fields.Integer(string="Items to Check", compute="_compute_q1_counts")

    @api.depends("line_ids.q1_result")
    def _compute_q1_counts(self):
        for audit in self:
            results = audit.line_ids.mapped("q1_result")
            audit.q1_finding_count = results.count("not_conforming")
            audit.q1_pending_count = results.count("pending")

    @api.constrains("q1_programme_id", "company_id")
    def _check_q1_programme_unit(self):
        for audit in self.sudo():
            if audit.q1_programme_id and audit.q1_programme_id.company_id != audit.company_id:
                raise ValidationError(self.env._("An audit belongs to the unit of its programme."))

    # ------------------------------------------------------------------ writes

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._q1_input_check(vals)
            self._q1_check_facts({name: value for name, value in vals.items() if value and name != "state"})
            if vals.get("state", "open") != "open":
                self._q1_check_facts({"state": vals["state"]})
            self._q1_check_user_unit(self.env["res.company"].browse(vals.get("company_id") or self.env.company.id))
        return super().create(vals_list)

    def write(self, vals):
        self._q1_input_check(vals)
        self._q1_check_facts(vals)
        if not self.env.su:
            if any(audit.state == "done" for audit in self):
                raise UserError(self.env._("A closed audit is a record: it does not change."))
            if "company_id" in vals:
                if any(audit.line_ids for audit in self):
                    raise UserError(self.env._("The unit of an audit with a checklist cannot change."))
                self._q1_check_user_unit(self.env["res.company"].browse(vals["company_id"]))
        return super().write(vals)

    # ------------------------------------------------------------------ actions (buttons; RPC checks the caller)

    def button_close(self):
        """Close the audit (OCA's button): every checklist item answered; the audit is then a record."""
        self._q1_check_caller(APPROVER)
        for audit in self:
            if audit.state != "open":
                raise UserError(self.env._("This audit is already closed."))
            if audit.sudo().line_ids.filtered(lambda line: line.q1_result == "pending"):
                raise UserError(self.env._("Answer every item of the checklist before closing the audit."))
        return super(MgmtsystemAudit, self.sudo()).button_close()

    def action_q1_generate_checklist(self):
        """Add to the checklist one item per clause of the audit's scope (its question) and, per process, one item
        on the procedure's handling and one per step of its internal process. Items already there are kept, so the
        method can be called again after the scope grows."""
        self._q1_check_caller(AUDITOR, ISO_SECRETARY)
        for audit in self:
            if audit.state != "open":
                raise UserError(self.env._("A closed audit is a record: it does not change."))
            if not (audit.q1_clause_ids or audit.q1_procedure_ids):
                raise UserError(
                    self.env._("Give the audit its scope (clauses or processes) before generating its checklist.")
                )
        self.sudo()._q1_generate_checklist()
        return True

    def _q1_generate_checklist(self):
        """The checklist items the scope asks for and the audit does not have yet (as the system)."""
        Line = self.env["mgmtsystem.verification.line"]
        # one generation at a time per audit: the second of two clicks waits for the first; the items the first adds
        # update the audit's row (its stored count of items), so PostgreSQL refuses the second's stale snapshot and
        # Odoo runs its request again, which finds them: no item is added twice
        self.env.cr.execute("SELECT id FROM mgmtsystem_audit WHERE id IN %s FOR UPDATE", (tuple(self.ids),))
        for audit in self:
            audit.invalidate_recordset(["line_ids"])
            have = {(line.q1_clause_id.id, line.q1_procedure_id.id, line.q1_step_id.id) for line in audit.line_ids}
            seq = max(audit.line_ids.mapped("seq") or [0])
            values = []
            for clause in audit.q1_clause_ids.sorted(lambda clause: (clause.sequence, clause.id)):
                if (clause.id, False, False) not in have:
                    seq += 10
                    values.append({"q1_clause_id": clause.id, "name": f"{clause.code} – {clause.question}", "seq": seq})
            for procedure in audit.q1_procedure_ids:
                # the approved issue of its internal process in force (the controlled processes' part)
                issue = procedure.q1_current_issue_id
                if (False, procedure.id, False) not in have:
                    seq += 10
                    values.append(
                        {
                            "q1_procedure_id": procedure.id,
                            "q1_process_issue_id": issue.id,
                            "seq": seq,
                            "name": self.env._(
                                "%(procedure)s: are its dossiers received, handled and returned as its internal "
                                "process states, within the legal time limit, and late ones apologised for in writing?",
                                procedure=procedure.name,
                            ),
                        }
                    )
                for step in procedure.step_ids.sorted(lambda step: (step.sequence, step.id)):
                    if (False, procedure.id, step.id) in have:
                        continue
                    seq += 10
                    values.append(
                        {
                            "q1_procedure_id": procedure.id,
                            "q1_process_issue_id": issue.id,
                            "q1_step_id": step.id,
                            "seq": seq,
                            "name": self.env._(
                                '%(procedure)s, step "%(step)s": done by the responsible role within %(budget)s '
                                "%(unit)s, and recorded on the control slip?",
                                procedure=procedure.name,
                                step=step.name,
                                budget=format(step.time_budget, "g"),
                                unit=dict(step._fields["time_unit"]._description_selection(self.env)).get(
                                    step.time_unit, ""
                                ),
                            ),
                        }
                    )
            if values:
                Line.create([dict(vals, audit_id=audit.id, company_id=audit.company_id.id) for vals in values])
        return True

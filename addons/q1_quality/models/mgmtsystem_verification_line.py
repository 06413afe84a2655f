from odoo import api, fields, models
from odoo.exceptions import UserError

from .q1_quality_unit_caller import AUDITOR, Q1QualityUnitCaller

RESULTS = [("pending", "To Check"), ("conforming", "Conforming"), ("not_conforming", "Not Conforming")]


class MgmtsystemVerificationLine(Q1QualityUnitCaller, models.Model):
    """An item of an audit's checklist: by clause of ISO 9001 or by process (a procedure, a step of its internal
    process), answered conforming or not conforming with its evidence by an auditor of the unit. A "not
    conforming" answer is a finding: it raises exactly one nonconformity (``_q1_raise(line, 'audit', ...)``)."""

    _inherit = "mgmtsystem.verification.line"
    _q1_facts = frozenset(
        {
            "q1_result",
            "is_conformed",
            "q1_process_issue_id",
            "q1_nonconformity_id",
            "q1_checked_by_id",
            "q1_checked_at",
            "audit_id",
            "company_id",
        }
    )

    q1_clause_id = fields.Many2one("q1.iso.clause", string="ISO 9001 Clause", ondelete="restrict", index=True)
    q1_procedure_id = fields.Many2one("q1.procedure", string="Process (Procedure)", ondelete="restrict", index=True)
    q1_step_id = fields.Many2one("q1.procedure.step", string="Process Step", ondelete="set null")
    q1_process_issue_id = fields.Many2one(
        "q1.process.issue",
        string="Process Issue",
        readonly=True,
        ondelete="set null",
        help="The issue of the procedure's internal process in force when the checklist was made: what was audited.",
    )
    q1_result = fields.Selection(RESULTS, string="Result", required=True, default="pending", readonly=True)
    q1_evidence = fields.Text(string="Evidence")
    q1_nonconformity_id = fields.Many2one(
        "mgmtsystem.nonconformity", string="Nonconformity", readonly=True, ondelete="restrict", index=True
    )
    q1_checked_by_id = fields.Many2one("res.users", string="Checked By", readonly=True)
    q1_checked_at = fields.Datetime(string="Checked On", readonly=True)
    q1_audit_state = fields.Selection(related="audit_id.state", string="Audit Status")

    # ------------------------------------------------------------------ writes

    @api.model_create_multi
    def create(self, vals_list):
        Audit = self.env["mgmtsystem.audit"]
        for vals in vals_list:
            self._q1_input_check(vals)
            facts = {name: value for name, value in vals.items() if value and name not in ("audit_id", "company_id")}
            self._q1_check_facts(
                {name: value for name, value in facts.items() if name != "q1_result" or value != "pending"}
            )
            audit = Audit.browse(vals.get("audit_id"))
            if audit:
                if not self.env.su and audit.state == "done":
                    raise UserError(self.env._("A closed audit is a record: it does not change."))
                # an item belongs to its audit's unit, whatever the form says
                vals["company_id"] = audit.sudo().company_id.id
        return super().create(vals_list)

    def write(self, vals):
        self._q1_input_check(vals)
        self._q1_check_facts(vals)
        if not self.env.su:
            if any(line.audit_id.state == "done" for line in self):
                raise UserError(self.env._("A closed audit is a record: it does not change."))
            if "q1_evidence" in vals and any(line.q1_result == "not_conforming" for line in self):
                raise UserError(self.env._("The evidence of a finding is kept as it was found."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _q1_unlink_except_answered(self):
        if not self.env.su and any(line.audit_id.state == "done" or line.q1_result != "pending" for line in self):
            raise UserError(self.env._("An answered checklist item is a record of the audit: it cannot be deleted."))

    # ------------------------------------------------------------------ actions (buttons; RPC checks the caller)

    def action_q1_conforming(self):
        """The auditor found the item conforming, on the evidence written on it."""
        self._q1_check_answer()
        for line in self:
            if line.q1_result == "not_conforming":
                raise UserError(
                    self.env._("A finding stays a finding: it is closed through its nonconformity, not undone here.")
                )
        self.sudo().write(self._q1_answer_values("conforming"))
        return True

    def action_q1_not_conforming(self):
        """The auditor found the item not conforming: a finding, which raises its nonconformity (one per finding,
        whoever clicks and however often)."""
        self._q1_check_answer()
        lines = self.sudo()
        lines.filtered(lambda line: line.q1_result != "not_conforming").write(self._q1_answer_values("not_conforming"))
        for line in lines:
            line._q1_raise_finding()
        return True

    def _q1_check_answer(self):
        self._q1_check_caller(AUDITOR)
        for line in self.sudo():
            if not line.audit_id:
                raise UserError(self.env._("This item belongs to no audit."))
            if line.audit_id.state != "open":
                raise UserError(self.env._("A closed audit is a record: it does not change."))
            if not (line.q1_evidence or "").strip():
                raise UserError(self.env._("Write the evidence (what was seen, which records) before answering."))

    def _q1_answer_values(self, result):
        return {
            "q1_result": result,
            "is_conformed": result == "conforming",
            "q1_checked_by_id": self.env.user.id,
            "q1_checked_at": fields.Datetime.now(),
        }

    def _q1_raise_finding(self):
        """The finding's nonconformity, raised once (interface 1: idempotent per line), linked to the line and its
        audit."""
        self.ensure_one()
        audit = self.audit_id
        description = self.env._(
            "Finding of internal audit %(audit)s (%(reference)s): %(question)s\nEvidence: %(evidence)s",
            audit=audit.name or "",
            reference=audit.reference or "",
            question=self.name,
            evidence=self.q1_evidence or "",
        )
        # raised when the auditor found it (the item's check), so that the review of that period counts it
        nonconformity = self.env["mgmtsystem.nonconformity"]._q1_raise(
            self, "audit", description, raised_at=self.q1_checked_at or None
        )
        if self.q1_nonconformity_id != nonconformity:
            self.write({"q1_nonconformity_id": nonconformity.id})
        if nonconformity not in audit.nonconformity_ids:
            audit.write({"nonconformity_ids": [fields.Command.link(nonconformity.id)]})
        return nonconformity

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .q1_quality_unit_caller import Q1QualityUnitCaller

MONTHS = [(str(month), str(month)) for month in range(1, 13)]


class Q1AuditProgrammeLine(Q1QualityUnitCaller, models.Model):
    """One planned audit of a programme: a month, and a clause of the standard or the internal process of a
    procedure (or both), with its lead auditor. Planned while the programme is a draft; the audit that carried it
    out is linked when the programme opens its month's audit."""

    _name = "q1.audit.programme.line"
    _description = "Planned Internal Audit"
    _order = "programme_id, month_int, id"
    _q1_facts = frozenset({"audit_id"})

    programme_id = fields.Many2one("q1.audit.programme", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="programme_id.company_id", store=True, index=True, string="Unit")
    month = fields.Selection(MONTHS, required=True)
    month_int = fields.Integer(compute="_compute_month_int", store=True)
    clause_id = fields.Many2one("q1.iso.clause", string="ISO 9001 Clause", ondelete="restrict")
    procedure_id = fields.Many2one(
        "q1.procedure",
        string="Process (Procedure)",
        ondelete="restrict",
        help="The procedure whose internal process is audited.",
    )
    auditor_id = fields.Many2one("res.users", string="Lead Auditor", ondelete="restrict")
    audit_id = fields.Many2one("mgmtsystem.audit", readonly=True, ondelete="set null", index=True)
    audit_state = fields.Selection(related="audit_id.state", string="Audit Status")

    @api.depends("month")
    def _compute_month_int(self):
        for line in self:
            line.month_int = int(line.month or 0)

    @api.constrains("month", "clause_id", "procedure_id")
    def _check_scope(self):
        for line in self:
            if not line.clause_id and not line.procedure_id:
                raise ValidationError(
                    self.env._("A planned audit covers a clause of the standard, a process, or both.")
                )

    @api.constrains("auditor_id", "company_id")
    def _check_auditor(self):
        for line in self.sudo():
            if line.auditor_id and line.company_id not in line.auditor_id.company_ids:
                raise ValidationError(
                    self.env._(
                        "%(auditor)s is not an officer of %(unit)s.",
                        auditor=line.auditor_id.name,
                        unit=line.company_id.name,
                    )
                )

    def _check_draft(self, programmes):
        if self.env.su:
            return
        if any(programme.state != "draft" for programme in programmes):
            raise UserError(self.env._("An approved programme is fixed: its leader sets it back to draft first."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._q1_check_facts({name: value for name, value in vals.items() if value})
        self._check_draft(
            self.env["q1.audit.programme"].browse(
                [vals["programme_id"] for vals in vals_list if vals.get("programme_id")]
            )
        )
        return super().create(vals_list)

    def write(self, vals):
        self._q1_check_facts(vals)
        self._check_draft(self.mapped("programme_id"))
        if not self.env.su and "programme_id" in vals:
            raise UserError(self.env._("A planned audit stays in its programme."))
        return super().write(vals)

    def unlink(self):
        self._check_draft(self.mapped("programme_id"))
        return super().unlink()

from datetime import datetime, time

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.q1_dossier.core.localtime import to_utc

from .q1_quality_unit_caller import AUDITOR, ISO_SECRETARY, LEADER, Q1QualityUnitCaller

YEAR_MIN, YEAR_MAX = 2000, 2100


class Q1AuditProgramme(Q1QualityUnitCaller, models.Model):
    """A unit's yearly internal audit programme (ISO 9001 clause 9.2.2): the audits planned by month, each over
    clauses of the standard and the internal processes of procedures. The ISO secretary drafts it, the unit's
    leader approves it; once approved the plan is fixed (back to draft by the leader only) and its audits are
    opened from it (``action_create_audits``), each with its checklist."""

    _name = "q1.audit.programme"
    _description = "Internal Audit Programme"
    _inherit = ["mail.thread"]
    _order = "year desc, company_id"
    _q1_facts = frozenset({"state", "approved_by_id", "approved_at", "audits_opened_at"})

    company_id = fields.Many2one(
        "res.company", string="Unit", required=True, index=True, default=lambda self: self.env.company, tracking=True
    )
    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year, tracking=True)
    objective = fields.Text(string="Objectives and Criteria")
    state = fields.Selection(
        [("draft", "Draft"), ("approved", "Approved"), ("closed", "Closed")],
        required=True,
        default="draft",
        readonly=True,
        tracking=True,
    )
    approved_by_id = fields.Many2one("res.users", readonly=True)
    approved_at = fields.Datetime(string="Approved On", readonly=True)
    audits_opened_at = fields.Datetime(string="Audits Last Opened On", readonly=True)
    line_ids = fields.One2many("q1.audit.programme.line", "programme_id", string="Planned Audits")
    audit_ids = fields.One2many("mgmtsystem.audit", "q1_programme_id", string="Audits")
    audit_count = fields.Integer(compute="_compute_audit_count")

    _sql_constraints = [
        (
            "q1_audit_programme_unit_year_unique",
            "unique(company_id, year)",
            "A unit has one internal audit programme per year.",
        )
    ]

    @api.depends("company_id", "year")
    def _compute_display_name(self):
        for programme in self:
            programme.display_name = self.env._(
                "Internal audit programme %(year)s – %(unit)s",
                year=str(programme.year or ""),
                unit=programme.company_id.name or "",
            )

    @api.depends("audit_ids")
    def _compute_audit_count(self):
        for programme in self:
            programme.audit_count = len(programme.audit_ids)

    @api.constrains("year")
    def _check_year(self):
        for programme in self:
            if not YEAR_MIN <= programme.year <= YEAR_MAX:
                raise ValidationError(
                    self.env._(
                        "The year of a programme must be between %(low)s and %(high)s.", low=YEAR_MIN, high=YEAR_MAX
                    )
                )

    # ------------------------------------------------------------------ writes

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._q1_check_facts({name: value for name, value in vals.items() if value and name != "state"})
            if vals.get("state", "draft") != "draft":
                self._q1_check_facts({"state": vals["state"]})
            company = self.env["res.company"].browse(vals.get("company_id") or self.env.company.id)
            self._q1_check_user_unit(company)
            year = vals.get("year") or fields.Date.context_today(self).year
            # said plainly here; the unique index decides between two secretaries saving at once
            if self.sudo().search_count([("company_id", "=", company.id), ("year", "=", year)]):
                raise UserError(
                    self.env._(
                        "%(unit)s already has its internal audit programme for %(year)s.",
                        unit=company.name,
                        year=str(year),
                    )
                )
        return super().create(vals_list)

    def write(self, vals):
        self._q1_check_facts(vals)
        if not self.env.su and "company_id" in vals:
            if any(programme.state != "draft" or programme.audit_ids for programme in self):
                raise UserError(self.env._("The unit of a programme with audits, or approved, cannot change."))
            self._q1_check_user_unit(self.env["res.company"].browse(vals["company_id"]))
        if not self.env.su and "year" in vals and any(programme.state != "draft" for programme in self):
            raise UserError(self.env._("An approved programme is fixed: its leader sets it back to draft first."))
        return super().write(vals)

    # ------------------------------------------------------------------ actions (buttons; RPC checks the caller)

    def action_approve(self):
        """The unit's leader approves the programme: its plan is then fixed."""
        self._q1_check_caller(LEADER)
        for programme in self:
            if programme.state != "draft":
                raise UserError(self.env._("Only a draft programme can be approved."))
            if not programme.line_ids:
                raise UserError(self.env._("Plan at least one audit before approving the programme."))
        self.sudo().write(
            {"state": "approved", "approved_by_id": self.env.user.id, "approved_at": fields.Datetime.now()}
        )
        for programme in self:
            programme.sudo().message_post(body=self.env._("Programme approved."))
        return True

    def action_reset_draft(self):
        """The leader sets an approved programme back to draft, to change its plan."""
        self._q1_check_caller(LEADER)
        if any(programme.state != "approved" for programme in self):
            raise UserError(self.env._("Only an approved programme can be set back to draft."))
        self.sudo().write({"state": "draft", "approved_by_id": False, "approved_at": False})
        return True

    def action_close(self):
        """The year's programme is over: every planned audit was carried out and closed."""
        self._q1_check_caller(ISO_SECRETARY, LEADER)
        for programme in self:
            if programme.state != "approved":
                raise UserError(self.env._("Only an approved programme can be closed."))
            if programme.sudo().audit_ids.filtered(lambda audit: audit.state != "done"):
                raise UserError(self.env._("Close every audit of the programme first."))
        self.sudo().write({"state": "closed"})
        return True

    def action_create_audits(self):
        """Open one audit per planned month of an approved programme, over that month's clauses and processes,
        with its checklist generated; months already opened are left as they are. Returns the audits' list."""
        self._q1_check_caller(ISO_SECRETARY, AUDITOR)
        self.ensure_one()
        programme = self.sudo()
        if programme.state != "approved":
            raise UserError(self.env._("Audits are opened from an approved programme."))
        # one opening at a time: the second of two clicks waits for the first; as the first also updates the
        # programme's row (audits_opened_at), PostgreSQL then refuses the second's stale snapshot and Odoo runs its
        # request again, which finds the months opened: no month is opened twice
        self.env.cr.execute("SELECT id FROM q1_audit_programme WHERE id = %s FOR UPDATE", (programme.id,))
        programme.invalidate_recordset()
        programme._q1_open_audits()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Internal Audits"),
            "res_model": "mgmtsystem.audit",
            "view_mode": "list,form",
            "domain": [("q1_programme_id", "=", programme.id)],
            "context": {"default_q1_programme_id": programme.id, "default_company_id": programme.company_id.id},
        }

    def _q1_open_audits(self, months=None):
        """Open the audits of the planned months not opened yet (all, or ``months``), as the system; return them."""
        self.ensure_one()
        created = self.env["mgmtsystem.audit"]
        lines = self.line_ids.filtered(lambda line: not line.audit_id and (months is None or line.month in months))
        for month in sorted(set(lines.mapped("month")), key=int):
            month_lines = lines.filtered(lambda line, month=month: line.month == month)
            audit = self.env["mgmtsystem.audit"].sudo().create(self._audit_values(month, month_lines))
            month_lines.sudo().write({"audit_id": audit.id})
            audit._q1_generate_checklist()
            created |= audit
        if created:
            self.write({"audits_opened_at": fields.Datetime.now()})
        return created

    def _audit_values(self, month, lines):
        self.ensure_one()
        auditors = lines.mapped("auditor_id")
        return {
            "name": self.env._("Internal audit %(month)s/%(year)s", month=str(month).zfill(2), year=str(self.year)),
            "company_id": self.company_id.id,
            "q1_programme_id": self.id,
            "date": to_utc(datetime.combine(datetime(self.year, int(month), 1).date(), time(8, 0))),
            "user_id": auditors[:1].id or self.env.user.id,
            "auditor_user_ids": [fields.Command.set(auditors.ids)],
            "q1_clause_ids": [fields.Command.set(lines.mapped("clause_id").ids)],
            "q1_procedure_ids": [fields.Command.set(lines.mapped("procedure_id").ids)],
        }

    def action_open_audits(self):
        self.ensure_one()
        self.check_access("read")
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Internal Audits"),
            "res_model": "mgmtsystem.audit",
            "view_mode": "list,form",
            "domain": [("q1_programme_id", "=", self.id)],
            "context": {"default_q1_programme_id": self.id, "default_company_id": self.company_id.id},
        }

    # ------------------------------------------------------------------ demo

    def _q1_demo(self, month, findings):
        """The demo's audit: the programme approved by the unit's leader, the audit of ``month`` opened with its
        checklist, every item answered on its evidence as of the audit day, the items whose clause code is in
        ``findings`` not conforming (each raising its nonconformity, dated the audit day), and the audit closed.
        Vietnamese texts (the demo's)."""
        self.ensure_one()
        if "vi_VN" in dict(self.env["res.lang"].get_installed()):
            # the clauses' questions and the selections' labels the checklist and the figures are made of: in the
            # demo's language now, not at the end of the module's installation
            self.env["ir.module.module"]._load_module_terms(["q1_quality"], ["vi_VN"])
        programme = self.sudo()
        nc_model = self.env["mgmtsystem.nonconformity"]
        leader = nc_model._q1_unit_leaders(programme.company_id)[:1] or self.env.user
        programme.write({"state": "approved", "approved_by_id": leader.id, "approved_at": fields.Datetime.now()})
        audit = programme._q1_open_audits(months=[month])
        audit.write(
            {
                "q1_scope": "Bộ phận Một cửa và Tổ thẩm định; hồ sơ chọn ngẫu nhiên từ 01/03/2026 đến 31/05/2026.",
                "strong_points": "<p>Công khai thủ tục đầy đủ tại quầy; phiếu kiểm soát được ghi đủ các bước.</p>",
                "to_improve_points": "<p>Theo dõi hồ sơ trễ hạn và xử lý sự không phù hợp chưa kịp thời.</p>",
            }
        )
        checked = audit.date
        for line in audit.line_ids:
            finding = line.q1_clause_id.code in findings
            line.write(
                {
                    "q1_evidence": (
                        "Kiểm tra 20 hồ sơ: 2 hồ sơ trễ hạn chưa được ghi nhận là sự không phù hợp, "
                        "chưa có văn bản xin lỗi."
                        if finding
                        else "Kiểm tra 20 hồ sơ và sổ theo dõi: phù hợp."
                    ),
                    "q1_result": "not_conforming" if finding else "conforming",
                    "is_conformed": not finding,
                    "q1_checked_by_id": audit.user_id.id,
                    "q1_checked_at": checked,
                }
            )
            if finding:
                line._q1_raise_finding()
        audit.button_close()
        audit.write({"closing_date": checked})
        return audit

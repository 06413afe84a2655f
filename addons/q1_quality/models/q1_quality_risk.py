from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .q1_quality_unit_caller import APPROVER, Q1QualityUnitCaller

SCALE = [(str(value), str(value)) for value in range(1, 6)]
# level = likelihood × impact (1–25): the bands of a 5 × 5 matrix
LEVEL_BANDS = ((15, "high"), (8, "medium"), (0, "low"))


def level_band(level):
    return next(band for floor, band in LEVEL_BANDS if level >= floor)


class Q1QualityRisk(Q1QualityUnitCaller, models.Model):
    """The unit's register of risks and opportunities (ISO 9001 clause 6.1): what may keep a process from its
    results, or improve them, scored by likelihood × impact on 1–5 scales, with the action taken, its owner and
    the date it is looked at again; listed in the management review."""

    _name = "q1.quality.risk"
    _description = "Risk or Opportunity"
    _inherit = ["mail.thread"]
    _order = "state, level desc, id"
    _q1_facts = frozenset({"state", "closed_at"})

    name = fields.Char(string="Description", required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", string="Unit", required=True, index=True, default=lambda self: self.env.company
    )
    kind = fields.Selection([("risk", "Risk"), ("opportunity", "Opportunity")], required=True, default="risk")
    procedure_id = fields.Many2one("q1.procedure", string="Process (Procedure)", ondelete="restrict")
    clause_id = fields.Many2one("q1.iso.clause", string="ISO 9001 Clause", ondelete="restrict")
    cause = fields.Text(string="Causes and Consequences")
    likelihood = fields.Selection(SCALE, required=True, default="3", tracking=True)
    impact = fields.Selection(SCALE, required=True, default="3", tracking=True)
    level = fields.Integer(compute="_compute_level", store=True, help="Likelihood × impact, from 1 to 25.")
    level_band = fields.Selection(
        [("low", "Low"), ("medium", "Medium"), ("high", "High")], compute="_compute_level", store=True, string="Band"
    )
    action_id = fields.Many2one("mgmtsystem.action", ondelete="set null")
    owner_id = fields.Many2one("res.users", tracking=True)
    review_date = fields.Date(tracking=True)
    state = fields.Selection(
        [("open", "Identified"), ("treating", "Being Treated"), ("closed", "Closed")],
        required=True,
        default="open",
        readonly=True,
        tracking=True,
    )
    closed_at = fields.Datetime(string="Closed On", readonly=True)

    @api.depends("likelihood", "impact")
    def _compute_level(self):
        for risk in self:
            risk.level = int(risk.likelihood or 0) * int(risk.impact or 0)
            risk.level_band = level_band(risk.level) if risk.level else False

    @api.constrains("company_id", "owner_id", "action_id")
    def _check_unit(self):
        for risk in self.sudo():
            if risk.owner_id and risk.company_id not in risk.owner_id.company_ids:
                raise ValidationError(
                    self.env._(
                        "%(owner)s is not an officer of %(unit)s.", owner=risk.owner_id.name, unit=risk.company_id.name
                    )
                )
            if risk.action_id.company_id and risk.action_id.company_id != risk.company_id:
                raise ValidationError(self.env._("The action of a risk belongs to the same unit."))

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("state", "open") != "open" or vals.get("closed_at"):
                self._q1_check_facts({"state": vals.get("state"), "closed_at": vals.get("closed_at")})
            self._q1_check_user_unit(self.env["res.company"].browse(vals.get("company_id") or self.env.company.id))
        return super().create(vals_list)

    def write(self, vals):
        self._q1_check_facts(vals)
        if not self.env.su:
            if any(risk.state == "closed" for risk in self):
                raise UserError(self.env._("A closed risk is a record: reopen it to change it."))
            if "company_id" in vals:
                self._q1_check_user_unit(self.env["res.company"].browse(vals["company_id"]))
        return super().write(vals)

    # ------------------------------------------------------------------ actions (buttons; RPC checks the caller)

    def action_treat(self):
        """An action is under way: the risk is being treated."""
        self._q1_check_caller(APPROVER)
        if any(risk.state != "open" for risk in self):
            raise UserError(self.env._("Only an identified risk or opportunity is put under treatment."))
        if any(not risk.action_id or not risk.owner_id for risk in self):
            raise UserError(self.env._("Give the action and its owner first."))
        self.sudo().write({"state": "treating"})
        return True

    def action_close(self):
        """The risk no longer needs watching (treated, or gone), or the opportunity was taken."""
        self._q1_check_caller(APPROVER)
        if any(risk.state == "closed" for risk in self):
            raise UserError(self.env._("This risk or opportunity is already closed."))
        self.sudo().write({"state": "closed", "closed_at": fields.Datetime.now()})
        return True

    def action_reopen(self):
        self._q1_check_caller(APPROVER)
        if any(risk.state != "closed" for risk in self):
            raise UserError(self.env._("Only a closed risk or opportunity is reopened."))
        self.sudo().write({"state": "open", "closed_at": False})
        return True

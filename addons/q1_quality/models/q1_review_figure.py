import json

from odoo import api, fields, models
from odoo.exceptions import UserError

SECTIONS = [
    ("objectives", "Quality objectives"),
    ("audits", "Internal audits"),
    ("nonconformities", "Nonconformities"),
    ("actions", "Corrective actions"),
    ("satisfaction", "Citizens' satisfaction"),
    ("feedback", "Citizens' feedback"),
    ("risks", "Risks and opportunities"),
]
KINDS = [("count", "Count"), ("rate", "Rate (%)"), ("value", "Value"), ("level", "Level")]


class Q1ReviewFigure(models.Model):
    """A figure a management review gathered for its period (objectives' results, audits, nonconformities and
    actions, satisfaction, feedback, risks), with the records behind it. Figures are statistics issued to the
    review: made by its "Gather" only, never written by anyone, and never changed or removed once the review is
    closed, not even by the system."""

    _name = "q1.review.figure"
    _description = "Management Review Figure"
    _order = "review_id, sequence, id"

    review_id = fields.Many2one("mgmtsystem.review", required=True, ondelete="cascade", index=True, readonly=True)
    company_id = fields.Many2one(related="review_id.company_id", store=True, index=True, string="Unit")
    section = fields.Selection(SECTIONS, required=True, readonly=True)
    sequence = fields.Integer(readonly=True)
    code = fields.Char(readonly=True, index=True, help="What the figure counts, whatever the language of its label.")
    label = fields.Char(required=True, readonly=True)
    kind = fields.Selection(KINDS, required=True, default="count", readonly=True)
    value = fields.Float(readonly=True, digits=(16, 2))
    numerator = fields.Float(readonly=True, digits=(16, 2))
    denominator = fields.Float(readonly=True, digits=(16, 2))
    target = fields.Char(readonly=True)
    note = fields.Char(readonly=True)
    res_model = fields.Char(string="Records Model", readonly=True)
    res_ids = fields.Text(string="Records", readonly=True, help="The ids of the records behind the figure (JSON).")
    value_display = fields.Char(string="Figure", compute="_compute_value_display")

    @api.depends("kind", "value", "numerator", "denominator")
    def _compute_value_display(self):
        for figure in self:
            figure.value_display = figure._display()

    def _display(self):
        """The figure as the minutes print it: a rate as "92,5 % (37/40)", a count as "12", a level as "12"."""
        self.ensure_one()

        def number(value):
            text = f"{value:,.2f}".rstrip("0").rstrip(".")
            return text.replace(",", " ").replace(".", ",")

        if self.kind == "rate":
            if not self.denominator:
                return "—"
            return f"{number(self.value)} % ({number(self.numerator)}/{number(self.denominator)})"
        return number(self.value)

    def _record_ids(self):
        try:
            ids = json.loads(self.res_ids or "[]")
        except ValueError:
            return []
        return [ident for ident in ids if isinstance(ident, int) and not isinstance(ident, bool)]

    # ------------------------------------------------------------------ never changed

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.su:
            raise UserError(self.env._("A review's figures are made by its Gather button only."))
        reviews = self.env["mgmtsystem.review"].browse(
            [vals.get("review_id") for vals in vals_list if vals.get("review_id")]
        )
        self._check_open(reviews)
        return super().create(vals_list)

    def write(self, vals):
        if not self.env.su:
            raise UserError(self.env._("A review's figures are statistics issued to it: they are never edited."))
        self._check_open(self.mapped("review_id"))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _q1_unlink_except_issued(self):
        if not self.env.su:
            raise UserError(self.env._("A review's figures are statistics issued to it: they are never edited."))
        self._check_open(self.mapped("review_id"))

    def _check_open(self, reviews):
        if any(review.state == "done" for review in reviews.sudo()):
            raise UserError(self.env._("The review is closed: its figures are a record and never change."))

    # ------------------------------------------------------------------ drill-down

    def action_open_records(self):
        """The records behind the figure, as the user may read them."""
        self.ensure_one()
        self.check_access("read")
        if not self.res_model or self.res_model not in self.env:
            raise UserError(self.env._("This figure has no records to open."))
        return {
            "type": "ir.actions.act_window",
            "name": self.label,
            "res_model": self.res_model,
            "view_mode": "list,form",
            "domain": [("id", "in", self._record_ids())],
            "context": {"active_test": False},
        }

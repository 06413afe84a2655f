from odoo import api, fields, models
from odoo.exceptions import ValidationError

from ..core.procedure_data import NOT_REQUIRABLE_TYPES, VALUELESS_TYPES


class Q1ProcedureDataRule(models.Model):
    """What a procedure's data definition cannot say about one of its properties: from which stage of the dossier
    it is required, and whether the printed forms show it. The property is kept by its name (``property_name``), the
    key of the dossier's values; ``property_choice`` offers the procedure's properties by label in the form."""

    _name = "q1.procedure.data.rule"
    _description = "Dossier Data Rule"
    _order = "procedure_id, sequence, id"

    procedure_id = fields.Many2one("q1.procedure", required=True, index=True, ondelete="cascade")
    sequence = fields.Integer(default=10)
    property_name = fields.Char(string="Property Key", required=True)
    property_choice = fields.Selection(
        selection="_selection_property_choice",
        string="Data Item",
        compute="_compute_property_choice",
        inverse="_inverse_property_choice",
        readonly=False,
        help="One of the procedure's dossier data items.",
    )
    allowed_property_names = fields.Json(compute="_compute_allowed_property_names")
    property_label = fields.Char(string="Data", compute="_compute_property_label")
    required_stage_id = fields.Many2one(
        "q1.dossier.stage",
        string="Required From Stage",
        ondelete="restrict",
        help="A dossier cannot enter this stage, or any later one (by the stages' order), while this data is empty. "
        "Refusal, stop and withdrawal are never held back.",
    )
    printed = fields.Boolean(string="Printed on Forms", help="The receipt (form 01) prints this data.")

    _sql_constraints = [
        (
            "property_uniq",
            "unique(procedure_id, property_name)",
            "A procedure has one rule per data item.",
        )
    ]

    @api.model
    def _selection_property_choice(self):
        """Every property of every procedure (names are unique keys): the form filters them to the rule's procedure
        (``allowed_property_names``)."""
        options = {}
        for procedure in (
            self.env["q1.procedure"].sudo().with_context(active_test=False).search([("data_definition", "!=", False)])
        ):
            for definition in procedure.data_definition or []:
                if definition.get("type") not in VALUELESS_TYPES and definition["name"] not in options:
                    options[definition["name"]] = definition.get("string") or definition["name"]
        return list(options.items())

    @api.depends("property_name")
    def _compute_property_choice(self):
        for rule in self:
            rule.property_choice = rule.property_name or False

    def _inverse_property_choice(self):
        for rule in self:
            if rule.property_choice:
                rule.property_name = rule.property_choice

    @api.depends("procedure_id.data_definition")
    def _compute_allowed_property_names(self):
        for rule in self:
            rule.allowed_property_names = [
                definition["name"]
                for definition in rule.procedure_id.sudo().data_definition or []
                if definition.get("type") not in VALUELESS_TYPES
            ]

    @api.depends("property_name", "procedure_id.data_definition")
    def _compute_property_label(self):
        for rule in self:
            rule.property_label = rule.procedure_id._q1_data_labels().get(rule.property_name, rule.property_name)

    @api.constrains("property_name", "procedure_id", "required_stage_id")
    def _check_property_defined(self):
        for rule in self:
            definitions = {d["name"]: d for d in rule.procedure_id.sudo().data_definition or []}
            definition = definitions.get(rule.property_name)
            if not definition or definition.get("type") in VALUELESS_TYPES:
                raise ValidationError(
                    self.env._(
                        "Procedure %(procedure)s has no dossier data item %(item)s: a rule can only name one of "
                        "its data items (remove the rule before removing the item).",
                        procedure=rule.procedure_id.name,
                        item=rule.property_name,
                    )
                )
            if rule.required_stage_id and definition.get("type") in NOT_REQUIRABLE_TYPES:
                raise ValidationError(
                    self.env._(
                        "%(item)s is a yes/no item: unticked is an answer, so it cannot be required.",
                        item=definition.get("string") or rule.property_name,
                    )
                )

    def _q1_clean_vals(self, vals):
        vals = super()._q1_clean_vals(vals)
        if vals.get("property_choice") and not vals.get("property_name"):
            vals = dict(vals, property_name=vals["property_choice"])
        return vals

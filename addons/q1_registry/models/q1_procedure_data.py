import copy

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.q1_dossier.core.validation import NAME_MAX_LENGTH

from ..core.procedure_data import merge_definitions

# A procedure's form lists its data: more than this many items is a mistake, not a form.
MAX_PROPERTIES = 100


class Q1Procedure(models.Model):
    """The data a procedure collects and decides, defined by the administrators without code: Odoo's properties.
    The definition lives here (``data_definition``), each dossier of the procedure carries its values
    (``q1.dossier.data_values``), and per-property rules that a definition cannot hold (required from which stage,
    printed on the forms) are ``data_rule_ids``.

    Odoo 18 has no form widget for a definition field itself: its properties are added and edited through the
    properties widget of a record that uses them ("Add a property"), which writes the definition back to its
    container. The procedure's "Dossier Data" tab therefore shows ``data_preview``, properties whose container is the
    procedure itself (``data_definition_procedure_id``): what the administrator adds there is the definition, and
    the values typed in the preview are only a try-out, never used."""

    _inherit = "q1.procedure"  # pylint: disable=consider-merging-classes-inherited

    data_definition = fields.PropertiesDefinition(
        "Dossier Data", help="The data the procedure collects and decides, entered on each of its dossiers."
    )
    data_definition_procedure_id = fields.Many2one(
        "q1.procedure",
        string="Procedure (data definition)",
        compute="_compute_data_definition_procedure_id",
        help="The procedure itself: the container of the preview's properties.",
    )
    data_preview = fields.Properties(
        "Dossier Data (preview)",
        definition="data_definition_procedure_id.data_definition",
        copy=False,
        help="Add, change and order the procedure's data here; values typed here are only a try-out.",
    )
    data_rule_ids = fields.One2many("q1.procedure.data.rule", "procedure_id", string="Data Rules", copy=True)

    @api.depends_context("uid")
    def _compute_data_definition_procedure_id(self):
        for procedure in self:
            procedure.data_definition_procedure_id = procedure.id if isinstance(procedure.id, int) else False

    @api.constrains("data_definition")
    def _check_data_rules_still_defined(self):
        """A property that a rule names cannot leave the definition: remove its rule first."""
        for procedure in self:
            procedure.data_rule_ids._check_property_defined()

    def _q1_data_definitions(self):
        """The procedure's property definitions (list of dicts), read as the system: everyone who reads a dossier
        reads what its data means."""
        self.ensure_one()
        return self.sudo().data_definition or []

    def _q1_data_labels(self):
        """``{property name: label}`` of the procedure's properties."""
        return {
            definition["name"]: definition.get("string") or definition["name"]
            for definition in self._q1_data_definitions()
        }

    def action_copy_register_definition(self):
        """Copy the columns of the procedure's result register into its dossier data, with the same property names,
        so that a dossier's values flow by name into the register entry its result writes. The procedure's own
        properties the register does not have are kept after them. Administrators only (the catalogue is theirs)."""
        if not self.env.su and not self.env.user.has_group("q1_dossier.group_q1_manager"):
            raise UserError(self.env._("Only an administrator of the one-stop shop may change a procedure's data."))
        self.check_access("write")
        for procedure in self:
            register = procedure.register_id
            if not register:
                raise UserError(
                    self.env._(
                        "Procedure %s writes into no register: choose its result register first.", procedure.name
                    )
                )
            columns = register.sudo().data_definition or []
            if not columns:
                raise UserError(self.env._("Register %s has no columns to copy.", register.sudo().display_name))
            procedure.data_definition = merge_definitions(procedure.data_definition or [], columns)
        return True

    def _q1_clean_vals(self, vals):
        """The definition is checked here as Odoo checks it (names, types, options), with a message instead of a
        traceback; its size and labels are bounded like any typed-in list."""
        vals = super()._q1_clean_vals(vals)
        for name in ("data_definition", "data_preview"):
            items = vals.get(name)
            if items in (False, None) or (name == "data_preview" and isinstance(items, dict)):
                continue
            if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
                raise ValidationError(self.env._("Dossier Data: the data items must be given one by one."))
            if len(items) > MAX_PROPERTIES:
                raise ValidationError(
                    self.env._("A procedure can define at most %s dossier data items.", MAX_PROPERTIES)
                )
            for item in items:
                label = item.get("string")
                if label is not None and (
                    not isinstance(label, str) or len(label) > NAME_MAX_LENGTH or "\x00" in label
                ):
                    raise ValidationError(
                        self.env._("The label of a dossier data item is too long or contains control characters.")
                    )
        if vals.get("data_definition"):
            definitions = copy.deepcopy(vals["data_definition"])
            try:
                fields.Properties._remove_display_name(definitions, value_key="default")
                fields.PropertiesDefinition._validate_properties_definition(definitions, self.env)
            except (ValueError, TypeError, AttributeError) as error:
                raise ValidationError(self.env._("The dossier data definition is not valid: %s", str(error))) from None
        return vals

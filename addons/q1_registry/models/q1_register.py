from odoo import api, fields, models
from odoo.exceptions import AccessError, ValidationError

from ..core import registers
from ..core.registers import RegisterRuleError

DEFAULT_NUMBER_PATTERN = "%(seq)s/%(year)s/%(code)s"


class Q1Register(models.Model):
    """A result register (sổ đăng ký / sổ cấp) of one kind of result in a field of law: the household-business
    registrations, the birth registrations, the certifications... A shared catalogue, maintained by the
    administrators; each unit keeps its own entries in it (``q1.register.entry.company_id``).

    The register's columns are its ``data_definition`` (the decided data of every entry); a procedure that writes
    into the register copies it (part A's ``q1.procedure.action_copy_register_definition``) so that the values
    flow by property name from the dossier to the entry."""

    _name = "q1.register"
    _description = "Result Register"
    _order = "field_id, sequence, name"
    _rec_names_search = ["name", "code"]

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Short code of the register, printed in its entry numbers.")
    sequence = fields.Integer(default=10)
    field_id = fields.Many2one("q1.field", string="Field of Law", required=True, ondelete="restrict")
    data_definition = fields.PropertiesDefinition(
        "Register Columns", help="The decided data every entry of the register records."
    )
    number_pattern = fields.Char(
        default=DEFAULT_NUMBER_PATTERN,
        required=True,
        help="How entry numbers are written: %(seq)s is the entry's sequence in the unit's register for the year "
        "(from 1 each year), %(year)s the year of the entry, %(code)s the register's code, %(unit)s the unit's "
        "code.",
    )
    validity_months = fields.Integer(
        string="Validity (months)", help="How long an entry is valid from its date; 0: no expiry."
    )
    reminder_days = fields.Integer(
        string="Reminder (days)",
        default=30,
        help="How many days before an entry expires its unit is reminded (one activity per entry).",
    )
    # Odoo 18 edits a properties definition through a properties field that uses it: the register's own preview.
    definition_register_id = fields.Many2one(
        "q1.register", compute="_compute_definition_register_id", string="Register (columns)"
    )
    data_preview = fields.Properties(
        "Register Columns (preview)",
        definition="definition_register_id.data_definition",
        copy=False,
        help="Add, change and order the register's columns here; values typed here are only a try-out.",
    )
    active = fields.Boolean(default=True)
    description = fields.Text()
    procedure_ids = fields.One2many("q1.procedure", "register_id", string="Procedures")
    entry_count = fields.Integer(compute="_compute_entry_count", string="Entries")

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The code of a register must be unique."),
        ("validity_months_range", "CHECK(validity_months BETWEEN 0 AND 1200)", "The validity is 0 to 1200 months."),
        ("reminder_days_range", "CHECK(reminder_days BETWEEN 0 AND 3650)", "The reminder is 0 to 3650 days."),
    ]

    @api.depends_context("uid")
    def _compute_definition_register_id(self):
        for register in self:
            register.definition_register_id = register.id if isinstance(register.id, int) else False

    @api.constrains("number_pattern")
    def _check_number_pattern(self):
        for register in self:
            try:
                registers.check_pattern(register.number_pattern)
            except RegisterRuleError as error:
                raise ValidationError(self.env["q1.register.entry"]._q1_rule_message(error)) from error

    def action_open_entries(self):
        """The entries of the register the user's units keep (the one-stop shop's officers; the record rules keep
        each unit to its own entries)."""
        self.ensure_one()
        user = self.env.user
        if not self.env.su and not (
            user.has_group("q1_dossier.group_q1_reception") or user.has_group("q1_dossier.group_q1_processing")
        ):
            raise AccessError(self.env._("Only the one-stop shop's officers open the register entries."))
        action = self.env["ir.actions.act_window"]._for_xml_id("q1_registry.q1_register_entry_action")
        action["domain"] = [("register_id", "=", self.id)]
        action["context"] = {"default_register_id": self.id}
        action["display_name"] = self.display_name
        return action

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_entry_count(self):
        counts = dict(
            self.env["q1.register.entry"]._read_group([("register_id", "in", self.ids)], ["register_id"], ["__count"])
        )
        for register in self:
            register.entry_count = counts.get(register, 0)

from odoo import api, fields, models

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
    active = fields.Boolean(default=True)
    description = fields.Text()
    procedure_ids = fields.One2many("q1.procedure", "register_id", string="Procedures")
    entry_count = fields.Integer(compute="_compute_entry_count", string="Entries")

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The code of a register must be unique."),
        ("validity_months_range", "CHECK(validity_months BETWEEN 0 AND 1200)", "The validity is 0 to 1200 months."),
        ("reminder_days_range", "CHECK(reminder_days BETWEEN 0 AND 3650)", "The reminder is 0 to 3650 days."),
    ]

    @api.depends_context("uid", "allowed_company_ids")
    def _compute_entry_count(self):
        counts = dict(
            self.env["q1.register.entry"]._read_group([("register_id", "in", self.ids)], ["register_id"], ["__count"])
        )
        for register in self:
            register.entry_count = counts.get(register, 0)

from odoo import fields, models

REGISTER_ACTIONS = [
    ("create", "Creates an entry"),
    ("amend", "Amends an entry"),
    ("replace", "Replaces an entry"),
    ("revoke", "Revokes an entry"),
]


class Q1Procedure(models.Model):
    """The result register a procedure writes into, and what its result does there."""

    _inherit = "q1.procedure"  # pylint: disable=consider-merging-classes-inherited

    register_id = fields.Many2one(
        "q1.register",
        string="Result Register",
        ondelete="restrict",
        help="The register the procedure's result is written into when the dossier's result is ready.",
    )
    register_action = fields.Selection(
        REGISTER_ACTIONS,
        help="What the result does in the register; amend, replace and revoke act on the entry named at reception.",
    )

from odoo import api, fields, models

REGISTER_ACTIONS = [
    ("create", "Creates an entry"),
    ("amend", "Amends an entry"),
    ("replace", "Replaces an entry"),
    ("revoke", "Revokes an entry"),
]


class Q1Procedure(models.Model):
    """The result a procedure issues: the register it writes into, what its result does there, and whether it
    issues a result document at all (who index 4.1 counts)."""

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
    issues_result = fields.Boolean(
        string="Issues a Result Document",
        compute="_compute_issues_result",
        store=True,
        help="The procedure's result is a document (it names its result, or writes into a register): its dossiers "
        "count in index 4.1 (electronic results) of Decision 766/QĐ-TTg once their result is ready.",
    )

    @api.depends("result_description", "register_id")
    def _compute_issues_result(self):
        for procedure in self:
            procedure.issues_result = bool((procedure.result_description or "").strip() or procedure.register_id)

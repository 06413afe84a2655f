from odoo import fields, models


class Q1Procedure(models.Model):
    _inherit = "q1.procedure"

    q1_product_weight = fields.Float(
        string="Converted Product Weight",
        default=1.0,
        digits=(16, 2),
        help="Coefficient of one step of this procedure in the officers' evaluation (converted products, "
        "Decree 335/2025/NĐ-CP Art. 14(1)); a step's own weight takes precedence.",
    )


class Q1ProcedureStep(models.Model):
    _inherit = "q1.procedure.step"

    q1_product_weight = fields.Float(
        string="Converted Product Weight",
        digits=(16, 2),
        help="Coefficient of this step in the officers' evaluation; empty: the procedure's weight.",
    )

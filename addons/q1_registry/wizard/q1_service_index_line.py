from odoo import models
from odoo.exceptions import UserError

from ..core import indices as core

# The dashboard's flag that splits each index's dossiers into counted and not counted (q1.dossier.report).
SPLIT_BY = {core.INDEX_E_RESULT: "e_result_file", core.INDEX_REUSE: "reused"}


class Q1ServiceIndexLine(models.TransientModel):
    """The drill-down of indices 4.1 and 4.3 on the statutory wizard: the dossiers of the denominator, grouped by
    whether the numerator counts them, so that every number of the line is a list of dossiers."""

    _inherit = "q1.service.index.line"

    def action_open_dossiers(self):
        self.check_access("read")
        self.ensure_one()
        if self.code not in SPLIT_BY:
            raise UserError(self.env._("The dossiers behind this index are shown by the handling table's drill-down."))
        numerator, denominator = self.wizard_id._q1_index_dossier_ids(self.company_id.id, self.code)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._(
                "Index %(code)s: %(counted)s of %(total)s dossiers",
                code=self.code,
                counted=len(numerator),
                total=len(denominator),
            ),
            "res_model": "q1.dossier.report",
            "view_mode": "list,form",
            "views": [(self.env.ref("q1_reporting.q1_dossier_report_view_list").id, "list"), (False, "form")],
            "domain": [("dossier_id", "in", denominator)],
            "context": {"group_by": [SPLIT_BY[self.code]]},
            "target": "current",
        }

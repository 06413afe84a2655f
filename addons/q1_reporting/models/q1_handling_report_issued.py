from odoo import api
from odoo.exceptions import AccessError


class Q1HandlingReportIssued:
    """What an issued statutory report stores (the report, its rows, indices and cells) is written once, when the
    report is issued, by ``q1.handling.report.wizard.action_issue`` as the system, and never changed or deleted
    afterwards: a number once issued never changes silently. Over RPC the access rights give read only; this
    guard refuses the rest even to a user whose rights would allow it.

    A plain Python base class of the four model classes, not a model: Odoo registers nothing for it.
    """

    @api.model_create_multi
    def create(self, vals_list):
        self._check_issued_by_the_system()
        return super().create(vals_list)

    def write(self, vals):
        self._check_issued_by_the_system()
        return super().write(vals)

    def unlink(self):
        self._check_issued_by_the_system()
        return super().unlink()

    def _check_issued_by_the_system(self):
        if not self.env.su:
            raise AccessError(self.env._("An issued report is stored as it was issued; nobody changes or deletes it."))

from odoo import models
from odoo.exceptions import UserError

# What an electronic result's file is: its bytes and the record it belongs to.
PROTECTED = frozenset({"datas", "raw", "db_datas", "store_fname", "res_model", "res_id", "res_field", "type", "url"})


class IrAttachment(models.Model):
    """A dossier's signed electronic result (``q1.dossier.e_result_attachment_id``) is a legal fact: whoever may
    write the dossier could otherwise replace or delete its file through the attachments' own API (Odoo lets the
    writers of a record change its attachments). Its bytes and its dossier never change, and it is never deleted,
    except by the system."""

    _inherit = "ir.attachment"

    def _q1_e_results(self):
        if not self.ids:
            return self.env["q1.dossier"]
        return self.env["q1.dossier"].sudo().search([("e_result_attachment_id", "in", self.ids)])

    def _q1_refuse_e_result_change(self):
        dossiers = self._q1_e_results()
        if dossiers:
            raise UserError(
                self.env._("The signed electronic result of dossier %s cannot be changed or deleted.", dossiers[0].code)
            )

    def write(self, vals):
        if not self.env.su and PROTECTED.intersection(vals):
            self._q1_refuse_e_result_change()
        return super().write(vals)

    def unlink(self):
        if not self.env.su:
            self._q1_refuse_e_result_change()
        return super().unlink()

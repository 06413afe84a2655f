from odoo import models


class MailThread(models.AbstractModel):
    _inherit = "mail.thread"

    def _creation_message(self):
        """ "Thủ tục hành chính được tạo", never "Administrative Procedure được tạo" (issue 12 item 9).

        Odoo writes the creation message as ``_("%s created")`` around ``ir.model``'s name read in the record's
        language; when the context has no language (a record created by the system, a cron, a test), ``_`` falls
        back to the user's language while the name is read in English. A q1 record reads both in the same language.
        """
        if self._name.startswith("q1.") and not self.env.lang:
            lang = self.env["res.users"].context_get().get("lang")
            if lang:
                return super(MailThread, self.with_context(lang=lang))._creation_message()
        return super()._creation_message()

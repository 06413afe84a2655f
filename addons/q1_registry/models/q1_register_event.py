from odoo import fields, models

EVENT_KINDS = [
    ("created", "Created"),
    ("amended", "Amended"),
    ("replaced", "Replaced"),
    ("revoked", "Revoked"),
    ("expired", "Expired"),
    ("imported", "Imported"),
]


class Q1RegisterEvent(models.Model):
    """One change of a register entry: what was done, by which dossier (none for the expiry and the import), by
    whom, with the entry's data before and after. Written only by the entry's own methods; never changed."""

    _name = "q1.register.event"
    _description = "Register Entry Event"
    _order = "event_date desc, id desc"

    entry_id = fields.Many2one("q1.register.entry", string="Entry", required=True, ondelete="cascade", index=True)
    register_id = fields.Many2one(related="entry_id.register_id", store=True)
    dossier_id = fields.Many2one("q1.dossier", string="Dossier", ondelete="restrict", index="btree_not_null")
    kind = fields.Selection(EVENT_KINDS, required=True)
    event_date = fields.Datetime(required=True, default=fields.Datetime.now)
    data_before = fields.Json(string="Data Before")
    data_after = fields.Json(string="Data After")
    user_id = fields.Many2one("res.users", string="By", ondelete="restrict", default=lambda self: self.env.user)
    company_id = fields.Many2one("res.company", string="Unit", required=True, ondelete="restrict", index=True)
    note = fields.Char()

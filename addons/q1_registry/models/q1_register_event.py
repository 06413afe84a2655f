from odoo import api, fields, models

from ..core.registers import data_changes

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

    entry_id = fields.Many2one("q1.register.entry", required=True, ondelete="cascade", index=True)
    register_id = fields.Many2one(related="entry_id.register_id", store=True)
    dossier_id = fields.Many2one("q1.dossier", ondelete="restrict", index="btree_not_null")
    kind = fields.Selection(EVENT_KINDS, required=True)
    event_date = fields.Datetime(required=True, default=fields.Datetime.now)
    data_before = fields.Json()
    data_after = fields.Json()
    user_id = fields.Many2one("res.users", string="By", ondelete="restrict", default=lambda self: self.env.user)
    company_id = fields.Many2one("res.company", string="Unit", required=True, ondelete="restrict", index=True)
    note = fields.Char()

    changes = fields.Text(compute="_compute_changes")

    @api.depends("data_before", "data_after", "kind")
    def _compute_changes(self):
        """What changed, one line per column: "Label: before → after" (labels from the register's columns)."""
        for event in self:
            definition = {prop["name"]: prop for prop in event.sudo().entry_id.register_id.data_definition or []}
            names = data_changes(event.data_before, event.data_after) if event.data_before is not None else []
            if event.kind in ("created", "imported"):
                names = [name for name in (event.data_after or {}) if (event.data_after or {}).get(name)]
            lines = []
            for name in names:
                prop = definition.get(name, {"string": name})
                after = _shown(prop, (event.data_after or {}).get(name))
                if event.kind in ("created", "imported"):
                    lines.append(f"{prop.get('string', name)}: {after}")
                else:
                    before = _shown(prop, (event.data_before or {}).get(name))
                    lines.append(f"{prop.get('string', name)}: {before} → {after}")
            event.changes = "\n".join(lines)


def _shown(prop, value):
    """A property value as a person reads it: the label of a choice, dd/mm/yyyy for a date, '—' when empty."""
    if value in (None, False, "", []):
        return "—"
    if prop.get("type") == "selection":
        return dict(prop.get("selection") or []).get(value, value)
    if prop.get("type") == "boolean":
        return "✓"
    if prop.get("type") == "date" and isinstance(value, str) and len(value) == 10:
        year, month, day = value.split("-")
        return f"{day}/{month}/{year}"
    return str(value)

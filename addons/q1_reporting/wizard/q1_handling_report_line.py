from odoo import api, fields, models

from ..core.handling_report import HandlingRow

COUNT_FIELDS = [name for name in HandlingRow.__dataclass_fields__ if name != "key"]


class Q1HandlingReportLine(models.TransientModel):
    """One row of the handling table shown on the report wizard."""

    _name = "q1.handling.report.line"
    _description = "Handling Report Row"
    _order = "sequence"

    wizard_id = fields.Many2one("q1.handling.report.wizard", required=True, ondelete="cascade")
    sequence = fields.Integer()
    key_id = fields.Integer(help="Id of the field of law or unit of the row; 0 on the total row.")
    is_total = fields.Boolean()
    label = fields.Char(string="Field or Unit")
    received = fields.Integer()
    online = fields.Integer()
    direct_postal = fields.Integer(string="Direct or Postal")
    carried_over = fields.Integer()
    resolved = fields.Integer()
    early = fields.Integer()
    on_time = fields.Integer()
    late = fields.Integer()
    pending = fields.Integer()
    within = fields.Integer(string="Within Time")
    overdue = fields.Integer()

    @api.model
    def _values_from_row(self, row, labels, sequence):
        values = {name: getattr(row, name) for name in COUNT_FIELDS}
        values.update(
            sequence=sequence,
            key_id=row.key or 0,
            is_total=row.key is None,
            label=labels[row.key] if row.key is not None else self.env._("Total"),
        )
        return values

    def action_open_entries(self):
        """The pivot of this row's dossiers (all rows on the total row)."""
        self.check_access("read")
        self.ensure_one()
        action = self.wizard_id.action_open_pivot()
        if not self.is_total:
            action["domain"] = action["domain"] + [(self.wizard_id._key_column(), "=", self.key_id)]
        return action

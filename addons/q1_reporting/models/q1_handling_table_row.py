from odoo import api, fields, models

from ..core.handling_report import COUNT_FIELDS


class Q1HandlingTableRow(models.AbstractModel):
    """A row of the statutory handling table: the label of its field of law or unit and its 11 counts, shared by
    the wizard's table (``q1.handling.report.line``) and the issued one (``q1.handling.report.issue.row``)."""

    _name = "q1.handling.table.row"
    _description = "Handling Table Row Values"

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
        """The values of a ``core.handling_report.HandlingRow`` (``key`` None: the total row)."""
        values = {name: getattr(row, name) for name in COUNT_FIELDS}
        values.update(
            sequence=sequence,
            key_id=row.key or 0,
            is_total=row.key is None,
            label=labels[row.key] if row.key is not None else self.env._("Total"),
        )
        return values

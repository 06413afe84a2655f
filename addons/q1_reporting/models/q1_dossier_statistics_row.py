from odoo import fields, models


class Q1DossierStatisticsRow(models.AbstractModel):
    """What every row of the leaders' statistics says about its dossier: which one, whose, where it is decided.

    Shared by the dashboards' view (``q1.dossier.report``, one row per dossier) and the statutory table's entries
    (``q1.handling.entry``, two per dossier). The applicant's name read there outside the dossier's unit flow is
    logged, as on the dossier itself (``q1.personal.data.mixin``, keyed by each row's dossier).
    """

    _name = "q1.dossier.statistics.row"
    _description = "Dossier Statistics Row"
    _inherit = ["q1.personal.data.mixin"]
    _q1_personal_fields = ("applicant_name",)
    _rec_name = "code"

    dossier_id = fields.Many2one("q1.dossier", readonly=True)
    code = fields.Char(string="Dossier Code", readonly=True)
    applicant_name = fields.Char(string="Applicant", readonly=True)
    company_id = fields.Many2one("res.company", string="Receiving Unit", readonly=True)
    deciding_company_id = fields.Many2one("res.company", string="Deciding Unit", readonly=True)
    field_id = fields.Many2one("q1.field", string="Field of Law", readonly=True)
    procedure_id = fields.Many2one("q1.procedure", readonly=True)

    def _q1_audit_dossier_ids(self, records):
        return records.dossier_id.ids

    def _group_ranks(self, spec, values):
        """{group value: its rank in the natural order of ``spec``'s groups} for groups counted past the ORM's own
        query (``_read_group`` of the report and of the entries): a record in its model's order, any other value in
        its own, the empty group last, as PostgreSQL would have ordered them."""
        field = self._fields[spec.split(":")[0]]
        if field.type == "many2one" and ":" not in spec:
            records = self.env[field.comodel_name].union(*values)
            ordered = records.sudo().with_context(active_test=False).sorted()
            ranks = dict(zip(ordered, range(len(ordered)), strict=True))
        else:
            ranks = {value: rank for rank, value in enumerate(sorted({value for value in values if value}))}
        return ranks | {value: len(ranks) for value in values if not value}

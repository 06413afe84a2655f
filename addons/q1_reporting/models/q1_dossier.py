from odoo import models

from odoo.addons.q1_dossier.models.q1_dossier import DossierExtension

from .q1_dossier_report import DOSSIER_FIELDS


class Q1Dossier(DossierExtension, models.Model):
    """The writes that change a dossier's statistical facts mark it for refreshing (``q1.dossier.fact``): at the
    level every ORM write goes through, user edits, lifecycle methods and stored computed fields alike."""

    _inherit = "q1.dossier"

    def _create(self, data_list):
        records = super()._create(data_list)
        self.env["q1.dossier.fact"]._mark(records.ids)
        return records

    def _write_multi(self, vals_list):
        self.env["q1.dossier.fact"]._mark(
            [record.id for record, vals in zip(self, vals_list, strict=True) if DOSSIER_FIELDS.intersection(vals)]
        )
        return super()._write_multi(vals_list)

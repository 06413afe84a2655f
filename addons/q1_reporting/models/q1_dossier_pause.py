from odoo import models

from odoo.addons.q1_dossier.models.q1_dossier import DossierExtension

from .q1_dossier_report import PAUSE_FIELDS


class Q1DossierPause(DossierExtension, models.Model):
    """A wait begun, ended or removed changes its dossier's statistical facts (``q1.dossier.fact``)."""

    _inherit = "q1.dossier.pause"

    def _create(self, data_list):
        records = super()._create(data_list)
        self.env["q1.dossier.fact"]._mark(records.dossier_id.ids)
        return records

    def _write_multi(self, vals_list):
        if any(PAUSE_FIELDS.intersection(vals) for vals in vals_list):
            moved = {vals["dossier_id"] for vals in vals_list if vals.get("dossier_id")}
            self.env["q1.dossier.fact"]._mark(set(self.dossier_id.ids) | moved)
        return super()._write_multi(vals_list)

    def unlink(self):
        self.env["q1.dossier.fact"]._mark(self.dossier_id.ids)
        return super().unlink()

from odoo import api, models

from ..core.qms_report import DIRECTION_LABELS, STATUS_LABELS, TITLE, number, target_text, year_text


class ReportQ1QmsYearly(models.AbstractModel):
    """The values of the yearly QMS report (PDF), printed in Vietnamese from the wizard's figures."""

    _name = "report.q1_quality.report_q1_qms_yearly"
    _description = "Yearly QMS Report"

    @api.model
    def _get_report_values(self, docids, data=None):
        wizards = self.env["q1.qms.report.wizard"].browse(docids)
        wizards.check_access("read")
        return {
            "doc_ids": wizards.ids,
            "doc_model": "q1.qms.report.wizard",
            "docs": wizards,
            "reports": {wizard.id: wizard._q1_report() for wizard in wizards},
            "title": TITLE,
            "status_labels": STATUS_LABELS,
            "direction_labels": DIRECTION_LABELS,
            "number": number,
            "target_text": target_text,
            "year_text": year_text,
        }

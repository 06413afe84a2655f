from odoo import api, models


class ReportQ1ProcessHistory(models.AbstractModel):
    """Values of the printed history of a procedure's internal process: its issues, oldest first, with code, number,
    effective date, who drafted, reviewed and approved each (name, title, date), the reason, and each issue's steps."""

    _name = "report.q1_quality.report_q1_process_history"
    _description = "Process history"

    @api.model
    def _get_report_values(self, docids, data=None):
        procedures = self.env["q1.procedure"].browse(docids)
        procedures.check_access("read")
        return {
            "doc_ids": docids,
            "doc_model": "q1.procedure",
            "docs": procedures,
            "histories": {
                procedure.id: procedure.q1_issue_ids.filtered(lambda i: i.state != "draft")._q1_history_values()
                for procedure in procedures
            },
            "time_unit_labels": {"day": "ngày làm việc", "hour": "giờ làm việc"},
            "state_labels": {
                "submitted": "Chờ xem xét",
                "reviewed": "Đã xem xét",
                "approved": "Đang áp dụng",
                "superseded": "Hết hiệu lực",
            },
        }

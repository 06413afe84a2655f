import io

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.q1_dossier.core.localtime import to_local
from odoo.addons.q1_dossier.core.vntext import format_vn_date

from ..core.qms_report import (
    STATUS_LABELS,
    AuditRow,
    IndicatorRow,
    NonconformityRow,
    QmsReport,
    ReviewRow,
    write_qms_report_xlsx,
)
from ..models.q1_quality_measure import PERCENT_MEASURES
from ..models.q1_quality_unit_caller import APPROVER, ISO_SECRETARY, Q1QualityUnitCaller

# Printed forms are Vietnamese whatever the user's language (the states of OCA's records as printed).
AUDIT_STATES = {"open": "Đang thực hiện", "done": "Đã kết thúc"}
REVIEW_STATES = {"open": "Đang thực hiện", "done": "Đã kết thúc"}
NC_STATES = (
    ("draft", "Nháp"),
    ("analysis", "Phân tích"),
    ("pending", "Chờ duyệt"),
    ("open", "Đang khắc phục"),
    ("done", "Đã đóng"),
    ("cancel", "Đã hủy"),
)
NC_KINDS = {
    "late": "Hồ sơ giải quyết quá hạn",
    "apology": "Thư xin lỗi",
    "complaint": "Phản ánh, kiến nghị có căn cứ",
    "rating": "Người dân không hài lòng",
    "audit": "Phát hiện đánh giá nội bộ",
    "manual": "Ghi nhận thủ công",
    False: "Khác",
}


class Q1QmsReportWizard(Q1QualityUnitCaller, models.TransientModel):
    """The yearly report of a unit's quality-management system (issue 14, item 6): its objectives with their
    monthly values and the year's status, its internal audits, its nonconformities by kind and state with those
    closed on time, and its management reviews, as .xlsx (core.qms_report) and PDF (report_q1_qms_yearly). Made by
    the unit's leaders and ISO secretary, for one of their units."""

    _name = "q1.qms.report.wizard"
    _inherit = ["q1.download.mixin"]
    _description = "Yearly QMS Report"
    _q1_download_kinds = ("xlsx",)

    company_id = fields.Many2one(
        "res.company",
        string="Unit",
        required=True,
        default=lambda self: self.env.company,
        domain="[('id', 'in', allowed_company_ids)]",
    )
    year = fields.Integer(required=True, default=lambda self: fields.Date.context_today(self).year)
    signer_title = fields.Char(string="Signed by (title)", default="CHỦ TỊCH")
    signer_name = fields.Char(string="Signed by (name)")

    @api.constrains("company_id", "year")
    def _check_report(self):
        for wizard in self:
            if not 2000 <= wizard.year <= 2100:
                raise ValidationError(self.env._("The year of the report must lie between 2000 and 2100."))
            if not self.env.su and wizard.company_id not in self.env.user.company_ids:
                raise ValidationError(self.env._("You can only report on your own units."))

    @api.model_create_multi
    def create(self, vals_list):
        self._q1_check_caller(APPROVER, ISO_SECRETARY)
        for vals in vals_list:
            self._q1_input_check(vals)
        return super().create(vals_list)

    # ------------------------------------------------------------------ figures

    def _year_window(self):
        return fields.Date.to_date(f"{self.year}-01-01"), fields.Date.to_date(f"{self.year}-12-31")

    def _in_year(self, day_or_time):
        if not day_or_time:
            return False
        day = to_local(day_or_time).date() if hasattr(day_or_time, "hour") else day_or_time
        return day.year == self.year

    def _indicator_rows(self):
        objectives = (
            self.env["mgmtsystem.objective"]
            .sudo()
            .search([("company_id", "=", self.company_id.id), ("q1_year", "=", self.year)], order="name, id")
        )
        rows = []
        for objective in objectives:
            for indicator in objective.indicator_ids.filtered(lambda i: i.q1_measure and i.state != "cancelled"):
                by_month = {v.q1_month: v for v in indicator.value_ids if v.q1_month}
                months = tuple(
                    by_month[m].value if m in by_month and by_month[m].q1_has_data else None for m in range(1, 13)
                )
                statuses = tuple(by_month[m].q1_status if m in by_month else None for m in range(1, 13))
                has_year = bool(indicator.q1_year_denominator) and indicator.q1_year_status != "no_data"
                rows.append(
                    IndicatorRow(
                        objective=objective.name,
                        name=indicator.name,
                        direction=indicator.q1_direction,
                        target=indicator.q1_target,
                        percent=indicator.q1_measure in PERCENT_MEASURES,
                        months=months,
                        month_statuses=statuses,
                        year_value=indicator.q1_year_value if has_year else None,
                        year_status=indicator.q1_year_status or "no_data",
                    )
                )
        return tuple(rows)

    def _audit_rows(self):
        audits = (
            self.env["mgmtsystem.audit"]
            .sudo()
            .search([("company_id", "=", self.company_id.id)], order="date, id")
            .filtered(lambda audit: self._in_year(audit.date))
        )
        return tuple(
            AuditRow(
                reference=audit.reference or "",
                name=audit.name or "",
                day=to_local(audit.date).date() if audit.date else None,
                state=AUDIT_STATES.get(audit.state, audit.state or ""),
                findings=getattr(audit, "q1_finding_count", 0) or 0,
                nonconformities=len(audit.nonconformity_ids),
            )
            for audit in audits
        )

    def _nonconformities(self):
        ncs = self.env["mgmtsystem.nonconformity"].sudo().search([("company_id", "=", self.company_id.id)])
        return ncs.filtered(lambda nc: self._in_year(getattr(nc, "q1_raised_at", False) or nc.create_date))

    def _nonconformity_rows(self):
        ncs = self._nonconformities()
        kind_field = "q1_kind" if "q1_kind" in ncs._fields else None
        states = dict(NC_STATES)
        rows = []
        for kind, label in NC_KINDS.items():
            group = ncs.filtered(lambda nc, kind=kind: (nc[kind_field] if kind_field else False) == kind)
            if not group:
                continue
            by_state = {}
            for nc in group:
                state = states.get(nc.state, nc.state or "")
                by_state[state] = by_state.get(state, 0) + 1
            rows.append(NonconformityRow(kind=label, total=len(group), by_state=by_state))
        return tuple(rows)

    def _nc_closed_on_time(self):
        start, end = self._year_window()
        try:
            result = self.env["q1.quality.measure"].sudo()._q1_compute("nc_closed_on_time", self.company_id, start, end)
        except UserError:
            return (0, 0, None)
        return (int(result["numerator"]), int(result["denominator"]), result["value"])

    def _review_rows(self):
        reviews = (
            self.env["mgmtsystem.review"]
            .sudo()
            .search([("company_id", "=", self.company_id.id)], order="date, id")
            .filtered(lambda review: self._in_year(review.date))
        )
        return tuple(
            ReviewRow(
                reference=review.reference or "",
                name=review.name or "",
                day=to_local(review.date).date() if review.date else None,
                state=REVIEW_STATES.get(review.state, review.state or ""),
            )
            for review in reviews
        )

    def _q1_report(self):
        """The report's figures (a core.qms_report.QmsReport), read as the system once the caller is checked."""
        self.ensure_one()
        self._q1_check_caller(APPROVER, ISO_SECRETARY)
        unit = self.company_id.sudo()
        today = fields.Date.context_today(self)
        return QmsReport(
            authority=(unit.q1_authority_name or "").upper(),
            unit=(unit.name or "").upper(),
            year=self.year,
            date_line=format_vn_date(today, unit.q1_place_name),
            signer_title=(self.signer_title or "").upper(),
            signer_name=self.signer_name or "",
            indicators=self._indicator_rows(),
            audits=self._audit_rows(),
            nc_states=tuple(label for _state, label in NC_STATES),
            nonconformities=self._nonconformity_rows(),
            nc_closed_on_time=self._nc_closed_on_time(),
            reviews=self._review_rows(),
            created=fields.Datetime.now().replace(microsecond=0),
        )

    @api.model
    def _status_label(self, status):
        return STATUS_LABELS.get(status, "")

    # ------------------------------------------------------------------ buttons

    def action_export_xlsx(self):
        """Download the report as .xlsx."""
        self.ensure_one()
        self._q1_download_check_access()
        self._q1_check_caller(APPROVER, ISO_SECRETARY)
        return self._q1_download_action("xlsx")

    def _q1_download_file(self, kind):
        self.ensure_one()
        stream = io.BytesIO()
        write_qms_report_xlsx(stream, self._q1_report())
        name = f"bao-cao-htqlcl-{self.year}-{self.company_id.id}.xlsx"
        return name, self._q1_xlsx_mimetype, stream.getvalue()

    def action_print_pdf(self):
        """Print the report (PDF, Vietnamese)."""
        self.ensure_one()
        self._q1_download_check_access()
        self._q1_check_caller(APPROVER, ISO_SECRETARY)
        return self.env.ref("q1_quality.action_report_q1_qms_yearly").report_action(self)

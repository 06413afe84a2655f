from odoo import api, models

from odoo.addons.q1_dossier.core.localtime import to_local
from odoo.addons.q1_dossier.core.vntext import format_vn_date

# The minutes are a printed form in Vietnamese: their wording is fixed, not translated.
SECTION_TITLES = {
    "objectives": "Kết quả thực hiện mục tiêu chất lượng",
    "audits": "Kết quả đánh giá nội bộ",
    "nonconformities": "Sự không phù hợp",
    "actions": "Hành động khắc phục",
    "satisfaction": "Sự hài lòng của người dân, tổ chức",
    "feedback": "Phản ánh, kiến nghị của người dân, tổ chức",
    "risks": "Rủi ro và cơ hội",
}


def _date(day):
    return day.strftime("%d/%m/%Y") if day else ""


class ReportQ1ReviewMinutes(models.AbstractModel):
    """The values of the management review's minutes (Biên bản họp xem xét của lãnh đạo), printed in Vietnamese
    from the figures frozen on the review and its decisions."""

    _name = "report.q1_quality.report_q1_review_minutes"
    _description = "Management Review Minutes"

    @api.model
    def _get_report_values(self, docids, data=None):
        reviews = self.env["mgmtsystem.review"].browse(docids)
        reviews.check_access("read")
        return {
            "doc_ids": reviews.ids,
            "doc_model": "mgmtsystem.review",
            "docs": reviews,
            "minutes": {review.id: self._minutes(review) for review in reviews},
        }

    def _minutes(self, review):
        unit = review.company_id
        held = to_local(review.date) if review.date else None
        sections = []
        for key, title in SECTION_TITLES.items():
            figures = review.q1_figure_ids.filtered(lambda figure, key=key: figure.section == key)
            sections.append(
                {
                    "title": title,
                    "figures": [
                        {
                            "label": figure.label,
                            "value": figure._display(),
                            "target": figure.target or "",
                            "note": figure.note or "",
                        }
                        for figure in figures
                    ],
                }
            )
        decisions = [
            {
                "name": line.name,
                "decision": line.decision or "",
                "owner": line.q1_owner_id.name or "",
                "due": _date(line.q1_due_date),
            }
            for line in review.line_ids
        ]
        return {
            "authority": (unit.q1_authority_name or "").upper(),
            "unit": (unit.name or "").upper(),
            "date_line": format_vn_date(held.date(), unit.q1_place_name or None) if held else "",
            "held_at": f"{held:%H} giờ {held:%M}, {format_vn_date(held.date())}" if held else "",
            "place": review.q1_location or unit.name or "",
            "period": f"từ ngày {_date(review.q1_date_from)} đến ngày {_date(review.q1_date_to)}",
            "chair": review.q1_chair_id.name or "",
            "secretary": review.q1_secretary_id.name or "",
            "participants": review.user_ids.mapped("name"),
            "sections": sections,
            "decisions": decisions,
            "gathered": _date(to_local(review.q1_gathered_at).date()) if review.q1_gathered_at else "",
            "draft": review.state != "done",
        }

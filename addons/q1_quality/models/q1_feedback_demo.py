"""Demo data of citizens' feedback (demo/q1_quality_demo_feedback.xml): a dozen feedback of the four wards of former
District 1 in every state, filed at the counter and on the lookup page, through the real methods; the instants
those methods stamp as "now" are the demo's instants (feedback received weeks ago, one answered late, one overdue,
one justified raising its nonconformity), and the Art. 33(1) items of some rated dossiers."""

from datetime import datetime, timedelta

from odoo import api, fields, models

from odoo.addons.q1_dossier.core.localtime import to_utc

WARDS = ("saigon", "tandinh", "benthanh", "cauonglanh")
# (ward, working days ago received, channel, category, subject, citizen, phone, content, what happens)
DEMO = [
    (
        "saigon", 2, "lookup", "time", "dossier", None, None,
        "Tôi nộp hồ sơ đã lâu nhưng chưa thấy có thông báo. Đề nghị cho biết khi nào có kết quả.",
        "new",
    ),
    (
        "tandinh", 3, "counter", "rules", "procedure", "Trần Văn Hùng", "0903 456 789",
        "Đề nghị niêm yết rõ danh mục giấy tờ cần nộp cho thủ tục đăng ký kết hôn, tránh phải đi lại nhiều lần.",
        "assigned",
    ),
    (
        "benthanh", 12, "counter", "attitude", "officer", "Lê Thị Thu Hà", "0912 222 333",
        "Cán bộ tiếp nhận hướng dẫn tận tình nhưng thời gian chờ tại quầy quá lâu vào buổi sáng.",
        "answered_satisfied",
    ),
    (
        "saigon", 30, "phone", "time", "dossier", "Phạm Minh Tuấn", "0987 111 222",
        "Hồ sơ chứng thực của tôi bị trễ hẹn hai ngày mà không có thư xin lỗi.",
        "answered_late",
    ),
    (
        "cauonglanh", 8, "mail", "other", "other", "Nguyễn Văn Bình", "0938 765 432",
        "Đề nghị phường giải quyết việc lấn chiếm vỉa hè trước nhà số 12.",
        "refused",
    ),
    (
        "saigon", 20, "counter", "attitude", "officer", "Đỗ Thị Lan", "0909 333 444",
        "Cán bộ thụ lý yêu cầu nộp thêm giấy tờ không có trong danh mục thủ tục đã công bố.",
        "justified_closed",
    ),
    (
        "tandinh", 25, "box", "fees", "procedure", "Võ Văn Kiệt", "0977 888 999",
        "Tôi được yêu cầu nộp thêm phí sao y ngoài mức phí đã niêm yết.",
        "overdue",
    ),
    (
        "benthanh", 5, "lookup", "attitude", "dossier", None, None,
        "Cảm ơn cán bộ đã hướng dẫn tận tình, đề nghị bố trí thêm ghế chờ.",
        "answered",
    ),
]  # fmt: skip


class Q1Feedback(models.Model):
    _inherit = "q1.feedback"

    @api.model
    def _q1_load_demo(self):
        """Load the demo feedback (system only, once: nothing is loaded when a demo feedback exists)."""
        if not self.env.su and not self.env.user._is_superuser():
            return False
        if self.sudo().search_count([("name", "like", "PAKN-")]):
            return False
        env = self.sudo().with_context(lang="vi_VN", tracking_disable=True, mail_notrack=True).env
        ref = env.ref
        now = fields.Datetime.now()
        for ward, days_ago, channel, category, subject, name, phone, content, outcome in DEMO:
            company = ref(f"q1_dossier.q1_demo_company_{ward}")
            cal = self._q1_calendar(company)
            today = (now + timedelta(hours=7)).date()
            day = today
            for _i in range(days_ago):
                day -= timedelta(days=1)
                while not cal.is_workday(day):
                    day -= timedelta(days=1)
            received_at = to_utc(datetime.combine(day, datetime.min.time()) + timedelta(hours=9))
            values = {"subject": subject, "content": content, "channel": channel}
            values["category_id"] = ref(f"q1_quality.q1_feedback_category_{category}").id
            dossier = None
            if channel == "lookup":
                dossier = env["q1.dossier"].search(
                    [("company_id", "=", company.id), ("state", "in", ("processing", "returned"))], limit=1
                )
                if not dossier:
                    continue
            else:
                values.update(company_id=company.id, citizen_name=name, citizen_phone=phone)
            if subject == "officer":
                values["officer_id"] = ref(f"q1_dossier.q1_demo_user_chuyenvien_{ward}").id
            Feedback = env["q1.feedback"].with_context(q1_received_at=received_at)
            if dossier is not None:
                feedback = Feedback._q1_file(values, dossier=dossier)
            else:
                feedback = Feedback.create(values)
            self._q1_demo_outcome(feedback, ward, outcome, received_at)
        self._q1_demo_rating_items()
        return True

    @api.model
    def _q1_demo_outcome(self, feedback, ward, outcome, received_at):
        ref = self.env.ref
        if outcome == "new":
            return
        handler = ref(f"q1_dossier.q1_demo_user_chuyenvien_{ward}")
        feedback.assign(handler)
        feedback.write({"assigned_at": received_at + timedelta(hours=2)})
        if outcome in ("assigned", "overdue"):
            return
        if outcome == "refused":
            feedback.refuse(
                "Nội dung phản ánh về trật tự đô thị không thuộc phạm vi giải quyết thủ tục hành chính của Bộ phận "
                "Một cửa; đã chuyển Ủy ban nhân dân phường xem xét theo thẩm quyền."
            )
            answered_on = feedback.refuse_deadline
        else:
            justified = outcome == "justified_closed"
            feedback.answer(
                {
                    "answered_satisfied": "Đơn vị đã bố trí thêm một quầy tiếp nhận vào buổi sáng từ thứ Hai tuần "
                    "tới. Cảm ơn Ông/Bà đã góp ý.",
                    "answered_late": "Đơn vị xin lỗi Ông/Bà vì hồ sơ trễ hẹn. Kết quả đã được trả ngày hôm sau; cán "
                    "bộ thụ lý đã được nhắc nhở về việc lập thư xin lỗi đúng quy định.",
                    "justified_closed": "Phản ánh của Ông/Bà là đúng. Cán bộ đã bị nhắc nhở; đơn vị đã rà soát lại "
                    "danh mục giấy tờ và chỉ yêu cầu đúng thành phần hồ sơ đã công bố.",
                    "answered": "Đơn vị ghi nhận và sẽ bố trí thêm ghế chờ tại khu vực tiếp nhận.",
                }[outcome],
                justified,
            )
            answered_on = (
                feedback.deadline + timedelta(days=3)
                if outcome == "answered_late"
                else feedback.deadline - timedelta(days=2)
            )
        answered_at = to_utc(
            datetime.combine(min(answered_on, fields.Date.today()), datetime.min.time()) + timedelta(hours=15)
        )
        feedback.write({"answered_at": max(answered_at, received_at + timedelta(hours=3))})
        if outcome in ("answered_satisfied", "answered_late"):
            feedback._q1_rate_answer("satisfied" if outcome == "answered_satisfied" else "not_satisfied", "lookup")
        if outcome == "justified_closed":
            feedback._q1_rate_answer("satisfied", "counter")
            feedback.close()

    @api.model
    def _q1_demo_rating_items(self):
        """Art. 33(1) answers for a few rated demo dossiers of each ward."""
        items = self.env["q1.rating.item"].sudo().search([("active", "=", True)], limit=50)
        Answer = self.env["q1.dossier.rating.answer"].sudo()
        for ward in WARDS:
            company = self.env.ref(f"q1_dossier.q1_demo_company_{ward}")
            dossiers = (
                self.env["q1.dossier"]
                .sudo()
                .search([("company_id", "=", company.id), ("rating", "!=", False)], limit=4, order="id")
            )
            for index, dossier in enumerate(dossiers):
                answers = {
                    item: "not_satisfied"
                    if dossier.rating == "not_satisfied" and item.code in ("a", "e")
                    else "satisfied"
                    for position, item in enumerate(items)
                    if (position + index) % 3 != 2
                }
                Answer._q1_record(dossier, answers, dossier.rating_date or fields.Datetime.now())

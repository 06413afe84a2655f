"""Fixed texts and maxima of Decree 335/2025/NĐ-CP used by ``officer_score`` (data only, no logic).

Sources (public copies of the decree's text, read 2026):
- Art. 12(2)-(3): 30 points of general criteria, 70 points of task results
  (https://news.laodong.vn/tu-van-phap-luat/tieu-chi-theo-doi-danh-gia-xep-loai-chat-luong-cong-chuc-tu-thang-12026-1632018.ldo).
- Form no. 01 "Phiếu theo dõi, đánh giá công chức": sub-criteria I.1-I.2 (5 + 5), II.1-II.4 (4 x 2.5), III (10)
  (https://luatvietnam.vn/bieu-mau/mau-phieu-theo-doi-danh-gia-cong-chuc-moi-nhat-571-106157-article.html).
  Whether group III is split into sub-items on the form is UNCONFIRMED; it is kept as one 10-point entry.
- Art. 20(1)-(4): the four levels and the disqualifiers
  (https://cafef.vn/cong-chuc-khong-hoan-thanh-nhiem-vu-trong-truong-hop-nao-188251228100335529.chn ;
  https://news.laodong.vn/cong-doan/cong-chuc-bi-xem-xet-cho-thoi-viec-tu-112026-trong-truong-hop-nao-1653865.ldo).
"""

# (field of GeneralCriteria, label on form 01, maximum points). The three groups sum to 30 (Art. 12(2)).
GENERAL_CRITERIA = (
    ("qualities", "Phẩm chất chính trị, phẩm chất đạo đức, văn hóa thực thi công vụ", 5.0),
    ("discipline", "Ý thức kỷ luật, kỷ cương trong thực thi công vụ", 5.0),
    ("competence", "Năng lực chuyên môn, nghiệp vụ theo yêu cầu của vị trí việc làm", 2.5),
    ("task_fulfilment", "Khả năng đáp ứng yêu cầu thực thi nhiệm vụ được giao thường xuyên, đột xuất", 2.5),
    ("responsibility", "Tinh thần trách nhiệm trong thực thi công vụ", 2.5),
    ("service_attitude", "Thái độ phục vụ người dân, doanh nghiệp và khả năng phối hợp với đồng nghiệp", 2.5),
    (
        "innovation",
        "Năng lực đổi mới, sáng tạo, dám nghĩ, dám làm, dám chịu trách nhiệm vì lợi ích chung trong thực thi công vụ",
        10.0,
    ),
)

# Quality levels, best first (Art. 20(1)-(4)).
BANDS = ("excellent", "good", "completed", "not_completed")
BAND_LABELS = {
    "excellent": "Hoàn thành xuất sắc nhiệm vụ",
    "good": "Hoàn thành tốt nhiệm vụ",
    "completed": "Hoàn thành nhiệm vụ",
    "not_completed": "Không hoàn thành nhiệm vụ",
}
BAND_CODES = {"excellent": "HTXSNV", "good": "HTTNV", "completed": "HTNV", "not_completed": "KHTNV"}

# Cases of Art. 20(4)(b)-(d) that make the level "not completed" whatever the score.
DISQUALIFIERS = {
    "degradation": "Bị cấp có thẩm quyền kết luận có biểu hiện suy thoái về tư tưởng chính trị, đạo đức, lối sống, "
    "«tự diễn biến», «tự chuyển hóa»; vi phạm những điều đảng viên không được làm; vi phạm trách "
    "nhiệm nêu gương (Điều 20 khoản 4 điểm b Nghị định 335/2025/NĐ-CP)",
    "discipline": "Có hành vi vi phạm liên quan đến hoạt động công vụ bị kỷ luật bằng hình thức từ khiển trách trở "
    "lên trong năm đánh giá (Điều 20 khoản 4 điểm c Nghị định 335/2025/NĐ-CP)",
    "corruption_in_unit": "Cơ quan, tổ chức, đơn vị thuộc thẩm quyền phụ trách, quản lý trực tiếp liên quan đến tham "
    "ô, tham nhũng, lãng phí và bị xử lý theo quy định (công chức lãnh đạo, quản lý; Điều 20 "
    "khoản 4 điểm d Nghị định 335/2025/NĐ-CP)",
}

# Evidence criteria, in the order evidence lines are listed for one product.
# 'excused': a wait or an ending that was the applicant's, shown with the product it excused; it deducts nothing.
CRITERIA = ("quantity", "quality", "progress", "service", "excused")
CRITERION_LABELS = {
    "quantity": "Số lượng",
    "quality": "Chất lượng",
    "progress": "Tiến độ",
    "service": "Thái độ phục vụ",
    "excused": "Không tính chậm",
}

# Reasons the Odoo layer records on a product's ``errors`` (each one is a failed quality check, Art. 14(2)(b)).
ERROR_RETURNED = "Hồ sơ bị trả lại do sai sót trong xử lý"
ERROR_MISSED_ITEM = "Phải yêu cầu bổ sung thành phần hồ sơ mà khi tiếp nhận lẽ ra phải phát hiện"
ERROR_JUSTIFIED_COMPLAINT = "Có phản ánh, khiếu nại được kết luận là có căn cứ"

# Reasons written by the core itself.
REASON_NOT_COMPLETED = "Bước được giao chưa hoàn thành trong kỳ đánh giá"
REASON_NOT_COMPLETED_LATE = "Bước được giao chưa hoàn thành trong kỳ đánh giá và đã quá thời hạn theo phiếu kiểm soát"
REASON_LATE = "Hoàn thành sau thời hạn của bước theo phiếu kiểm soát quá trình giải quyết hồ sơ"
REASON_NOT_SATISFIED = "Người dân, doanh nghiệp đánh giá «không hài lòng» đối với hồ sơ"
REASON_ONLINE_LATE = (
    "Hồ sơ trực tuyến không được tiếp nhận hoặc trả lời trong 08 giờ làm việc "
    "(điểm c khoản 2 Điều 17 Nghị định 118/2025/NĐ-CP)"
)

# The applicant's waits and endings (Art. 14(2) of Decree 335/2025: the applicant's wait is not the officer's delay).
WAIT_LABELS = {
    "supplement": "Chờ công dân bổ sung hồ sơ",
    "payment": "Chờ công dân nộp phí, lệ phí",
}
ENDING_LABELS = {
    "stopped": "Hồ sơ dừng giải quyết (theo đề nghị của người nộp hoặc do không bổ sung hồ sơ)",
    "withdrawn": "Người nộp rút hồ sơ",
}
EXCUSE_NOT_LATE = "không tính chậm"
EXCUSE_NOT_UNFINISHED = "bước đang xử lý không tính là chưa hoàn thành"
# A step judged open (assigned, not completed) in an earlier period and finished in this one: assigned once only.
EXCUSE_JUDGED_BEFORE = (
    "Đã tính là sản phẩm được giao chưa hoàn thành ở kỳ đánh giá trước; hoàn thành ngày {finished:%d/%m/%Y}: "
    "không tính giao lại, không tính chậm lần nữa"
)

"""The values of the dossier's selections and their labels, in one place.

Each list is ``[(value, English label)]`` for ``fields.Selection``: Odoo translates those labels through
``i18n/vi.po`` like every field label. The ``*_VI`` tables are the fixed Vietnamese wording of the pages and forms
citizens read (the lookup page, the tracking book, the control slip, the leaders' digest): official wording,
never translated.
"""

# National processing statuses a stage maps to (Decree 118/2025 Art. 17-23; the national portal's status codes).
STATUSES = [
    ("draft", "Not yet received"),
    ("incomplete", "Completion requested at the counter"),
    ("received", "Received"),
    ("processing", "Processing"),
    ("supplement", "Waiting for supplement"),
    ("payment", "Waiting for payment"),
    ("stopped", "Stopped"),
    ("done", "Result ready"),
    ("returned", "Result returned"),
    ("withdrawn", "Withdrawn"),
    ("refused", "Refused"),
]
CHANNELS = [("direct", "Direct"), ("postal", "Postal"), ("online", "Online")]
RATINGS = [("very_satisfied", "Very satisfied"), ("satisfied", "Satisfied"), ("not_satisfied", "Not satisfied")]
RATING_CHANNELS = [("counter", "At the counter"), ("lookup", "Lookup page")]
RETURN_METHODS = [("counter", "At the counter"), ("postal", "By post"), ("electronic", "Electronically")]
STEP_RESULTS = [("early", "Early"), ("on_time", "On time"), ("late", "Late")]
DEADLINE_STATES = [
    ("within", "Within time"),
    ("due_soon", "Due soon"),
    ("due_today", "Due today"),
    ("overdue", "Overdue"),
]
EXTENSION_STATES = [("requested", "Requested"), ("approved", "Approved"), ("rejected", "Rejected")]

# The statuses in the words used at the counter (lookup page).
STATUS_VI = {
    "draft": "Chưa tiếp nhận",
    "incomplete": "Cần bổ sung, hoàn thiện hồ sơ",
    "received": "Đã tiếp nhận",
    "processing": "Đang giải quyết",
    "supplement": "Chờ bổ sung hồ sơ",
    "payment": "Chờ nộp phí, lệ phí",
    "stopped": "Đã dừng giải quyết",
    "done": "Đã có kết quả, mời nhận kết quả",
    "returned": "Đã trả kết quả",
    "withdrawn": "Đã rút hồ sơ",
    "refused": "Từ chối giải quyết",
}
RATING_VI = {"very_satisfied": "Rất hài lòng", "satisfied": "Hài lòng", "not_satisfied": "Không hài lòng"}
# How the result was received, as the tracking book's "Ký nhận" column says it (an electronic register holds no
# signature: it says how the result was received and by whom).
RETURN_METHOD_VI = {"counter": "Nhận trực tiếp", "postal": "Qua dịch vụ bưu chính", "electronic": "Nhận trực tuyến"}
# Endings before a result, as the tracking book notes them.
CLOSED_VI = {"refused": "Từ chối", "stopped": "Dừng giải quyết", "withdrawn": "Rút hồ sơ"}
# A step's or a dossier's result against its time (control slip, Mẫu 06; statutory report).
STEP_RESULT_VI = {"early": "Trước hạn", "on_time": "Đúng hạn", "late": "Quá hạn"}
# Rows of the unit leader's daily digest, worst first; False: waiting for the applicant.
DEADLINE_VI = [
    ("overdue", "Quá hạn"),
    ("due_today", "Đến hạn hôm nay"),
    ("due_soon", "Sắp đến hạn"),
    ("within", "Trong hạn"),
    (False, "Chờ người nộp bổ sung / nộp phí"),
]

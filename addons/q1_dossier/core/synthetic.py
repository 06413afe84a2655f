"""Synthetic applicants for demo data and load tests: realistic Vietnamese names and addresses, with citizen
IDs, tax codes and phone numbers that pass the checks of ``identity``. Deterministic for a given ``random.Random``.
"""

import unicodedata
from datetime import timedelta

from .identity import validate_citizen_id, validate_tax_code

SURNAMES = (
    ["Nguyễn"] * 8
    + ["Trần"] * 3
    + ["Lê"] * 3
    + ["Phạm"] * 2
    + [
        "Huỳnh",
        "Hoàng",
        "Phan",
        "Võ",
        "Vũ",
        "Đặng",
        "Bùi",
        "Đỗ",
        "Hồ",
        "Ngô",
        "Dương",
        "Lý",
        "Trương",
        "Lâm",
        "Đinh",
        "Tạ",
        "Mai",
        "Châu",
    ]
)
MIDDLE_NAMES = {
    "male": ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Hoàng", "Gia", "Công", "Tấn", "Ngọc"],
    "female": ["Thị", "Thị", "Ngọc", "Thanh", "Thu", "Mỹ", "Bảo", "Kim", "Phương", "Hoài", "Diệu"],
}
GIVEN_NAMES = {
    "male": [
        "An",
        "Bảo",
        "Cường",
        "Dũng",
        "Duy",
        "Hải",
        "Hiếu",
        "Hòa",
        "Huy",
        "Khang",
        "Khánh",
        "Kiên",
        "Long",
        "Lộc",
        "Minh",
        "Nam",
        "Nghĩa",
        "Nhân",
        "Phát",
        "Phong",
        "Phúc",
        "Quân",
        "Sang",
        "Tài",
        "Thắng",
        "Thiện",
        "Thịnh",
        "Toàn",
        "Trí",
        "Trung",
        "Tuấn",
        "Việt",
        "Vinh",
        "Vũ",
    ],
    "female": [
        "Anh",
        "Châu",
        "Chi",
        "Diễm",
        "Dung",
        "Giang",
        "Hà",
        "Hạnh",
        "Hằng",
        "Hiền",
        "Hoa",
        "Hương",
        "Lan",
        "Linh",
        "Loan",
        "Mai",
        "My",
        "Nga",
        "Ngân",
        "Nhi",
        "Nhung",
        "Oanh",
        "Phương",
        "Quyên",
        "Thảo",
        "Thư",
        "Trang",
        "Trâm",
        "Tuyết",
        "Uyên",
        "Vân",
        "Yến",
    ],
}
COMPANY_KINDS = [
    "Công ty TNHH Thương mại Dịch vụ",
    "Công ty Cổ phần Đầu tư",
    "Công ty TNHH Tư vấn Xây dựng",
    "Công ty TNHH Du lịch",
]
COMPANY_WORDS = [
    "Ánh Dương",
    "Phương Nam",
    "Sao Việt",
    "Bến Nghé",
    "Sông Sài Gòn",
    "Minh Phát",
    "Thành Công",
    "Hoàng Gia",
    "Đông Á",
    "Nam Long",
    "Kim Thành",
    "Hưng Thịnh",
    "Việt Tín",
    "An Khang",
]
SHOP_KINDS = ["Quán cơm", "Tiệm tạp hóa", "Tiệm may", "Quán cà phê", "Tiệm bánh mì", "Tiệm hoa", "Tiệm sửa xe"]
# Streets of the wards of former District 1, by ward name.
STREETS = {
    "Sài Gòn": [
        "Lê Lợi",
        "Nguyễn Huệ",
        "Đồng Khởi",
        "Hai Bà Trưng",
        "Lý Tự Trọng",
        "Tôn Đức Thắng",
        "Mạc Thị Bưởi",
        "Nguyễn Thị Minh Khai",
        "Lê Duẩn",
        "Pasteur",
    ],
    "Tân Định": [
        "Hai Bà Trưng",
        "Trần Quang Khải",
        "Đinh Tiên Hoàng",
        "Nguyễn Hữu Cầu",
        "Trần Nhật Duật",
        "Đặng Dung",
        "Trần Khắc Chân",
        "Mai Thị Lựu",
        "Nguyễn Phi Khanh",
    ],
    "Bến Thành": [
        "Lê Thánh Tôn",
        "Phạm Ngũ Lão",
        "Bùi Viện",
        "Nguyễn Trãi",
        "Lê Lai",
        "Cách Mạng Tháng Tám",
        "Nguyễn Thị Nghĩa",
        "Đề Thám",
        "Phạm Hồng Thái",
    ],
    "Cầu Ông Lãnh": [
        "Trần Hưng Đạo",
        "Nguyễn Thái Học",
        "Cô Giang",
        "Cô Bắc",
        "Nguyễn Cư Trinh",
        "Calmette",
        "Ký Con",
        "Nguyễn Khắc Nhu",
        "Trần Đình Xu",
    ],
}
OTHER_WARDS = ["Xuân Hòa", "Bàn Cờ", "Phú Nhuận", "Gia Định", "Bình Thạnh", "Chợ Lớn", "Chợ Quán", "Tân Sơn Nhất"]
OTHER_STREETS = ["Nguyễn Văn Trỗi", "Phan Đăng Lưu", "Lê Văn Sỹ", "Nguyễn Đình Chiểu", "Hùng Vương"]
MOBILE_PREFIXES = [
    "090",
    "091",
    "093",
    "094",
    "096",
    "097",
    "098",
    "032",
    "033",
    "034",
    "035",
    "036",
    "037",
    "038",
    "039",
    "070",
    "076",
    "077",
    "078",
    "079",
    "081",
    "083",
    "084",
    "085",
    "086",
    "088",
    "089",
]
OTHER_PROVINCES = [
    "001",
    "038",
    "040",
    "042",
    "044",
    "046",
    "052",
    "054",
    "056",
    "066",
    "072",
    "074",
    "075",
    "080",
    "082",
    "083",
    "087",
    "089",
    "092",
    "094",
    "096",
]
TAX_CODE_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def ascii_fold(text):
    """'Nguyễn Đức' -> 'nguyen duc', for e-mail addresses."""
    text = text.replace("Đ", "D").replace("đ", "d")
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


class SyntheticApplicants:
    """Applicants of a Ho Chi Minh City ward counter; 80 % of the people were registered in the city (079)."""

    def __init__(self, rng, today):
        self.rng = rng
        self.today = today

    def person(self, min_age=18, max_age=80):
        rng = self.rng
        sex = rng.choice(["male", "female"])
        name = f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_NAMES[sex])} {rng.choice(GIVEN_NAMES[sex])}"
        birth = self.today - timedelta(days=rng.randint(min_age * 365 + 10, max_age * 365))
        century_sex = (birth.year // 100 - 19) * 2 + (sex == "female")
        province = "079" if rng.random() < 0.8 else rng.choice(OTHER_PROVINCES)
        citizen_id = f"{province}{century_sex}{birth.year % 100:02d}{rng.randrange(10**6):06d}"
        return {
            "applicant_type": "person",
            "applicant_name": name,
            "applicant_sex": sex,
            "applicant_birth_date": birth,
            "applicant_id_number": validate_citizen_id(citizen_id, birth, sex),
        }

    def organisation(self, household=False):
        rng = self.rng
        if household:
            given = rng.choice(GIVEN_NAMES["female"] + GIVEN_NAMES["male"])
            name = f"Hộ kinh doanh {rng.choice(SHOP_KINDS)} {given}"
        else:
            name = f"{rng.choice(COMPANY_KINDS)} {rng.choice(COMPANY_WORDS)}"
        return {"applicant_type": "organisation", "applicant_name": name, "applicant_id_number": self.tax_code()}

    def tax_code(self):
        while True:
            digits = [0, 3] + [self.rng.randrange(10) for _i in range(7)]
            check = 10 - sum(d * w for d, w in zip(digits, TAX_CODE_WEIGHTS, strict=True)) % 11
            if check < 10:
                return validate_tax_code("".join(map(str, digits)) + str(check))

    def phone(self):
        return self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**7):07d}"

    def email(self, name):
        return ascii_fold(name).replace(" ", ".") + f"{self.rng.randint(1, 99)}@example.com"

    def address(self, ward):
        """An address in ``ward``, or, for 15 % of applicants, in another ward of the city."""
        rng = self.rng
        if rng.random() < 0.15 or ward not in STREETS:
            ward, street = rng.choice(OTHER_WARDS), rng.choice(OTHER_STREETS)
        else:
            street = rng.choice(STREETS[ward])
        number = rng.randint(1, 220)
        number = f"{number}/{rng.randint(1, 40)}" if rng.random() < 0.3 else str(number)
        return f"{number} {street}, phường {ward}, Thành phố Hồ Chí Minh"

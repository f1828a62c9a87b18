"""Words the scale generator builds its synthetic country from: provinces, place names, the
units of a commune, people's names, and what each kind of unit typically does."""

# The 34 provinces and cities since July 2025: (name, is_city).
PROVINCES = [
    ("Hà Nội", True),
    ("Hải Phòng", True),
    ("Hồ Chí Minh", True),
    ("Đà Nẵng", True),
    ("Huế", True),
    ("Cần Thơ", True),
    ("Quảng Ninh", False),
    ("Thanh Hóa", False),
    ("Nghệ An", False),
    ("Hà Tĩnh", False),
    ("Lai Châu", False),
    ("Điện Biên", False),
    ("Sơn La", False),
    ("Lạng Sơn", False),
    ("Cao Bằng", False),
    ("Tuyên Quang", False),
    ("Lào Cai", False),
    ("Thái Nguyên", False),
    ("Phú Thọ", False),
    ("Bắc Ninh", False),
    ("Hưng Yên", False),
    ("Ninh Bình", False),
    ("Quảng Trị", False),
    ("Quảng Ngãi", False),
    ("Gia Lai", False),
    ("Khánh Hòa", False),
    ("Lâm Đồng", False),
    ("Đắk Lắk", False),
    ("Đồng Nai", False),
    ("Tây Ninh", False),
    ("Vĩnh Long", False),
    ("Đồng Tháp", False),
    ("Cà Mau", False),
    ("An Giang", False),
]

# Syllables that commune, ward and village names are made of («Phú Hữu», «Yên Nội»).
PLACE_SYLLABLES = [
    "An", "Bình", "Phú", "Thọ", "Hòa", "Khánh", "Long", "Mỹ", "Ninh", "Phúc", "Quang", "Sơn",
    "Tân", "Thanh", "Thạch", "Thuận", "Tiến", "Trung", "Vân", "Xuân", "Yên", "Đông", "Đại",
    "Hưng", "Lạc", "Minh", "Nam", "Hồng", "Kim", "Lâm", "Nghĩa", "Hữu", "Nội", "Ngọc", "Kiều",
    "Cát", "Đức", "Hà", "Hải", "Lộc", "Mai", "Quế", "Tây", "Thái", "Thịnh", "Việt", "Vĩnh",
]  # fmt: skip

FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
MIDDLE_NAMES = ["Văn", "Thị", "Minh", "Thu", "Đức", "Quang", "Thanh", "Hữu", "Ngọc", "Hoài"]
GIVEN_NAMES = [
    "An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Hải", "Hạnh", "Hùng", "Hương", "Lan",
    "Linh", "Long", "Mai", "Nam", "Nga", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Trang",
    "Tuấn", "Vân", "Yến",
]  # fmt: skip

# Units below every commune, in tree order (suffix, name, kind). The first six are the ones
# Kiều Phú's plan assigns work to, so they are always present; the rest are added while the
# commune still has room, then villages (or residential groups for a ward) fill it up.
COMMUNE_CORE_UNITS = [
    ("VHXH", "Phòng Văn hóa - Xã hội", "office"),
    ("KT", "Phòng Kinh tế", "office"),
    ("VP", "Văn phòng HĐND và UBND", "office"),
    ("TTDVTH", "Trung tâm Dịch vụ tổng hợp", "office"),
    ("CNS", "Tổ công nghệ số cộng đồng {level}", "digital_team"),
    ("MTTQ", "Ủy ban MTTQ Việt Nam {level} {place}", "mass_org"),
]
COMMUNE_EXTRA_UNITS = [
    ("DTN", "Đoàn Thanh niên Cộng sản Hồ Chí Minh {level}", "mass_org"),
    ("TTPVHCC", "Trung tâm Phục vụ hành chính công {level}", "office"),
    ("HPN", "Hội Liên hiệp Phụ nữ {level}", "mass_org"),
    ("HND", "Hội Nông dân {level}", "mass_org"),
    ("HCCB", "Hội Cựu chiến binh {level}", "mass_org"),
]

# What each kind of unit does: (outreach form code, weight).
FORM_MIX = {
    "VHXH": [("conference", 2), ("portal-post", 3), ("digital-week", 0.4), ("banner", 1)],
    "KT": [("training", 2), ("conference", 1), ("zalo-oa", 1)],
    "VP": [("portal-post", 4), ("fanpage", 3), ("zalo-oa", 3)],
    "TTDVTH": [("loudspeaker", 6), ("banner", 2), ("panel", 1)],
    "TTPVHCC": [("service-desk", 3), ("panel", 1), ("poster", 1)],
    "CNS": [("digital-team-support", 3), ("training", 2), ("zalo-oa", 1)],
    "mass_org": [("mass-org-meeting", 3), ("zalo-oa", 1), ("residents-meeting", 1),
                 ("contest", 0.2)],
    "village": [("residents-meeting", 3), ("loudspeaker", 4), ("banner", 1), ("training", 0.5)],
    "agency": [("portal-post", 3), ("press-article", 2), ("conference", 1), ("workshop", 1),
               ("fanpage", 2), ("livestream", 0.3)],
    "press": [("press-article", 4), ("broadcast-report", 3), ("press-column", 1)],
    "office": [("portal-post", 3), ("fanpage", 2), ("service-desk", 1)],
    "party": [("internal-bulletin", 2), ("conference", 1), ("party-cell", 2)],
}  # fmt: skip

TARGET_GROUP_MIX = {
    "village": ["nguoi-dan", "nguoi-cao-tuoi", "ho-kinh-doanh"],
    "mass_org": ["hoi-vien-doan-the", "doan-vien-thanh-nien", "nguoi-dan"],
    "digital_team": ["nguoi-dan", "nguoi-cao-tuoi", "hoc-sinh-sinh-vien", "to-cong-nghe-so"],
    "office": ["nguoi-dan", "can-bo-dang-vien", "cong-chuc-vien-chuc", "doanh-nghiep"],
    "agency": ["cong-chuc-vien-chuc", "doanh-nghiep", "nguoi-dan", "nguoi-lao-dong"],
    "press": ["nguoi-dan", "doanh-nghiep"],
    "party": ["can-bo-dang-vien"],
}

# How an activity of a form is titled: «<what> <topic>».
FORM_TITLES = {
    "loudspeaker": "Phát thanh chuyên mục",
    "residents-meeting": "Lồng ghép tuyên truyền trong họp dân về",
    "mass-org-meeting": "Sinh hoạt chuyên đề về",
    "banner": "Treo băng rôn, khẩu hiệu tuyên truyền",
    "panel": "Lắp đặt pano tuyên truyền",
    "poster": "Phát tờ rơi hướng dẫn",
    "conference": "Hội nghị quán triệt, tuyên truyền",
    "training": "Lớp “Bình dân học vụ số” hướng dẫn",
    "workshop": "Tọa đàm chuyên đề",
    "digital-week": "Hưởng ứng Tuần lễ chuyển đổi số:",
    "portal-post": "Tin, bài trên Trang thông tin điện tử về",
    "fanpage": "Bài đăng Fanpage về",
    "zalo-oa": "Thông tin qua Zalo OA về",
    "service-desk": "Hướng dẫn trực tiếp tại bộ phận một cửa về",
    "digital-team-support": "Tổ công nghệ số cộng đồng hướng dẫn người dân",
    "press-article": "Bài viết trên báo về",
    "broadcast-report": "Phóng sự truyền hình về",
    "press-column": "Chuyên mục trên báo về",
    "internal-bulletin": "Bản tin “Thông tin nội bộ” về",
    "party-cell": "Sinh hoạt chi bộ chuyên đề về",
    "contest": "Cuộc thi tìm hiểu về",
    "livestream": "Tọa đàm trực tuyến về",
}
TOPICS = [
    "chuyển đổi số",
    "Phong trào “Bình dân học vụ số”",
    "Nghị quyết số 57-NQ/TW",
    "dịch vụ công trực tuyến",
    "thanh toán không dùng tiền mặt",
    "cài đặt và sử dụng ứng dụng VNeID",
    "phòng chống lừa đảo trên không gian mạng",
    "thương mại điện tử cho hộ kinh doanh",
    "kỹ năng số cho người cao tuổi",
    "bảo vệ thông tin cá nhân",
]

# Tasks a commune plan gives one of its units, due at a date (`generate_scale --assignments`).
UNIT_TASKS = [
    "{unit} tổ chức tuyên truyền các nội dung của kế hoạch đến người dân, hoàn thành trước "
    "ngày {due}.",
    "{unit} cập nhật tin, bài và hình ảnh hoạt động lên trang thông tin của xã trước ngày {due}.",
    "{unit} phối hợp tổ chức hội nghị, buổi sinh hoạt chuyên đề; gửi danh sách người tham dự "
    "trước ngày {due}.",
    "{unit} tổng hợp ý kiến, kiến nghị của người dân và báo cáo trước ngày {due}.",
    "{unit} rà soát, bổ sung pa-nô, áp phích, khẩu hiệu tại khu dân cư trước ngày {due}.",
    "{unit} hướng dẫn người dân sử dụng dịch vụ công trực tuyến, báo cáo số lượt hỗ trợ trước "
    "ngày {due}.",
]

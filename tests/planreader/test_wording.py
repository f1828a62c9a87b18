"""Assignments and signatures in the ways real plans write them (issue 20, items 2 and 3).

Each test reads a short plan in the common anatomy whose «Tổ chức thực hiện» (or signature
block) is written the way communes, agencies and election committees write it, and checks
what the officer would see: which unit (or person) gets which tasks, in which role.
"""

import datetime

import pytest

from planreader import read_plan

from .ocr_noise import ocr_damage

HEADER = """ỦY BAN NHÂN DÂN
XÃ TÂN LẬP
Số: 30/KH-UBND
Tân Lập, ngày 02 tháng 3 năm 2026
KẾ HOẠCH
Tuyên truyền chuyển đổi số trên địa bàn xã năm 2026
Căn cứ Kế hoạch số 179/KH-UBND ngày 08/7/2025 của Ủy ban nhân dân thành phố Hà Nội;
Ủy ban nhân dân xã Tân Lập ban hành Kế hoạch tuyên truyền như sau:
I. MỤC ĐÍCH, YÊU CẦU
1. Mục đích
- Nâng cao nhận thức của cán bộ và Nhân dân về chuyển đổi số.
2. Yêu cầu
- Tuyên truyền thường xuyên, thiết thực, hiệu quả.
"""
CONTENT = """II. NỘI DUNG TUYÊN TRUYỀN
1. Tuyên truyền Nghị quyết số 57-NQ/TW của Bộ Chính trị.
2. Tuyên truyền phong trào «Bình dân học vụ số».
"""
CLOSING = """Trên đây là Kế hoạch tuyên truyền chuyển đổi số năm 2026 của UBND xã Tân Lập./.
Nơi nhận:
- UBND thành phố;
- Lưu: VT.
"""
SIGNATURE = """TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH
Lê Văn Nam
"""


def plan(organisation: str, *, content: str = CONTENT, signature: str = SIGNATURE):
    text = HEADER + content + "III. TỔ CHỨC THỰC HIỆN\n" + organisation + CLOSING + signature
    return read_plan(text)


def rows(reading):
    return [(a.unit, a.role) for a in reading.assignments]


# ------------------------------------------------------------------ tasks given to a person


def test_tasks_given_to_a_person_by_title_name_that_person():
    reading = plan(
        "1. Đồng chí Phó Chủ tịch UBND xã - Trưởng Ban: Chỉ đạo chung việc triển khai Kế "
        "hoạch; định kỳ hằng quý báo cáo Ban Thường vụ Đảng ủy xã.\n"
        "2. Đồng chí Trưởng Ban xây dựng Đảng Đảng ủy xã: Chỉ đạo các chi bộ lồng ghép nội "
        "dung tuyên truyền trong sinh hoạt chi bộ.\n"
        "3. Đ/c Chủ tịch Ủy ban MTTQ Việt Nam xã: Chỉ đạo các tổ chức chính trị - xã hội "
        "tuyên truyền đến đoàn viên, hội viên.\n"
    )
    assert rows(reading) == [
        ("Phó Chủ tịch UBND xã - Trưởng Ban", "lead"),
        ("Trưởng Ban xây dựng Đảng Đảng ủy xã", "lead"),
        ("Chủ tịch Ủy ban MTTQ Việt Nam xã", "lead"),
    ]
    assert all(a.person for a in reading.assignments)
    first = reading.assignments[0]
    assert first.tasks.startswith("Chỉ đạo chung việc triển khai Kế hoạch")
    assert first.reporting_duty == "định kỳ hằng quý báo cáo Ban Thường vụ Đảng ủy xã"


def test_a_unit_is_not_a_person():
    reading = plan("1. Phòng Văn hóa - Xã hội: Chủ trì tham mưu triển khai Kế hoạch.\n")
    assert [a.person for a in reading.assignments] == [False]


# ------------------------------------------------------------ a unit named inside a sentence


def test_a_unit_named_at_the_start_of_a_sentence_without_a_colon():
    reading = plan(
        "1. Sở Khoa học và Công nghệ có trách nhiệm chủ trì, phối hợp với các sở, ngành tổ "
        "chức triển khai Kế hoạch; tổng hợp kết quả, báo cáo UBND Thành phố.\n"
        "2. Giao Phòng Kinh tế chủ trì hướng dẫn các hợp tác xã, doanh nghiệp ứng dụng "
        "chuyển đổi số.\n"
        "3. Sở Văn hóa và Thể thao phối hợp với các cơ quan báo chí đẩy mạnh tuyên truyền.\n"
        "4. Ban Chỉ đạo chuyển đổi số xã thường xuyên kiểm tra, đôn đốc việc thực hiện.\n"
    )
    assert rows(reading) == [
        ("Sở Khoa học và Công nghệ", "lead"),
        ("Phòng Kinh tế", "lead"),
        ("Sở Văn hóa và Thể thao", "coordinate"),
        ("Ban Chỉ đạo chuyển đổi số xã", "lead"),
    ]
    science = reading.assignments[0]
    assert science.tasks.startswith("Có trách nhiệm chủ trì, phối hợp với các sở, ngành")
    assert science.focal
    assert reading.assignments[1].tasks.startswith("Chủ trì hướng dẫn các hợp tác xã")


def test_unnumbered_paragraphs_give_their_units_and_a_closing_sentence_is_not_one():
    reading = plan(
        "- Phòng Văn hóa - Xã hội chủ trì, tham mưu UBND xã triển khai Kế hoạch này.\n"
        "- Trung tâm Dịch vụ tổng hợp phối hợp phát thanh trên hệ thống truyền thanh xã.\n"
        "- Đề nghị Ủy ban MTTQ Việt Nam xã phối hợp vận động Nhân dân hưởng ứng.\n"
        "Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các đơn vị báo cáo UBND xã "
        "(qua Phòng Văn hóa - Xã hội) để xem xét, giải quyết.\n"
    )
    assert rows(reading) == [
        ("Phòng Văn hóa - Xã hội", "lead"),
        ("Trung tâm Dịch vụ tổng hợp", "coordinate"),
        ("Ủy ban MTTQ Việt Nam xã", "requested"),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Trong quá trình triển khai, các đơn vị chủ động báo cáo khó khăn, vướng mắc.",
        "Tổ chức tuyên truyền lồng ghép trong các hội nghị, cuộc họp.",
        "Báo cáo kết quả thực hiện về UBND xã trước ngày 15/12/2026.",
        "Các nội dung tuyên truyền phải bảo đảm chính xác, kịp thời.",
        "Hội nghị sơ kết được tổ chức vào tháng 6/2026.",
        "Số liệu báo cáo gửi qua Phòng Văn hóa - Xã hội.",
        "Ban hành văn bản hướng dẫn trước ngày 30/3/2026.",
    ],
)
def test_a_sentence_that_merely_opens_like_a_unit_name_is_not_a_unit(sentence):
    reading = plan(
        "1. Phòng Văn hóa - Xã hội: Chủ trì triển khai Kế hoạch.\n"
        f"2. {sentence}\n"
        "3. Công an xã: Phối hợp tuyên truyền phòng, chống lừa đảo trực tuyến.\n"
    )
    assert [a.unit for a in reading.assignments] == ["Phòng Văn hóa - Xã hội", "Công an xã"]


# ------------------------------------------------------- «Căn cứ chức năng, nhiệm vụ …» first


def test_an_item_opening_with_its_remit_names_its_units_after_it():
    reading = plan(
        "1. Căn cứ chức năng, nhiệm vụ được giao, Công an xã chủ động phối hợp tuyên truyền "
        "phòng, chống tội phạm sử dụng công nghệ cao.\n"
        "2. Căn cứ chức năng, nhiệm vụ, quyền hạn, các phòng, ban, đơn vị thuộc UBND xã xây "
        "dựng kế hoạch cụ thể để triển khai thực hiện.\n"
        "3. Căn cứ nội dung Kế hoạch, Đoàn Thanh niên xã: Tổ chức các đội hình thanh niên "
        "tình nguyện hướng dẫn Nhân dân sử dụng dịch vụ công trực tuyến.\n"
    )
    assert rows(reading) == [
        ("Công an xã", "coordinate"),
        ("Các phòng, ban, đơn vị thuộc UBND xã", "lead"),
        ("Đoàn Thanh niên xã", "lead"),
    ]
    assert reading.assignments[2].tasks.startswith("Tổ chức các đội hình thanh niên")


# --------------------------------------------------------------- a description in brackets


def test_a_description_in_brackets_after_the_unit_stays_out_of_its_name():
    reading = plan(
        "1. Phòng Văn hóa - Xã hội (cơ quan thường trực): Tham mưu UBND xã triển khai Kế "
        "hoạch.\n"
        "2. Văn phòng HĐND và UBND xã (Bộ phận Một cửa): Hướng dẫn người dân nộp hồ sơ "
        "trực tuyến.\n"
        "3. Trung tâm Dịch vụ tổng hợp (Đài Truyền thanh xã) phối hợp phát thanh các nội "
        "dung tuyên truyền.\n"
    )
    assert rows(reading) == [
        ("Phòng Văn hóa - Xã hội", "lead"),
        ("Văn phòng HĐND và UBND xã", "lead"),
        ("Trung tâm Dịch vụ tổng hợp", "coordinate"),
    ]
    standing = reading.assignments[0]
    assert standing.focal  # «cơ quan thường trực» compiles the results
    assert standing.tasks.startswith("(cơ quan thường trực) Tham mưu UBND xã")


# ------------------------------------------------------------- headings over two lines


def test_a_unit_heading_wrapped_over_two_lines_is_read_whole():
    reading = plan(
        "1. Phòng Văn hóa - Xã hội: Chủ trì triển khai Kế hoạch.\n"
        "2. Ủy ban Mặt trận Tổ quốc Việt Nam xã và các tổ chức chính trị -\n"
        "Xã hội xã: Đề nghị phối hợp tuyên truyền đến đoàn viên, hội viên.\n"
        "3. Văn phòng HĐND và UBND xã, Trung tâm Phục vụ hành chính\n"
        "Công xã: Phối hợp hướng dẫn người dân sử dụng dịch vụ công trực tuyến.\n"
    )
    assert rows(reading) == [
        ("Phòng Văn hóa - Xã hội", "lead"),
        ("Ủy ban Mặt trận Tổ quốc Việt Nam xã và các tổ chức chính trị - Xã hội xã", "requested"),
        ("Văn phòng HĐND và UBND xã, Trung tâm Phục vụ hành chính Công xã", "coordinate"),
    ]
    assert reading.assignments[1].tasks.startswith("Đề nghị phối hợp tuyên truyền")


# ---------------------------------------------- «Cơ quan chủ trì / phối hợp» under each task


def test_lead_and_coordinating_bodies_named_under_each_task_become_assignments():
    content = (
        "II. NHIỆM VỤ VÀ GIẢI PHÁP\n"
        "1. Tuyên truyền Nghị quyết số 57-NQ/TW đến cán bộ, đảng viên\n"
        "- Cơ quan chủ trì: Phòng Văn hóa - Xã hội.\n"
        "- Cơ quan phối hợp: Trung tâm Dịch vụ tổng hợp, các thôn.\n"
        "- Thời gian thực hiện: Quý I/2026.\n"
        "2. Phổ cập kỹ năng số cho người dân\n"
        "- Đơn vị chủ trì: Tổ công nghệ số cộng đồng xã.\n"
        "- Đơn vị phối hợp: Phòng Văn hóa - Xã hội; Đoàn Thanh niên xã và Hội Liên hiệp Phụ "
        "nữ xã.\n"
        "- Thời gian hoàn thành: trước ngày 30/6/2026.\n"
        "3. Hướng dẫn người dân sử dụng dịch vụ công trực tuyến\n"
        "Cơ quan chủ trì: Văn phòng HĐND và UBND xã. Cơ quan phối hợp: Công an xã.\n"
        "Thời gian thực hiện: Năm 2026.\n"
    )
    reading = plan(
        "Kế hoạch triển khai từ tháng 3/2026; nhiệm vụ cụ thể giao tại Mục II.\n",
        content=content,
    )
    assert rows(reading) == [
        ("Phòng Văn hóa - Xã hội", "lead"),
        ("Trung tâm Dịch vụ tổng hợp", "coordinate"),
        ("Các thôn", "coordinate"),
        ("Tổ công nghệ số cộng đồng xã", "lead"),
        ("Đoàn Thanh niên xã", "coordinate"),
        ("Hội Liên hiệp Phụ nữ xã", "coordinate"),
        ("Văn phòng HĐND và UBND xã", "lead"),
        ("Công an xã", "coordinate"),
    ]
    by_unit = {a.unit: a for a in reading.assignments}
    culture = by_unit["Phòng Văn hóa - Xã hội"]
    assert "Tuyên truyền Nghị quyết số 57-NQ/TW đến cán bộ, đảng viên" in culture.tasks
    assert "Phối hợp: Phổ cập kỹ năng số cho người dân" in culture.tasks
    assert culture.due_on == datetime.date(2026, 6, 30)
    assert by_unit["Các thôn"].due_on == datetime.date(2026, 3, 31)
    assert by_unit["Công an xã"].due_on == datetime.date(2026, 12, 31)


def test_per_task_bodies_join_the_units_of_the_organisation_section():
    content = (
        "II. NỘI DUNG TUYÊN TRUYỀN\n"
        "1. Tuyên truyền trên hệ thống truyền thanh xã\n"
        "- Chủ trì: Trung tâm Dịch vụ tổng hợp.\n"
        "- Phối hợp: Phòng Văn hóa - Xã hội.\n"
    )
    reading = plan(
        "1. Phòng Văn hóa - Xã hội: Chủ trì, là đầu mối tổng hợp kết quả, báo cáo UBND xã.\n"
        "2. Công an xã: Phối hợp tuyên truyền phòng, chống lừa đảo.\n",
        content=content,
    )
    assert rows(reading) == [
        ("Phòng Văn hóa - Xã hội", "lead"),
        ("Công an xã", "coordinate"),
        ("Trung tâm Dịch vụ tổng hợp", "lead"),
    ]
    assert "Tuyên truyền trên hệ thống truyền thanh xã" in reading.assignments[0].tasks


# ------------------------------------------------------------------ roles from the wording


def test_roles_are_read_from_the_wording_not_only_the_first_word():
    reading = plan(
        "1. Phòng Văn hóa - Xã hội: Là cơ quan thường trực, chủ trì, phối hợp với các đơn vị "
        "triển khai Kế hoạch.\n"
        "2. Trung tâm Dịch vụ tổng hợp: Có trách nhiệm phối hợp với Phòng Văn hóa - Xã hội "
        "phát thanh các nội dung tuyên truyền.\n"
        "3. Công an xã: Chủ động phối hợp tuyên truyền phòng, chống lừa đảo trực tuyến.\n"
        "4. Văn phòng HĐND và UBND xã: Tham mưu UBND xã chỉ đạo, đôn đốc thực hiện.\n"
        "5. Ủy ban MTTQ Việt Nam xã: Đề nghị Ủy ban MTTQ Việt Nam xã phối hợp vận động "
        "Nhân dân.\n"
        "6. Trân trọng đề nghị các tổ chức chính trị - xã hội xã:\n"
        "- Tuyên truyền đến đoàn viên, hội viên.\n"
        "7. Các thôn: Theo chức năng, nhiệm vụ phối hợp tổ chức họp thôn tuyên truyền.\n"
    )
    assert [a.role for a in reading.assignments] == [
        "lead",
        "coordinate",
        "coordinate",
        "lead",
        "requested",
        "requested",
        "coordinate",
    ]
    assert reading.assignments[5].unit == "Các tổ chức chính trị - xã hội xã"


def test_the_units_a_heading_asks_to_take_part_are_requested():
    reading = plan(
        "1. Phòng Văn hóa - Xã hội: Chủ trì triển khai Kế hoạch.\n"
        "2. Đề nghị các cơ quan, đoàn thể\n"
        "a) Ủy ban MTTQ Việt Nam xã: Vận động Nhân dân tham gia.\n"
        "b) Đoàn Thanh niên xã: Tổ chức đội hình thanh niên tình nguyện.\n"
    )
    assert rows(reading) == [
        ("Phòng Văn hóa - Xã hội", "lead"),
        ("Ủy ban MTTQ Việt Nam xã", "requested"),
        ("Đoàn Thanh niên xã", "requested"),
    ]


def test_the_new_wordings_survive_ocr_damage():
    organisation = (
        "1. Đồng chí Phó Chủ tịch UBND xã - Trưởng Ban: Chỉ đạo chung việc triển khai.\n"
        "2. Sở Khoa học và Công nghệ có trách nhiệm chủ trì, tổng hợp kết quả.\n"
        "3. Căn cứ chức năng, nhiệm vụ được giao, Công an xã chủ động phối hợp tuyên truyền.\n"
        "4. Trung tâm Dịch vụ tổng hợp (Đài Truyền thanh xã): Phối hợp phát thanh.\n"
        "Trong quá trình thực hiện, nếu có khó khăn, các đơn vị báo cáo UBND xã.\n"
    )
    text = HEADER + CONTENT + "III. TỔ CHỨC THỰC HIỆN\n" + organisation + CLOSING + SIGNATURE
    for seed in range(3):
        reading = read_plan(ocr_damage(text, seed))
        assert [a.role for a in reading.assignments] == [
            "lead",
            "lead",
            "coordinate",
            "coordinate",
        ], seed


# ------------------------------------------------------------------ the signature block


def signer_of(signature: str, *, ocr: bool = False):
    text = HEADER + CONTENT + "III. TỔ CHỨC THỰC HIỆN\n1. Phòng Văn hóa - Xã hội: Chủ trì.\n"
    text += CLOSING + signature
    return read_plan(ocr_damage(text, 1) if ocr else text).signer


@pytest.mark.parametrize(
    ("signature", "authority", "on_behalf", "title"),
    [
        (
            "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\nTrương Việt Dũng",
            "TM. ỦY BAN NHÂN DÂN",
            "KT. CHỦ TỊCH",
            "PHÓ CHỦ TỊCH",
        ),
        ("KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\n\nNguyễn Văn Hùng", "", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"),
        (
            "TM. BAN CHỈ ĐẠO\nKT. TRƯỞNG BAN\nPHÓ TRƯỞNG BAN\n\nĐỗ Thị Lan",
            "TM. BAN CHỈ ĐẠO",
            "KT. TRƯỞNG BAN",
            "PHÓ TRƯỞNG BAN",
        ),
        (
            "TM. TIỂU BAN TUYÊN TRUYỀN\nTRƯỞNG TIỂU BAN\n\nPhạm Quốc Khánh",
            "TM. TIỂU BAN TUYÊN TRUYỀN",
            "",
            "TRƯỞNG TIỂU BAN",
        ),
        (
            "TM. ỦY BAN BẦU CỬ XÃ\nCHỦ TỊCH\n\nHoàng Minh Đức",
            "TM. ỦY BAN BẦU CỬ XÃ",
            "",
            "CHỦ TỊCH",
        ),
        (
            "T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ\n\nLê Quang Huy",
            "T/M BAN THƯỜNG VỤ",
            "",
            "PHÓ BÍ THƯ",
        ),
    ],
)
def test_the_signature_block_is_read_as_printed_in_clean_text(
    signature, authority, on_behalf, title
):
    signer = signer_of(signature)
    assert (signer.authority, signer.on_behalf, signer.title) == (authority, on_behalf, title)
    assert signer.name == signature.strip().splitlines()[-1]


@pytest.mark.parametrize(
    ("signature", "title"),
    [
        ("TM. UY BAN NHAN DAN\nKT. CHU TICH\nPH6 CHlJ T!CH\n\nTruong Viet Dung", "PHÓ CHỦ TỊCH"),
        ("TM. UY BAN NHAN DAN\nKT. CHU TICH\n\nTruong Viet Dung", "PHÓ CHỦ TỊCH"),
        ("KT. GIAM DOC\nP#O G!AM POC\n\nNguyen Van Hung", "PHÓ GIÁM ĐỐC"),
        ("TM. UY BAN NHAN DAN\nCH!J T!CH\n\nLe Van Nam", "CHỦ TỊCH"),
        ("TM. BAN CHI DAO\n7RU0NG 8AN\n\nDo Thi Lan", "TRƯỞNG BAN"),
        ("TM. TIEU BAN TUYEN TRUYEN\n\nPham Quoc Khanh", "TRƯỞNG TIỂU BAN"),
        ("TM. UY BAN NHAN DAN\nKT. CHU TICH\nCHU TICH\n\nTruong Viet Dung", "PHÓ CHỦ TỊCH"),
    ],
)
def test_a_garbled_title_is_read_from_what_the_signature_marks_imply(signature, title):
    signer = signer_of(signature, ocr=True)
    assert signer.title == title


def test_clean_names_and_bodies_are_never_given_other_accents():
    signer = signer_of("TM. HỘI ĐỒNG PHỐI HỢP PHỔ BIẾN\nCHỦ TỊCH\n\nLò Văn Pủa")
    assert signer.authority == "TM. HỘI ĐỒNG PHỐI HỢP PHỔ BIẾN"
    assert signer.name == "Lò Văn Pủa"

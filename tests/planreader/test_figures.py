"""Targets and budget amounts read from a plan's text (issue 20, item 4), for the officer to
confirm on the review page."""

import datetime
from decimal import Decimal

import pytest

from planreader import read_plan
from planreader.targets import read_target

from .ocr_noise import ocr_damage
from .test_wording import CLOSING, HEADER, SIGNATURE

ORGANISATION = "TỔ CHỨC THỰC HIỆN\n1. Phòng Văn hóa - Xã hội: Chủ trì triển khai Kế hoạch.\n"
NUMERALS = ["I", "II", "III", "IV", "V", "VI"]


def plan_text(*parts: str) -> str:
    body = HEADER + "".join(parts)
    sections = sum(1 for line in body.splitlines() if line.split(".")[0] in NUMERALS)
    return body + f"{NUMERALS[sections]}. {ORGANISATION}" + CLOSING + SIGNATURE


TARGETS = (
    "3. Chỉ tiêu\n"
    "Phấn đấu đến hết năm 2026:\n"
    "- Trên 80% người trưởng thành trên địa bàn xã có kỹ năng số cơ bản.\n"
    "- 100% cán bộ, công chức xã được quán triệt Nghị quyết số 57-NQ/TW ngày 22/12/2024 "
    "của Bộ Chính trị trong Quý I/2026.\n"
    "- Đăng tải ít nhất 60 tin, bài trên Trang thông tin điện tử xã.\n"
    "- Mỗi thôn tổ chức tối thiểu 01 buổi tuyên truyền trực tiếp mỗi quý; phát 1.500 lượt "
    "phát thanh trên hệ thống truyền thanh xã.\n"
    "- Tỷ lệ hài lòng của người dân với dịch vụ công trực tuyến đạt trên 95,5%.\n"
    "- Tuyên truyền thường xuyên, liên tục trên các nền tảng số.\n"
)
CONTENT = (
    "II. NỘI DUNG TUYÊN TRUYỀN\n"
    "1. Tuyên truyền các mục tiêu của Nghị quyết số 57-NQ/TW\n"
    "- Đến năm 2030, Việt Nam thuộc nhóm 3 nước dẫn đầu Đông Nam Á, 50% doanh nghiệp "
    "có hoạt động đổi mới sáng tạo.\n"
)


def test_target_sentences_give_indicator_value_unit_and_date():
    reading = read_plan(plan_text(TARGETS, CONTENT))
    got = [(t.value, t.measure, t.due_on) for t in reading.targets]
    end_2026 = datetime.date(2026, 12, 31)
    assert got == [
        (Decimal(80), "%", end_2026),
        (Decimal(100), "%", datetime.date(2026, 3, 31)),
        (Decimal(60), "tin, bài", end_2026),
        (Decimal(1), "buổi", end_2026),
        (Decimal(1500), "lượt phát", end_2026),
        (Decimal("95.5"), "%", end_2026),
    ]
    first = reading.targets[0]
    assert first.indicator == "Trên 80% người trưởng thành trên địa bàn xã có kỹ năng số cơ bản"
    # The goals of the resolution the content explains are not the plan's own targets.
    assert not any("Đông Nam Á" in t.indicator for t in reading.targets)


def test_a_sentence_opening_with_phan_dau_in_the_purpose_is_a_target():
    purpose = "3. Yêu cầu\n- Phấn đấu 100% thôn có Tổ công nghệ số cộng đồng hoạt động hiệu quả.\n"
    reading = read_plan(plan_text(purpose, CONTENT))
    assert [(t.indicator, t.value) for t in reading.targets] == [
        ("100% thôn có Tổ công nghệ số cộng đồng hoạt động hiệu quả", Decimal(100))
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "Tuyên truyền Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị",
        "Thời gian thực hiện: năm 2026",
        "Thực hiện theo Kế hoạch số 179/KH-UBND",
    ],
)
def test_a_sentence_without_a_number_of_something_sets_no_target(sentence):
    assert read_target(sentence) is None


def test_targets_are_read_from_ocr_text_too():
    reading = read_plan(ocr_damage(plan_text(TARGETS, CONTENT), 2))
    assert [(t.value, t.measure) for t in reading.targets][:3] == [
        (Decimal(80), "%"),
        (Decimal(100), "%"),
        (Decimal(60), "tin, bai"),
    ]


BUDGET = (
    "III. KINH PHÍ THỰC HIỆN\n"
    "1. Tổng kinh phí thực hiện Kế hoạch: 45.000.000 đồng (Bốn mươi lăm triệu đồng chẵn), "
    "trong đó:\n"
    "- Ngân sách xã: 30.000.000 đồng;\n"
    "- Nguồn xã hội hóa: 15 triệu đồng.\n"
    "2. Kinh phí hoạt động của các thôn do các thôn tự bố trí.\n"
)


def test_budget_amounts_go_to_the_source_each_is_written_with():
    reading = read_plan(plan_text(CONTENT, BUDGET))
    assert [(b.source, b.amount) for b in reading.budget] == [
        ("commune", 30_000_000),
        ("socialised", 15_000_000),
    ]
    assert reading.budget[0].note == "Ngân sách xã: 30.000.000 đồng"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Kinh phí từ ngân sách xã năm 2026 là 45.000.000 đồng và nguồn xã hội hóa.",
            [("commune", 45_000_000), ("socialised", None)],
        ),
        (
            "Kinh phí thực hiện từ ngân sách thành phố và ngân sách của các cơ quan, đơn vị; "
            "dự kiến 1,2 tỷ đồng từ ngân sách thành phố.",
            [("city", 1_200_000_000), ("unit", None)],
        ),
        ("Tổng kinh phí: 50 triệu đồng (ngân sách xã).", [("commune", 50_000_000)]),
        ("Tổng kinh phí thực hiện là 12.500.000đ.", [(None, 12_500_000)]),
        ("Kinh phí do các cơ quan, đơn vị tự bảo đảm.", [("unit", None)]),
        ("Các hoạt động lồng ghép, không phát sinh kinh phí.", []),
    ],
)
def test_budget_sentences_as_plans_write_them(text, expected):
    reading = read_plan(plan_text(CONTENT, "III. KINH PHÍ\n" + text + "\n"))
    assert [(b.source, b.amount) for b in reading.budget] == expected

"""Text as a PDF's pages or OCR give it: every paragraph wrapped at the page's width. The
capital title over several lines (a number in it broken after its slash), a unit's heading
that fills its line before its task, and OCR's «IIL» for «II.» read as the typed text."""

import textwrap

from planreader import read_plan

PARAGRAPHS = [
    "Số: 31/KH-UBND",
    "Tân Lập, ngày 05 tháng 3 năm 2026",
    "KẾ HOẠCH",
    # In bold capitals its lines are shorter than the body's, and one breaks after a slash.
    "TUYÊN TRUYỀN THỰC HIỆN NGHỊ QUYẾT SỐ 57-NQ/\nTW NGÀY 22/12/2024 CỦA BỘ CHÍNH TRỊ VỀ ĐỘT PHÁ"
    "\nPHÁT TRIỂN KHOA HỌC, CÔNG NGHỆ, ĐỔI MỚI SÁNG TẠO\nVÀ CHUYỂN ĐỔI SỐ QUỐC GIA",
    "Căn cứ Kế hoạch số 179/KH-UBND ngày 08/7/2025 của Ủy ban nhân dân thành phố Hà Nội về "
    "tuyên truyền thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị;",
    "Ủy ban nhân dân xã Tân Lập ban hành Kế hoạch tuyên truyền thực hiện Nghị quyết số "
    "57-NQ/TW trên địa bàn xã, cụ thể như sau:",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "- Tuyên truyền sâu rộng nội dung, mục tiêu, ý nghĩa của Nghị quyết đến cán bộ, đảng "
    "viên, công chức, viên chức và Nhân dân trên địa bàn xã Tân Lập.",
    "IIL NỘI DUNG TUYÊN TRUYỀN",
    "- Tuyên truyền các quan điểm chỉ đạo, mục tiêu, nhiệm vụ và giải pháp của Nghị quyết về "
    "khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số.",
    "III. TỔ CHỨC THỰC HIỆN",
    "1. Phòng Văn hóa - Xã hội",
    "Chủ trì, phối hợp với các cơ quan, đơn vị liên quan hướng dẫn công tác tuyên truyền "
    "trên địa bàn xã; tổng hợp kết quả, báo cáo UBND xã.",
    "2. Trân trọng đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam xã Tân Lập",
    "Chỉ đạo, định hướng các phương tiện thông tin của xã tuyên truyền, phổ biến các nội "
    "dung của Nghị quyết đến cán bộ, đảng viên và Nhân dân.",
    "Nơi nhận:",
    "- UBND thành phố;",
    "- Lưu: VT.",
    "TM. ỦY BAN NHÂN DÂN",
    "CHỦ TỊCH",
    "Lê Văn Nam",
]


def wrapped(width=70):
    return "\n".join(
        p if "\n" in p else textwrap.fill(p, width=width, break_on_hyphens=False)
        for p in PARAGRAPHS
    )


def test_the_page_really_wraps_the_title_the_number_and_fills_the_heading():
    lines = wrapped().splitlines()
    assert lines[3] == "TUYÊN TRUYỀN THỰC HIỆN NGHỊ QUYẾT SỐ 57-NQ/"
    heading = "2. Trân trọng đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam xã Tân Lập"
    assert heading in lines
    assert len(heading) >= 0.9 * max(len(line) for line in lines)


def test_a_wrapped_page_reads_as_the_typed_text():
    reading = read_plan(wrapped())
    assert reading.title == (
        "Tuyên truyền thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về đột "
        "phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia"
    )
    assert [(s.label, s.title) for s in reading.sections] == [
        ("I", "MỤC ĐÍCH, YÊU CẦU"),
        ("II", "NỘI DUNG TUYÊN TRUYỀN"),
        ("III", "TỔ CHỨC THỰC HIỆN"),
    ]
    assert [(a.unit, a.role) for a in reading.assignments] == [
        ("Phòng Văn hóa - Xã hội", "lead"),
        ("Ủy ban Mặt trận Tổ quốc Việt Nam xã Tân Lập", "requested"),
    ]
    assert reading.assignments[1].tasks.startswith("Chỉ đạo, định hướng các phương tiện")

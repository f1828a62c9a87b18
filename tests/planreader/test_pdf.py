"""Plans as PDFs: read from the text layer page by page, the two-column header and signature
block kept apart, and refused with the reason when locked, broken, oversized or not a plan."""

import pytest

from planreader import (
    DocumentRefused,
    ScanNeedsOcr,
    document_text,
    pdf_pages,
    read_plan,
    read_plan_file,
)
from planreader.pdf import MAX_OCR_PAGES, MAX_PDF_PAGES

from .conftest import FIXTURES
from .pdfs import blank_pdf, encrypted_pdf, scanned_pdf, text_pdf
from .scoring import score

COMMUNE = (FIXTURES / "commune_clean.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def commune_pdf():
    return text_pdf(COMMUNE)


def test_the_header_columns_come_out_one_after_the_other(commune_pdf):
    lines = [line for line in document_text(commune_pdf, "ke-hoach.pdf").splitlines() if line]
    # The left column (issuer, number) whole, then the right one (motto, place and date).
    assert lines[:3] == ["ỦY BAN NHÂN DÂN", "XÃ TÂN LẬP", "Số: 27/KH-UBND"]
    assert lines[3].startswith("CỘNG HÒA XÃ HỘI CHỦ NGHĨA")
    assert "Tân Lập, ngày 12 tháng 02 năm 2026" in lines[3:7]
    assert lines[lines.index("Tân Lập, ngày 12 tháng 02 năm 2026") + 1] == "KẾ HOẠCH"


def test_the_signature_block_comes_after_the_recipients_not_between_them(commune_pdf):
    lines = [line for line in document_text(commune_pdf, "ke-hoach.pdf").splitlines() if line]
    tail = lines[lines.index("Nơi nhận:") :]
    assert tail == [
        "Nơi nhận:",
        "- UBND thành phố;",
        "- Thường trực Đảng ủy xã;",
        "- Các thôn;",
        "- Lưu: VT, VHXH.",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
        "Lê Thị Hồng Nhung",
    ]


def test_a_text_layer_pdf_reads_as_its_text_file(commune_pdf):
    from_text = read_plan(COMMUNE).to_dict()
    from_pdf = read_plan_file(commune_pdf, "ke-hoach.pdf").to_dict()
    assert set(score(from_text, from_pdf).values()) == {1.0}
    for field in ("number", "issued_on", "issuer", "title", "signer", "recipients", "budget"):
        assert from_pdf[field] == from_text[field], field
    assert [a["unit"] for a in from_pdf["assignments"]] == [
        a["unit"] for a in from_text["assignments"]
    ]


def test_a_seed_plan_printed_to_pdf_still_scores_full_marks(seed):
    text, gold = seed("002_c9be10df9160e118")
    pdf = text_pdf(text)
    assert len(pdf_pages(pdf).texts) == 12
    reading = read_plan_file(pdf, "179-KH-UBND.pdf").to_dict()
    assert set(score(gold, reading).values()) == {1.0}
    # The title, printed in capitals over eight lines, is read whole.
    assert reading["title"].endswith("trên địa bàn thành phố Hà Nội")
    assert "57-NQ/TW" in reading["title"]


def test_a_scanned_pdf_is_handed_back_for_ocr_with_its_pages(commune_pdf):
    scan = scanned_pdf(commune_pdf, dpi=100)
    with pytest.raises(ScanNeedsOcr) as raised:
        document_text(scan, "ban-quet.pdf", ocr=False)
    assert raised.value.pages.scanned == [0, 1]
    assert raised.value.pages.texts == ["", ""]


def test_an_encrypted_pdf_is_refused_with_the_reason():
    with pytest.raises(DocumentRefused, match="Tệp PDF được đặt mật khẩu"):
        document_text(encrypted_pdf(COMMUNE), "ke-hoach.pdf")


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7\n1 0 obj\n<<", b"%PDF-1.4\n" + b"\x00" * 400, b"Not a PDF at all"],
    ids=["truncated", "garbage", "not-pdf"],
)
def test_a_broken_pdf_is_refused_with_the_reason(data):
    with pytest.raises(DocumentRefused, match=r"Tệp \.pdf bị hỏng"):
        document_text(data, "ke-hoach.pdf")


def test_a_pdf_that_is_not_a_plan_is_refused_with_the_reason():
    note = "Danh sách việc cần làm\nKẾ HOẠCH\nMua giấy in, mực in.\nGọi điện cho anh Nam.\n"
    with pytest.raises(DocumentRefused, match="Không nhận ra kế hoạch"):
        read_plan_file(text_pdf(note), "ghi-chu.pdf")


def test_too_many_pages_are_refused_before_any_is_read():
    with pytest.raises(DocumentRefused, match=f"có {MAX_PDF_PAGES + 1} trang"):
        pdf_pages(blank_pdf(MAX_PDF_PAGES + 1))


def test_too_many_scanned_pages_are_refused_before_any_ocr():
    with pytest.raises(DocumentRefused) as refused:
        pdf_pages(blank_pdf(MAX_OCR_PAGES + 1))
    assert str(refused.value).startswith(
        f"Tệp PDF có {MAX_OCR_PAGES + 1} trang là ảnh quét cần nhận dạng chữ (OCR): Loa chỉ "
        f"đọc đến {MAX_OCR_PAGES} trang."
    )


def test_an_oversized_pdf_is_refused_by_its_size():
    with pytest.raises(DocumentRefused, match="Tệp quá lớn"):
        document_text(b"%PDF-1.7\n" + b"0" * (20 * 1024 * 1024), "to.pdf")


def test_a_pdf_named_txt_is_still_refused_as_not_plain_text():
    with pytest.raises(DocumentRefused, match="không phải văn bản thuần"):
        document_text(b"%PDF-1.7\n", "ke-hoach.txt")


def test_a_huge_page_is_rendered_within_the_pixel_bound(tmp_path):
    import pypdfium2
    from PIL import Image

    from planreader.pdf import MAX_PAGE_PIXELS, _page_image

    document = pypdfium2.PdfDocument(blank_pdf(1, width=3000, height=4000))
    assert document[0].get_size() == (3000, 4000)
    _page_image(document, 0, str(tmp_path / "page.png"))
    width, height = Image.open(tmp_path / "page.png").size
    assert MAX_PAGE_PIXELS * 0.99 <= width * height <= MAX_PAGE_PIXELS
    assert round(width / height, 2) == 0.75


@pytest.mark.ocr
def test_ocr_stops_at_its_time_limit_with_the_reason():
    from planreader import ocr_pages

    scan = blank_pdf(2)
    with pytest.raises(DocumentRefused, match="quá thời gian cho phép"):
        ocr_pages(scan, pdf_pages(scan), time_limit=0)

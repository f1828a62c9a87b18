"""`manage.py import_plan` on PDFs: a seed plan printed to PDF (text layer) reads as its text
file; scanned (page images, no text) it is OCR'd with Tesseract and reads the same within the
tolerance below; locked, broken, oversized and non-plan PDFs are refused with the reason."""

import json

import pytest
from django.core.management import CommandError, call_command

import planreader.pdf
from planreader.pdf import MAX_OCR_PAGES
from tests.planreader.conftest import SEEDS
from tests.planreader.pdfs import (
    blank_pdf,
    encrypted_pdf,
    scanned_pdf,
    seed_excerpt,
    text_pdf,
)
from tests.planreader.scoring import score

SEED_002 = (SEEDS / "002_c9be10df9160e118.txt").read_text(encoding="utf-8")
# What OCR may lose on a 200 dpi scan, field by field of the shared scorer: the number, date,
# issuer, sections, assignments and signer are exact; one legal basis of five (its number and
# so its date: «8602 - QĐ/TU» comes out «QĐÐ») may be misread.
OCR_TOLERANCE = {"legal_bases": 0.85, "legal_basis_dates": 0.8}


def read_json(path, capsys):
    call_command("import_plan", str(path), "--json")
    return json.loads(capsys.readouterr().out)


def test_import_plan_reads_a_text_layer_pdf_of_a_seed_plan_as_its_text_file(tmp_path, capsys):
    (tmp_path / "179.txt").write_text(SEED_002, encoding="utf-8")
    (tmp_path / "179.pdf").write_bytes(text_pdf(SEED_002))
    from_text = read_json(tmp_path / "179.txt", capsys)
    from_pdf = read_json(tmp_path / "179.pdf", capsys)
    assert score(from_text, from_pdf) == {
        "number": 1.0,
        "issued_on": 1.0,
        "issuer": 1.0,
        "legal_bases": 1.0,
        "legal_basis_dates": 1.0,
        "sections": 1.0,
        "assignments": 1.0,
        "signer_title": 1.0,
    }
    for field in ("number", "issued_on", "issuer", "signer", "recipients", "legal_bases"):
        assert from_pdf[field] == from_text[field], field
    assert [a["unit"] for a in from_pdf["assignments"]] == [
        "Sở Văn hóa và Thể thao",
        "Các Sở, ban, ngành Thành phố; chính quyền cấp cơ sở",
        "Sở Khoa học và Công nghệ",
        "Văn phòng UBND Thành phố",
        "Các cơ quan báo chí, truyền thông của Thành phố",
        "Sở Tài chính",
        "Ban Tuyên giáo và Dân vận Thành ủy",
        "Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Hà Nội",
    ]


@pytest.mark.ocr
def test_import_plan_reads_a_scanned_pdf_of_a_seed_plan_within_the_ocr_tolerance(tmp_path, capsys):
    excerpt = seed_excerpt(SEED_002)  # 3 pages: header to signature, one item of each part
    (tmp_path / "179.txt").write_text(excerpt, encoding="utf-8")
    (tmp_path / "179-quet.pdf").write_bytes(scanned_pdf(text_pdf(excerpt), dpi=200))
    from_text = read_json(tmp_path / "179.txt", capsys)
    call_command("import_plan", str(tmp_path / "179-quet.pdf"), "--json")
    output = capsys.readouterr()
    from_scan = json.loads(output.out)
    assert output.err.splitlines() == [f"Nhận dạng chữ (OCR): {n}/3 trang" for n in range(4)]

    fields = score(from_text, from_scan)
    assert {k: v for k, v in fields.items() if k not in OCR_TOLERANCE} == {
        "number": 1.0,
        "issued_on": 1.0,
        "issuer": 1.0,
        "sections": 1.0,
        "assignments": 1.0,
        "signer_title": 1.0,
    }
    for field, least in OCR_TOLERANCE.items():
        assert fields[field] >= least, (field, fields[field])
    assert from_scan["number"] == "179/KH-UBND"
    assert from_scan["issued_on"] == "2025-07-08"
    assert from_scan["signer"] == {
        "authority": "TM. ỦY BAN NHÂN DÂN",
        "on_behalf": "KT. CHỦ TỊCH",
        "title": "PHÓ CHỦ TỊCH",
        "name": "Trương Việt Dũng",
    }


@pytest.mark.ocr
def test_a_scanned_blank_page_is_refused_as_empty(tmp_path):
    (tmp_path / "trang.pdf").write_bytes(blank_pdf(1))
    with pytest.raises(CommandError, match="Tệp trống: không có nội dung để đọc."):
        call_command("import_plan", str(tmp_path / "trang.pdf"), "--json")


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (lambda: encrypted_pdf(SEED_002), "Tệp PDF được đặt mật khẩu"),
        (lambda: b"%PDF-1.7\n1 0 obj\n<<", "Tệp .pdf bị hỏng"),
        (lambda: blank_pdf(MAX_OCR_PAGES + 1), f"có {MAX_OCR_PAGES + 1} trang là ảnh quét"),
        (
            lambda: text_pdf("Ghi chú\nKẾ HOẠCH\nMua giấy in.\nGọi điện cho anh Nam.\n"),
            "Không nhận ra kế hoạch",
        ),
    ],
    ids=["encrypted", "broken", "too-many-scanned-pages", "not-a-plan"],
)
def test_import_plan_refuses_a_pdf_it_cannot_read_with_the_reason(tmp_path, capsys, make, reason):
    (tmp_path / "tep.pdf").write_bytes(make())
    with pytest.raises(CommandError, match=reason):
        call_command("import_plan", str(tmp_path / "tep.pdf"), "--json")
    assert capsys.readouterr().out == ""


def test_without_tesseract_a_scan_is_refused_with_how_to_install_it(tmp_path, monkeypatch):
    monkeypatch.setattr(planreader.pdf.shutil, "which", lambda name: None)
    (tmp_path / "quet.pdf").write_bytes(blank_pdf(2))
    with pytest.raises(CommandError) as refused:
        call_command("import_plan", str(tmp_path / "quet.pdf"), "--json")
    assert str(refused.value) == (
        "Không nhận dạng được chữ trong bản quét: Tesseract is not installed "
        "(scripts/install-ocr). Cài Tesseract bằng scripts/install-ocr."
    )

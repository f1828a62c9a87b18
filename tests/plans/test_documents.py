import datetime
import io
import re
import unicodedata
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from docx import Document
from pypdf import PdfReader

from plans.document import child_label, plan_document
from plans.models import Assignment, BudgetLine, PlanOutreachForm
from plans.printing import StaticFilesOnlyFetcher, render_docx, render_pdf
from tests.factories import outreach_form
from tests.plans.conftest import section

pytestmark = pytest.mark.django_db

SEED_179 = Path(__file__).resolve().parents[1] / "fixtures" / "seeds" / "002_c9be10df9160e118.txt"


def pdf_text(content):
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]
    return pages, re.sub(r"\s+", " ", " ".join(pages))


def pdf_of(plan):
    return render_pdf(plan_document(plan), "documents/plan.html", {"plan": plan})


def test_the_pdf_reads_like_the_official_document(world, city_plan):
    pages, text = pdf_text(pdf_of(city_plan))
    first = re.sub(r"\s+", " ", pages[0])
    for line in (
        "ỦY BAN NHÂN DÂN THÀNH PHỐ HÀ NỘI",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 179/KH-UBND",
        "Hà Nội, ngày 08 tháng 7 năm 2025",
        "KẾ HOẠCH",
    ):
        assert line in first
    for line in (
        "Thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị;",
        "I. MỤC ĐÍCH, YÊU CẦU 1. Mục đích - Tuyên truyền sâu rộng nội dung Nghị quyết. 2. Yêu cầu",
        "II. NỘI DUNG TUYÊN TRUYỀN 1. Tuyên truyền về vai trò của Thủ đô a) Thành phố thông minh",
        "III. HÌNH THỨC TUYÊN TRUYỀN 1. Tuyên truyền trên nền tảng số",
        "IV. TỔ CHỨC THỰC HIỆN 1. Sở Văn hóa và Thể thao a) Hướng dẫn tuyên truyền.",
        "2. Trân trọng đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Hà Nội",
        "Nơi nhận: - Thường trực Thành ủy; - Lưu: VT.",
        "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH",
        "Trương Việt Dũng",
    ):
        assert line in text, line


def test_page_numbers_start_on_page_two_and_the_fonts_are_embedded(world, city_plan):
    city_plan.closing = "\n".join(f"Đoạn kết số {n} của kế hoạch." for n in range(60))
    content = pdf_of(city_plan)
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) >= 2
    assert "1" not in reader.pages[0].extract_text().splitlines()
    assert "2" in reader.pages[1].extract_text().splitlines()
    fonts = reader.pages[0]["/Resources"]["/Font"]
    assert len(fonts) >= 2
    for font in fonts.values():
        font = font.get_object()
        descendant = font.get("/DescendantFonts")
        descriptor = (descendant[0].get_object() if descendant else font)["/FontDescriptor"]
        assert "/FontFile2" in descriptor.get_object(), font["/BaseFont"]


def test_decomposed_vietnamese_is_printed_composed(world, city_plan):
    city_plan.title = unicodedata.normalize("NFD", "Tuyên truyền Phong trào “Bình dân học vụ số”")
    _pages, text = pdf_text(pdf_of(city_plan))
    assert "Tuyên truyền Phong trào “Bình dân học vụ số”" in text
    docx = Document(io.BytesIO(render_docx(plan_document(city_plan))))
    assert any(p.text == "Tuyên truyền Phong trào “Bình dân học vụ số”" for p in docx.paragraphs)


def test_a_remote_url_in_user_text_is_never_fetched(world, city_plan):
    city_plan.title = '<img src="http://127.0.0.1:9/tracker.png"> <link rel=stylesheet href=x.css>'
    city_plan.sections.filter(label="a)").update(
        body='- <iframe src="file:///etc/passwd"></iframe> url(https://example.com/a.png)'
    )
    fetcher = StaticFilesOnlyFetcher()
    content = render_pdf(plan_document(city_plan), "documents/plan.html", fetcher=fetcher)
    _pages, text = pdf_text(content)
    assert '<img src="http://127.0.0.1:9/tracker.png">' in text
    served = fetcher.served
    assert served and all(
        url.startswith("https://loa-static.invalid/static/fonts/") for url in served
    )
    assert fetcher.refused == []


@pytest.mark.parametrize(
    "url",
    [
        "http://example.com/logo.png",
        "https://example.com/static/fonts/LiberationSerif-Regular.ttf",
        "file:///etc/passwd",
        "https://loa-static.invalid/static/../../config/settings.py",
        "https://loa-static.invalid/static/%2e%2e/manage.py",
        "https://loa-static.invalid/media/evidence/photo.jpg",
        "data:text/plain,hello",
    ],
)
def test_the_fetcher_refuses_everything_but_static_files(url):
    fetcher = StaticFilesOnlyFetcher()
    with pytest.raises(ValueError):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_the_fetcher_serves_the_embedded_fonts():
    response = StaticFilesOnlyFetcher().fetch(
        "https://loa-static.invalid/static/fonts/LiberationSerif-Regular.ttf"
    )
    assert response.read(4) == b"\x00\x01\x00\x00"


def test_the_docx_has_the_same_layout_in_word(world, city_plan):
    content = render_docx(plan_document(city_plan))
    word = Document(io.BytesIO(content))
    header, closing = word.tables
    header_text = [p.text for cell in header._cells for p in cell.paragraphs]
    for line in (
        "ỦY BAN NHÂN DÂN",
        "THÀNH PHỐ HÀ NỘI",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 179/KH-UBND",
        "Hà Nội, ngày 08 tháng 7 năm 2025",
    ):
        assert line in header_text
    body = [p.text for p in word.paragraphs]
    for line in (
        "KẾ HOẠCH",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Mục đích",
        "a) Thành phố thông minh",
        "1. Sở Văn hóa và Thể thao",
        "2. Trân trọng đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Hà Nội",
    ):
        assert line in body, line
    closing_text = [p.text for cell in closing._cells for p in cell.paragraphs]
    assert "Nơi nhận:" in closing_text and "- Lưu: VT." in closing_text
    assert "TM. ỦY BAN NHÂN DÂN" in closing_text and "Trương Việt Dũng" in closing_text
    assert word.styles["Normal"].font.name == "Times New Roman"
    section = word.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.left_margin.mm) == 30
    assert section.different_first_page_header_footer
    xml = zipfile.ZipFile(io.BytesIO(content)).read("word/header1.xml").decode()
    assert 'w:instr="PAGE"' in xml
    document_xml = zipfile.ZipFile(io.BytesIO(content)).read("word/document.xml").decode()
    assert "<w:noBreakHyphen/>" in document_xml  # 57-NQ/TW stays on one line


def test_numbered_items_continue_the_style_of_their_section(world, kp_draft):
    assert child_label("III.", 2) == "2."
    assert child_label("2.", 1) == "2.1."
    assert child_label("2.1.", 3) == "2.1.3."
    forms = section(kp_draft, "2.", "Hình thức tuyên truyền:", kind="forms", position=3)
    forms.parent = kp_draft.sections.get(label="I.")
    forms.save()
    PlanOutreachForm.objects.filter(plan=kp_draft).delete()
    for position, (code, heading, description) in enumerate(
        [
            ("portal-post", "Tuyên truyền trên các nền tảng số:", "- Chuyên mục trên Cổng."),
            ("fanpage", "Tuyên truyền trên các nền tảng số:", "Facebook của phường"),
            ("zalo-oa", "Tuyên truyền trên các nền tảng số:", "- Nhóm Zalo các thôn."),
            ("banner", "", "Treo băng rôn."),
        ],
        start=1,
    ):
        PlanOutreachForm.objects.create(
            plan=kp_draft,
            form=outreach_form(code),
            heading=heading,
            description=description,
            position=position,
        )
    BudgetLine.objects.create(
        plan=kp_draft, source="socialised", note="Doanh nghiệp hỗ trợ", position=2
    )
    Assignment.objects.create(
        plan=kp_draft,
        label="Ủy ban MTTQ Việt Nam xã",
        role="requested",
        tasks="- Vận động Nhân dân.",
        due_date=datetime.date(2026, 6, 30),
        position=2,
    )
    section(kp_draft, "III.", "KINH PHÍ", kind="budget", position=3)
    paragraphs = [f"{p.label} {p.text}".strip() for p in plan_document(kp_draft).body]
    assert paragraphs[paragraphs.index("2. Hình thức tuyên truyền:") + 1 :][:6] == [
        "2.1. Tuyên truyền trên các nền tảng số:",
        "- Chuyên mục trên Cổng.",
        "- Nhóm Zalo các thôn.",
        "2.2. Tuyên truyền cổ động trực quan",
        "Treo băng rôn.",
        # The draft has targets but no «Mục đích, yêu cầu»: they print in a section of their
        # own before «Tổ chức thực hiện», and the sections after it move on.
        "II. CHỈ TIÊU",
    ]
    assert "III. TỔ CHỨC THỰC HIỆN" in paragraphs
    assert "Facebook của phường" not in paragraphs  # a tracking note, not printed text
    assert "2. Đề nghị Ủy ban MTTQ Việt Nam xã" in paragraphs
    assert "- Thời hạn hoàn thành: 30/6/2026." in paragraphs
    budget = paragraphs[paragraphs.index("IV. KINH PHÍ") + 1 :]
    assert budget == ["- Ngân sách xã, phường: 150.000.000 đồng.", "- Doanh nghiệp hỗ trợ."]


def test_a_draft_prints_blanks_for_the_number_and_date_and_says_draft(world, kp_draft):
    document = plan_document(kp_draft)
    assert document.is_draft
    assert document.number_line.replace("\u00a0", " ").split() == ["Số:", "/KH-UBND"]
    assert re.fullmatch(r"Kiều Phú, ngày\s+tháng\s+năm \d{4}", document.date_line)
    _pages, text = pdf_text(pdf_of(kp_draft))
    assert "DỰ THẢO" in text


def test_the_demo_city_plan_prints_the_headings_of_the_real_document():
    """179/KH-UBND as entered in the demo prints every heading of the seed, in order."""
    from plans.demo.load_plans import DEMO_DIR, load_plan_file
    from plans.demo.load_units import load_units

    load_units()
    plan, _created = load_plan_file(DEMO_DIR / "plan-hn-179.toml")
    seed = [line.strip() for line in SEED_179.read_text(encoding="utf-8").splitlines()]
    headings = [
        line
        for line in seed
        if re.match(r"^(?:[IVX]+\.|\d+\.|[a-zđ]\)) ", line) and not line.startswith("- ")
    ]
    printed = [f"{p.label} {p.text}" for p in plan_document(plan).body if p.label]
    printed = [p for p in printed if not re.match(r"^[a-zđ]\) ", p)]
    seed_headings = [h for h in headings if not re.match(r"^[a-zđ]\) ", h)]
    assert printed == seed_headings


# ---------------------------------------------------------------- downloads and command


def test_an_officer_downloads_the_pdf_and_the_docx(world, client_for, city_plan):
    client = client_for(world.kp_officer)
    pdf = client.get(reverse("plans:pdf", args=[city_plan.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"] == 'attachment; filename="ke-hoach-179-KH-UBND-2025.pdf"'
    assert pdf.content.startswith(b"%PDF")
    docx = client.get(reverse("plans:docx", args=[city_plan.pk]))
    assert docx["Content-Disposition"].endswith('ke-hoach-179-KH-UBND-2025.docx"')
    assert zipfile.ZipFile(io.BytesIO(docx.content)).testzip() is None


@pytest.mark.parametrize("name", ["pdf", "docx", "detail"])
def test_another_commune_gets_404_on_the_plan_and_its_documents(world, client_for, kp_draft, name):
    client = client_for(world.gv_officer)
    assert client.get(reverse(f"plans:{name}", args=[kp_draft.pk])).status_code == 404
    assert (
        client_for(world.pt_officer).get(reverse(f"plans:{name}", args=[kp_draft.pk])).status_code
        == 404
    )


def test_render_plan_writes_the_pdf_and_the_docx(world, city_plan, tmp_path):
    world.hn.code = "HN"
    world.hn.save()
    out = io.StringIO()
    call_command(
        "render_plan",
        "--issuer",
        "HN",
        "--number",
        "179/KH-UBND",
        "--format",
        "pdf",
        "--output",
        str(tmp_path / "179.pdf"),
        stdout=out,
    )
    assert (tmp_path / "179.pdf").read_bytes().startswith(b"%PDF")
    assert "Đã xuất Kế hoạch số 179/KH-UBND" in out.getvalue()
    call_command(
        "render_plan",
        "--issuer=hn",
        "--number=179",
        "--format=docx",
        f"--output={tmp_path / '179.docx'}",
        stdout=out,
    )
    assert zipfile.is_zipfile(tmp_path / "179.docx")


def test_render_plan_says_in_vietnamese_when_the_plan_is_not_found(world, city_plan, tmp_path):
    with pytest.raises(CommandError, match="Không tìm thấy kế hoạch số 180/KH-UBND"):
        call_command(
            "render_plan",
            "--issuer=T-HN",
            "--number=180/KH-UBND",
            f"--output={tmp_path / 'x.pdf'}",
        )
    with pytest.raises(CommandError, match="Không có cơ quan nào mã «XX»"):
        call_command("render_plan", "--issuer=XX", "--number=1", f"--output={tmp_path / 'x'}")


def test_the_downloads_do_not_query_per_row(
    world, client_for, city_plan, django_assert_max_num_queries
):
    for index in range(20):
        Assignment.objects.create(plan=city_plan, label=f"Đơn vị {index}", position=index + 5)
    client = client_for(world.kp_officer)
    for name in ("docx", "pdf"):
        # 12 to print it, and the issued plan's stored file looked up and recorded
        with django_assert_max_num_queries(14):
            assert client.get(reverse(f"plans:{name}", args=[city_plan.pk])).status_code == 200

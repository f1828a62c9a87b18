"""Evidence PDFs are parsed and stored as a clean copy of their pages: what does not parse is
refused with the reason, scripts, open actions, launch actions and embedded files are gone,
and a file is always downloaded under a name whose extension matches what is stored."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from activities.models import Activity, Evidence
from tests.activities.conftest import build_kp_plan, form_data, pdf_bytes
from tests.plans.conftest import ensure_catalogue

pytestmark = pytest.mark.django_db


@pytest.fixture
def kp(world):
    ensure_catalogue()
    return build_kp_plan(world)


def upload(client, world, kp, name, content):
    data = {**form_data(world, kp), "files": [SimpleUploadedFile(name, content)]}
    response = client.post(reverse("activities:create"), data)
    return response, re.sub(r"\s+", " ", response.content.decode())


def written(writer):
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def action(kind, **entries):
    return DictionaryObject(
        {NameObject("/S"): NameObject(kind), **{NameObject(k): v for k, v in entries.items()}}
    )


def link(writer, page, act):
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([NumberObject(n) for n in (10, 10, 100, 40)]),
            NameObject("/A"): act,
        }
    )
    page.setdefault(NameObject("/Annots"), ArrayObject()).append(writer._add_object(annotation))


def armed_pdf():
    """A PDF that runs JavaScript when opened, launches a program from a link, runs an action
    when its page opens and carries an embedded executable, with one harmless web link."""
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    writer._root_object[NameObject("/OpenAction")] = action(
        "/JavaScript", **{"/JS": TextStringObject("app.launchURL('http://evil.example');")}
    )
    writer.add_attachment("virus.exe", b"MZ fake executable")
    script = action("/JavaScript", **{"/JS": TextStringObject("app.alert('xin chao');")})
    names = writer._root_object["/Names"]
    names[NameObject("/JavaScript")] = DictionaryObject(
        {NameObject("/Names"): ArrayObject([TextStringObject("hello"), script])}
    )
    page[NameObject("/AA")] = DictionaryObject(
        {NameObject("/O"): action("/JavaScript", **{"/JS": TextStringObject("app.beep(0);")})}
    )
    link(writer, page, action("/Launch", **{"/F": TextStringObject("cmd.exe")}))
    link(writer, page, action("/URI", **{"/URI": TextStringObject("https://chinhphu.vn/")}))
    return written(writer)


def stored_bytes():
    evidence = Evidence.objects.get()
    with evidence.file.open("rb") as handle:
        return handle.read()


def test_scripts_open_actions_launches_and_attachments_are_not_stored(world, kp, client_for):
    armed = armed_pdf()
    assert all(k in armed for k in (b"/JavaScript", b"/OpenAction", b"/EmbeddedFiles"))

    response, _ = upload(client_for(world.kp_head), world, kp, "bien-ban.pdf", armed)

    assert response.status_code == 302
    stored = stored_bytes()
    for marker in (b"/JavaScript", b"/JS", b"/OpenAction", b"/EmbeddedFiles", b"/Launch"):
        assert marker not in stored
    for marker in (b"/AA", b"MZ fake executable", b"cmd.exe"):
        assert marker not in stored
    reader = PdfReader(io.BytesIO(stored))
    assert len(reader.pages) == 1
    links = [a.get_object()["/A"]["/URI"] for a in reader.pages[0]["/Annots"]]
    assert links == ["https://chinhphu.vn/"]


def test_a_plain_pdf_keeps_all_its_pages(world, kp, client_for):
    response, _ = upload(client_for(world.kp_head), world, kp, "bao-cao.pdf", pdf_bytes(3))
    assert response.status_code == 302
    assert len(PdfReader(io.BytesIO(stored_bytes())).pages) == 3


def test_an_html_pdf_polyglot_is_served_as_a_pdf_named_pdf(world, kp, client_for):
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    html = DecodedStreamObject()
    html.set_data(b"% <html><script>alert(document.cookie)</script></html>\n")
    page[NameObject("/Contents")] = writer._add_object(html)
    polyglot = written(writer)
    assert b"<script>" in polyglot
    client = client_for(world.kp_head)

    response, _ = upload(client, world, kp, "trang.html", polyglot)

    assert response.status_code == 302
    download = client.get(reverse("activities:evidence", args=[Evidence.objects.get().pk]))
    assert download["Content-Type"] == "application/pdf"
    assert 'filename="trang.pdf"' in download["Content-Disposition"]
    assert download["Content-Disposition"].startswith("attachment")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (
            b"%PDF-1.4\n<html><body>not really a pdf</body></html>\n%%EOF\n",
            "Tệp PDF «x.pdf» bị hỏng hoặc chưa tải lên hết",
        ),
        (pdf_bytes(0), "Tệp PDF «x.pdf» không có trang nào."),
        (pdf_bytes(301), "có 301 trang, nhiều hơn 300 trang cho phép"),
    ],
    ids=["does-not-parse", "no-pages", "too-many-pages"],
)
def test_a_pdf_that_cannot_be_cleaned_is_refused_with_the_reason(
    world, kp, client_for, content, reason
):
    response, page = upload(client_for(world.kp_head), world, kp, "x.pdf", content)

    assert response.status_code == 200
    assert reason in page
    assert "Hội nghị quán triệt Nghị quyết 57 cho cán bộ xã" in page  # what was typed is kept
    assert not Activity.objects.exists() and not Evidence.objects.exists()


def test_a_password_protected_pdf_is_refused(world, kp, client_for):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.encrypt("mat-khau")

    response, page = upload(client_for(world.kp_head), world, kp, "x.pdf", written(writer))

    assert response.status_code == 200
    assert "Tệp PDF «x.pdf» có mật khẩu" in page
    assert not Evidence.objects.exists()


def files_refused(response):
    assert response.status_code == 200
    return response.context["form"].errors["files"]


def test_a_pdf_whose_offsets_are_off_is_read_leniently_and_kept(world, kp, client_for):
    # A line added after the header (as some scanners and editors do) shifts every object:
    # the cross-reference table no longer points at them. Read strictly, it would be refused.
    shifted = pdf_bytes(2).replace(b"%PDF-1.3\n", b"%PDF-1.3\n% scanner\n", 1)
    assert shifted.startswith(b"%PDF-1.3\n% scanner\n")

    response, _ = upload(client_for(world.kp_head), world, kp, "quet.pdf", shifted)

    assert response.status_code == 302
    assert len(PdfReader(io.BytesIO(stored_bytes())).pages) == 2


def test_a_pdf_of_300_pages_is_kept_one_of_301_is_refused_with_the_reason(world, kp, client_for):
    client = client_for(world.kp_head)
    data = {**form_data(world, kp), "files": [SimpleUploadedFile("dai.pdf", pdf_bytes(301))]}

    assert files_refused(client.post(reverse("activities:create"), data)) == [
        "Tệp PDF «dai.pdf» có 301 trang, nhiều hơn 300 trang cho phép: "
        "hãy tải lên phần làm minh chứng."
    ]
    response, _ = upload(client, world, kp, "du.pdf", pdf_bytes(300))
    assert response.status_code == 302
    assert len(PdfReader(io.BytesIO(stored_bytes())).pages) == 300


def annotation(writer, page, subtype, **entries):
    annot = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject(subtype),
            NameObject("/Rect"): ArrayObject([NumberObject(n) for n in (10, 10, 100, 40)]),
            **{NameObject(k): v for k, v in entries.items()},
        }
    )
    page.setdefault(NameObject("/Annots"), ArrayObject()).append(writer._add_object(annot))


def test_only_annotations_that_show_something_are_kept_whatever_comes_before_them(
    world, kp, client_for
):
    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    page[NameObject("/Annots")] = ArrayObject([NumberObject(7)])  # not an annotation at all
    annotation(writer, page, "/FileAttachment", **{"/Contents": TextStringObject("tep-dinh-kem")})
    annotation(
        writer,
        page,
        "/Link",
        **{
            "/A": action("/URI", **{"/URI": TextStringObject("https://aa.example/")}),
            "/AA": DictionaryObject({NameObject("/E"): action("/JavaScript")}),
        },
    )
    chained = action(
        "/URI",
        **{"/URI": TextStringObject("https://next.example/"), "/Next": action("/JavaScript")},
    )
    annotation(writer, page, "/Link", **{"/A": chained})
    annotation(writer, page, "/Text", **{"/Contents": TextStringObject("Ghi chú của cán bộ")})
    annotation(
        writer,
        page,
        "/Link",
        **{"/A": action("/URI", **{"/URI": TextStringObject("https://x.vn/")})},
    )

    response, _ = upload(client_for(world.kp_head), world, kp, "ghi-chu.pdf", written(writer))

    assert response.status_code == 302
    kept = [a.get_object() for a in PdfReader(io.BytesIO(stored_bytes())).pages[0]["/Annots"]]
    assert [(a["/Subtype"], a.get("/Contents"), a.get("/A", {}).get("/URI")) for a in kept] == [
        ("/Text", "Ghi chú của cán bộ", None),
        ("/Link", None, "https://x.vn/"),
    ]

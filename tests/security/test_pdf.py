"""PDF rendering never reaches out: the restricted URL fetcher refuses http(s), file://
and redirects even when handed raw HTML, user text (HTML, CSS) is escaped in plan PDFs, and
WeasyPrint is at a version with the 2025–2026 SSRF and CSS-injection fixes."""

import http.server
import importlib.metadata
import io
import re
import threading
from pathlib import Path

import pytest
from django.urls import reverse
from pypdf import PdfReader

from plans.document import plan_document
from plans.printing import BASE_URL, StaticFilesOnlyFetcher, render_html
from tests.factories import PlanFactory, SectionFactory

ROOT = Path(__file__).resolve().parents[2]


class Counting(http.server.BaseHTTPRequestHandler):
    hits: list = []

    def do_GET(self):  # noqa: N802 - the handler's API
        Counting.hits.append(self.path)
        if self.path.startswith("/redirect"):
            self.send_response(302)
            self.send_header("Location", "file:///etc/passwd")
            self.end_headers()
            return
        body = b"body { color: red }"
        self.send_response(200)
        self.send_header("Content-Type", "text/css")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def listener():
    """A local web server that counts every request made to it."""
    Counting.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Counting)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def pdf_bytes(html, fetcher):
    from weasyprint import HTML

    return HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).write_pdf()


def test_raw_html_pointing_outside_fetches_nothing(listener, tmp_path):
    """Even if escaping failed, WeasyPrint's fetches all go through the fetcher, which makes
    no request and reads no file outside static: no hit on the server, nothing embedded."""
    secret = tmp_path / "bi-mat.txt"
    secret.write_text("BI-MAT-0xC0FFEE")
    html = f"""
      <html><head>
        <link rel="stylesheet" href="{listener}/style.css">
        <style>@import url("{listener}/import.css");
               body {{ background: url("{listener}/bg.png") }}
               @font-face {{ font-family: x; src: url("{listener}/font.ttf") }}</style>
        <link rel="attachment" href="file://{secret}">
      </head><body>
        <img src="{listener}/redirect">
        <img src="https://{listener.removeprefix("http://")}/tls.png">
        <img src="file://{secret}">
        <a rel="attachment" href="file://{secret}">tệp</a>
        <iframe src="file:///etc/passwd"></iframe>
        <p>Văn bản</p>
      </body></html>
    """
    fetcher = StaticFilesOnlyFetcher()

    content = pdf_bytes(html, fetcher)

    assert Counting.hits == []
    assert b"BI-MAT-0xC0FFEE" not in content
    assert b"/EmbeddedFile" not in content
    refused = " ".join(fetcher.refused)
    assert f"{listener}/redirect" in refused and f"file://{secret}" in refused


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/redirect",
        "https://loa-static.invalid/static/css/loa.css?next=http://example.com",
        "https://loa-static.invalid:8443/static/css/loa.css",
        "file:///etc/passwd",
        "file://{static}/css/loa.css",
        "https://loa-static.invalid/static/%2e%2e%2f%2e%2e%2fconfig/settings.py",
        "https://loa-static.invalid/static/..%5c..%5cconfig%5csettings.py",
        "ftp://loa-static.invalid/static/css/loa.css",
    ],
)
def test_the_fetcher_refuses_without_a_request(url):
    url = url.format(static=ROOT / "static")
    fetcher = StaticFilesOnlyFetcher()
    with pytest.raises(ValueError):
        fetcher.fetch(url)
    assert fetcher.refused == [url]


def test_the_fetcher_follows_no_redirects():
    """No redirect handler is installed (and the fetcher never hands a URL to urllib: the
    server above saw no request for «/redirect»)."""
    from urllib.request import HTTPRedirectHandler

    fetcher = StaticFilesOnlyFetcher()
    assert not any(isinstance(h, HTTPRedirectHandler) for h in fetcher.handlers)
    assert fetcher.fetch("https://loa-static.invalid/static/css/loa.css").read(8)


@pytest.mark.django_db
def test_user_html_and_css_are_escaped_in_the_plan_pdf(world, client_for, listener):
    attack = (
        f'<img src="{listener}/img.png"><style>@import url({listener}/x.css);</style>'
        f'<link rel=stylesheet href="{listener}/y.css"><b style="background:url({listener}/z)">'
    )
    plan = PlanFactory(issuer=world.kp, issued=True, title=f"Tuyên truyền {attack}")
    SectionFactory(plan=plan, label="I.", title="MỤC ĐÍCH", kind="purpose", body=attack)

    html = render_html(plan_document(plan), "documents/plan.html", {"plan": plan})
    assert "<img src=" not in html.split("<body", 1)[1].replace('<img src="https://loa', "")
    assert "&lt;img src=" in html and "&lt;style&gt;" in html

    response = client_for(world.kp_officer).get(reverse("plans:pdf", args=[plan.pk]))
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = re.sub(
        r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
    )
    assert "@import url(" in text  # printed as text, not applied
    assert Counting.hits == []


def test_weasyprint_is_69_or_later_in_the_lock_and_installed():
    lock = (ROOT / "uv.lock").read_text()
    locked = re.search(r'name = "weasyprint"\nversion = "(\d+)', lock)
    assert locked and int(locked[1]) >= 69
    assert int(importlib.metadata.version("weasyprint").split(".")[0]) >= 69

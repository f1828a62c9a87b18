"""`manage.py import_plan`: JSON of a plan document, and clear refusals of files that are not
one (empty, huge, binary, broken Word), with a non-zero exit, the reason on stderr and no
JSON on stdout."""

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from planreader import MAX_TEXT_BYTES, DocumentRefused, document_text
from tests.planreader.conftest import FIXTURES, SEEDS


def run_command(*args):
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("SECRET_KEY", None)
    env.pop("DEBUG", None)
    return subprocess.run(
        [sys.executable, "manage.py", "import_plan", *args],
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
    )


def test_the_command_prints_one_json_object_without_any_configuration():
    run = run_command(str(SEEDS / "002_c9be10df9160e118.txt"), "--json")
    assert run.returncode == 0, run.stderr
    plan = json.loads(run.stdout)
    assert plan["number"] == "179/KH-UBND"
    assert plan["issued_on"] == "2025-07-08"
    assert plan["signer"]["title"] == "PHÓ CHỦ TỊCH"


def test_the_command_refuses_an_empty_file_on_stderr_with_no_json(tmp_path):
    path = tmp_path / "ke-hoach.txt"
    path.write_bytes(b"")
    run = run_command(str(path), "--json")
    assert run.returncode != 0
    assert run.stdout == ""
    assert "Tệp trống" in run.stderr


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"\x00\x01\x02binary\x00\xff" * 50, "nhị phân"),
        (b"a" * (MAX_TEXT_BYTES + 1), "quá lớn"),
    ],
    ids=["binary", "huge"],
)
def test_the_command_refuses_binary_and_huge_files_without_printing_json(
    tmp_path, capsys, content, reason
):
    path = tmp_path / "ke-hoach.txt"
    path.write_bytes(content)
    # CommandError: manage.py prints it on stderr and exits with status 1.
    with pytest.raises(CommandError, match=reason):
        call_command("import_plan", str(path), "--json")
    assert capsys.readouterr().out == ""


def test_the_command_says_when_the_file_does_not_exist(tmp_path):
    with pytest.raises(CommandError, match="Không tìm thấy tệp"):
        call_command("import_plan", str(tmp_path / "khong-co.txt"), "--json")


def test_the_command_reads_a_word_document(capsys):
    call_command("import_plan", str(FIXTURES / "ward_table.docx"), "--json")
    plan = json.loads(capsys.readouterr().out)
    assert plan["number"] == "09/KH-UBND"
    assert plan["issuer"] == "Ủy ban nhân dân phường Hồng Bàng"


def _zip(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "filename", "reason"),
    [
        (b"   \n\n  ", "a.txt", "Tệp trống"),
        (b"12345 678 ----", "a.txt", "Tệp trống"),
        (b"K\xea ho\xe1ch tuy\xean truy\xean", "a.txt", "UTF-8"),
        (b"%PDF-1.7 ...", "a.txt", "không phải văn bản thuần"),
        (b"plain", "a.pdf", "Tệp .pdf bị hỏng hoặc không phải tệp PDF"),
        (b"plain", "a.odt", "Chỉ nhận văn bản dạng .txt, .docx hoặc .pdf"),
        (b"not a zip", "a.docx", "bị hỏng"),
        (_zip({"hello.txt": "x"}), "a.docx", "bị hỏng"),
        (_zip({"word/document.xml": "<broken", "[Content_Types].xml": "x"}), "a.docx", "bị hỏng"),
        (_zip({"word/document.xml": "0" * (41 * 1024 * 1024)}), "a.docx", "giải nén"),
    ],
    ids=[
        "blank",
        "no-letters",
        "legacy-encoding",
        "pdf",
        "not-pdf",
        "extension",
        "not-zip",
        "no-body",
        "broken-xml",
        "zip-bomb",
    ],
)
def test_uploads_that_are_not_plans_are_refused_with_the_reason(data, filename, reason):
    with pytest.raises(DocumentRefused, match=reason):
        document_text(data, filename)


def test_a_utf16_text_file_is_read():
    text = (SEEDS / "002_c9be10df9160e118.txt").read_text(encoding="utf-8")
    assert document_text(text.encode("utf-16"), "ke-hoach.txt").startswith(" Số: 179")


def test_word_text_keeps_the_header_table_cells_as_lines():
    text = document_text((FIXTURES / "ward_table.docx").read_bytes(), "x.docx")
    lines = [line for line in text.splitlines() if line]
    assert lines[:3] == ["ỦY BAN NHÂN DÂN", "PHƯỜNG HỒNG BÀNG", "Số: 09/KH-UBND"]
    assert "Phạm Quang Huy" in lines
    assert Path(FIXTURES / "ward_table.docx").stat().st_size < 100_000

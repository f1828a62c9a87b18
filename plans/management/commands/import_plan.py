import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from planreader import (
    DocumentRefused,
    OcrUnavailable,
    PlanReading,
    check_size,
    document_text,
    read_plan,
    refuse_unrecognised,
)
from plans.catalogue import OUTREACH_FORMS


class Command(BaseCommand):
    help = (
        "Read a plan from its document (.txt, .docx or .pdf, clean or OCR'd; a scanned PDF is "
        "OCR'd with Tesseract, page by page). With --json, print the "
        "parsed plan as one JSON object; with --unit CODE, create it as a draft plan of that "
        "organisation and list the units that could not be matched."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the plan document, .txt, .docx or .pdf")
        mode = parser.add_mutually_exclusive_group(required=True)
        mode.add_argument("--json", action="store_true", help="print the parsed plan as JSON")
        mode.add_argument("--unit", metavar="CODE", help="create a draft plan of this organisation")
        parser.add_argument("--by", metavar="USERNAME", help="record this user as the creator")

    def handle(self, *args, **options):
        reading = read_plan(self._read(Path(options["path"])))
        try:
            refuse_unrecognised(reading)
        except DocumentRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        if options["json"]:
            utf8 = (getattr(sys.stdout, "encoding", "") or "").lower().replace("-", "") == "utf8"
            self.stdout.write(json.dumps(_json(reading), ensure_ascii=not utf8, indent=2))
            return
        self._create_draft(reading, options["unit"], options.get("by"))

    def _read(self, path: Path) -> str:
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp: {path}")
        try:
            check_size(path.stat().st_size, path.name)
            return document_text(path.read_bytes(), path.name, progress=self._progress)
        except DocumentRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        except OcrUnavailable as missing:
            raise CommandError(
                f"Không nhận dạng được chữ trong bản quét: {missing}. Cài Tesseract bằng "
                "scripts/install-ocr."
            ) from missing

    def _progress(self, done: int, total: int) -> None:
        # On stderr, so that --json output stays one JSON object.
        self.stderr.write(f"Nhận dạng chữ (OCR): {done}/{total} trang")

    def _create_draft(self, reading, code, username):
        from plans.document_import.services import plan_import_draft
        from units.models import Unit, User

        organisation = Unit.objects.filter(is_organisation=True, code=code).first()
        if organisation is None or not organisation.is_organisation:
            raise CommandError(f"Không có cơ quan ban hành mã «{code}».")
        by = None
        if username:
            by = User.objects.filter(username=username).first()
            if by is None:
                raise CommandError(f"Không có người dùng «{username}».")
        try:
            result = plan_import_draft(reading=reading, organisation=organisation, by=by)
        except DocumentRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        plan = result.plan
        self.stdout.write(f"Đã tạo dự thảo kế hoạch id={plan.pk}: {plan.title[:100]}")
        if result.unmatched:
            self.stdout.write("Đơn vị chưa khớp (cần chọn đơn vị hoặc tạo mới):")
            for assignment in result.unmatched:
                self.stdout.write(f"  - [{assignment.pk}] {assignment.label}")
        else:
            self.stdout.write("Mọi đơn vị được phân công đều đã khớp.")


_FORM_NAMES = {code: name for code, _, name, _ in OUTREACH_FORMS}


def _json(reading: PlanReading) -> dict:
    """The reader's schema, each form with its catalogue name beside its code."""
    data = reading.to_dict()
    for form in data["forms"]:
        form["name"] = _FORM_NAMES.get(form["code"], form["code"])
    return data

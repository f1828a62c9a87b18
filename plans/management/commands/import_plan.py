import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans.importing import DocumentRefused, check_size, parse_plan, read_plan_document


class Command(BaseCommand):
    help = (
        "Read a plan from its document (.txt or .docx, clean or OCR'd). With --json, print the "
        "parsed plan as one JSON object; with --unit CODE, create it as a draft plan of that "
        "organisation and list the units that could not be matched."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the plan document, .txt or .docx")
        mode = parser.add_mutually_exclusive_group(required=True)
        mode.add_argument("--json", action="store_true", help="print the parsed plan as JSON")
        mode.add_argument("--unit", metavar="CODE", help="create a draft plan of this organisation")
        parser.add_argument("--by", metavar="USERNAME", help="record this user as the creator")

    def handle(self, *args, **options):
        text = self._read(Path(options["path"]))
        parsed = parse_plan(text)
        if options["json"]:
            utf8 = (getattr(sys.stdout, "encoding", "") or "").lower().replace("-", "") == "utf8"
            self.stdout.write(json.dumps(parsed, ensure_ascii=not utf8, indent=2))
            return
        self._create_draft(parsed, options["unit"], options.get("by"))

    def _read(self, path: Path) -> str:
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp: {path}")
        try:
            check_size(path.stat().st_size, path.name)
            return read_plan_document(path.read_bytes(), path.name)
        except DocumentRefused as refusal:
            raise CommandError(str(refusal)) from refusal

    def _create_draft(self, parsed, code, username):
        from plans.importing.services import plan_import_draft
        from units.models import Unit, User

        organisation = Unit.objects.filter(code=code).first()
        if organisation is None or not organisation.is_organisation:
            raise CommandError(f"Không có cơ quan ban hành mã «{code}».")
        by = None
        if username:
            by = User.objects.filter(username=username).first()
            if by is None:
                raise CommandError(f"Không có người dùng «{username}».")
        try:
            result = plan_import_draft(parsed=parsed, organisation=organisation, by=by)
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

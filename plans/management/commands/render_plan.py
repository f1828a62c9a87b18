"""`python manage.py render_plan --issuer HN --number "179/KH-UBND" --format pdf --output f.pdf`"""

import re
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from plans.document import plan_document
from plans.limits import DocumentTooCostly
from plans.models import Plan
from plans.printing import render_docx, render_pdf
from plans.text import normalise_document_number
from units.models import Unit

_NUMBER = re.compile(r"^\s*(\d+)\s*(?:/\s*(\S.*))?$")


class Command(BaseCommand):
    help = "Xuất một kế hoạch ra PDF hoặc DOCX theo thể thức Nghị định 30/2020/NĐ-CP."

    def add_arguments(self, parser):
        parser.add_argument("--issuer", required=True, help="Mã cơ quan ban hành, ví dụ HN.")
        parser.add_argument("--number", required=True, help="Số, ký hiệu, ví dụ 179/KH-UBND.")
        parser.add_argument("--year", type=int, help="Năm ban hành, khi số trùng giữa các năm.")
        parser.add_argument("--format", choices=["pdf", "docx"], default="pdf")
        parser.add_argument("--output", required=True, help="Tệp sẽ ghi ra.")

    def handle(self, *args, issuer, number, year, format, output, **options):
        plan = find_plan(issuer_code=issuer, number=number, year=year)
        document = plan_document(plan)
        try:
            if format == "pdf":
                content = render_pdf(document, "documents/plan.html", {"plan": plan})
            else:
                content = render_docx(document)
        except DocumentTooCostly as error:
            raise CommandError(
                f"Văn bản quá dài để in trong giới hạn cho phép ({error})."
            ) from error
        path = Path(output)
        try:
            path.write_bytes(content)
        except OSError as error:
            raise CommandError(f"Không ghi được tệp {path}: {error.strerror}.") from error
        self.stdout.write(
            f"Đã xuất Kế hoạch số {plan.number_display or '(dự thảo)'} ra {path} "
            f"({len(content):,} byte).".replace(",", ".")
        )


def find_plan(*, issuer_code, number, year=None):
    """The plan of the issuer whose number reads `number` («179/KH-UBND» or «179»)."""
    unit = Unit.objects.filter(is_organisation=True, code__iexact=issuer_code.strip()).first()
    if unit is None:
        raise CommandError(f"Không có cơ quan nào mã «{issuer_code}».")
    match = _NUMBER.match(number or "")
    if not match:
        raise CommandError(f"«{number}» không phải số kế hoạch (ví dụ: 179/KH-UBND).")
    plans = Plan.objects.with_header().filter(issuer=unit, number=int(match[1]))
    if year:
        plans = plans.filter(year=year)
    if match[2]:
        wanted = normalise_document_number(match[2])
        plans = [p for p in plans if normalise_document_number(p.symbol) == wanted]
    else:
        plans = list(plans)
    if not plans:
        raise CommandError(
            f"Không tìm thấy kế hoạch số {number} của {unit.display_name} ({unit.code})."
        )
    if len(plans) > 1:
        years = ", ".join(str(p.year) for p in plans)
        raise CommandError(
            f"Có {len(plans)} kế hoạch số {number} của {unit.code} (các năm {years}); "
            "thêm --year để chọn."
        )
    return plans[0]

"""What the report pages share: the organisation, the year asked for, a visible report,
a download."""

from django.http import Http404, HttpResponse
from django.utils import timezone

from units.access import get_scoped_or_404, organisation_of

from ..models import PeriodKind
from ..selectors import (
    visible_reports,
)

READ_ONLY = "Bạn chỉ có quyền xem báo cáo này, không được thay đổi."
KIND_CHOICES = [
    (PeriodKind.MONTH, "Tháng"),
    (PeriodKind.QUARTER, "Quý"),
    (PeriodKind.HALF, "6 tháng"),
    (PeriodKind.YEAR, "Năm"),
]


def _organisation(request):
    organisation = organisation_of(request.user)
    if organisation is None:
        raise Http404("Tài khoản chưa thuộc cơ quan nào.")
    return organisation


def _year(request):
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    return min(max(year, 2000), 2100)


def _visible(request, pk):
    return get_scoped_or_404(visible_reports(request.user), pk=pk)


def _download(content, *, filename, content_type):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response

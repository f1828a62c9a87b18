"""What can be imported and exported, who may, and the guide sheet of each blank template."""

from collections.abc import Callable
from dataclasses import dataclass

from activities.resources import ActivityResource
from plans.models import OutreachForm, Plan
from plans.resources import LegalDocumentResource, TargetResource
from units.access import can_manage_people, can_manage_plans, can_write
from units.models import Unit
from units.resources import UnitResource, UserResource

from .base import ScopedResource


@dataclass(frozen=True)
class Kind:
    slug: str
    label: str
    description: str
    resource: type[ScopedResource]
    may_import: Callable
    may_export: Callable


KINDS = {
    kind.slug: kind
    for kind in [
        Kind(
            "units",
            "Đơn vị",
            "Các phòng, thôn, tổ dân phố, đoàn thể … trực thuộc cơ quan.",
            UnitResource,
            can_manage_people,
            can_write,
        ),
        Kind(
            "users",
            "Người dùng",
            "Tài khoản cán bộ của cơ quan (không có mật khẩu: người mới tự đặt mật khẩu).",
            UserResource,
            can_manage_people,
            can_manage_people,
        ),
        Kind(
            "legal-documents",
            "Văn bản căn cứ",
            "Sổ văn bản dùng chung: nghị quyết, quyết định, kế hoạch cấp trên …",
            LegalDocumentResource,
            can_manage_plans,
            can_write,
        ),
        Kind(
            "activities",
            "Hoạt động",
            "Hoạt động tuyên truyền các đơn vị đã thực hiện.",
            ActivityResource,
            can_manage_plans,
            can_write,
        ),
        Kind(
            "targets",
            "Chỉ tiêu",
            "Chỉ tiêu của các kế hoạch đang dự thảo.",
            TargetResource,
            can_manage_plans,
            can_write,
        ),
    ]
}


def guide_rows(kind: Kind, resource: ScopedResource) -> list[tuple]:
    """The «Hướng dẫn» sheet: the columns, then the codes the organisation may use."""
    organisation = resource.organisation
    rows: list[tuple] = [
        (f"Mẫu nhập {kind.label.lower()} — {organisation.display_name}",),
        ("Điền từ dòng 2 của trang đầu tiên; giữ nguyên dòng tiêu đề.",),
        ("Ngày ghi dd/mm/yyyy. Tệp chỉ được nhập khi mọi dòng đều đúng.",),
        (),
        ("Cột", "Bắt buộc"),
    ]
    required = set(resource.required_columns())
    for column in resource.column_names():
        if column == "Trạng thái":
            continue
        rows.append((column, "có" if column in required else "không"))
    columns = set(resource.column_names())
    if columns & {"Thuộc đơn vị (mã)", "Đơn vị (mã)", "Đơn vị thực hiện (mã)"}:
        rows += [(), ("Mã đơn vị", "Tên đơn vị")]
        units = Unit.objects.filter(organisation=organisation, is_active=True).order_by("path")
        rows += [(unit.code, unit.name) for unit in units]
    if "Kế hoạch" in columns:
        rows += [(), ("Kế hoạch", "Trích yếu")]
        plans = Plan.objects.filter(issuer=organisation).order_by("-created_at")[:200]
        rows += [(plan.number_display or f"#{plan.pk}", plan.title[:200]) for plan in plans]
    if columns & {"Hình thức (mã)", "Hình thức được tính (mã)"}:
        rows += [(), ("Mã hình thức", "Hình thức", "Đơn vị tính")]
        forms = OutreachForm.objects.filter(is_active=True)
        rows += [(form.code, form.name, form.measure) for form in forms]
    for resource_field in resource.get_export_fields():
        choices = getattr(resource_field.widget, "choices", None)
        if choices:
            rows += [(), (resource_field.column_name, "Giá trị được chọn")]
            rows += [("", label) for _, label in choices]
    return rows

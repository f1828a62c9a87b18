"""Excel import and export of an organisation's units and users (never passwords)."""

from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from import_export import fields

from imports.base import ScopedResource
from imports.widgets import ChoiceWidget, ScopedLookupWidget, TextWidget, YesNoWidget, cell_text

from .models import Role, Unit, UnitKind, User
from .passwords import invite
from .people import ADMIN_ONLY, NOT_YOURSELF, may_change_person
from .services import unit_create, unit_move

# Units an organisation keeps under itself; organisations (communes, agencies) are set up by
# the administrator.
IMPORTABLE_KINDS = [
    (k, label) for k, label in UnitKind.choices if k not in {UnitKind.PROVINCE, UnitKind.COMMUNE}
]
IMPORTABLE_ROLES = [(r, label) for r, label in Role.choices if r != Role.ADMIN]


class UnitResource(ScopedResource):
    label = "Đơn vị"
    optional_columns = (
        "Tên đầy đủ",
        "Tên viết tắt",
        "Thuộc đơn vị (mã)",
        "Thư điện tử",
        "Đang hoạt động",
    )

    code = fields.Field("code", "Mã đơn vị", widget=TextWidget(max_length=40))
    name = fields.Field("name", "Tên đơn vị", widget=TextWidget(max_length=255))
    full_name = fields.Field("full_name", "Tên đầy đủ", widget=TextWidget(max_length=255))
    short_name = fields.Field("short_name", "Tên viết tắt", widget=TextWidget(max_length=30))
    kind = fields.Field("kind", "Loại đơn vị", widget=ChoiceWidget(IMPORTABLE_KINDS))
    # Blank: directly under the organisation.
    parent = fields.Field(column_name="Thuộc đơn vị (mã)")
    email = fields.Field("email", "Thư điện tử", widget=TextWidget(max_length=254))
    is_active = fields.Field("is_active", "Đang hoạt động", widget=YesNoWidget(), default=True)

    class Meta:
        model = Unit
        fields = ("code", "name", "full_name", "short_name", "kind", "parent", "email", "is_active")
        import_id_fields = ("code",)
        clean_model_instances = True
        skip_diff = True

    def scoped_queryset(self):
        # The organisation's own units, never the organisation itself nor one below it.
        return Unit.objects.filter(organisation=self.organisation, is_organisation=False)

    def export_queryset(self):
        return self.scoped_queryset().order_by("path")

    def before_export(self, queryset, **kwargs):
        units = Unit.objects.filter(organisation=self.organisation).only("path", "code")
        self._code_by_path = {unit.path: unit.code for unit in units}

    def dehydrate_parent(self, unit):
        return self._code_by_path.get(unit.path[: -Unit.steplen], "")

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        code = cell_text(row.get("Thuộc đơn vị (mã)")) or self.organisation.code
        parent = Unit.objects.filter(organisation=self.organisation, code__iexact=code).first()
        if parent is None:
            errors["parent"] = [f"Không có đơn vị mã «{code}» trong cơ quan của bạn."]
        elif parent.pk == instance.pk or (instance.pk and parent.path.startswith(instance.path)):
            errors["parent"] = ["Đơn vị không thể thuộc chính nó hoặc đơn vị cấp dưới của nó."]
        instance._import_parent = parent
        if errors:
            raise ValidationError(errors)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        # Tree fields (path, depth) are set by the tree when the unit is placed.
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(exclude=[*errors, "path", "depth"], validate_unique=validate_unique)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        parent = instance._import_parent
        if is_create:
            values = {
                name: getattr(instance, name) for name in self._meta.fields if name != "parent"
            }
            unit_create(parent=parent, **values)
            return
        instance.save()
        if not instance.path.startswith(parent.path) or instance.depth != parent.depth + 1:
            unit_move(unit=instance, new_parent=parent)


class UserResource(ScopedResource):
    """People of the organisation. There is no password column, in or out: a person added
    here gets an unusable password and sets one through «Quên mật khẩu» or the administrator."""

    label = "Người dùng"
    optional_columns = ("Thư điện tử", "Điện thoại", "Chức vụ", "Đang hoạt động")

    username = fields.Field("username", "Tên đăng nhập", widget=TextWidget(max_length=150))
    full_name = fields.Field("full_name", "Họ và tên", widget=TextWidget(max_length=150))
    email = fields.Field("email", "Thư điện tử", widget=TextWidget(max_length=254))
    phone = fields.Field("phone", "Điện thoại", widget=TextWidget(max_length=30))
    position = fields.Field("position", "Chức vụ", widget=TextWidget(max_length=150))
    unit = fields.Field(
        "unit",
        "Đơn vị (mã)",
        widget=ScopedLookupWidget(
            field="code", missing="Không có đơn vị mã «{value}» trong cơ quan của bạn."
        ),
    )
    role = fields.Field("role", "Vai trò", widget=ChoiceWidget(IMPORTABLE_ROLES))
    is_active = fields.Field("is_active", "Đang hoạt động", widget=YesNoWidget(), default=True)

    class Meta:
        model = User
        fields = (
            "username",
            "full_name",
            "email",
            "phone",
            "position",
            "unit",
            "role",
            "is_active",
        )
        import_id_fields = ("username",)
        clean_model_instances = True
        skip_diff = True

    def lookup_queryset(self, field_name):
        return Unit.objects.filter(organisation=self.organisation, is_active=True)

    def scoped_queryset(self):
        return User.objects.filter(
            unit__organisation=self.organisation, is_superuser=False
        ).select_related("unit")

    def export_queryset(self):
        return self.scoped_queryset().order_by("unit__path", "username")

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        stored = None if instance._state.adding else User.objects.get(pk=instance.pk)
        if stored is not None and not may_change_person(self.user, stored):
            raise ValidationError({"username": ADMIN_ONLY})
        if (
            stored is not None
            and stored.pk == self.user.pk
            and (stored.role != instance.role or not instance.is_active)
        ):
            raise ValidationError({"role": NOT_YOURSELF})
        if instance._state.adding and not instance.password:
            instance.set_unusable_password()
            instance._invite = True
        super().validate_instance(instance, import_validation_errors, validate_unique)

    def after_save_instance(self, instance, row, **kwargs):
        # A new person is invited by e-mail once the whole import has committed.
        if getattr(instance, "_invite", False) and not kwargs.get("dry_run"):
            transaction.on_commit(partial(invite, instance))

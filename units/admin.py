from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from simple_history.admin import SimpleHistoryAdmin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from .models import Unit, User, sync_organisations


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin, TreeAdmin):
    form = movenodeform_factory(Unit)
    list_display = ["name", "code", "short_name", "kind", "is_organisation", "organisation"]
    list_filter = ["kind", "is_organisation", "is_active"]
    search_fields = ["name", "full_name", "code", "short_name"]
    readonly_fields = ["organisation"]
    list_select_related = ["organisation"]
    fieldsets = [
        (
            None,
            {"fields": ["code", "name", "full_name", "short_name", "kind", "email", "is_active"]},
        ),
        (
            "Cơ quan ban hành",
            {
                "fields": [
                    "is_organisation",
                    "organisation",
                    "header_parent",
                    "header_name",
                    "place_name",
                    "plan_numbering",
                    "officers_may_issue",
                ]
            },
        ),
        (
            "Báo cáo định kỳ",
            {
                "fields": [
                    "period_scheme",
                    "report_period_kinds",
                    "report_due_day",
                ]
            },
        ),
        ("Vị trí trong cây đơn vị", {"fields": ["treebeard_position", "treebeard_ref_node"]}),
    ]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "is_organisation" in form.changed_data:
            sync_organisations(Unit.objects.get(pk=obj.pk))


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "full_name", "unit", "role", "email", "is_active", "last_login"]
    list_filter = ["role", "is_active", "is_staff", "unit__kind"]
    search_fields = ["username", "full_name", "email", "unit__name"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        ("Thông tin cá nhân", {"fields": ["full_name", "email", "phone", "position"]}),
        ("Đơn vị và vai trò", {"fields": ["unit", "role"]}),
        (
            "Quyền hạn",
            {"fields": ["is_active", "is_staff", "is_superuser", "groups", "user_permissions"]},
        ),
        ("Thời gian", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["username", "full_name", "unit", "role", "password1", "password2"],
            },
        )
    ]

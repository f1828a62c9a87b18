from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import CriteriaSet, Criterion


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(CriteriaSet)
class CriteriaSetAdmin(SimpleHistoryAdmin):
    list_display = ["judge", "year", "excellent_from", "good_from", "done_from", "updated_at"]
    list_filter = ["year"]
    search_fields = ["judge__name"]
    list_select_related = ["judge"]
    autocomplete_fields = ["judge"]
    readonly_fields = ["updated_by", "updated_at"]
    inlines = [CriterionInline]

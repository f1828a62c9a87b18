from django.contrib import admin

from .models import ExportJob


@admin.register(ExportJob)
class ExportJobAdmin(admin.ModelAdmin):
    list_display = ("pk", "kind", "fmt", "reach", "created_by", "status", "done", "total")
    list_filter = ("kind", "fmt", "status")
    readonly_fields = [field.name for field in ExportJob._meta.fields]

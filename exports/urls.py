from django.urls import path

from . import views

app_name = "exports"

urlpatterns = [
    path("<int:pk>/", views.export_job_view, name="job"),
    path("<int:pk>/status/", views.export_status_view, name="status"),
    path("<int:pk>/file/", views.export_file_view, name="file"),
]

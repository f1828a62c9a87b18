from django.urls import path

from . import views

app_name = "emulation"

urlpatterns = [
    path("", views.index, name="index"),
    path("<int:judge>/", views.ranking_view, name="ranking"),
    path("<int:judge>/pdf/", views.ranking_pdf_view, name="pdf"),
    path("<int:judge>/xlsx/", views.ranking_xlsx_view, name="xlsx"),
    path("<int:judge>/recompute/", views.recompute_view, name="recompute"),
    path("<int:judge>/units/<int:unit>/", views.unit_view, name="unit"),
    path("<int:judge>/criteria/", views.criteria_view, name="criteria"),
]

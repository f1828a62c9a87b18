from django.urls import path

from . import views
from .document_import import views as import_views

app_name = "plans"

urlpatterns = [
    path("", views.plan_list_view, name="list"),
    path("new/", views.plan_create, name="create"),
    path("import/", import_views.plan_import_upload_view, name="import_upload"),
    path("import/scans/<int:pk>/", import_views.plan_import_scan_view, name="import_scan"),
    path(
        "import/scans/<int:pk>/status/",
        import_views.plan_import_scan_status_view,
        name="import_scan_status",
    ),
    path("legal-documents/", views.legal_document_search_view, name="legal_document_search"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/edit/", views.plan_edit, name="edit"),
    path("<int:pk>/issue/", views.plan_issue_view, name="issue"),
    path("<int:pk>/submit/", views.plan_submit_view, name="submit"),
    path("<int:pk>/return/", views.plan_return_view, name="return"),
    path("<int:pk>/withdraw/", views.plan_withdraw_view, name="withdraw"),
    path("<int:pk>/close/", views.plan_close_view, name="close"),
    path("<int:pk>/delete/", views.plan_delete_view, name="delete"),
    path("<int:pk>/cascade/", views.plan_cascade_view, name="cascade"),
    path("<int:pk>/pdf/", views.plan_pdf, name="pdf"),
    path("<int:pk>/docx/", views.plan_docx, name="docx"),
    path("<int:pk>/import/", import_views.plan_import_review_view, name="import_review"),
    path("<int:pk>/import/figures/", import_views.plan_import_figures_view, name="import_figures"),
    path(
        "<int:pk>/import/assignments/<int:assignment_pk>/map/",
        import_views.plan_import_map_view,
        name="import_map",
    ),
    path(
        "<int:pk>/import/assignments/<int:assignment_pk>/create-unit/",
        import_views.plan_import_create_unit_view,
        name="import_create_unit",
    ),
    path("<int:pk>/import/discard/", import_views.plan_import_discard_view, name="import_discard"),
]

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("new/", views.report_create, name="create"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/edit/", views.report_edit, name="edit"),
    path("<int:pk>/redraft/", views.report_redraft, name="redraft"),
    path("<int:pk>/submit/", views.report_submit_view, name="submit"),
    path("<int:pk>/withdraw/", views.report_withdraw_view, name="withdraw"),
    path("<int:pk>/accept/", views.report_accept_view, name="accept"),
    path("<int:pk>/return/", views.report_return_view, name="return"),
    path("<int:pk>/pdf/", views.report_pdf_view, name="pdf"),
    path("<int:pk>/xlsx/", views.report_xlsx_view, name="xlsx"),
    path("matrix/", views.report_matrix_view, name="matrix"),
    path("matrix/remind/", views.report_remind_view, name="remind"),
    path("rollup/", views.rollup_view, name="rollup"),
    path("rollup/pdf/", views.rollup_pdf_view, name="rollup_pdf"),
    path("rollup/xlsx/", views.rollup_xlsx_view, name="rollup_xlsx"),
]

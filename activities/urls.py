from django.urls import path

from . import views

app_name = "activities"

urlpatterns = [
    path("", views.activity_list, name="list"),
    path("new/", views.activity_create, name="create"),
    path("<int:pk>/", views.activity_detail, name="detail"),
    path("<int:pk>/edit/", views.activity_edit, name="edit"),
    path("<int:pk>/submit/", views.activity_submit, name="submit"),
    path("<int:pk>/approve/", views.activity_approve, name="approve"),
    path("<int:pk>/return/", views.activity_return, name="return"),
    path("review/", views.review_queue, name="review"),
    path("tasks/", views.task_list, name="tasks"),
    path("tasks/<int:pk>/", views.task_detail_view, name="task"),
    path("tasks/<int:pk>/report/", views.task_report_view, name="task_report"),
    path("tasks/<int:pk>/reopen/", views.task_reopen_view, name="task_reopen"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("plans/<int:pk>/progress/", views.plan_progress, name="progress"),
    path("export/", views.export, name="export"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence"),
    path("offline/", views.offline_shell, name="offline"),
    path("offline/choices/", views.offline_choices_view, name="offline_choices"),
    path("offline/send/", views.offline_send, name="offline_send"),
    path("offline/sent/<int:pk>/", views.offline_sent, name="offline_sent"),
    path("offline/recorded/<uuid:key>/", views.offline_recorded, name="offline_recorded"),
    path("deleted/", views.deleted_list, name="deleted"),
    path("deleted/<int:history_id>/restore/", views.restore, name="restore"),
]

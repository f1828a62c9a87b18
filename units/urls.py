from django.urls import path

from . import views

app_name = "units"

urlpatterns = [
    path("", views.unit_tree, name="tree"),
    path("<int:pk>/history/", views.unit_history_view, name="history"),
]

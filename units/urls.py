from django.urls import path

from . import people_views, views

app_name = "units"

urlpatterns = [
    path("", views.unit_tree, name="tree"),
    path("new/", people_views.unit_create_view, name="create"),
    path("<int:pk>/edit/", people_views.unit_edit, name="edit"),
    path("<int:pk>/active/", people_views.unit_active, name="active"),
    path("<int:pk>/history/", views.unit_history_view, name="history"),
    path("people/", people_views.people_list, name="people"),
    path("people/new/", people_views.person_create_view, name="person_create"),
    path("people/<int:pk>/", people_views.person_detail, name="person"),
    path("people/<int:pk>/edit/", people_views.person_edit, name="person_edit"),
    path("people/<int:pk>/active/", people_views.person_active, name="person_active"),
    path("people/<int:pk>/invite/", people_views.person_invite, name="person_invite"),
]

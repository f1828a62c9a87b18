from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from units import views as unit_views
from units.login import LoginView

from .views import healthz

admin.site.site_header = "Loa – quản trị"
admin.site.site_title = "Loa"
admin.site.index_title = "Quản trị hệ thống"

urlpatterns = [
    path("", unit_views.home, name="home"),
    path(
        "login/",
        LoginView.as_view(),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("units/", include("units.urls")),
    path("plans/", include("plans.urls")),
    path("activities/", include("activities.urls")),
    path("reports/", include("reports.urls")),
    path("imports/", include("imports.urls")),
    path("notifications/", include("notifications.urls")),
    path("admin/", admin.site.urls),
    path("healthz/", healthz, name="healthz"),
]

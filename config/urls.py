from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from units import views as unit_views
from units.login import LoginView
from units.passwords import ResetForm

from . import pwa
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
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            form_class=ResetForm,
            email_template_name="registration/password_reset_email.txt",
            extra_context={"timeout_days": settings.PASSWORD_RESET_TIMEOUT // 86400},
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            extra_context={"timeout_days": settings.PASSWORD_RESET_TIMEOUT // 86400}
        ),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("password/change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("units/", include("units.urls")),
    path("plans/", include("plans.urls")),
    path("activities/", include("activities.urls")),
    path("reports/", include("reports.urls")),
    path("imports/", include("imports.urls")),
    path("notifications/", include("notifications.urls")),
    path("exports/", include("exports.urls")),
    path("emulation/", include("emulation.urls")),
    path("search/", include("search.urls")),
    path("admin/", admin.site.urls),
    path("healthz/", healthz, name="healthz"),
]

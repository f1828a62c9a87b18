"""A URLconf with a plan page named as plan pages are expected to be (`plans:detail`)."""

from django.http import HttpResponse
from django.urls import include, path


def page(request, **kwargs):
    return HttpResponse("ok")


urlpatterns = [
    path("", page, name="home"),
    path("login/", page, name="login"),
    path("plans/", include(([path("<int:pk>/", page, name="detail")], "plans"))),
    path("notifications/", include("notifications.urls")),
]

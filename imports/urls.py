from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:kind>/template.xlsx", views.template, name="template"),
    path("<slug:kind>/import/", views.upload, name="upload"),
    path("<slug:kind>/import/<str:token>/", views.confirm, name="confirm"),
    path("<slug:kind>/export.xlsx", views.export, name="export"),
]

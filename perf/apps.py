from django.apps import AppConfig


class PerfConfig(AppConfig):
    name = "perf"
    verbose_name = "Dữ liệu thử tải"

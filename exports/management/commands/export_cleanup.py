from django.core.management.base import BaseCommand

from exports.services import export_cleanup


class Command(BaseCommand):
    help = "Xóa các tệp xuất đã quá thời hạn lưu (chạy hằng giờ bởi Celery beat)."

    def handle(self, *args, **options):
        deleted = export_cleanup()
        self.stdout.write(f"Đã xóa {deleted} tệp xuất hết hạn.")

import datetime

from django.core.management.base import BaseCommand, CommandError

from perf.services import ScaleDataExists, scale_generate


class Command(BaseCommand):
    help = (
        "Sinh dữ liệu tổng hợp ở quy mô thành phố hoặc toàn quốc để đo hiệu năng: cây đơn vị, "
        "người dùng, kế hoạch triển khai từ kế hoạch mẫu, hoạt động và báo cáo định kỳ."
    )

    def add_arguments(self, parser):
        parser.add_argument("--provinces", type=int, required=True, help="số tỉnh, thành phố")
        parser.add_argument("--communes", type=int, required=True, help="số xã, phường mỗi tỉnh")
        parser.add_argument("--activities", type=int, required=True, help="tổng số hoạt động")
        parser.add_argument(
            "--units-per-commune", type=int, default=30, help="số đơn vị dưới mỗi xã (30)"
        )
        parser.add_argument("--years", type=int, default=2, help="số năm có hoạt động (2)")
        parser.add_argument("--seed", type=int, default=1, help="hạt giống ngẫu nhiên (1)")
        parser.add_argument(
            "--until",
            type=datetime.date.fromisoformat,
            default=None,
            help="ngày cuối cùng có hoạt động, YYYY-MM-DD (mặc định: hôm nay)",
        )
        parser.add_argument(
            "--assignments",
            type=int,
            default=0,
            help="ít nhất chừng này phân công: ngoài phân công của kế hoạch mẫu, kế hoạch của "
            "xã giao thêm nhiệm vụ có hạn cho từng đơn vị dưới xã (mặc định: chỉ của kế hoạch mẫu)",
        )
        parser.add_argument(
            "--reset", action="store_true", help="xóa dữ liệu đã sinh trước đó rồi sinh lại"
        )

    def handle(self, *args, **options):
        self.stdout.write("Đang sinh dữ liệu …")
        try:
            dataset = scale_generate(
                provinces=options["provinces"],
                communes=options["communes"],
                activities=options["activities"],
                units_per_commune=options["units_per_commune"],
                years=options["years"],
                seed=options["seed"],
                until=options["until"],
                assignments=options["assignments"],
                reset=options["reset"],
                log=self.stdout.write,
            )
        except (ScaleDataExists, ValueError) as error:
            raise CommandError(str(error)) from error
        for label, count in dataset.counts.items():
            self.stdout.write(f"  {label:<40} {count:>12,}")
        self.stdout.write(
            self.style.SUCCESS(f"Đã sinh {dataset} trong {dataset.seconds:.1f} giây.")
        )

from django.core.management.base import BaseCommand
from django.db import transaction

from plans.demo.load_activities import load_activities
from plans.demo.load_events import announce_demo_events
from plans.demo.load_plans import load_plans
from plans.demo.load_units import DEMO_PASSWORD, load_units, load_users


class Command(BaseCommand):
    help = (
        "Load the demo: the unit tree, the seed plans, Kiều Phú's 2026 plan with a quarter of "
        "activities, and demo logins. Running it again changes nothing."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        units = load_units()
        logins = load_users()
        plans = load_plans()
        activities = load_activities()
        if activities:
            announce_demo_events()

        new_plans = [plan for plan, created in plans if created]
        self.stdout.write(
            f"Đơn vị mới: {units}. Kế hoạch mới: {len(new_plans)}. Hoạt động mới: {activities}."
        )
        for plan, created in plans:
            state = "tạo mới" if created else "đã có"
            self.stdout.write(f"  {plan.number_display} ({plan.issuer.code}): {state}")
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Tài khoản demo (mật khẩu: {DEMO_PASSWORD}):"))
        for username, role, unit in logins:
            self.stdout.write(f"  {username:<22} {role:<18} {unit}")

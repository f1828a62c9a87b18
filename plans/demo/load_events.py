"""What the demo's story would have told its people, so the bell has something to show.

The plans and activities are loaded straight into the tables; the notifications their issue,
submission and review would have sent are raised here through the same events the views use.
"""

from activities.models import Activity, ActivityStatus
from notifications import events
from plans.models import Plan
from units.models import User


def announce_demo_events():
    """Raise the events of the demo's issued plans and reviewed activities (call once, when
    the activities were just created)."""
    city_plan = Plan.objects.get(issuer__code="HN", number=179, year=2025)
    commune_plan = Plan.objects.get(issuer__code="HN-KIEUPHU", number=12, year=2026)
    events.plan_issued(plan=city_plan, by=User.objects.get(username="hanoi.lanhdao"))
    events.plan_issued(plan=commune_plan, by=User.objects.get(username="kieuphu.lanhdao"))

    activities = Activity.objects.filter(plan=commune_plan).select_related(
        "plan__issuer", "unit__organisation", "created_by"
    )
    submitted = [a for a in activities if a.status == ActivityStatus.SUBMITTED]
    by_unit = {}
    for activity in submitted:
        by_unit.setdefault(activity.unit_id, []).append(activity)
    for group in by_unit.values():
        events.activities_submitted(activities=group, by=group[0].created_by)
    reviewer = User.objects.get(username="kieuphu.truongphong")
    for activity in activities:
        if activity.status == ActivityStatus.RETURNED:
            events.activity_reviewed(activity=activity, by=reviewer)

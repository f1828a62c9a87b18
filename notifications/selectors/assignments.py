"""Assignment deadlines: which tasks of issued plans are reminded on a day, and to whom."""

from collections import defaultdict

from django.db.models import Q
from django.db.models.functions import Substr

from activities.deadlines import done_pairs, part_is_done
from plans.models import Assignment, PlanStatus
from units.models import Role, Unit, User

from ..models import NotificationKind, ReminderRule
from ..rules import due_dates_reminded_on, rule_for
from .reminder import Reminder, plan_number

PLAN_TEXT_FIELDS = ["purpose", "requirements", "preamble", "closing", "recipients"]


def assignment_reminders(day, rules):
    """Deadlines of assignments of issued plans.

    Who: the assigned unit's unit heads and officers (for a unit that is itself an
    organisation, e.g. a Sở given a task by the city: its leaders and officers); for a group
    assignment («Các thôn»: `includes_subunits`, `subunit_kinds`) the heads of each covered
    unit, as `Assignment.covers` decides. Overdue items also go to the leaders of the
    organisation that issued the plan and of the assigned unit's organisation.

    A task stops being reminded once it is done (activities/deadlines.py: its unit reported
    it done; for a group, each covered unit's head stops once that unit's part is done) or
    its plan is closed. Approved activities alone do not prove a task is finished.
    """
    assignments = list(
        Assignment.objects.filter(
            plan__status=PlanStatus.ISSUED,
            due_date__in=due_dates_reminded_on(day, rules),
            unit__isnull=False,
            unit__is_active=True,
        )
        .select_related("unit", "plan")
        .defer(*(f"plan__{name}" for name in PLAN_TEXT_FIELDS))
        .order_by("pk")
    )
    timed = [(a, rule_for(a.due_date, day, rules)) for a in assignments]
    timed = [(a, timing) for a, timing in timed if timing]
    if not timed:
        return []
    done = done_pairs(a.pk for a, _ in timed)
    timed = [(a, timing) for a, timing in timed if (a.pk, a.unit_id) not in done]
    if not timed:
        return []

    people = _AssignmentPeople([a for a, _ in timed])
    reminders = []
    for assignment, (rule, days_left) in timed:
        base = {
            "kind": NotificationKind.ASSIGNMENT,
            "rule": rule,
            "days_left": days_left,
            "due_date": assignment.due_date,
            "item_key": f"assignment:{assignment.pk}",
            "detail": _assignment_detail(assignment),
            "organisation_id": assignment.plan.issuer_id,
            "plan_id": assignment.plan_id,
            "assignment_id": assignment.pk,
        }
        subject = _assignment_subject(assignment)
        if assignment.includes_subunits:
            for user, covered in people.heads_covered_by(assignment):
                if part_is_done(done, assignment, covered.pk):
                    continue
                reminders.append(
                    Reminder(recipient=user, subject=f"{subject} ({covered.name})", **base)
                )
        else:
            for user in people.responsible_for(assignment.unit):
                reminders.append(Reminder(recipient=user, subject=subject, **base))
        if rule == ReminderRule.OVERDUE:
            for user in people.leaders_above(assignment):
                reminders.append(Reminder(recipient=user, subject=subject, escalated=True, **base))
    return reminders


class _AssignmentPeople:
    """Everyone who may be reminded of a batch of assignments, fetched in one query."""

    def __init__(self, assignments):
        direct_units = {a.unit_id for a in assignments if not a.includes_subunits}
        orgs = {
            a.unit_id for a in assignments if not a.includes_subunits and a.unit.is_organisation
        }
        offices = direct_units - orgs
        escalation_orgs = {a.plan.issuer_id for a in assignments} | {
            a.unit.organisation_id for a in assignments if a.unit.organisation_id
        }
        group_paths = defaultdict(set)
        for a in assignments:
            if a.includes_subunits:
                group_paths[len(a.unit.path)].add(a.unit.path)

        condition = (
            Q(unit_id__in=offices, role__in=[Role.UNIT_HEAD, Role.OFFICER])
            | Q(unit__organisation_id__in=orgs, role__in=[Role.LEADER, Role.OFFICER])
            | Q(unit__organisation_id__in=escalation_orgs, role=Role.LEADER)
        )
        annotations = {}
        for length, paths in group_paths.items():
            # "The user's unit lies below one of these units": its path starts with theirs.
            # One IN list per path length instead of one LIKE per group.
            name = f"path_prefix_{length}"
            annotations[name] = Substr("unit__path", 1, length)
            condition |= Q(**{f"{name}__in": paths}, role__in=[Role.UNIT_HEAD, Role.LEADER])
        users = (
            User.objects.filter(is_active=True, unit__isnull=False)
            .annotate(**annotations)
            .filter(condition)
            .order_by("pk")
        )

        self.by_unit = defaultdict(list)
        self.by_org = defaultdict(list)
        self.heads_below = defaultdict(list)
        for user in users:
            unit = user.unit
            self.by_unit[unit.pk].append(user)
            self.by_org[unit.organisation_id].append(user)
            if _is_head_of(user, unit):
                for end in range(Unit.steplen, len(unit.path), Unit.steplen):
                    self.heads_below[unit.path[:end]].append(user)

    def responsible_for(self, unit):
        if unit.is_organisation:
            return [u for u in self.by_org[unit.pk] if u.role in (Role.LEADER, Role.OFFICER)]
        return [u for u in self.by_unit[unit.pk] if u.role in (Role.UNIT_HEAD, Role.OFFICER)]

    def heads_covered_by(self, assignment):
        return [
            (user, user.unit)
            for user in self.heads_below[assignment.unit.path]
            if assignment.covers(user.unit)
        ]

    def leaders_above(self, assignment):
        orgs = {assignment.plan.issuer_id, assignment.unit.organisation_id} - {None}
        return [u for org in orgs for u in self.by_org[org] if u.role == Role.LEADER]


def _is_head_of(user, unit):
    return user.role == Role.UNIT_HEAD or (user.role == Role.LEADER and unit.is_organisation)


def _assignment_subject(assignment):
    return f"Nhiệm vụ của {assignment.display_label}, {plan_number(assignment.plan)}"


def _assignment_detail(assignment):
    tasks = assignment.tasks.strip()
    if len(tasks) > 400:
        tasks = tasks[:400].rsplit(" ", 1)[0] + " …"
    return f"{plan_number(assignment.plan)}: {assignment.plan.title}\n{tasks}".strip()

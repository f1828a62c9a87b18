"""What the activity form offers one user, and its defaults.

Choices are built once per request from the user's scope: the units the user logs for, the
assignments of issued plans covering them, those plans' content sections and forms (a
handful of queries). Defaults make logging fast: today, the task and form used last (or the
only ones there are), or everything of the activity being copied.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from plans.models import (
    Assignment,
    ContentSection,
    OutreachForm,
    Plan,
    PlanOutreachForm,
    PlanStatus,
    SectionKind,
)
from units.models import Unit

from .models import Activity, TargetGroup
from .permissions import loggable_units


@dataclass
class LoggingChoices:
    """Everything the activity form offers to one user, loaded in a handful of queries."""

    user: object
    units: list = field(default_factory=list)
    assignments: list = field(default_factory=list)
    sections: list = field(default_factory=list)
    plan_forms: dict = field(default_factory=dict)
    forms: list = field(default_factory=list)
    target_groups: list = field(default_factory=list)

    def assignments_for(self, unit_id):
        return [a for a in self.assignments if unit_id in a.covered_unit_ids]

    def unit(self, pk):
        return next((u for u in self.units if str(u.pk) == str(pk)), None)

    def assignment(self, pk):
        return next((a for a in self.assignments if str(a.pk) == str(pk)), None)


def logging_choices(user):
    units = list(loggable_units(user))
    choices = LoggingChoices(user=user, units=units)
    if not units:
        return choices
    prefixes = {
        unit.path[:end]
        for unit in units
        for end in range(Unit.steplen, len(unit.path) + 1, Unit.steplen)
    }
    candidates = (
        Assignment.objects.filter(
            plan__status=PlanStatus.ISSUED, plan__in=Plan.objects.visible_to(user)
        )
        .filter(Q(unit__in=units) | Q(includes_subunits=True, unit__path__in=prefixes))
        .select_related("plan__issuer", "unit")
    )
    assignments = []
    for assignment in candidates:
        assignment.covered_unit_ids = [u.pk for u in units if assignment.covers(u)]
        if assignment.covered_unit_ids:
            assignments.append(assignment)
    own = user.unit.organisation_id if user.unit_id else None
    assignments.sort(
        key=lambda a: (
            a.plan.issuer_id != own,
            -(a.plan.issued_on.toordinal() if a.plan.issued_on else 0),
            a.plan_id,
            a.position,
            a.pk,
        )
    )
    choices.assignments = assignments
    plan_ids = {a.plan_id for a in assignments}
    choices.sections = _content_sections(plan_ids)
    plan_forms = defaultdict(list)
    for plan_id, form_id in (
        PlanOutreachForm.objects.filter(plan__in=plan_ids)
        .order_by("plan", "position", "pk")
        .values_list("plan_id", "form_id")
    ):
        plan_forms[plan_id].append(form_id)
    choices.plan_forms = dict(plan_forms)
    choices.forms = list(OutreachForm.objects.filter(is_active=True).order_by("position", "name"))
    choices.target_groups = list(TargetGroup.objects.all())
    return choices


def _content_sections(plan_ids):
    """The plans' content sections (under free-text top-level sections), depth-first, each
    with `depth` and `display`."""
    children = defaultdict(list)
    for section in ContentSection.objects.filter(plan__in=plan_ids).order_by(
        "plan", "position", "pk"
    ):
        children[(section.plan_id, section.parent_id)].append(section)
    ordered = []

    def walk(section, depth):
        section.depth = depth
        section.display = f"{section.label} {section.title}".strip()
        ordered.append(section)
        for child in children[(section.plan_id, section.pk)]:
            walk(child, depth + 1)

    for plan_id in sorted(plan_ids):
        for top in children[(plan_id, None)]:
            if top.kind != SectionKind.TEXT:
                continue
            below = children[(plan_id, top.pk)]
            if not below:
                walk(top, 0)
            for child in below:
                walk(child, 0)
    return ordered


def assignment_label(assignment):
    tasks = " ".join(assignment.tasks.split()).lstrip("-+ ")
    label = f"{assignment.display_label} · {assignment.get_role_display()}"
    if assignment.due_date:
        label += f" · hạn {assignment.due_date:%d/%m/%Y}"
    if tasks:
        label += f" — {tasks[:90]}{'…' if len(tasks) > 90 else ''}"
    return label


def plan_label(plan):
    number = plan.number_display or "Dự thảo"
    return f"{number} ({plan.issuer.name}): {plan.title[:80]}{'…' if len(plan.title) > 80 else ''}"


def initial_for_new(choices: LoggingChoices, *, copy_of: Activity | None = None):
    """Defaults for a new activity: today, the user's unit, the assignment and form used last
    (or the only ones there are); or, for «Sao chép», everything but the date and evidence."""
    today = timezone.localdate()
    initial = {"date": today, "quantity": 1}
    if len(choices.units) == 1:
        initial["unit"] = str(choices.units[0].pk)
    if copy_of is not None:
        return _initial_from_copy(choices, copy_of, initial)
    last = (
        Activity.objects.filter(
            created_by=choices.user, assignment__in=[a.pk for a in choices.assignments]
        )
        .order_by("-created_at", "-pk")
        .only("unit_id", "assignment_id", "form_id")
        .first()
    )
    if last is not None and choices.unit(last.unit_id):
        initial.update(
            unit=str(last.unit_id), assignment=str(last.assignment_id), form=str(last.form_id)
        )
        return initial
    unit_id = int(initial["unit"]) if "unit" in initial else None
    candidates = choices.assignments_for(unit_id) if unit_id else choices.assignments
    own = [a for a in candidates if a.plan.issuer_id == choices.user.unit.organisation_id]
    pick = candidates if len(candidates) == 1 else own if len(own) == 1 else []
    if pick:
        assignment = pick[0]
        initial["assignment"] = str(assignment.pk)
        if unit_id is None and len(assignment.covered_unit_ids) == 1:
            initial["unit"] = str(assignment.covered_unit_ids[0])
        plan_forms = choices.plan_forms.get(assignment.plan_id)
        if plan_forms:
            initial["form"] = str(plan_forms[0])
    return initial


def _initial_from_copy(choices, source, initial):
    initial.update(
        {
            "title": source.title,
            "description": source.description,
            "place": source.place,
            "form": str(source.form_id),
            "quantity": source.quantity,
            "participants": source.participants,
            "views": source.views,
            "interactions": source.interactions,
            "cost": source.cost,
            "target_groups": [str(pk) for pk in source.target_groups.values_list("pk", flat=True)],
        }
    )
    if choices.unit(source.unit_id):
        initial["unit"] = str(source.unit_id)
    assignment = choices.assignment(source.assignment_id)
    if assignment and int(initial.get("unit", 0)) in assignment.covered_unit_ids:
        initial["assignment"] = str(assignment.pk)
        initial["sections"] = [str(pk) for pk in source.sections.values_list("pk", flat=True)]
    return initial


def initial_for_edit(activity):
    return {
        "unit": str(activity.unit_id),
        "assignment": str(activity.assignment_id or ""),
        "date": activity.date,
        "form": str(activity.form_id),
        "sections": [str(s.pk) for s in activity.sections.all()],
        "title": activity.title,
        "description": activity.description,
        "place": activity.place,
        "target_groups": [str(g.pk) for g in activity.target_groups.all()],
        "quantity": activity.quantity,
        "participants": activity.participants,
        "views": activity.views,
        "interactions": activity.interactions,
        "cost": activity.cost,
    }

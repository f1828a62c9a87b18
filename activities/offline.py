"""Logging without a network: what a phone keeps to fill the activity form offline, and how a
queued activity's refusal is told back.

The choice lists are `choices.logging_choices` (the user's own scope, nothing else) turned
into plain data the service worker can cache; a queued activity is later sent through the
same `ActivityForm` and `activity_create` as the page, so it meets the same rules.
"""

from .choices import LoggingChoices, assignment_label, plan_label


def offline_choices(choices: LoggingChoices) -> dict:
    """The activity form's options for one user, as JSON-ready data."""
    plans = {}
    for assignment in choices.assignments:
        plans.setdefault(assignment.plan_id, assignment.plan)
    return {
        "user": choices.user.pk,
        "name": choices.user.get_full_name(),
        "units": [{"id": unit.pk, "name": unit.name} for unit in choices.units],
        "plans": [{"id": pk, "label": plan_label(plan)} for pk, plan in plans.items()],
        "assignments": [
            {
                "id": a.pk,
                "plan": a.plan_id,
                "label": assignment_label(a),
                "units": a.covered_unit_ids,
                "forms": choices.plan_forms.get(a.plan_id, []),
            }
            for a in choices.assignments
        ],
        "sections": [
            {"id": s.pk, "plan": s.plan_id, "label": s.display, "depth": s.depth}
            for s in choices.sections
        ],
        "forms": [
            {
                "id": f.pk,
                "name": f.name,
                "category": f.get_category_display(),
                "measure": f.measure,
            }
            for f in choices.forms
        ],
        "target_groups": [{"id": g.pk, "name": g.name} for g in choices.target_groups],
    }


def form_refusal(form) -> list[str]:
    """The form's errors as sentences a person can act on: «Label: message»."""
    reasons = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        for message in errors:
            reasons.append(f"{field.label}: {message}" if field is not None else message)
    return reasons

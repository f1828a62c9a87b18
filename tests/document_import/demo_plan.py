"""Compare a plan with a demo plan as `load_demo` loads it: header, legal bases, the section
tree, and the assignments with their units and roles."""

import re
import tomllib

from django.db import transaction

from planreader.folding import normalise
from plans.demo.load_plans import DEMO_DIR, load_plan_file
from plans.models import Plan


def snapshot(plan: Plan) -> dict:
    """What an officer reads in a plan, as plain values. Texts are compared in the parser's
    input form (NFC, «…» written «...») with single spaces and none before a comma: the
    importer keeps the document's spacing («Fanpage  “…” , Zalo»), the demo tidied it."""

    def text(value):
        value = re.sub(r"[ ]+", " ", normalise(value))
        return re.sub(r" ([,;:])", r"\1", value).strip()

    sections = list(plan.sections.all())

    def tree(parent_id):
        return [
            (s.label, s.title, s.kind, text(s.body), tree(s.pk))
            for s in sections
            if s.parent_id == parent_id
        ]

    return {
        "header": (
            plan.symbol,
            plan.issued_on,
            plan.place,
            plan.title,
            plan.signer_authority,
            plan.signer_on_behalf,
            plan.signer_title,
            plan.signer_name,
            plan.recipient_lines,
        ),
        "legal_bases": [
            (
                basis.get_verb_display(),
                basis.document.get_kind_display(),
                basis.document.number,
                basis.document.issued_on,
                basis.document.issuer,
            )
            for basis in plan.legal_bases.select_related("document")
        ],
        "sections": tree(None),
        "assignments": [
            (
                a.label,
                a.role,
                a.is_focal_point,
                a.unit.code if a.unit_id else None,
                a.includes_subunits,
                text(a.tasks),
            )
            for a in plan.assignments.select_related("unit")
        ],
    }


class _Rollback(Exception):
    pass


def demo_snapshot(filename: str) -> tuple[int, dict]:
    """(number, snapshot) of the demo plan in `filename` loaded by the demo's own loader into
    the current database, then rolled back: nothing it writes stays. A plan already holding
    the demo's number is renumbered for the while."""
    data = tomllib.loads((DEMO_DIR / filename).read_text(encoding="utf-8"))
    result = {}
    try:
        with transaction.atomic():
            Plan.objects.filter(
                issuer__code=data["issuer"], number=data["number"], year=data["issued_on"].year
            ).update(number=None)
            plan, created = load_plan_file(DEMO_DIR / filename)
            assert created
            result["value"] = (plan.number, snapshot(plan))
            raise _Rollback
    except _Rollback:
        pass
    return result["value"]


def assert_same_plan_as_demo(plan: Plan, filename: str) -> None:
    number, demo = demo_snapshot(filename)
    mine = snapshot(plan)
    assert plan.number == number
    for part in ("header", "legal_bases", "sections", "assignments"):
        if mine[part] != demo[part]:
            raise AssertionError(_difference(part, mine[part], demo[part]))


def _difference(part, mine, demo) -> str:
    if isinstance(mine, list) and isinstance(demo, list):
        for k, (got, wanted) in enumerate(zip(mine, demo, strict=False)):
            if got != wanted:
                return f"{part}[{k}]:\n  imported {got!r}\n  demo     {wanted!r}"
        return f"{part}: {len(mine)} rows imported, {len(demo)} in the demo"
    return f"{part}:\n  imported {mine!r}\n  demo     {demo!r}"

"""Reads shared by the plan pages, the printed documents and the home page."""

import functools
import re

from django.db.models import Case, F, OuterRef, Q, Subquery, Value, When
from django.utils import timezone

from units.access import sees_everything, subordinate_organisations, superior_organisations
from units.history import HistoryGroup, Source, record_history
from units.models import Unit
from units.search import search_q

from .models import (
    Assignment,
    BudgetLine,
    ContentSection,
    LegalBasis,
    LegalDocument,
    OutreachForm,
    Plan,
    PlanOutreachForm,
    PlanStatus,
    Target,
)
from .text import normalise_document_number

# ---------------------------------------------------------------- new plans


def plan_initial(*, organisation: Unit) -> dict:
    """What a new plan of `organisation` starts with: its symbol and place, and the signer and
    recipients of its last issued plan (officers change them far less often than the text)."""
    initial = {
        "symbol": f"KH-{organisation.short_name}" if organisation.short_name else "KH",
        "place": organisation.place_name or organisation.name,
        "recipients": "Lưu: VT.",
    }
    last = (
        Plan.objects.filter(issuer=organisation, status__in=[PlanStatus.ISSUED, PlanStatus.CLOSED])
        .order_by("-issued_on", "-pk")
        .only(
            "signer_authority",
            "signer_on_behalf",
            "signer_title",
            "signer_name",
            "recipients",
            "symbol",
        )
        .first()
    )
    if last:
        initial.update(
            signer_authority=last.signer_authority,
            signer_on_behalf=last.signer_on_behalf,
            signer_title=last.signer_title,
            signer_name=last.signer_name,
            recipients=last.recipients or initial["recipients"],
            symbol=last.symbol or initial["symbol"],
        )
    return initial


# ---------------------------------------------------------------- list

_NUMBER = re.compile(r"^\s*(?:số\s*)?(\d+)\s*(?:/\s*(.*))?$", re.IGNORECASE)


def plan_list(*, user, status="", year=None, issuer=None, query=""):
    """The plans the user may read, newest first, filtered as the list page asks."""
    plans = Plan.objects.visible_to(user).with_header()
    if status:
        plans = plans.filter(status=status)
    if year:
        plans = plans.filter(Q(year=year) | Q(year__isnull=True, created_at__year=year))
    if issuer:
        plans = plans.filter(issuer=issuer)
    query = (query or "").strip()
    if query:
        match = _NUMBER.match(query)
        if match:
            by_number = Q(number=int(match[1]))
            if match[2]:
                by_number &= Q(symbol__iexact=match[2].strip())
            plans = plans.filter(by_number | plan_text_q(query))
        else:
            plans = plans.filter(plan_text_q(query))
    return plans.defer(*PLAN_SEARCH_TEXTS).order_by(
        F("issued_on").desc(nulls_first=True), "-created_at", "-pk"
    )


# Folded copies only the search reads (units/search.py): a list page does not load them.
PLAN_SEARCH_TEXTS = ("search_text", "issuer__search_text")


def plan_text_q(query):
    """Plans whose number, title, place, purpose … or issuer holds every word of `query`,
    accents and case aside."""
    return search_q(query, "search_text", "issuer__search_text")


def plan_list_filters(*, user) -> dict:
    """Issuers and years the list can be filtered by, within the user's scope."""
    if sees_everything(user):
        issuers = Unit.objects.organisations()
    else:
        organisation = user.organisation
        if organisation is None:
            return {"issuers": Unit.objects.none(), "years": []}
        issuers = Unit.objects.organisations().filter(
            Q(path__startswith=organisation.path)
            | Q(pk__in=superior_organisations(organisation).values("pk"))
        )
    this_year = timezone.localdate().year
    return {"issuers": issuers.order_by("path"), "years": list(range(this_year + 1, 2019, -1))}


# ---------------------------------------------------------------- legal documents


def legal_documents_for(*, user):
    """Registry rows the user may find: those cited by, or standing for, a plan the user can
    read. A document only another commune cites stays out of sight."""
    if sees_everything(user):
        return LegalDocument.objects.all()
    visible = Plan.objects.visible_to(user).values("pk")
    cited = LegalBasis.objects.filter(plan__in=visible).values("document_id")
    return LegalDocument.objects.filter(Q(pk__in=cited) | Q(plan__in=visible))


def legal_document_search(*, user, query: str, limit: int = 20):
    """Documents matching a number («57-nq/tw», «179») or words of the title or issuer;
    those whose number starts with what was typed come first."""
    documents = legal_documents_for(user=user)
    query = (query or "").strip()
    order = [F("issued_on").desc(nulls_last=True), "number"]
    if query:
        key = normalise_document_number(query)
        documents = documents.filter(Q(number_key__contains=key) | search_q(query)).annotate(
            rank=Case(
                When(number_key__startswith=key, then=Value(0)),
                When(number_key__contains=key, then=Value(1)),
                default=Value(2),
            )
        )
        order.insert(0, "rank")
    return documents.order_by(*order)[:limit]


# ---------------------------------------------------------------- the plan page


def plan_parts(plan: Plan) -> dict:
    """Every part of a plan, each fetched once with what it displays."""
    return {
        "legal_bases": list(plan.legal_bases.select_related("document").order_by("position")),
        "sections": list(plan.sections.order_by("position", "pk")),
        "forms": list(plan.outreach_forms.select_related("form").order_by("position", "pk")),
        "assignments": list(plan.assignments.select_related("unit").order_by("position", "pk")),
        "budget_lines": list(plan.budget_lines.order_by("position", "pk")),
        "targets": list(plan.targets.select_related("form").order_by("position", "pk")),
    }


def section_tree(sections):
    """`[(section, depth)]` in document order from a flat list of a plan's sections."""
    children = {}
    for section in sections:
        children.setdefault(section.parent_id, []).append(section)
    for siblings in children.values():
        siblings.sort(key=lambda s: (s.position, s.pk or 0))
    ordered = []

    def walk(parent_id, depth):
        for section in children.get(parent_id, []):
            ordered.append((section, depth))
            walk(section.pk, depth + 1)

    walk(None, 0)
    return ordered


def can_cascade(*, user, plan: Plan) -> bool:
    """Whether the user's organisation may start an implementing plan from `plan`."""
    from units.access import can_manage_plans

    organisation = user.organisation if user.is_authenticated else None
    return bool(
        organisation
        and plan.status == PlanStatus.ISSUED
        and organisation.path.startswith(plan.issuer.path)
        and organisation.pk != plan.issuer_id
        and can_manage_plans(user, organisation)
    )


def implementation_status(*, plan: Plan, user) -> list[dict]:
    """The subordinate organisations of the plan's issuer that the user oversees, each with
    its implementing plan if it has one: one query, whatever the number of organisations."""
    organisations = subordinate_organisations(plan.issuer)
    if not sees_everything(user):
        organisation = user.organisation
        if organisation is None:
            return []
        organisations = organisations.filter(path__startswith=organisation.path)
    implementing = Plan.objects.filter(superior_plan=plan, issuer=OuterRef("pk")).order_by(
        F("issued_on").desc(nulls_last=True), "-created_at"
    )
    rows = organisations.annotate(
        plan_pk=Subquery(implementing.values("pk")[:1]),
        plan_number=Subquery(implementing.values("number")[:1]),
        plan_symbol=Subquery(implementing.values("symbol")[:1]),
        plan_status=Subquery(implementing.values("status")[:1]),
        plan_issued_on=Subquery(implementing.values("issued_on")[:1]),
    ).order_by("path")
    labels = dict(PlanStatus.choices)
    result = []
    for unit in rows:
        number = ""
        if unit.plan_number is not None:
            number = f"{unit.plan_number:02d}"
            if unit.plan_symbol:
                number = f"{number}/{unit.plan_symbol}"
        result.append(
            {
                "organisation": unit,
                "plan_pk": unit.plan_pk,
                "number": number,
                "status": unit.plan_status,
                "status_label": labels.get(unit.plan_status, ""),
                "issued_on": unit.plan_issued_on,
            }
        )
    return result


# ---------------------------------------------------------------- history

HISTORY_PARTS = [
    (Plan, "id"),
    (LegalBasis, "plan_id"),
    (ContentSection, "plan_id"),
    (PlanOutreachForm, "plan_id"),
    (Assignment, "plan_id"),
    (BudgetLine, "plan_id"),
    (Target, "plan_id"),
]


def plan_history(*, plan: Plan, limit: int = 300) -> list[HistoryGroup]:
    """Who changed what in the plan and its parts, newest first, grouped by save.

    One query per part model plus one per kind of referenced object, whatever the length of
    the history; field changes are labelled with the models' Vietnamese field names.
    """
    sources = [
        Source(model, {key: plan.pk}, functools.partial(_subject, model), frozenset({"plan"}))
        for model, key in HISTORY_PARTS
    ]
    return record_history(sources, limit=limit, reference_names=_reference_names)


def _reference_names(raw):
    """Display names of the units, documents, forms, sections and plans the records point at."""
    ids = {"unit": set(), "document": set(), "form": set(), "superior_plan": set()}
    sections = {}
    for model, records in raw:
        for record in records:
            for name in ids:
                value = getattr(record, f"{name}_id", None)
                if value:
                    ids[name].add(value)
            if model is ContentSection:
                sections[record.id] = f"{record.label} {record.title}".strip()[:80]
    return {
        "unit": dict(Unit.objects.filter(pk__in=ids["unit"]).values_list("pk", "name")),
        "document": {
            d.pk: d.citation for d in LegalDocument.objects.filter(pk__in=ids["document"])
        },
        "form": dict(OutreachForm.objects.filter(pk__in=ids["form"]).values_list("pk", "name")),
        "superior_plan": {
            p.pk: p.number_display or p.title[:60]
            for p in Plan.objects.filter(pk__in=ids["superior_plan"]).only(
                "number", "symbol", "title"
            )
        },
        "parent": sections,
    }


def _subject(model, record, names):
    if model is Plan:
        return "Kế hoạch được tạo" if record.history_type == "+" else "Kế hoạch"
    if model is LegalBasis:
        return f"Căn cứ: {names['document'].get(record.document_id, '')}"
    if model is ContentSection:
        return f"Mục {record.label} {record.title}".strip()[:120]
    if model is PlanOutreachForm:
        return f"Hình thức: {names['form'].get(record.form_id, '')}"
    if model is Assignment:
        return f"Phân công: {record.label or names['unit'].get(record.unit_id, '')}"
    if model is BudgetLine:
        return f"Kinh phí: {dict(BudgetLine._meta.get_field('source').choices).get(record.source)}"
    return f"Chỉ tiêu: {record.indicator[:100]}"

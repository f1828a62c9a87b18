"""Cascade: a lower organisation starts its plan from the superior plan it implements."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.utils import bulk_create_with_history

from units.models import Unit

from ..models import BasisVerb, ContentSection, LegalBasis, Plan, PlanOutreachForm, PlanStatus
from ..selectors import plan_initial
from ..text import citation_issuer
from .editing import stamp
from .registry import legal_document_for_plan

CASCADE_REASON = "Tạo từ kế hoạch cấp trên"


@transaction.atomic
def plan_cascade(*, superior: Plan, organisation: Unit, by) -> Plan:
    """A draft for `organisation` implementing `superior`.

    Its first legal basis reads «Thực hiện Kế hoạch số 179/KH-UBND ngày 08/7/2025 của UBND
    thành phố Hà Nội …», followed by the superior plan's own legal bases; the content tree,
    purpose, requirements and forms are copied for the officer to adapt. Assignments are not
    copied: the lower level assigns its own units.
    """
    if superior.status != PlanStatus.ISSUED:
        raise ValidationError("Chỉ xây dựng kế hoạch thực hiện từ kế hoạch đã ban hành.")
    if not (
        organisation.is_organisation
        and organisation.path.startswith(superior.issuer.path)
        and organisation.pk != superior.issuer_id
    ):
        raise ValidationError("Kế hoạch này không phải của cơ quan cấp trên.")

    defaults = plan_initial(organisation=organisation)
    plan = Plan(
        issuer=organisation,
        superior_plan=superior,
        status=PlanStatus.DRAFT,
        title=superior.title,
        period_label=superior.period_label,
        preamble=_adapt(superior.preamble, superior.issuer, organisation),
        purpose=superior.purpose,
        requirements=superior.requirements,
        closing=_adapt(superior.closing, superior.issuer, organisation),
        created_by=by,
        **defaults,
    )
    stamp(plan, by=by, reason=CASCADE_REASON)
    plan.save()

    document = legal_document_for_plan(plan=superior)
    bases = [LegalBasis(plan=plan, document=document, verb=BasisVerb.IMPLEMENTING, position=1)]
    for basis in superior.legal_bases.exclude(document=document).order_by("position", "pk"):
        bases.append(
            LegalBasis(
                plan=plan,
                document_id=basis.document_id,
                verb=basis.verb,
                note=basis.note,
                position=len(bases) + 1,
            )
        )
    bulk_create_with_history(
        bases, LegalBasis, default_user=by, default_change_reason=CASCADE_REASON
    )

    _copy_sections(superior, plan, by=by)

    bulk_create_with_history(
        [
            PlanOutreachForm(
                plan=plan,
                form_id=row.form_id,
                heading=row.heading,
                description=row.description,
                position=row.position,
            )
            for row in superior.outreach_forms.order_by("position", "pk")
        ],
        PlanOutreachForm,
        default_user=by,
        default_change_reason=CASCADE_REASON,
    )
    return plan


# The words that open the name of an administrative area, longest first.
AREA_KINDS = ("thành phố", "thị trấn", "đặc khu", "phường", "tỉnh", "xã")
PEOPLES_COMMITTEE = ("Ủy ban nhân dân", "Uỷ ban nhân dân", "UBND")
# «(qua Sở Văn hóa và Thể thao thành phố Hà Nội)»: the superior's focal unit.
_THROUGH = re.compile(r"\s*\(qua [^()]*\)")


@dataclass(frozen=True)
class _Names:
    full: str  # Ủy ban nhân dân thành phố Hà Nội
    cited: str  # UBND thành phố Hà Nội
    area: str  # thành phố Hà Nội ("" for an agency: it names no area)
    area_kind: str  # thành phố


def _names(unit: Unit) -> _Names:
    full = unit.display_name
    area = full
    for prefix in PEOPLES_COMMITTEE:
        if area.startswith(prefix + " "):
            area = area[len(prefix) + 1 :]
            break
    area = area[:1].lower() + area[1:]
    kind = next((k for k in AREA_KINDS if area.startswith(k + " ")), "")
    return _Names(full, citation_issuer(full), area if kind else "", kind)


def _adapt(text, superior_issuer, organisation):
    """The superior's preamble or closing, said by the lower organisation.

    Where the text names the superior, by its full name («Ủy ban nhân dân thành phố Hà Nội»),
    as citations write it («UBND thành phố Hà Nội»), by its area («trên địa bàn thành phố Hà
    Nội») or as the bare body («báo cáo UBND Thành phố»), it names the organisation; the
    superior's focal unit («(qua Sở Văn hóa và Thể thao thành phố Hà Nội)») is left out, as
    the lower level reports through its own.
    """
    if not text:
        return ""
    superior, lower = _names(superior_issuer), _names(organisation)
    text = _THROUGH.sub("", text)
    text = text.replace(superior.full, lower.full).replace(superior.cited, lower.cited)
    if not (superior.area and lower.area):
        return text
    text = text.replace(superior.area, lower.area)
    text = text.replace(superior.area[:1].upper() + superior.area[1:], lower.area)
    bodies = "|".join(re.escape(p) for p in PEOPLES_COMMITTEE)
    bare = re.compile(rf"\b(?P<body>{bodies}) {re.escape(superior.area_kind)}\b", re.IGNORECASE)

    def body(match):
        following = match.string[match.end() :].lstrip()
        if following[:1].isupper():  # «UBND thành phố Hải Phòng»: another body, named
            return match.group(0)
        return f"{match.group('body')} {lower.area_kind}"

    return bare.sub(body, text)


def _copy_sections(superior, plan, *, by):
    sections = list(superior.sections.all())  # by position (the model's ordering)
    children = {}
    for section in sections:
        children.setdefault(section.parent_id, []).append(section)

    def copy(parent_id, new_parent):
        for section in children.get(parent_id, []):
            clone = ContentSection(
                plan=plan,
                parent=new_parent,
                position=section.position,
                label=section.label,
                title=section.title,
                body=section.body,
                kind=section.kind,
            )
            stamp(clone, by=by, reason=CASCADE_REASON)
            clone.save()
            copy(section.pk, clone)

    copy(None, None)

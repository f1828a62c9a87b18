"""factory_boy factories shared by the whole suite."""

import datetime
import itertools

import factory

from plans.models import (
    Assignment,
    ContentSection,
    LegalDocument,
    OutreachForm,
    Plan,
    PlanStatus,
)
from units.models import Role, User
from units.services import unit_create

_codes = itertools.count(1)


def make_unit(parent=None, *, kind="office", is_organisation=False, **fields):
    """A unit placed in the tree through the service, so `organisation` is derived."""
    number = next(_codes)
    defaults = {
        "code": f"U{number}",
        "name": f"Đơn vị {number}",
        "kind": kind,
        "is_organisation": is_organisation,
        "short_name": "UBND" if is_organisation else "",
    }
    defaults.update(fields)
    return unit_create(parent=parent, **defaults)


def make_organisation(parent=None, *, kind="commune", **fields):
    return make_unit(parent, kind=kind, is_organisation=True, **fields)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"Người dùng {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    role = Role.OFFICER
    password = factory.PostGenerationMethodCall("set_password", "mat-khau-kiem-thu")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    title = factory.Sequence(lambda n: f"Kế hoạch tuyên truyền chuyển đổi số số {n}")
    symbol = "KH-UBND"
    place = factory.LazyAttribute(lambda p: p.issuer.place_name or p.issuer.name)
    status = PlanStatus.DRAFT

    class Params:
        issued = factory.Trait(
            status=PlanStatus.ISSUED,
            number=factory.Sequence(lambda n: n + 1),
            issued_on=datetime.date(2026, 1, 12),
            signer_authority="TM. ỦY BAN NHÂN DÂN",
            signer_on_behalf="KT. CHỦ TỊCH",
            signer_title="PHÓ CHỦ TỊCH",
            signer_name="Nguyễn Văn Ký",
        )


class LegalDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LegalDocument

    kind = "resolution"
    number = factory.Sequence(lambda n: f"{n + 100}-NQ/TW")
    issued_on = datetime.date(2024, 12, 22)
    issuer = "Bộ Chính trị"


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContentSection

    label = "I."
    title = factory.Sequence(lambda n: f"Mục {n}")


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    role = "lead"
    tasks = "- Chủ trì triển khai kế hoạch."


def outreach_form(code="portal-post"):
    return OutreachForm.objects.get(code=code)

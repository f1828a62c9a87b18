"""Fixtures for the plan pages: a city plan like 179/KH-UBND, a commune draft, and a helper
that posts the editor the way the browser does."""

import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse

from plans.catalogue import sync_outreach_forms
from plans.forms import PlanEditor
from plans.models import (
    Assignment,
    BudgetLine,
    ContentSection,
    LegalBasis,
    OutreachForm,
    PlanOutreachForm,
    Target,
)
from plans.services import legal_document_register
from tests.factories import PlanFactory, outreach_form

CITY_TITLE = (
    "Tuyên truyền thực hiện Nghị quyết số 57-NQ/TW ngày 22/12/2024 của Bộ Chính trị về "
    "“Đột phá phát triển khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia”"
)


def ensure_catalogue():
    """The outreach-form catalogue comes from a data migration; a browser test (on a
    flushed, transactional database) earlier in the same process may have emptied it."""
    if not OutreachForm.objects.exists():
        sync_outreach_forms(OutreachForm)


@pytest.fixture(autouse=True)
def catalogue(db):
    ensure_catalogue()


def section(plan, label, title, *, parent=None, kind="text", body="", position=1):
    return ContentSection.objects.create(
        plan=plan,
        parent=parent,
        label=label,
        title=title,
        kind=kind,
        body=body,
        position=position,
    )


@pytest.fixture
def city_plan(world):
    return build_city_plan(world)


def build_city_plan(world):
    """Hà Nội's issued 179/KH-UBND of 08/7/2025, with its structure in small."""
    ensure_catalogue()
    world.hn.full_name = "Ủy ban nhân dân thành phố Hà Nội"
    world.hn.header_name = "ỦY BAN NHÂN DÂN\nTHÀNH PHỐ HÀ NỘI"
    world.hn.save()
    plan = PlanFactory(
        issuer=world.hn,
        issued=True,
        number=179,
        issued_on=datetime.date(2025, 7, 8),
        place="Hà Nội",
        title=CITY_TITLE,
        purpose="- Tuyên truyền sâu rộng nội dung Nghị quyết.",
        requirements="- Nội dung bám sát thực tiễn.",
        preamble="Ủy ban nhân dân thành phố Hà Nội ban hành Kế hoạch tuyên truyền, cụ thể như sau:",
        signer_name="Trương Việt Dũng",
        recipients="Thường trực Thành ủy;\nLưu: VT.",
    )
    for position, (verb, kind, number, date, issuer) in enumerate(
        [
            ("implementing", "resolution", "57-NQ/TW", datetime.date(2024, 12, 22), "Bộ Chính trị"),
            ("pursuant", "plan", "139/KH-UBND", datetime.date(2025, 5, 16), "UBND Thành phố"),
        ],
        start=1,
    ):
        document = legal_document_register(kind=kind, number=number, issued_on=date, issuer=issuer)
        LegalBasis.objects.create(plan=plan, document=document, verb=verb, position=position)
    section(plan, "I.", "MỤC ĐÍCH, YÊU CẦU", kind="purpose", position=1)
    content = section(plan, "II.", "NỘI DUNG TUYÊN TRUYỀN", position=2)
    role = section(plan, "1.", "Tuyên truyền về vai trò của Thủ đô", parent=content, position=1)
    section(plan, "a)", "Thành phố thông minh", parent=role, body="- Giao thông thông minh.")
    section(plan, "III.", "HÌNH THỨC TUYÊN TRUYỀN", kind="forms", position=3)
    section(plan, "IV.", "TỔ CHỨC THỰC HIỆN", kind="assignments", position=4)
    PlanOutreachForm.objects.create(
        plan=plan,
        form=outreach_form("portal-post"),
        heading="Tuyên truyền trên nền tảng số",
        description="- Cổng thông tin điện tử Thành phố.",
        position=1,
    )
    Assignment.objects.create(
        plan=plan, label="Sở Văn hóa và Thể thao", tasks="a) Hướng dẫn tuyên truyền.", position=1
    )
    Assignment.objects.create(
        plan=plan,
        label="Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Hà Nội",
        role="requested",
        tasks="Phối hợp tuyên truyền.",
        position=2,
    )
    return plan


@pytest.fixture
def kp_draft(world):
    """A draft of xã Kiều Phú with a part of every kind."""
    world.kp.header_name = "ỦY BAN NHÂN DÂN\nXÃ KIỀU PHÚ"
    world.kp.header_parent = ""
    world.kp.save()
    plan = PlanFactory(issuer=world.kp, title="Tuyên truyền chuyển đổi số năm 2026")
    document = legal_document_register(
        kind="resolution",
        number="57-NQ/TW",
        issued_on=datetime.date(2024, 12, 22),
        issuer="Bộ Chính trị",
    )
    LegalBasis.objects.create(plan=plan, document=document, verb="pursuant", position=1)
    top = section(plan, "I.", "NỘI DUNG TUYÊN TRUYỀN", position=1)
    section(plan, "1.", "Chính quyền số", parent=top, body="- Dịch vụ công trực tuyến.")
    section(plan, "II.", "TỔ CHỨC THỰC HIỆN", kind="assignments", position=2)
    PlanOutreachForm.objects.create(plan=plan, form=outreach_form("loudspeaker"), position=1)
    Assignment.objects.create(
        plan=plan, unit=world.kp_office, tasks="- Chủ trì.", is_focal_point=True, position=1
    )
    BudgetLine.objects.create(plan=plan, source="commune", amount=150_000_000, position=1)
    Target.objects.create(plan=plan, indicator="Tin, bài", measure="tin", target_value=60)
    return plan


def field_values(form):
    """What the browser posts for `form` as rendered: every field with its shown value."""
    data = {}
    for bound in form:
        value = bound.value()
        widget = bound.field.widget
        if getattr(widget, "input_type", "") == "checkbox" and not isinstance(value, list | tuple):
            if value:
                data[bound.html_name] = "on"
            continue
        if isinstance(value, list | tuple):
            data[bound.html_name] = [str(v) for v in value]
        elif value is None:
            data[bound.html_name] = ""
        elif isinstance(value, datetime.date):
            data[bound.html_name] = value.strftime("%d/%m/%Y")
        else:
            data[bound.html_name] = str(bound.field.prepare_value(value))
    return data


def editor_data(plan, user, **changes):
    """The editor's form data as a browser posts it untouched, then `changes` applied."""
    plan.refresh_from_db()
    editor = PlanEditor(plan=plan, user=user)
    data = field_values(editor.header)
    for formset in editor.formsets.values():
        management = formset.management_form
        data.update(
            {
                f"{formset.prefix}-TOTAL_FORMS": str(management["TOTAL_FORMS"].value()),
                f"{formset.prefix}-INITIAL_FORMS": str(management["INITIAL_FORMS"].value()),
                f"{formset.prefix}-MIN_NUM_FORMS": "0",
                f"{formset.prefix}-MAX_NUM_FORMS": "1000",
            }
        )
        for form in formset.forms:
            data.update(field_values(form))
    data.update(changes)
    return data


def add_row(data, prefix, **values):
    """Append a new row to a formset of the posted editor data; returns its index."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    for name, value in values.items():
        data[f"{prefix}-{index}-{name}"] = value
    return index


@pytest.fixture
def urls():
    def build(name, plan):
        return reverse(f"plans:{name}", kwargs={"pk": plan.pk})

    return build


@pytest.fixture
def many_plans(world):
    """Enough plans and parts that a query per row would show."""
    plans = SimpleNamespace(kp=[], hn=[])
    for index in range(25):
        if index % 2:
            plan = PlanFactory(issuer=world.kp)
        else:
            plan = PlanFactory(issuer=world.kp, issued=True, number=index + 1)
        Assignment.objects.create(plan=plan, unit=world.kp_office, position=1)
        plans.kp.append(plan)
    for index in range(3):
        plans.hn.append(PlanFactory(issuer=world.hn, issued=True, number=100 + index))
    return plans


def editor_errors(response):
    """Every error message on a re-rendered editor page, to explain a failed assertion."""
    editor = response.context["editor"] if response.context else None
    if editor is None:
        return []
    errors = list(editor.errors) + [str(e) for e in editor.header.errors.values()]
    for formset in editor.formsets.values():
        errors += [str(e) for e in formset.non_form_errors()]
        for form in formset.forms:
            errors += [f"{form.prefix}: {e}" for e in form.errors.values()]
    return errors

"""Pages where an organisation runs its people and units. Its leaders and administrators
change them; a superior reads them; nobody else finds them (404). The rules are in
units/people.py."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from .access import can_manage_people, downward_q, get_scoped_or_404, organisation_of, require
from .forms import OrganisationForm, PersonForm, UnitForm, add_service_errors
from .history import Source, record_history
from .models import Role, Unit, User
from .people import (
    may_change_person,
    person_create,
    person_invite_again,
    person_set_active,
    person_update,
    unit_add,
    unit_set_active,
    unit_update,
)
from .search import search_q
from .submissions import once_per_submission

PAGE_SIZE = 30
STATUSES = {"active": "Đang hoạt động", "inactive": "Đã khóa", "all": "Tất cả"}
PERSON_FIELDS = ["full_name", "unit", "role", "position", "email", "phone"]
UNIT_FIELDS = ["name", "full_name", "short_name", "code", "kind", "email"]


def _organisations_in_reach(user):
    return Unit.objects.organisations().filter(downward_q(user, "organisation"))


def _organisation(request):
    """The organisation whose people are shown: `?org=` within reach, else the user's own."""
    wanted = request.GET.get("org", "")
    if wanted:
        if not wanted.isdigit():
            raise Http404("Không tìm thấy cơ quan này.")
        return get_scoped_or_404(_organisations_in_reach(request.user), pk=wanted)
    organisation = organisation_of(request.user)
    if organisation is None:
        raise Http404("Tài khoản của bạn chưa thuộc cơ quan nào.")
    return organisation


def _person(request, pk):
    people = User.objects.filter(downward_q(request.user, "unit__organisation"))
    return get_scoped_or_404(people.filter(is_superuser=False), pk=pk)


def _unit(request, pk):
    return get_scoped_or_404(
        Unit.objects.filter(downward_q(request.user, "organisation")).select_related(
            "organisation"
        ),
        pk=pk,
    )


def _people_url(organisation, user):
    url = reverse("units:people")
    return url if organisation == organisation_of(user) else f"{url}?org={organisation.pk}"


@login_required
def people_list(request):
    organisation = _organisation(request)
    status = request.GET.get("status", "active")
    if status not in STATUSES:
        status = "active"
    query = request.GET.get("q", "").strip()[:100]
    people = User.objects.filter(unit__organisation=organisation, is_superuser=False)
    if status != "all":
        people = people.filter(is_active=status == "active")
    if query:
        people = people.filter(search_q(query, "search_text", "unit__search_text"))
    page = Paginator(
        people.select_related("unit").order_by("unit__path", "full_name", "username"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    params = {"status": status}
    if request.GET.get("org"):
        params["org"] = organisation.pk
    if query:
        params["q"] = query
    return render(
        request,
        "units/people_list.html",
        {
            "organisation": organisation,
            "manages": can_manage_people(request.user, organisation),
            "page_obj": page,
            "statuses": STATUSES,
            "status": status,
            "query": query,
            "querystring": urlencode(params),
        },
    )


@login_required
@once_per_submission
def person_create_view(request):
    organisation = organisation_of(request.user)
    require(
        organisation is not None and can_manage_people(request.user, organisation),
        "Chỉ lãnh đạo hoặc quản trị của cơ quan được thêm người dùng.",
    )
    initial = {"role": Role.OFFICER, "unit": request.GET.get("unit") or organisation.pk}
    form = PersonForm(
        request.POST or None, organisation=organisation, by=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in ["username", *PERSON_FIELDS]}
        try:
            person = person_create(by=request.user, organisation=organisation, **fields)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"Đã thêm {person.get_full_name()}. Thư mời đặt mật khẩu đã được gửi tới "
                f"{person.email}.",
            )
            return redirect("units:person", person.pk)
    return render(request, "units/person_form.html", {"form": form, "organisation": organisation})


def person_history(person):
    hidden = frozenset({"password", "last_login", "is_staff", "is_superuser", "date_joined"})
    return record_history(
        [Source(User, {"id": person.pk}, lambda record, names: "Tài khoản", hidden)]
    )


@login_required
def person_detail(request, pk):
    person = _person(request, pk)
    return render(
        request,
        "units/person_detail.html",
        {
            "person": person,
            "organisation": person.organisation,
            "may_change": may_change_person(request.user, person),
            "is_self": person.pk == request.user.pk,
            "history": person_history(person),
        },
    )


@login_required
def person_edit(request, pk):
    person = _person(request, pk)
    require(may_change_person(request.user, person), "Bạn chỉ có quyền xem tài khoản này.")
    form = PersonForm(
        request.POST or None, instance=person, organisation=person.organisation, by=request.user
    )
    if request.method == "POST" and form.is_valid():
        # The form wrote the typed values onto `person`: take them back for the service.
        fields = {name: form.cleaned_data[name] for name in PERSON_FIELDS}
        person.refresh_from_db()
        try:
            person_update(by=request.user, person=person, **fields)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Đã lưu thông tin của {person.get_full_name()}.")
            return redirect("units:person", person.pk)
    return render(
        request,
        "units/person_form.html",
        {"form": form, "person": person, "organisation": person.organisation},
    )


@login_required
@require_POST
def person_active(request, pk):
    person = _person(request, pk)
    require(may_change_person(request.user, person), "Bạn chỉ có quyền xem tài khoản này.")
    active = request.POST.get("active") == "1"
    try:
        person_set_active(by=request.user, person=person, active=active)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            f"Đã mở lại tài khoản của {person.get_full_name()}."
            if active
            else f"Đã khóa tài khoản của {person.get_full_name()}: người này không đăng nhập "
            "được nữa, những gì họ đã làm vẫn được giữ.",
        )
    return redirect("units:person", person.pk)


@login_required
@require_POST
def person_invite(request, pk):
    person = _person(request, pk)
    require(may_change_person(request.user, person), "Bạn chỉ có quyền xem tài khoản này.")
    try:
        person_invite_again(by=request.user, person=person)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Đã gửi lại thư mời tới {person.email}.")
    return redirect("units:person", person.pk)


# ---------------------------------------------------------------- units


def _tree_url(organisation):
    return f"{reverse('units:tree')}?org={organisation.pk}"


@login_required
@once_per_submission
def unit_create_view(request):
    organisation = organisation_of(request.user)
    require(
        organisation is not None and can_manage_people(request.user, organisation),
        "Chỉ lãnh đạo hoặc quản trị của cơ quan được thêm đơn vị.",
    )
    form = UnitForm(
        request.POST or None,
        organisation=organisation,
        initial={"parent": request.GET.get("parent") or organisation.pk},
    )
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in UNIT_FIELDS}
        try:
            unit = unit_add(
                by=request.user,
                organisation=organisation,
                parent=form.cleaned_data["parent"],
                **fields,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Đã thêm đơn vị «{unit.name}».")
            return redirect(_tree_url(organisation))
    return render(request, "units/unit_form.html", {"form": form, "organisation": organisation})


@login_required
def unit_edit(request, pk):
    unit = _unit(request, pk)
    organisation = unit.organisation
    require(
        can_manage_people(request.user, organisation),
        "Bạn chỉ có quyền xem các đơn vị của cơ quan này.",
    )
    if unit.is_organisation:
        form = OrganisationForm(request.POST or None, instance=unit)
        names = list(OrganisationForm.Meta.fields)
    else:
        initial = {"parent": Unit.objects.get_parent(unit)}
        form = UnitForm(
            request.POST or None, instance=unit, organisation=organisation, initial=initial
        )
        names = UNIT_FIELDS
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in names}
        parent = form.cleaned_data.get("parent")
        unit.refresh_from_db()
        try:
            unit_update(by=request.user, unit=unit, parent=parent, **fields)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Đã lưu đơn vị «{fields.get('name', unit.name)}».")
            return redirect(_tree_url(organisation))
    return render(
        request,
        "units/unit_form.html",
        {"form": form, "unit": unit, "organisation": organisation},
    )


@login_required
@require_POST
def unit_active(request, pk):
    unit = _unit(request, pk)
    require(
        can_manage_people(request.user, unit.organisation) and not unit.is_organisation,
        "Bạn chỉ có quyền xem các đơn vị của cơ quan này.",
    )
    active = request.POST.get("active") == "1"
    try:
        unit_set_active(by=request.user, unit=unit, active=active)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            f"Đơn vị «{unit.name}» hoạt động trở lại."
            if active
            else f"Đơn vị «{unit.name}» đã ngừng hoạt động; kế hoạch, hoạt động và lịch sử của "
            "đơn vị vẫn được giữ.",
        )
    return redirect(_tree_url(unit.organisation))

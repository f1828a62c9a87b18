"""Plan pages. Every object comes through a scoped queryset: out of scope answers 404,
readable but not writable answers 403."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from units.access import can_manage_plans, get_scoped_or_404, require, subordinate_organisations
from units.models import Role
from units.submissions import once_per_submission

from .document import plan_document, unprinted_parts
from .forms import PlanEditor, PlanFilterForm, PlanIssueForm, PlanReturnForm
from .models import Plan, PlanStatus
from .selectors import (
    can_cascade,
    implementation_status,
    legal_document_search,
    plan_history,
    plan_initial,
    plan_list,
    plan_list_filters,
    plan_parts,
)
from .services import (
    can_issue,
    plan_cascade,
    plan_close,
    plan_delete_draft,
    plan_issue,
    plan_next_number,
    plan_return,
    plan_save,
    plan_submit,
    plan_withdraw,
)
from .services.stored import plan_file
from .services.workflow import ISSUABLE

PAGE_SIZE = 20
READ_ONLY = "Bạn chỉ có quyền xem kế hoạch này, không được thay đổi."
NOT_DRAFT = "Kế hoạch đã ban hành nên không sửa được nữa."
AWAITING = (
    "Kế hoạch đang chờ lãnh đạo ký nên không sửa được. Khi lãnh đạo trả lại, dự thảo sửa được tiếp."
)
LEADERS_ISSUE = (
    "Cơ quan chỉ để lãnh đạo ban hành kế hoạch. Hãy «Trình ký» để lãnh đạo xem và ban hành."
)


def _visible(request, pk):
    return get_scoped_or_404(Plan.objects.visible_to(request.user).with_header(), pk=pk)


def _writable(request, pk, *, draft=True):
    plan = _visible(request, pk)
    require(can_manage_plans(request.user, plan.issuer), READ_ONLY)
    if draft:
        require(plan.status != PlanStatus.AWAITING_SIGNATURE, AWAITING)
        require(plan.status == PlanStatus.DRAFT, NOT_DRAFT)
    return plan


def _issuable(request, pk):
    """A plan the user may issue (or return): draft or awaiting signature, and the user one
    of those who issue the organisation's plans."""
    plan = _writable(request, pk, draft=False)
    require(can_issue(request.user, plan.issuer), LEADERS_ISSUE)
    require(plan.status in ISSUABLE, NOT_DRAFT)
    return plan


# ---------------------------------------------------------------- list


@login_required
@require_GET
def plan_list_view(request):
    filters = plan_list_filters(user=request.user)
    form = PlanFilterForm(request.GET or None, **filters)
    data = form.cleaned_data if form.is_valid() else {}
    plans = plan_list(
        user=request.user,
        status=data.get("status") or "",
        year=data.get("year"),
        issuer=data.get("issuer"),
        query=data.get("q") or "",
    )
    page = Paginator(plans, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    organisation = request.user.organisation
    context = {
        "form": form,
        "page_obj": page,
        "plans": page.object_list,
        "querystring": query.urlencode(),
        "can_create": bool(organisation and can_manage_plans(request.user, organisation)),
        "organisation": organisation,
    }
    template = "plans/_partials/plan_table.html" if request.htmx else "plans/plan_list.html"
    return render(request, template, context)


# ---------------------------------------------------------------- detail


@login_required
@require_GET
def plan_detail(request, pk):
    plan = _visible(request, pk)
    parts = plan_parts(plan)
    user = request.user
    writable = can_manage_plans(user, plan.issuer)
    status_rows = implementation_status(plan=plan, user=user) if plan.status not in ISSUABLE else []
    own_implementing = []
    if user.organisation and plan.issuer_id != user.organisation.pk:
        own_implementing = list(
            Plan.objects.filter(superior_plan=plan, issuer=user.organisation).order_by(
                "-created_at"
            )
        )
    context = {
        "plan": plan,
        "parts": parts,
        "doc": plan_document(plan, parts),
        "unprinted": unprinted_parts(parts) if plan.is_editable else [],
        "history": plan_history(plan=plan),
        "status_rows": status_rows,
        "done_count": sum(1 for row in status_rows if row["plan_pk"]),
        "own_implementing": own_implementing,
        "can_edit": writable and plan.is_editable,
        "can_issue": writable and plan.status in ISSUABLE and can_issue(user, plan.issuer),
        "can_submit": writable and plan.is_editable and user.role != Role.LEADER,
        "can_return": writable
        and plan.status == PlanStatus.AWAITING_SIGNATURE
        and can_issue(user, plan.issuer),
        "can_withdraw": writable and plan.status == PlanStatus.AWAITING_SIGNATURE,
        "can_close": writable and plan.status == PlanStatus.ISSUED,
        "can_cascade": can_cascade(user=user, plan=plan),
    }
    return render(request, "plans/plan_detail.html", context)


# ---------------------------------------------------------------- editor


@login_required
@once_per_submission
def plan_create(request):
    organisation = request.user.organisation
    require(
        organisation is not None and can_manage_plans(request.user, organisation),
        "Chỉ cán bộ, lãnh đạo của cơ quan ban hành mới lập được kế hoạch.",
    )
    plan = Plan(issuer=organisation)
    return _editor(request, plan, initial=plan_initial(organisation=organisation))


@login_required
def plan_edit(request, pk):
    plan = _writable(request, pk)
    return _editor(request, plan)


def _editor(request, plan, initial=None):
    creating = plan.pk is None
    if request.method == "POST":
        editor = PlanEditor(plan=plan, user=request.user, data=request.POST)
        valid = editor.is_valid()
        if valid:
            try:
                saved = plan_save(plan=plan, by=request.user, **editor.payload())
            except ValidationError as error:
                if creating:
                    plan.pk = None
                    plan._state.adding = True
                conflict = getattr(error, "code", None) == "conflict"
                for message in error.messages:
                    editor.add_error(message, conflict=conflict)
            else:
                messages.success(
                    request,
                    "Đã tạo dự thảo kế hoạch." if creating else "Đã lưu các thay đổi.",
                )
                if request.POST.get("then") == "view":
                    return redirect("plans:detail", pk=saved.pk)
                return redirect("plans:edit", pk=saved.pk)
        else:
            editor.add_error(
                "Chưa lưu được. Hãy sửa những chỗ được đánh dấu đỏ bên dưới; mọi nội dung bạn "
                "đã nhập vẫn còn nguyên."
            )
        status = 409 if editor.conflict else 200
    else:
        for key, value in (initial or {}).items():
            setattr(plan, key, value)
        editor = PlanEditor(plan=plan, user=request.user)
        status = 200
    context = {"plan": plan, "editor": editor, "creating": creating}
    return render(request, "plans/plan_form.html", context, status=status)


@login_required
@require_GET
def legal_document_search_view(request):
    """Registry documents for the editor's autocomplete, within the user's scope."""
    documents = legal_document_search(user=request.user, query=request.GET.get("q", ""))
    return JsonResponse(
        {
            "results": [
                {"id": document.pk, "text": document.citation, "title": document.title[:200]}
                for document in documents
            ]
        }
    )


# ---------------------------------------------------------------- workflow


@login_required
def plan_issue_view(request, pk):
    plan = _issuable(request, pk)
    today = timezone.localdate()
    suggested = plan_next_number(issuer=plan.issuer, year=today.year)
    has_subordinates = subordinate_organisations(plan.issuer).exists()
    if request.method == "POST":
        form = PlanIssueForm(request.POST, has_subordinates=has_subordinates)
        if form.is_valid():
            data = form.cleaned_data
            try:
                plan_issue(
                    plan=plan,
                    by=request.user,
                    number=data["number"],
                    issued_on=data["issued_on"],
                    symbol=data["symbol"],
                    place=data["place"],
                    signer_authority=data["signer_authority"],
                    signer_on_behalf=data["signer_on_behalf"],
                    signer_title=data["signer_title"],
                    signer_name=data["signer_name"],
                    version=data["version"],
                    lower_plans_due=data.get("lower_plans_due"),
                )
            except ValidationError as error:
                _errors_to_form(form, error)
            else:
                messages.success(
                    request,
                    f"Đã ban hành Kế hoạch số {plan.number_display}. Kế hoạch nay chỉ "
                    "còn để xem và theo dõi thực hiện.",
                )
                return redirect("plans:detail", pk=plan.pk)
    else:
        # A plan read from its document already carries the number and date it was issued with.
        form = PlanIssueForm(
            has_subordinates=has_subordinates,
            initial={
                "number": plan.number or suggested,
                "symbol": plan.symbol or f"KH-{plan.issuer.short_name}",
                "issued_on": plan.issued_on or today,
                "place": plan.place or plan.issuer.place_name,
                "signer_authority": plan.signer_authority,
                "signer_on_behalf": plan.signer_on_behalf,
                "signer_title": plan.signer_title,
                "signer_name": plan.signer_name,
                "version": plan.version,
                "lower_plans_due": plan.lower_plans_due,
            },
        )
    context = {
        "plan": plan,
        "form": form,
        "shared_numbering": plan.issuer.plan_numbering == "shared",
        "suggested": suggested,
    }
    return render(request, "plans/plan_issue.html", context)


def _errors_to_form(form, error):
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            target = field if field in form.fields else None
            for message in errors:
                form.add_error(target, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


@login_required
@require_POST
def plan_submit_view(request, pk):
    """«Trình ký»: send the draft to the organisation's leaders."""
    plan = _writable(request, pk)
    version = request.POST.get("version", "")
    try:
        plan_submit(plan=plan, by=request.user, version=int(version) if version.isdigit() else None)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, "Đã trình ký. Lãnh đạo sẽ ban hành hoặc trả lại kèm ý kiến để sửa tiếp."
        )
    return redirect("plans:detail", pk=plan.pk)


@login_required
@require_POST
def plan_withdraw_view(request, pk):
    """«Rút lại»: take a plan awaiting signature back to draft to fix it."""
    plan = _writable(request, pk, draft=False)
    version = request.POST.get("version", "")
    try:
        plan_withdraw(
            plan=plan, by=request.user, version=int(version) if version.isdigit() else None
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Đã rút lại dự thảo để sửa. Sửa xong hãy «Trình ký» lại.")
    return redirect("plans:detail", pk=plan.pk)


@login_required
def plan_return_view(request, pk):
    """«Trả lại»: back to draft with the leader's comment (required)."""
    plan = _writable(request, pk, draft=False)
    require(can_issue(request.user, plan.issuer), LEADERS_ISSUE)
    require(plan.status == PlanStatus.AWAITING_SIGNATURE, "Kế hoạch không ở trạng thái chờ ký.")
    if request.method == "POST":
        form = PlanReturnForm(request.POST)
        if form.is_valid():
            try:
                plan_return(
                    plan=plan,
                    by=request.user,
                    comment=form.cleaned_data["comment"],
                    version=form.cleaned_data["version"],
                )
            except ValidationError as error:
                _errors_to_form(form, error)
            else:
                messages.success(request, "Đã trả lại dự thảo kèm ý kiến cho người trình.")
                return redirect("plans:detail", pk=plan.pk)
    else:
        form = PlanReturnForm(initial={"version": plan.version})
    return render(request, "plans/plan_return.html", {"plan": plan, "form": form})


@login_required
@require_POST
def plan_close_view(request, pk):
    plan = _writable(request, pk, draft=False)
    try:
        plan_close(plan=plan, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Đã kết thúc kế hoạch.")
    return redirect("plans:detail", pk=plan.pk)


@login_required
@require_POST
def plan_delete_view(request, pk):
    plan = _writable(request, pk)
    try:
        plan_delete_draft(plan=plan, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("plans:detail", pk=plan.pk)
    messages.success(request, "Đã xóa dự thảo.")
    return redirect("plans:list")


@login_required
@require_POST
@once_per_submission
def plan_cascade_view(request, pk):
    superior = _visible(request, pk)
    require(
        can_cascade(user=request.user, plan=superior),
        "Chỉ cán bộ của cơ quan cấp dưới mới xây dựng được kế hoạch thực hiện kế hoạch này.",
    )
    try:
        plan = plan_cascade(
            superior=superior, organisation=request.user.organisation, by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("plans:detail", pk=superior.pk)
    messages.success(
        request,
        f"Đã tạo dự thảo thực hiện Kế hoạch số {superior.number_display}: căn cứ, nội dung, "
        "hình thức đã được chép sang để bạn điều chỉnh cho phù hợp; hãy phân công các đơn "
        "vị của mình.",
    )
    return redirect("plans:edit", pk=plan.pk)


# ---------------------------------------------------------------- documents


def _download(content, *, filename, content_type):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def plan_pdf(request, pk):
    content, filename = plan_file(_visible(request, pk), "pdf")
    return _download(content, filename=filename, content_type="application/pdf")


@login_required
@require_GET
def plan_docx(request, pk):
    content, filename = plan_file(_visible(request, pk), "docx")
    return _download(
        content,
        filename=filename,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )

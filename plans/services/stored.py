"""Documents rendered once: what no longer changes is rendered when it is issued or sent (a
Celery task), stored through Django's storage API and served from there; a draft is rendered
on each download, within the cost limits of plans/limits.py."""

import logging
from collections.abc import Callable

from celery import shared_task
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from ..models import Plan, StoredDocument

logger = logging.getLogger(__name__)


def stored_or_rendered(
    *, kind: str, object_id: int, source: str | None, render: Callable[[], bytes]
) -> bytes:
    """The document's bytes: the stored file when it was rendered from `source`, otherwise
    rendered now (and stored, unless `source` is None: a draft)."""
    if source is None:
        return render()
    stored = StoredDocument.objects.filter(kind=kind, object_id=object_id).first()
    if stored is not None and stored.source == source:
        try:
            with stored.file.open("rb") as handle:
                return handle.read()
        except OSError:
            logger.warning("Stored %s is missing its file %s: rendering again", stored, stored.file)
    content = render()
    _store(kind, object_id, source, content, stored)
    return content


def _store(kind, object_id, source, content, stored):
    old_name = stored.file.name if stored is not None else None
    stored = stored or StoredDocument(kind=kind, object_id=object_id)
    stored.source = source
    name = f"{kind.replace('.', '-')}-{object_id}.{kind.rsplit('.', 1)[-1]}"
    stored.file.save(name, ContentFile(content), save=False)
    try:
        with transaction.atomic():
            stored.save()
    except IntegrityError:  # another worker stored it meanwhile: keep theirs
        stored.file.delete(save=False)
        return
    if old_name and old_name != stored.file.name:
        stored.file.storage.delete(old_name)


def plan_source(plan) -> str | None:
    """What an issued plan's files are rendered from; None for a plan still being drafted."""
    from ..models import PlanStatus

    if plan.status not in (PlanStatus.ISSUED, PlanStatus.CLOSED):
        return None
    return f"{plan.status}:{plan.version}:{plan.updated_at.timestamp():.6f}"


def plan_file(plan, fmt: str) -> tuple[bytes, str]:
    """A plan as PDF or Word («pdf», «docx») and its file name."""
    from ..document import plan_document, plan_filename
    from ..printing import render_docx, render_pdf

    def render():
        document = plan_document(plan)
        if fmt == "pdf":
            return render_pdf(document, "documents/plan.html", {"plan": plan})
        return render_docx(document)

    content = stored_or_rendered(
        kind=f"plan.{fmt}", object_id=plan.pk, source=plan_source(plan), render=render
    )
    return content, f"{plan_filename(plan)}.{fmt}"


def prerender_on_commit(task, object_id) -> None:
    """Have a worker render and store an object's files once the transaction commits."""
    from django.conf import settings

    if settings.LOA_PRERENDER_DOCUMENTS:
        from notifications.tasks import enqueue

        transaction.on_commit(lambda: enqueue(task, object_id))


def plan_files_store(plan) -> None:
    """Render an issued plan's PDF and Word files now, so the first download is served."""
    for fmt in ("pdf", "docx"):
        plan_file(plan, fmt)


@shared_task(name="plans.store_plan_documents")
def store_plan_documents(plan_id: int) -> None:
    """Render an issued plan's PDF and Word files once and store them."""
    plan = Plan.objects.filter(pk=plan_id).first()
    if plan is not None:
        plan_files_store(plan)

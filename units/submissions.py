"""One click, one row: creating views count each submission once.

A creating form carries a hidden key (`{% submission_key %}`); the view, wrapped in
`once_per_submission`, claims the key inside its transaction by inserting it (unique). A
repeat of the same POST, at the same moment or later, cannot insert it again: it waits for
the first to commit and is answered with the first result. When the first POST created
nothing (the form came back with errors), its claim is rolled back and the key can be sent
again."""

import datetime
import uuid
from functools import wraps

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils import timezone

from .models import Submission

FIELD = "submission_key"
KEPT_FOR = datetime.timedelta(days=2)
REPEATED = "Yêu cầu này đã được gửi trước đó và đã được ghi nhận một lần; đây là kết quả."


def _form_key(request, *args, **kwargs):
    return request.POST.get(FIELD)


def once_per_submission(view=None, *, key=_form_key):
    """Decorate a creating view. `key(request, *args, **kwargs)` gives the submission's key
    (the hidden form field by default); a POST without one is served as before."""

    def decorate(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            raw = key(request, *args, **kwargs) if request.method == "POST" else None
            if not raw:
                return view(request, *args, **kwargs)
            try:
                submission_key = uuid.UUID(str(raw))
            except ValueError:
                return HttpResponseBadRequest("Mã lần gửi không hợp lệ.")
            with transaction.atomic():
                if not _claim(submission_key, request.user):
                    return _repeat(request, submission_key)
                response = view(request, *args, **kwargs)
                if 300 <= response.status_code < 400 and response.get("Location"):
                    Submission.objects.filter(key=submission_key).update(
                        result_url=response["Location"][:500]
                    )
                else:
                    transaction.set_rollback(True)
            return response

        return wrapper

    return decorate(view) if view is not None else decorate


def _claim(key, user) -> bool:
    try:
        with transaction.atomic():
            Submission.objects.create(key=key, user=user)
    except IntegrityError:
        return False
    Submission.objects.filter(created_at__lt=timezone.now() - KEPT_FOR).delete()
    return True


def _repeat(request, key):
    first = Submission.objects.filter(key=key, user=request.user).first()
    if first is None or not first.result_url:
        return HttpResponseBadRequest("Mã lần gửi không hợp lệ.")
    messages.info(request, REPEATED)
    return redirect(first.result_url)

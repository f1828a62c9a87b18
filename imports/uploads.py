"""Workbooks waiting between their preview and their confirmation, in the default storage
(`imports/<token>.xlsx`), and the removal of those nobody confirmed."""

import datetime
import logging
import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

logger = logging.getLogger(__name__)

FOLDER = "imports"


def pending_path(token: str) -> str:
    return f"{FOLDER}/{token}.xlsx"


def keep_pending(data: bytes) -> str:
    """Store a previewed workbook until it is confirmed; returns its token."""
    token = uuid.uuid4().hex
    default_storage.save(pending_path(token), ContentFile(data))
    return token


def pending_cleanup(*, now: datetime.datetime | None = None) -> int:
    """Delete the workbooks previewed more than LOA_IMPORT_PENDING_HOURS ago and never
    confirmed (the person left the preview); how many were deleted."""
    limit = (now or timezone.now()) - datetime.timedelta(hours=settings.LOA_IMPORT_PENDING_HOURS)
    try:
        _, names = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        return 0  # nothing was ever previewed
    deleted = 0
    for name in names:
        path = f"{FOLDER}/{name}"
        try:
            if default_storage.get_modified_time(path) < limit:
                default_storage.delete(path)
                deleted += 1
        except OSError:
            logger.warning("Pending import %s: could not check or delete it", path)
    return deleted

"""Who may do what with a report. Views `require()` these; services check them again.

- The reporting organisation's officers and leaders edit a draft (or a returned report).
- Only its leaders submit it.
- The organisations above it read it once submitted, and their leaders and officers accept
  or return it; they never edit it.
"""

from units.access import can_write, sees_everything
from units.models import Role

from .models import ReportStatus

EDITORS = {Role.OFFICER, Role.LEADER, Role.ADMIN}
REVIEWERS = {Role.OFFICER, Role.LEADER, Role.ADMIN}
EDITABLE = {ReportStatus.DRAFT, ReportStatus.RETURNED}
SENT = [ReportStatus.SUBMITTED, ReportStatus.ACCEPTED, ReportStatus.RETURNED]


def can_edit_report(user, organisation):
    return can_write(user, organisation) and (user.is_superuser or user.role in EDITORS)


def can_submit_report(user, organisation):
    return can_write(user, organisation) and (user.is_superuser or user.role == Role.LEADER)


def is_superior_of(user, organisation):
    if sees_everything(user):
        return True
    # Only reached for a signed-in user (can_review_report asks is_authenticated first).
    own = user.organisation
    return (
        own is not None and organisation.path.startswith(own.path) and organisation.path != own.path
    )


def can_review_report(user, organisation):
    return (
        user.is_authenticated
        and user.is_active
        and is_superior_of(user, organisation)
        and (user.is_superuser or user.role in REVIEWERS)
    )

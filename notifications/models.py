"""Notifications: deadline reminders and events (an activity returned, a report accepted …),
in-app, the daily e-mail digest, immediate e-mails and per-user preferences.

A notification row is also the claim that it was given: the unique constraint on
(recipient, item, rule, day) makes a second run of the same day, or two overlapping runs,
insert nothing twice, and an event is unique per (recipient, occurrence). The digest row
does the same for the one e-mail per person per day.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q

from plans.models import Assignment, Plan
from units.models import Unit


class NotificationKind(models.TextChoices):
    ASSIGNMENT = "assignment", "Hạn nhiệm vụ"
    REPORT = "report", "Hạn báo cáo định kỳ"
    EVENT = "event", "Việc mới"


class ReminderRule(models.TextChoices):
    BEFORE = "before", "Sắp đến hạn"
    TODAY = "today", "Đến hạn hôm nay"
    OVERDUE = "overdue", "Quá hạn"
    EVENT = "event", "Báo việc mới"


class EmailStatus(models.TextChoices):
    """An event's own e-mail, for people who take events at once: pending → sending (a
    conditional UPDATE: whoever changes the row sends) → sent."""

    NONE = "", "Không gửi thư riêng"
    PENDING = "pending", "Chờ gửi"
    SENDING = "sending", "Đang gửi"
    SENT = "sent", "Đã gửi"
    FAILED = "failed", "Gửi lỗi"


class NotificationQuerySet(models.QuerySet):
    def for_recipient(self, user):
        return self.filter(recipient=user)

    def unread(self):
        return self.filter(read_at__isnull=True)

    def for_listing(self):
        # Headline and subject are stored on the row: the list joins only who acted.
        return self.select_related("actor").order_by("-remind_on", "-pk")

    def in_digest_of(self, day):
        """What the digest of `day` may list: that day's reminders, and the events of the day
        before (the digest goes out in the morning; events after it wait for the next)."""
        return self.filter(
            Q(remind_on=day) & ~Q(rule="event")
            | Q(remind_on=day - datetime.timedelta(days=1), rule="event")
        )


class Notification(models.Model):
    """One reminder of one item (an assignment's deadline, a missing report) to one person on
    one day, or one event (notifications/events.py) told to one person."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người nhận",
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField("loại", max_length=12, choices=NotificationKind.choices)
    rule = models.CharField("mốc nhắc", max_length=10, choices=ReminderRule.choices)
    item_key = models.CharField(
        "khóa việc được nhắc",
        max_length=120,
        help_text="«assignment:12», «report:5:quarter:2026:1» …: cùng việc, cùng khóa.",
    )
    event = models.CharField(
        "việc", max_length=30, blank=True, help_text="Với thông báo việc mới: việc gì đã xảy ra."
    )
    remind_on = models.DateField("ngày nhắc")
    due_date = models.DateField("hạn", null=True, blank=True)
    days_left = models.SmallIntegerField(
        "số ngày còn lại", null=True, blank=True, help_text="Âm khi đã quá hạn."
    )
    escalated = models.BooleanField(
        "chuyển lãnh đạo", default=False, help_text="Gửi lãnh đạo vì việc đã quá hạn."
    )
    subject = models.CharField("việc", max_length=300)
    detail = models.TextField("chi tiết", blank=True)
    organisation = models.ForeignKey(
        Unit,
        verbose_name="cơ quan",
        on_delete=models.CASCADE,
        related_name="+",
    )
    plan = models.ForeignKey(
        Plan,
        verbose_name="kế hoạch",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    assignment = models.ForeignKey(
        Assignment,
        verbose_name="phân công",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    activity = models.ForeignKey(
        "activities.Activity",
        verbose_name="hoạt động",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    report = models.ForeignKey(
        "reports.Report",
        verbose_name="báo cáo",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người thực hiện",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    email_status = models.CharField(
        "thư riêng", max_length=10, choices=EmailStatus.choices, blank=True, default=""
    )
    period_kind = models.CharField("loại kỳ báo cáo", max_length=10, blank=True)
    period_year = models.PositiveSmallIntegerField("năm của kỳ", null=True, blank=True)
    period_index = models.PositiveSmallIntegerField("thứ tự kỳ", null=True, blank=True)
    run_id = models.UUIDField(
        "lần chạy", db_index=True, editable=False, help_text="Lần quét đã tạo thông báo này."
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    read_at = models.DateTimeField("đã đọc lúc", null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = "thông báo"
        verbose_name_plural = "thông báo"
        ordering = ["-remind_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "item_key", "rule", "remind_on"],
                name="notification_once_per_recipient_item_rule_day",
            ),
            # An event (its key names the occurrence) is told once, whatever the day.
            models.UniqueConstraint(
                fields=["recipient", "item_key"],
                condition=Q(rule="event"),
                name="notification_event_once_per_recipient",
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "read_at"], name="notification_unread_idx"),
            models.Index(fields=["remind_on", "recipient"], name="notification_day_idx"),
        ]

    def __str__(self):
        return f"{self.headline}: {self.subject}"

    @property
    def is_event(self):
        return self.rule == ReminderRule.EVENT

    @property
    def headline(self):
        """What the reminder says about the deadline (or what happened), in Vietnamese."""
        if self.is_event:
            from .events import Event

            label = str(dict(Event.choices).get(self.event, "Việc mới"))
            return f"{label} (bởi {self.actor.get_full_name()})" if self.actor_id else label
        due = f"{self.due_date:%d/%m/%Y}"
        if self.rule == ReminderRule.TODAY:
            return f"Đến hạn hôm nay ({due})"
        if self.rule == ReminderRule.OVERDUE:
            suffix = ", đề nghị lãnh đạo đôn đốc" if self.escalated else ""
            return f"Quá hạn {-self.days_left} ngày (hạn {due}){suffix}"
        return f"Còn {self.days_left} ngày đến hạn ({due})"

    @property
    def is_read(self):
        return self.read_at is not None


class DigestStatus(models.TextChoices):
    PENDING = "pending", "Chờ gửi"
    SENDING = "sending", "Đang gửi"
    SENT = "sent", "Đã gửi"
    FAILED = "failed", "Gửi lỗi"


class Digest(models.Model):
    """The one reminder e-mail of a person for a day, claimed before it is sent.

    pending → sending (a conditional UPDATE: whoever changes the row sends) → sent; an SMTP
    failure puts it back to pending for the retry, and the last failed retry marks it failed.
    """

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="người nhận",
        on_delete=models.CASCADE,
        related_name="reminder_digests",
    )
    day = models.DateField("ngày")
    status = models.CharField(
        "trạng thái", max_length=10, choices=DigestStatus.choices, default=DigestStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField("số lần gửi", default=0)
    item_count = models.PositiveIntegerField("số việc trong thư", default=0)
    last_error = models.TextField("lỗi gần nhất", blank=True)
    run_id = models.UUIDField("lần chạy", db_index=True, editable=False)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    sent_at = models.DateTimeField("gửi lúc", null=True, blank=True)

    class Meta:
        verbose_name = "thư tổng hợp"
        verbose_name_plural = "thư tổng hợp hằng ngày"
        ordering = ["-day", "recipient"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "day"], name="digest_once_per_person_day")
        ]
        indexes = [models.Index(fields=["day", "status"], name="digest_day_status_idx")]

    def __str__(self):
        return f"{self.recipient} – {self.day:%d/%m/%Y}"


class NotificationPreference(models.Model):
    """How a person wants to be reminded. In-app notifications always appear; e-mail can be
    switched off, or limited to one kind. No row means the defaults (everything on)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="người dùng",
        on_delete=models.CASCADE,
        related_name="notification_preference",
    )
    email_enabled = models.BooleanField(
        "nhận thư tổng hợp hằng ngày",
        default=True,
        help_text="Mỗi ngày tối đa một thư liệt kê mọi việc cần nhắc.",
    )
    email_assignments = models.BooleanField("đưa hạn nhiệm vụ vào thư", default=True)
    email_reports = models.BooleanField("đưa hạn báo cáo định kỳ vào thư", default=True)
    IMMEDIATE, DIGEST, NO_EMAIL = "immediate", "digest", "none"
    event_email = models.CharField(
        "việc mới (hoạt động bị trả lại, báo cáo được tiếp nhận …)",
        max_length=10,
        choices=[
            (IMMEDIATE, "Gửi thư ngay khi có việc"),
            (DIGEST, "Đưa vào thư tổng hợp sáng hôm sau"),
            (NO_EMAIL, "Không gửi thư, chỉ báo trong Loa"),
        ],
        default=DIGEST,
    )
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "cài đặt nhận thông báo"
        verbose_name_plural = "cài đặt nhận thông báo"
        constraints = [
            models.CheckConstraint(
                condition=Q(email_enabled=False)
                | Q(email_assignments=True)
                | Q(email_reports=True)
                | Q(event_email="digest"),
                name="preference_email_has_a_kind",
                violation_error_message="Chọn ít nhất một loại việc để nhận thư, hoặc tắt thư.",
            )
        ]

    def __str__(self):
        return f"Cài đặt thông báo của {self.user}"

    def emails_kind(self, kind):
        """Whether the digest lists notifications of `kind`."""
        if not self.email_enabled:
            return False
        if kind == NotificationKind.EVENT:
            return self.event_email == self.DIGEST
        return self.email_reports if kind == NotificationKind.REPORT else self.email_assignments

"""公示与异议 (DOMAIN.md B9): public notices of any type, objections and their published answers,
and letters (反馈) to individual residents. Generic: the PB list, vote results and meeting notices
are all published through PublicNotice."""

import uuid
from datetime import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from roundtable.communities.models import Jurisdiction
from roundtable.people.models import Person


class PublicNotice(models.Model):
    class Type(models.TextChoices):
        CYCLE_LAUNCH = "cycle_launch", _("启动公告")
        AGENDA = "agenda", _("议题公告")
        CANDIDATES = "candidates", _("候选项目公示")
        ELECTION_SLATE = "election_slate", _("候选人公示")
        RESULT = "result", _("结果公示")
        OBJECTION_OUTCOME = "objection_outcome", _("异议处理结果")
        MEETING = "meeting", _("会议通知")
        PROGRESS = "progress", _("进度公开")
        COMPLETION = "completion", _("实施结果公开")
        ACCOUNTS = "accounts", _("账目公开")

    class Status(models.TextChoices):
        POSTED = "posted", _("公示中")
        RETRACTED = "retracted", _("已撤回")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    type = models.CharField(_("类型"), max_length=24, choices=Type.choices)
    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("范围"), on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(_("标题"), max_length=120)
    body = models.TextField(_("正文（已去标识）"))
    # A table for the notice (e.g. the candidate list): column headings and rows of text, de-identified.
    columns = models.JSONField(default=list, blank=True)
    rows = models.JSONField(default=list, blank=True)
    # Who published it from which feature: "proposals.cycle:<id>", "meetings.meeting:<id>" …
    source = models.CharField(max_length=80, blank=True, db_index=True)
    posted_at = models.DateTimeField(_("公示时间"), default=timezone.now)
    period_days = models.PositiveSmallIntegerField(_("公示天数"))
    objection_deadline = models.DateTimeField(_("异议截止"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.POSTED)
    approved_by = models.CharField(_("审核（党组织/居委会）"), max_length=80, blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("公示")
        verbose_name_plural = _("公示")
        ordering = ["-posted_at"]

    def __str__(self) -> str:
        return self.title

    def accepts_objections(self, at: datetime | None = None) -> bool:
        now = at or timezone.now()
        return (
            self.status == self.Status.POSTED
            and self.objection_deadline is not None
            and self.posted_at <= now < self.objection_deadline
        )


class Objection(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("待答复")
        ANSWERED = "answered", _("已答复")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    notice = models.ForeignKey(PublicNotice, on_delete=models.CASCADE, related_name="objections")
    submitter = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="objections")
    text = models.TextField(_("异议内容"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.OPEN)
    response = models.TextField(_("答复"), blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("异议")
        verbose_name_plural = _("异议")
        ordering = ["created_at"]


class Letter(models.Model):
    """A letter to one resident (反馈): in-app, and by message when they have a phone."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="letters")
    subject = models.CharField(max_length=120)
    body = models.TextField()
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]

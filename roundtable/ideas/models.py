"""民事民提：诉求与分流 (DOMAIN.md B5): ideas from residents, photos, triage decisions, replies."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from roundtable.communities.models import Jurisdiction
from roundtable.cycles.models import Cycle, NegativeListItem
from roundtable.people.models import Person


class Idea(models.Model):
    class Channel(models.TextChoices):
        ONLINE = "online", _("网上提交")
        PAPER_FORM = "paper_form", _("纸质表格")
        PHONE = "phone", _("电话")
        DOOR_TO_DOOR = "door_to_door", _("上门走访")
        SUGGESTION_BOX = "suggestion_box", _("意见箱")
        ROUND_TABLE = "round_table", _("圆桌会")
        STREET_STALL = "street_stall", _("街头摆摊")

    class Category(models.TextChoices):
        ENVIRONMENT = "environment", _("环境卫生")
        PARKING = "parking", _("停车出行")
        ELDERLY_CARE = "elderly_care", _("养老助老")
        CHILD = "child", _("儿童青少年")
        FACILITIES = "facilities", _("公共设施")
        SAFETY = "safety", _("安全")
        PROPERTY_MGMT = "property_mgmt", _("物业管理")
        CULTURE_SPORTS = "culture_sports", _("文体活动")
        NEIGHBOUR = "neighbour_dispute", _("邻里纠纷")
        OTHER = "other", _("其他")

    class Status(models.TextChoices):
        RECEIVED = "received", _("已受理，待分流")
        HANDLED = "handled", _("已分流办理")
        REFERRED = "referred", _("已转交部门")
        IN_PB = "in_pb", _("进入参与式预算")
        MERGED = "merged", _("已与相同点子合并")
        REJECTED = "rejected", _("不予支持")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ack_number = models.CharField(_("受理编号"), max_length=24, unique=True)
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="ideas")
    community = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="+")
    location = models.ForeignKey(
        Jurisdiction, verbose_name=_("地点（小区/楼栋）"), on_delete=models.PROTECT, related_name="+"
    )
    place_note = models.CharField(_("具体位置"), max_length=120, blank=True)
    problem = models.TextField(_("遇到了什么问题"))
    category = models.CharField(_("类别"), max_length=24, choices=Category.choices)
    channel = models.CharField(_("提交方式"), max_length=24, choices=Channel.choices)
    submitter = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="ideas_submitted"
    )
    followers = models.ManyToManyField(Person, blank=True, related_name="ideas_followed")
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.RECEIVED)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_ideas"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("点子")
        verbose_name_plural = _("点子")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.ack_number


class IdeaPhoto(models.Model):
    """Re-encoded without metadata; kept in the database, never public by default (DOMAIN.md E4)."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="photos")
    content_type = models.CharField(max_length=16)
    data = models.BinaryField()
    size = models.PositiveIntegerField()


class TriageDecision(models.Model):
    class Klass(models.TextChoices):
        PRIVATE = "private", _("私事")
        MINOR = "minor", _("小事")
        MAJOR = "major", _("大事")
        PB_ELIGIBLE = "pb_eligible", _("可纳入参与式预算")

    class Route(models.TextChoices):
        SELF_HELP = "self_help", _("居民自行解决")
        MEDIATION = "mediation", _("调解")
        COMMUNITY = "community_handle", _("社区办理")
        SELF_GOV_FUND = "self_gov_fund", _("申请自治金")
        REFER = "refer_department", _("转交部门（吹哨报到）")
        PB = "pb_pipeline", _("进入参与式预算")
        MERGE = "merge", _("与相同点子合并")
        REJECT = "reject", _("不予支持（负面清单）")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="decisions")
    klass = models.CharField(_("分类"), max_length=16, choices=Klass.choices)
    route = models.CharField(_("去向"), max_length=24, choices=Route.choices)
    reason = models.TextField(_("给居民的答复"))
    negative_item = models.ForeignKey(NegativeListItem, null=True, blank=True, on_delete=models.PROTECT)
    department = models.CharField(_("承办部门"), max_length=80, blank=True)
    ticket_no = models.CharField(_("工单号"), max_length=40, blank=True)
    due_at = models.DateField(_("办结期限"), null=True, blank=True)
    merged_into = models.ForeignKey(Idea, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("分流决定")
        verbose_name_plural = _("分流决定")
        ordering = ["decided_at"]


class IdeaReply(models.Model):
    """Everything said back to the submitter: the acknowledgement, triage reasons, letters."""

    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="replies")
    body = models.TextField()
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

"""参与式预算项目方案 (DOMAIN.md B6): proposals, co-signers (附议), reviews, conflict-of-interest declarations."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from roundtable.communities.models import Jurisdiction
from roundtable.cycles.models import Cycle, Pool
from roundtable.ideas.models import Idea
from roundtable.people.models import Person


class Proposal(models.Model):
    class Type(models.TextChoices):
        CONSTRUCTION = "construction", _("工程")
        SERVICE = "service", _("服务")
        GOODS = "goods", _("货物")

    class Feasibility(models.TextChoices):
        PENDING = "pending", _("待论证")
        FEASIBLE = "feasible", _("可行")
        CONDITIONAL = "conditional", _("有条件可行")
        INFEASIBLE = "infeasible", _("不可行")

    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        SUBMITTED = "submitted", _("已提交")
        ELIGIBLE = "eligible", _("审核通过")
        SCREENED_OUT = "screened_out", _("未通过审核")
        ON_BALLOT = "on_ballot", _("列入候选")
        SELECTED = "selected", _("入选")
        NOT_SELECTED = "not_selected", _("未入选")
        WITHDRAWN = "withdrawn", _("已撤回")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="proposals")
    pool = models.ForeignKey(
        Pool, verbose_name=_("资金池"), on_delete=models.PROTECT, related_name="proposals"
    )
    origin_ideas = models.ManyToManyField(Idea, blank=True, related_name="proposals")
    title = models.CharField(_("项目名称"), max_length=80)
    problem = models.TextField(_("要解决的问题"))
    solution = models.TextField(_("解决办法"))
    type = models.CharField(_("项目类型"), max_length=16, choices=Type.choices)
    location = models.ForeignKey(
        Jurisdiction, verbose_name=_("地点"), on_delete=models.PROTECT, related_name="+"
    )
    beneficiaries = models.PositiveIntegerField(_("受益人数（估计）"))
    cost_estimate = models.PositiveBigIntegerField(_("预算估计（元）"))
    cost_basis = models.TextField(_("预算依据"))
    touches_common_parts = models.BooleanField(_("涉及小区共有部分（需业主表决）"), default=False)
    feasibility = models.CharField(
        _("可行性"), max_length=16, choices=Feasibility.choices, default=Feasibility.PENDING
    )
    feasibility_note = models.TextField(_("可行性意见"), blank=True)
    proposers = models.ManyToManyField(Person, verbose_name=_("提案人"), related_name="proposals")
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    status_reason = models.TextField(_("状态说明"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("项目方案")
        verbose_name_plural = _("项目方案")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.title


class CoSignature(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="co_signatures")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [models.UniqueConstraint(fields=["proposal", "person"], name="cosign_once")]


class Review(models.Model):
    class ReviewerRole(models.TextChoices):
        EXPERT = "expert", _("专家")
        DEPARTMENT = "department", _("职能部门")
        TECHNICAL = "technical", _("技术人员")

    class Recommendation(models.TextChoices):
        SUPPORT = "support", _("建议列入")
        REVISE = "revise", _("修改后列入")
        OPPOSE = "oppose", _("不建议列入")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="reviews")
    reviewer_role = models.CharField(_("评审身份"), max_length=16, choices=ReviewerRole.choices)
    reviewer_name = models.CharField(_("评审人或单位"), max_length=80)
    opinion = models.TextField(_("意见"))
    cost_opinion = models.PositiveBigIntegerField(_("核定预算（元）"), null=True, blank=True)
    recommendation = models.CharField(_("建议"), max_length=16, choices=Recommendation.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)


class ConflictOfInterest(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="conflicts")
    person = models.ForeignKey(Person, verbose_name=_("申报人"), on_delete=models.PROTECT, related_name="+")
    nature = models.CharField(_("利益关系"), max_length=200)
    recusal = models.BooleanField(_("回避"), default=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)


class ProposalPhoto(models.Model):
    """A photo staff choose to show publicly with a proposal (the site, a design drawing).

    Re-encoded without metadata like idea photos (ideas.photos.photo_clean); ``thumb`` is the small
    JPEG the phone ballot shows. When a vote opens, its candidate keeps the proposal's first photo.
    """

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="photos")
    content_type = models.CharField(max_length=16)
    data = models.BinaryField()
    size = models.PositiveIntegerField()
    thumb = models.BinaryField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("项目照片")
        verbose_name_plural = _("项目照片")
        ordering = ["created_at", "pk"]

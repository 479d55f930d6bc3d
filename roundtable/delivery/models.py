"""项目实施、监督与验收 (DOMAIN.md B10, stages P9–P11): one Implementation per selected proposal."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from roundtable.people.models import Person
from roundtable.proposals.models import Proposal


class Implementation(models.Model):
    class Procurement(models.TextChoices):
        THREE_QUOTES = "three_quotes", _("三方比价")
        GOVERNMENT = "government_procurement", _("政府采购")
        SERVICE_PURCHASE = "direct_service_purchase", _("购买服务")
        VOLUNTEER = "volunteer_labour", _("居民志愿投工")

    class Status(models.TextChoices):
        PLANNING = "planning", _("筹备中")
        IN_PROGRESS = "in_progress", _("实施中")
        COMPLETED = "completed", _("已完工，待验收")
        ACCEPTED = "accepted", _("已验收")
        FAILED = "failed", _("验收未通过")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    proposal = models.OneToOneField(Proposal, on_delete=models.PROTECT, related_name="implementation")
    implementer = models.CharField(_("实施单位"), max_length=120)
    contract_ref = models.CharField(_("合同编号"), max_length=60, blank=True)
    procurement_method = models.CharField(_("采购方式"), max_length=32, choices=Procurement.choices)
    procurement_note = models.TextField(_("采购记录（如三方报价）"), blank=True)
    budget = models.PositiveBigIntegerField(_("下达金额（元）"))
    start_planned = models.DateField(_("计划开工"), null=True, blank=True)
    finish_planned = models.DateField(_("计划完工"), null=True, blank=True)
    finish_actual = models.DateField(_("实际完工"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.PLANNING)
    panel = models.ManyToManyField(Person, verbose_name=_("验收小组"), blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("项目实施")
        verbose_name_plural = _("项目实施")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.proposal.title


class Milestone(models.Model):
    implementation = models.ForeignKey(Implementation, on_delete=models.CASCADE, related_name="milestones")
    name = models.CharField(_("节点"), max_length=80)
    due_on = models.DateField(_("截止日期"))
    done_on = models.DateField(_("完成日期"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]


class Expenditure(models.Model):
    implementation = models.ForeignKey(Implementation, on_delete=models.PROTECT, related_name="expenditures")
    amount = models.PositiveBigIntegerField(_("金额（元）"))
    spent_on = models.DateField(_("支出日期"))
    payee = models.CharField(_("收款单位"), max_length=120)
    voucher_ref = models.CharField(_("凭证号"), max_length=60)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["spent_on", "created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="expenditure_positive"),
        ]


class ChangeRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("待社区审批")
        REFERRED = "referred", _("已提交议事会")
        APPROVED = "approved", _("已批准")
        REJECTED = "rejected", _("未批准")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    implementation = models.ForeignKey(
        Implementation, on_delete=models.CASCADE, related_name="change_requests"
    )
    delta_budget = models.BigIntegerField(_("预算变化（元）"), default=0)
    scope_change = models.TextField(_("内容变化"), blank=True)
    scope_major = models.BooleanField(_("内容重大变化"), default=False)
    reason = models.TextField(_("理由"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices)
    decision_reason = models.TextField(_("审批意见"), blank=True)
    council_reference = models.CharField(_("议事会决议"), max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]


class Inspection(models.Model):
    implementation = models.ForeignKey(Implementation, on_delete=models.CASCADE, related_name="inspections")
    inspector = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    inspected_on = models.DateField(_("检查日期"))
    findings = models.TextField(_("发现的问题与意见"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-inspected_on", "-created_at"]


class Photo(models.Model):
    """Re-encoded without EXIF (ideas.photos.photo_clean); progress photos are public."""

    implementation = models.ForeignKey(Implementation, on_delete=models.CASCADE, related_name="photos")
    inspection = models.ForeignKey(
        Inspection, null=True, blank=True, on_delete=models.CASCADE, related_name="photos"
    )
    caption = models.CharField(_("说明"), max_length=120, blank=True)
    content_type = models.CharField(max_length=16)
    data = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)


class ProblemReport(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("待处理")
        ANSWERED = "answered", _("已答复")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    implementation = models.ForeignKey(
        Implementation, on_delete=models.CASCADE, related_name="problem_reports"
    )
    reporter = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("问题"))
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.OPEN)
    response = models.TextField(_("答复"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)


class Acceptance(models.Model):
    class Result(models.TextChoices):
        PASS = "pass", _("通过")
        PASS_WITH_FIXES = "pass_with_fixes", _("整改后通过")
        FAIL = "fail", _("不通过")

    implementation = models.ForeignKey(Implementation, on_delete=models.CASCADE, related_name="acceptances")
    result = models.CharField(_("验收结论"), max_length=16, choices=Result.choices)
    notes = models.TextField(_("验收意见"))
    recorded_by = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    accepted_on = models.DateField(_("验收日期"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

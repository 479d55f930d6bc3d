"""参与式预算周期 (DOMAIN.md B4): funds, the cycle with its pinned rulebook, pools, negative list, phases."""

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from roundtable.communities.models import Jurisdiction
from roundtable.rulebooks.models import Rulebook


class Fund(models.Model):
    class Source(models.TextChoices):
        DISTRICT_PB = "district_pb", _("区级参与式预算")
        STREET_BUDGET = "street_budget", _("街道预算")
        SELF_GOVERNANCE = "self_governance_fund", _("自治金")
        PUBLIC_SERVICE = "public_service_fund", _("公服金")
        LIVELIHOOD_MICRO = "livelihood_micro", _("民生微实事")
        PARTY_SERVICE = "party_service_fund", _("党组织服务群众经费")
        DONATION = "donation", _("众筹/认领")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("名称"), max_length=80)
    source = models.CharField(_("资金来源"), max_length=32, choices=Source.choices)
    jurisdiction = models.ForeignKey(Jurisdiction, verbose_name=_("所属辖区"), on_delete=models.PROTECT)
    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    amount_total = models.PositiveBigIntegerField(_("总额（元）"))
    restrictions_md = models.TextField(_("使用限制"), blank=True)

    class Meta:
        verbose_name = _("资金")
        verbose_name_plural = _("资金")

    def __str__(self) -> str:
        return f"{self.name}（{self.fiscal_year}）"


class Cycle(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("筹备中")
        RUNNING = "running", _("进行中")
        CLOSED = "closed", _("已结束")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(_("名称"), max_length=80)
    jurisdiction = models.ForeignKey(
        Jurisdiction, verbose_name=_("街道或社区"), on_delete=models.PROTECT, related_name="+"
    )
    funds = models.ManyToManyField(Fund, verbose_name=_("资金"), blank=True)
    rulebook = models.ForeignKey(Rulebook, verbose_name=_("议事规则版本"), on_delete=models.PROTECT)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("预算周期")
        verbose_name_plural = _("预算周期")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name

    def param(self, name: str) -> Any:
        return self.rulebook.param(name)


class Phase(models.Model):
    class Kind(models.TextChoices):
        LAUNCH = "p0", _("年度启动")
        MOBILISE = "p1", _("宣传动员")
        INTAKE = "p2", _("点子征集")
        TRIAGE = "p3", _("三事分流与初审")
        PROPOSALS = "p4", _("方案细化与论证")
        CANDIDATES = "p5", _("候选项目公示")
        DELIBERATION = "p6", _("协商议事")
        VOTE = "p7", _("表决")
        RESULT = "p8", _("结果公示与异议")

    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("阶段"), max_length=4, choices=Kind.choices)
    opens_at = models.DateTimeField(_("开始时间"))
    closes_at = models.DateTimeField(_("结束时间"))

    class Meta:
        verbose_name = _("阶段")
        verbose_name_plural = _("阶段")
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "kind"], name="phase_unique_kind"),
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")), name="phase_order"
            ),
        ]


class Pool(models.Model):
    class Level(models.TextChoices):
        STREET = "street", _("街道")
        COMMUNITY = "community", _("社区")
        ESTATE = "estate", _("小区")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="pools")
    level = models.CharField(_("层级"), max_length=16, choices=Level.choices)
    jurisdiction = models.ForeignKey(Jurisdiction, verbose_name=_("辖区"), on_delete=models.PROTECT)
    amount = models.PositiveBigIntegerField(_("金额（元）"))
    quota_construction = models.PositiveBigIntegerField(_("工程类额度（元）"), null=True, blank=True)
    quota_service = models.PositiveBigIntegerField(_("服务类额度（元）"), null=True, blank=True)
    quota_goods = models.PositiveBigIntegerField(_("货物类额度（元）"), null=True, blank=True)
    # Empty: the cycle's rulebook decides.
    per_project_cap = models.PositiveBigIntegerField(_("单个项目上限（元）"), null=True, blank=True)
    per_project_min = models.PositiveBigIntegerField(_("单个项目下限（元）"), null=True, blank=True)
    contingency_pct = models.PositiveSmallIntegerField(_("预备金比例（%）"), null=True, blank=True)

    class Meta:
        verbose_name = _("资金池")
        verbose_name_plural = _("资金池")
        constraints = [models.UniqueConstraint(fields=["cycle", "jurisdiction"], name="pool_unique_place")]

    def __str__(self) -> str:
        return f"{self.jurisdiction.name} · {self.get_level_display()}"

    @property
    def cap(self) -> int:
        return int(
            self.per_project_cap if self.per_project_cap is not None else self.cycle.param("per_project_cap")
        )

    @property
    def minimum(self) -> int:
        return int(
            self.per_project_min if self.per_project_min is not None else self.cycle.param("per_project_min")
        )

    @property
    def contingency(self) -> int:
        pct = (
            self.contingency_pct if self.contingency_pct is not None else self.cycle.param("contingency_pct")
        )
        return self.amount * int(pct) // 100


class NegativeListItem(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    cycle = models.ForeignKey(Cycle, on_delete=models.CASCADE, related_name="negative_items")
    description = models.CharField(_("不予支持的事项"), max_length=200)
    rationale = models.TextField(_("理由"), blank=True)
    source = models.CharField(_("依据"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("负面清单条目")
        verbose_name_plural = _("负面清单")

    def __str__(self) -> str:
        return self.description

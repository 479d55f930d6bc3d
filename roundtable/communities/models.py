"""Territory and organisations (DOMAIN.md B1): district → street → community → estate → building → unit."""

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Jurisdiction(models.Model):
    class Level(models.TextChoices):
        DISTRICT = "district", _("区")
        STREET = "street", _("街道")
        COMMUNITY = "community", _("社区")
        ESTATE = "estate", _("小区")
        BUILDING = "building", _("楼栋")
        UNIT = "unit", _("单元")
        GRID = "grid", _("网格")

    # Which level may sit under which: the tree, and the grid overlay hanging off a community.
    ALLOWED_PARENTS = {
        Level.DISTRICT: {None},
        Level.STREET: {Level.DISTRICT},
        Level.COMMUNITY: {Level.STREET},
        Level.ESTATE: {Level.COMMUNITY},
        Level.BUILDING: {Level.ESTATE, Level.COMMUNITY},
        Level.UNIT: {Level.BUILDING},
        Level.GRID: {Level.COMMUNITY},
    }

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    level = models.CharField(_("层级"), max_length=16, choices=Level.choices)
    name = models.CharField(_("名称"), max_length=80)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    grid = models.ForeignKey(
        "self",
        verbose_name=_("所属网格"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="grid_members",
        limit_choices_to={"level": "grid"},
    )
    code = models.CharField(_("行政区划代码"), max_length=24, blank=True)
    # Materialised path of ancestor ids: scope checks are one indexed prefix match.
    path = models.CharField(max_length=400, db_index=True, editable=False)
    active_from = models.DateField(_("启用日期"), null=True, blank=True)
    active_to = models.DateField(_("停用日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("辖区")
        verbose_name_plural = _("辖区")
        ordering = ["path"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "level", "name"], name="jurisdiction_unique_name_in_parent"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        prefix = self.parent.path if self.parent else "/"
        self.path = f"{prefix}{self.id.hex}/"
        super().save(*args, **kwargs)

    def clean(self) -> None:
        parent_level = self.parent.level if self.parent else None
        if parent_level not in self.ALLOWED_PARENTS[self.Level(self.level)]:
            raise ValidationError({"parent": _("这一层级不能放在所选上级之下。")})

    def contains(self, other: "Jurisdiction") -> bool:
        return other.path.startswith(self.path)

    def ancestor_of_level(self, level: str) -> "Jurisdiction | None":
        node: Jurisdiction | None = self
        while node is not None and node.level != level:
            node = node.parent
        return node


class Household(models.Model):
    class Type(models.TextChoices):
        REGISTERED = "registered", _("户籍户")
        RESIDENT = "resident", _("常住户")
        RENTAL = "rental", _("租住户")
        COLLECTIVE = "collective", _("集体户")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    unit = models.ForeignKey(Jurisdiction, verbose_name=_("楼栋/单元"), on_delete=models.PROTECT)
    # Building and unit only, never the room number (DOMAIN.md E1: masked address).
    address_label = models.CharField(_("地址（到单元）"), max_length=80)
    household_type = models.CharField(_("户类型"), max_length=16, choices=Type.choices)
    owner_flag = models.BooleanField(_("业主户"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("家庭户")
        verbose_name_plural = _("家庭户")

    def __str__(self) -> str:
        return self.address_label


class Organization(models.Model):
    class Type(models.TextChoices):
        PARTY_ORG = "party_org", _("党组织")
        RESIDENTS_COMMITTEE = "residents_committee", _("居委会")
        STREET_OFFICE = "street_office", _("街道办")
        GOVT_DEPARTMENT = "govt_department", _("职能部门")
        PROPERTY_COMPANY = "property_company", _("物业公司")
        OWNERS_COMMITTEE = "owners_committee", _("业委会")
        RESIDENT_UNIT = "resident_unit", _("驻区单位")
        SOCIAL_ORG = "social_org", _("社会组织")
        SOCIAL_WORK_AGENCY = "social_work_agency", _("社工机构")
        CONGRESS_LIAISON = "congress_liaison", _("人大代表联络站")
        CPPCC_STATION = "cppcc_station", _("政协协商驿站")
        COMPANY = "company", _("企业")
        EXPERT_BODY = "expert_body", _("专家组")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    type = models.CharField(_("类型"), max_length=32, choices=Type.choices)
    name = models.CharField(_("名称"), max_length=120)
    jurisdiction = models.ForeignKey(Jurisdiction, verbose_name=_("所在辖区"), on_delete=models.PROTECT)
    # An organisation's own office line, never a person's number.
    contact = models.CharField(_("机构联系方式"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("组织")
        verbose_name_plural = _("组织")
        constraints = [
            models.UniqueConstraint(fields=["jurisdiction", "name"], name="organization_unique_name")
        ]

    def __str__(self) -> str:
        return self.name

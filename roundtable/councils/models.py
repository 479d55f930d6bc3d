"""Bodies and their seats (DOMAIN.md B3): seats with constituency, reserved category and term;
unexcused absences that end a seat at the rulebook's limit; observers who attend without a vote;
and alerts to staff (a lapsed seat, an overdue resolution)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from roundtable.communities.models import Jurisdiction, Organization
from roundtable.people.models import Person, Role, RoleAssignment


class Council(models.Model):
    class Type(models.TextChoices):
        RESIDENTS_MEETING = "residents_meeting", _("居民会议")
        RESIDENTS_REP_MEETING = "residents_rep_meeting", _("居民代表会议")
        CONSULTATIVE_COUNCIL = "consultative_council", _("居民协商议事会")
        ROUND_TABLE = "round_table", _("幸福圆桌会")
        COURTYARD_COUNCIL = "courtyard_council", _("小院议事厅")
        SUPERVISORY_BOARD = "supervisory_board", _("监督小组")
        FINANCE_GROUP = "finance_group", _("民主理财小组")
        OWNERS_ASSEMBLY = "owners_assembly", _("业主大会")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    type = models.CharField(_("类型"), max_length=32, choices=Type.choices)
    name = models.CharField(_("名称"), max_length=80)
    jurisdiction = models.ForeignKey(Jurisdiction, verbose_name=_("辖区"), on_delete=models.PROTECT)
    rulebook = models.ForeignKey(
        "rulebooks.Rulebook", verbose_name=_("议事规则"), null=True, blank=True, on_delete=models.PROTECT
    )
    seat_count = models.PositiveSmallIntegerField(_("席位数"))
    meeting_frequency = models.CharField(_("例会频次"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("议事机构")
        verbose_name_plural = _("议事机构")

    def __str__(self) -> str:
        return self.name


class Seat(models.Model):
    class ConstituencyKind(models.TextChoices):
        BUILDING = "building", _("楼栋")
        GROUP = "group", _("居民小组")
        SECTOR = "sector", _("界别")

    class ReservedCategory(models.TextChoices):
        WOMEN = "women", _("妇女")
        MIGRANTS = "migrants", _("流动人口")
        YOUTH = "youth", _("青年")
        PROPERTY = "property", _("物业与业主")
        SOCIAL_ORG = "social_org", _("社会组织")

    class Status(models.TextChoices):
        ACTIVE = "active", _("在任")
        LAPSED = "lapsed", _("因缺席终止")
        ENDED = "ended", _("已卸任")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="seats")
    constituency = models.CharField(_("选区/界别"), max_length=60)
    constituency_kind = models.CharField(
        _("选区类型"), max_length=16, choices=ConstituencyKind.choices, default=ConstituencyKind.BUILDING
    )
    reserved_category = models.CharField(
        _("保留类别"), max_length=30, blank=True, choices=ReservedCategory.choices
    )
    holder = models.ForeignKey(
        RoleAssignment, verbose_name=_("席位持有人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    term_start = models.DateField(_("任期开始"))
    term_end = models.DateField(_("任期结束"), null=True, blank=True)
    absences_unexcused = models.PositiveSmallIntegerField(_("无故缺席次数"), default=0)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    ended_at = models.DateTimeField(_("终止时间"), null=True, blank=True)
    end_reason = models.CharField(_("终止原因"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("席位")
        verbose_name_plural = _("席位")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_end__isnull=True) | models.Q(term_end__gte=models.F("term_start")),
                name="seat_term_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.council} · {self.constituency}"

    @property
    def person(self) -> Person | None:
        return self.holder.person if self.holder_id else None  # type: ignore[union-attr]


class SeatAbsence(models.Model):
    """One absence from one occasion (a meeting: "meetings.meeting:<id>"); excused if leave was asked."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="absences")
    occasion = models.CharField(max_length=80)
    on = models.DateField(_("日期"))
    excused = models.BooleanField(_("已请假"), default=False)
    reason = models.CharField(_("请假理由"), max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("缺席记录")
        verbose_name_plural = _("缺席记录")
        ordering = ["-on"]
        constraints = [models.UniqueConstraint(fields=["seat", "occasion"], name="absence_once_per_occasion")]


OBSERVER_ROLES = [
    Role.NPC_DEPUTY,
    Role.CPPCC_MEMBER,
    Role.STREET_OFFICIAL,
    Role.DEPT_LIAISON,
    Role.EXPERT,
    Role.PROPERTY_REP,
    Role.OWNERS_COMMITTEE_MEMBER,
    Role.RESIDENT_UNIT_REP,
    Role.SOCIAL_ORG_REP,
]


class Observer(models.Model):
    """Attends the body's meetings without a vote (deputies, CPPCC members, officials, experts)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="observers")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("身份"), max_length=32, choices=[(r.value, r.label) for r in OBSERVER_ROLES])
    organization = models.ForeignKey(
        Organization, verbose_name=_("所属单位"), null=True, blank=True, on_delete=models.SET_NULL
    )
    active = models.BooleanField(default=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("列席人员")
        verbose_name_plural = _("列席人员")
        constraints = [
            models.UniqueConstraint(
                fields=["council", "person"],
                condition=models.Q(active=True),
                name="observer_once_per_council",
            )
        ]


class StaffAlert(models.Model):
    """Something staff must act on (a seat lapsed, a resolution overdue), within a jurisdiction."""

    class Kind(models.TextChoices):
        SEAT_LAPSED = "seat_lapsed", _("席位终止")
        RESOLUTION_OVERDUE = "resolution_overdue", _("决议逾期")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=24, choices=Kind.choices)
    text = models.CharField(max_length=300)
    link = models.CharField(max_length=200, blank=True)
    source = models.CharField(max_length=80, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "source"], condition=models.Q(resolved_at__isnull=True), name="alert_one_open"
            )
        ]

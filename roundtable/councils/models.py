"""Bodies and their seats (DOMAIN.md B3). The round-table issue adds meetings, rulebooks and procedure."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from roundtable.communities.models import Jurisdiction
from roundtable.people.models import RoleAssignment


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
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="seats")
    constituency = models.CharField(_("选区/界别"), max_length=60)
    reserved_category = models.CharField(_("保留类别"), max_length=30, blank=True)
    holder = models.ForeignKey(
        RoleAssignment, verbose_name=_("席位持有人"), null=True, blank=True, on_delete=models.SET_NULL
    )
    term_start = models.DateField(_("任期开始"))
    term_end = models.DateField(_("任期结束"), null=True, blank=True)
    absences_unexcused = models.PositiveSmallIntegerField(_("无故缺席次数"), default=0)

    class Meta:
        verbose_name = _("席位")
        verbose_name_plural = _("席位")

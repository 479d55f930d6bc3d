"""投票与结果 (DOMAIN.md B8, E2): vote events, the frozen roll, who voted, how they voted.

Secrecy by construction: ``Participation`` (who voted) and ``Ballot`` (how) share no key. A ballot
has a random id, a random receipt code and no time of its own; nothing on it points back to a
person, a roll entry or a participation row. The voter's idempotency key is stored on the
participation only as a SHA-256 digest; the receipt is an HMAC of the key, so linking the two
tables needs the key, which only the voter's device holds.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from roundtable.communities.models import Household
from roundtable.cycles.models import Cycle, Pool
from roundtable.people.models import Person
from roundtable.proposals.models import Proposal, ProposalPhoto


class VoteEvent(models.Model):
    class BallotType(models.TextChoices):
        APPROVAL = "approval", _("最多选k项")
        CUMULATIVE = "cumulative", _("分配票数")
        RANKED = "ranked", _("排序")
        BUDGET_APPROVAL = "budget_approval", _("预算内选择")

    class Status(models.TextChoices):
        DRAFT = "draft", _("准备中")
        OPEN = "open", _("投票中")
        TALLIED = "tallied", _("已计票")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    cycle = models.OneToOneField(Cycle, on_delete=models.PROTECT, related_name="vote_event")
    title = models.CharField(_("名称"), max_length=80)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    closes_at = models.DateTimeField(_("截止时间"))
    # Snapshots from the rulebook, taken when the vote opens (changing the rulebook later changes nothing).
    ballot_type = models.CharField(_("选票形式"), max_length=20, choices=BallotType.choices, blank=True)
    max_choices = models.PositiveSmallIntegerField(_("最多可选"), null=True, blank=True)
    points_total = models.PositiveSmallIntegerField(_("可分配票数"), null=True, blank=True)
    vote_unit = models.CharField(_("投票单位"), max_length=16, blank=True)
    rule = models.CharField(_("计票规则"), max_length=40, blank=True)
    eligibility = models.JSONField(_("资格规则快照"), default=dict, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    tallied_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)
    notice = models.ForeignKey(
        "notices.PublicNotice", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("投票")
        verbose_name_plural = _("投票")

    def __str__(self) -> str:
        return self.title


class Candidate(models.Model):
    """One project on the ballot, frozen at opening: ``number`` is its Pabulib project id."""

    vote_event = models.ForeignKey(VoteEvent, on_delete=models.CASCADE, related_name="candidates")
    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="+")
    pool = models.ForeignKey(Pool, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=80)
    summary = models.TextField(blank=True)
    category = models.CharField(max_length=16, choices=Proposal.Type.choices)
    cost = models.PositiveBigIntegerField()
    # The proposal's first public photo at opening; protected, so the ballot never changes afterwards.
    photo = models.ForeignKey(
        ProposalPhoto, null=True, blank=True, on_delete=models.PROTECT, related_name="candidates"
    )

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["vote_event", "number"], name="candidate_unique_number"),
            models.UniqueConstraint(fields=["vote_event", "proposal"], name="candidate_unique_proposal"),
        ]


class RollEntry(models.Model):
    """The voter roll, frozen at opening: one row per person, or per household when the unit is the household."""

    vote_event = models.ForeignKey(VoteEvent, on_delete=models.CASCADE, related_name="roll")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    household = models.ForeignKey(
        Household, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    basis = models.CharField(max_length=32)
    age_band = models.CharField(max_length=8, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["vote_event", "person"], name="roll_unique_person"),
            models.UniqueConstraint(fields=["vote_event", "household"], name="roll_unique_household"),
        ]


class Participation(models.Model):
    """Who voted (and how they reached the ballot box), never what they voted."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("网上")
        PAPER = "paper", _("纸质")
        ASSISTED = "assisted", _("工作人员协助（代录）")

    # One vote per voter per event: the roll entry belongs to one event, so this is the constraint.
    roll_entry = models.OneToOneField(RollEntry, on_delete=models.PROTECT, related_name="participation")
    vote_event = models.ForeignKey(VoteEvent, on_delete=models.CASCADE, related_name="participations")
    channel = models.CharField(max_length=16, choices=Channel.choices)
    key_digest = models.CharField(max_length=64, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    cast_at = models.DateTimeField(auto_now_add=True)


class Ballot(models.Model):
    """How someone voted. Random id, random receipt, no time, no link to any voter."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vote_event = models.ForeignKey(VoteEvent, on_delete=models.CASCADE, related_name="ballots")
    # approval/budget: [number, ...]; ranked: [number, ...] best first; cumulative: [[number, points], ...]
    choices = models.JSONField()
    age_band = models.CharField(max_length=8, blank=True)
    receipt = models.CharField(max_length=16, unique=True)

    class Meta:
        ordering = ["id"]  # random: listing order says nothing about casting order


class PaperEntry(models.Model):
    """One staff member's entry of one paper ballot sheet (双人录入)."""

    class State(models.TextChoices):
        WAITING = "waiting", _("等待第二人录入")
        MATCHED = "matched", _("两次录入一致，已计入")
        MISMATCH = "mismatch", _("两次录入不一致，待第三人核对")
        RESOLVED = "resolved", _("已由第三人核对并计入")

    vote_event = models.ForeignKey(VoteEvent, on_delete=models.CASCADE, related_name="paper_entries")
    sheet = models.CharField(_("选票编号"), max_length=32)
    batch = models.CharField(_("票箱批次"), max_length=32, blank=True)
    entry_no = models.PositiveSmallIntegerField()  # 1, 2; 3 = the resolving look
    choices = models.JSONField()
    state = models.CharField(max_length=16, choices=State.choices)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["vote_event", "sheet", "entry_no"], name="paper_unique_entry"),
            models.UniqueConstraint(
                fields=["vote_event", "sheet", "entered_by"], name="paper_one_entry_per_staff"
            ),
        ]

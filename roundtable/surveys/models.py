"""问卷与测评 (DOMAIN.md B10, D4–D6).

Who responded and what was answered are separate tables with no join key (like ballots):
`Invitation` holds the sampled person, a hashed pseudonymous token and a responded flag; `Response`
holds the answers, the channel and the day only. Uniqueness of one response per person is the
conditional update of `Invitation.responded`, not a check-then-insert.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from roundtable.communities.models import Jurisdiction
from roundtable.cycles.models import Cycle
from roundtable.delivery.models import Implementation
from roundtable.people.models import Person


class Instrument(models.Model):
    code = models.CharField(max_length=32)
    version = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=16)
    title = models.CharField(max_length=80)
    items = models.JSONField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="instrument_version_once")]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class Survey(models.Model):
    class Sampling(models.TextChoices):
        ALL_BENEFICIARIES = "all_beneficiaries", _("全部受益居民")
        RANDOM_HOUSEHOLDS = "random_households", _("随机抽取住户")
        ATTENDEES = "attendees", _("参会人员")
        ALL_RESIDENTS = "all_residents", _("全体居民")

    class Wave(models.TextChoices):
        NONE = "", _("—")
        PRE = "pre", _("周期前")
        POST = "post", _("周期后")

    class Status(models.TextChoices):
        OPEN = "open", _("进行中")
        CLOSED = "closed", _("已结束")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    instrument = models.ForeignKey(Instrument, on_delete=models.PROTECT)
    title = models.CharField(_("标题"), max_length=120)
    jurisdiction = models.ForeignKey(Jurisdiction, on_delete=models.PROTECT, related_name="+")
    cycle = models.ForeignKey(Cycle, null=True, blank=True, on_delete=models.PROTECT, related_name="surveys")
    implementation = models.ForeignKey(
        Implementation, null=True, blank=True, on_delete=models.PROTECT, related_name="surveys"
    )
    wave = models.CharField(max_length=8, choices=Wave.choices, blank=True, default="")
    sampling = models.CharField(_("抽样方式"), max_length=24, choices=Sampling.choices)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Invitation(models.Model):
    """Who was sampled and whether they have responded: never what they answered."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    responded = models.BooleanField(default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["survey", "person"], name="invitation_once")]


class Response(models.Model):
    """What was answered: no person, no token, no time of day (a random id and the date only)."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("网上")
        PHONE = "phone", _("电话访问")
        PAPER = "paper", _("纸质问卷")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    answers = models.JSONField()
    channel = models.CharField(max_length=8, choices=Channel.choices)
    submitted_on = models.DateField()

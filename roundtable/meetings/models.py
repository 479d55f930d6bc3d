"""Meetings and their record (DOMAIN.md B7, B8): attendance, agenda, raised hands and speeches,
motions and votes, minutes, and resolutions followed until the resident rates the outcome."""

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from roundtable.councils.models import Council
from roundtable.cycles.models import Fund
from roundtable.ideas.models import Idea
from roundtable.people.models import Person
from roundtable.rulebooks.models import Rulebook

STANCES = [("for", _("赞成")), ("against", _("反对")), ("question", _("提问"))]


class Meeting(models.Model):
    class Kind(models.TextChoices):
        ROUND_TABLE = "round_table", _("幸福圆桌会")
        COUNCIL_SESSION = "council_session", _("议事会会议")
        REP_MEETING = "rep_meeting", _("居民代表会议")
        RESIDENTS_MEETING = "residents_meeting", _("居民会议")
        PARTY_MEMBER_MEETING = "party_member_meeting", _("党员大会")
        TWO_COMMITTEES = "two_committees", _("两委会议")
        HEARING = "hearing", _("听证会")
        ACCEPTANCE = "acceptance", _("验收会")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("已通知")
        OPEN = "open", _("进行中")
        CLOSED = "closed", _("已结束")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="meetings")
    rulebook = models.ForeignKey(Rulebook, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("会议类型"), max_length=24, choices=Kind.choices)
    title = models.CharField(_("会议名称"), max_length=120)
    scheduled_at = models.DateTimeField(_("开会时间"))
    venue = models.CharField(_("地点"), max_length=120)
    urgent_reason = models.CharField(_("紧急会议理由"), max_length=200, blank=True)
    notice_published_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    chair = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    recorder = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    current_item = models.ForeignKey(
        "AgendaItem", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("会议")
        verbose_name_plural = _("会议")
        ordering = ["-scheduled_at"]

    def __str__(self) -> str:
        return self.title


class Attendance(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("成员")
        OBSERVER = "observer", _("列席")
        OFFICIAL = "official", _("部门代表")
        PROPOSER = "proposer", _("提议人")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=16, choices=Role.choices)
    vote_right = models.BooleanField(default=False)
    proxy_for = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    by_phone = models.BooleanField(default=False)
    arrived_at = models.DateTimeField()
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "person"], name="attend_once")]


class AgendaItem(models.Model):
    """An item on a meeting's agenda, or (meeting empty) proposed for the council's next meeting."""

    class TopicType(models.TextChoices):
        DEMAND = "demand", _("居民诉求")
        PROPOSAL_SET = "proposal_set", _("项目提案")
        RULE_CHANGE = "rule_change", _("规则修改")
        ELECTION = "election", _("选举")
        REPORT = "report", _("工作报告")
        DELIVERY = "delivery", _("项目实施")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="+")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.CASCADE, related_name="agenda"
    )
    title = models.CharField(_("议题"), max_length=200)
    topic_type = models.CharField(_("议题类型"), max_length=16, choices=TopicType.choices)
    order = models.PositiveSmallIntegerField(default=0)
    time_box_min = models.PositiveSmallIntegerField(_("时长（分钟）"), default=20)
    source_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT)
    source_id = models.CharField(max_length=64, blank=True)
    submitter = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    proposed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["order", "proposed_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def source(self) -> models.Model | None:
        if not self.source_type_id:
            return None
        return self.source_type.get_object_for_this_type(pk=self.source_id)  # type: ignore[union-attr]


class Motion(models.Model):
    class Status(models.TextChoices):
        MOVED = "moved", _("已提出")
        SECONDED = "seconded", _("已附议")
        VOTING = "voting", _("表决中")
        VOTED = "voted", _("已表决")
        WITHDRAWN = "withdrawn", _("已撤回")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="motions")
    text = models.TextField(_("动议内容"))
    mover = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    seconders = models.ManyToManyField(Person, blank=True, related_name="+")
    amends = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="amendments"
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.MOVED)
    result = models.CharField(max_length=16, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]


class Hand(models.Model):
    """A raised hand waiting for the floor on the current agenda item."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="hands")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    stance = models.CharField(max_length=16, choices=STANCES)
    raised_at = models.DateTimeField(auto_now_add=True)
    served = models.BooleanField(default=False)

    class Meta:
        ordering = ["pk"]


class Speech(models.Model):
    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="speeches")
    motion = models.ForeignKey(Motion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=16, choices=Attendance.Role.choices)
    stance = models.CharField(max_length=16, choices=STANCES)
    turn_no = models.PositiveSmallIntegerField()
    limit_s = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    duration_s = models.PositiveIntegerField(null=True, blank=True)
    interrupted = models.BooleanField(default=False)

    class Meta:
        ordering = ["started_at", "pk"]


class Vote(models.Model):
    class Method(models.TextChoices):
        HANDS = "show_of_hands", _("举手表决")
        SECRET = "secret", _("手机无记名投票")

    motion = models.OneToOneField(Motion, on_delete=models.CASCADE, related_name="vote")
    method = models.CharField(max_length=16, choices=Method.choices, default=Method.HANDS)
    present = models.PositiveSmallIntegerField()
    members = models.PositiveSmallIntegerField()
    yes = models.PositiveSmallIntegerField(null=True, blank=True)
    no = models.PositiveSmallIntegerField(null=True, blank=True)
    abstain = models.PositiveSmallIntegerField(null=True, blank=True)
    pass_rule = models.CharField(max_length=24)
    tie_rule = models.CharField(max_length=16)
    abstention_handling = models.CharField(max_length=24)
    result = models.CharField(max_length=16, blank=True)
    decided_by = models.CharField(max_length=16, blank=True)
    opened_at = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True)


class SecretBallot(models.Model):
    """How one phone voted: no link to the voter (who voted is in VoteParticipation)."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots")
    choice = models.CharField(max_length=8)


class VoteParticipation(models.Model):
    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="participations")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["vote", "person"], name="vote_once")]


class Minutes(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("草稿")
        APPROVED = "approved", _("已审定")
        PUBLISHED = "published", _("已公开")

    meeting = models.OneToOneField(Meeting, on_delete=models.CASCADE, related_name="minutes")
    text_md = models.TextField(_("会议纪要"))
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.DRAFT)
    signatories = models.CharField(_("签字人"), max_length=200, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(null=True, blank=True)


class Resolution(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("办理中")
        CLOSED = "closed", _("已办结")

    class Rating(models.TextChoices):
        SATISFIED = "satisfied", _("满意")
        BASIC = "basic", _("基本满意")
        UNSATISFIED = "unsatisfied", _("不满意")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="resolutions")
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="resolutions")
    motion = models.ForeignKey(Motion, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("决议内容"))
    action = models.CharField(_("落实事项"), max_length=200)
    responsible_unit = models.CharField(_("责任单位"), max_length=80)
    supervisor = models.CharField(_("监督人"), max_length=80, blank=True)
    due_on = models.DateField(_("办结期限"))
    cost_source = models.CharField(_("经费来源"), max_length=80, blank=True)
    # If money is needed (DOMAIN.md A, I4): the idea it became in a PB cycle, or FundApplication rows.
    idea = models.OneToOneField(
        Idea, null=True, blank=True, on_delete=models.PROTECT, related_name="from_resolution"
    )
    referred_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField()
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    feedback = models.TextField(_("办理结果"), blank=True)
    rating = models.CharField(_("满意度"), max_length=16, choices=Rating.choices, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_on"]


class FundApplication(models.Model):
    """A resolution's request for money from a 自治金 fund, decided by staff who hold fund_decide."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("已申请，待审批")
        APPROVED = "approved", _("已批准")
        REJECTED = "rejected", _("未批准")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    resolution = models.ForeignKey(Resolution, on_delete=models.PROTECT, related_name="fund_applications")
    fund = models.ForeignKey(Fund, verbose_name=_("自治金"), on_delete=models.PROTECT, related_name="+")
    amount = models.PositiveBigIntegerField(_("申请金额（元）"))
    purpose = models.TextField(_("用途"))
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    applied_at = models.DateTimeField()
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(_("审批意见"), blank=True)

    class Meta:
        verbose_name = _("自治金申请")
        verbose_name_plural = _("自治金申请")
        ordering = ["applied_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="fund_application_positive")
        ]

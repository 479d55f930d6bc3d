"""People, residency, roles and consent (DOMAIN.md B2), privacy-minimised (DOMAIN.md E).

No field holds a raw ID-card number; a phone number is a keyed hash plus an encrypted copy;
the legal name, if kept at all, is encrypted.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from roundtable.communities.models import Household, Jurisdiction, Organization
from roundtable.lib.privacy import decrypt, name_mask

NAME_MAX_LENGTH = 20


class Person(models.Model):
    class Gender(models.TextChoices):
        FEMALE = "female", _("女")
        MALE = "male", _("男")
        OTHER = "other", _("其他")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    display_name = models.CharField(_("称呼"), max_length=NAME_MAX_LENGTH)
    name_enc = models.TextField(_("姓名（加密）"), blank=True)
    phone_hash = models.CharField(max_length=64, null=True, blank=True, unique=True, editable=False)
    phone_enc = models.TextField(blank=True, editable=False)
    # A reference from an identity-verification service or a staff document check; never the ID number.
    id_verification_ref = models.CharField(_("核验凭证"), max_length=64, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("出生年份"), null=True, blank=True)
    gender = models.CharField(_("性别"), max_length=8, choices=Gender.choices, blank=True)
    preferred_language = models.CharField(_("首选语言"), max_length=8, default="zh-hans")
    accessibility_needs = models.CharField(_("无障碍需求"), max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        verbose_name = _("居民")
        verbose_name_plural = _("居民")

    def __str__(self) -> str:
        return self.display_name

    @property
    def masked_name(self) -> str:
        return name_mask(self.display_name)

    @property
    def legal_name(self) -> str:
        return decrypt(self.name_enc)

    @property
    def phone(self) -> str:
        return decrypt(self.phone_enc)

    def age_in(self, year: int) -> int | None:
        return year - self.birth_year if self.birth_year else None


class Residency(models.Model):
    class Basis(models.TextChoices):
        HUKOU = "hukou", _("户籍")
        LONG_TERM_RESIDENT = "long_term_resident", _("常住")
        TENANT = "tenant", _("租户")
        OWNER = "owner", _("业主")
        WORKER_OF_RESIDENT_UNIT = "worker_of_resident_unit", _("驻区单位职工")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="residencies")
    household = models.ForeignKey(
        Household, verbose_name=_("家庭户"), null=True, blank=True, on_delete=models.SET_NULL
    )
    community = models.ForeignKey(
        Jurisdiction,
        verbose_name=_("社区"),
        on_delete=models.PROTECT,
        related_name="residencies",
        limit_choices_to={"level": "community"},
    )
    basis = models.CharField(_("居住依据"), max_length=32, choices=Basis.choices)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verification_method = models.CharField(_("核验方式"), max_length=40, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    valid_until = models.DateField(_("有效期至"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("居住登记")
        verbose_name_plural = _("居住登记")
        constraints = [
            models.UniqueConstraint(fields=["person", "community", "basis"], name="residency_unique_basis")
        ]


class Role(models.TextChoices):
    RESIDENT = "resident", _("居民")
    RESIDENT_REP = "resident_rep", _("居民代表")
    COUNCIL_MEMBER = "council_member", _("议事会成员")
    BUILDING_HEAD = "building_head", _("楼栋长")
    GRID_WORKER = "grid_worker", _("网格员")
    PARTY_MEMBER = "party_member", _("党员")
    COMMUNITY_SECRETARY = "community_secretary", _("社区书记")
    RC_DIRECTOR = "rc_director", _("居委会主任")
    RC_MEMBER = "rc_member", _("居委会委员")
    SOCIAL_WORKER = "social_worker", _("社工")
    STREET_OFFICIAL = "street_official", _("街道干部")
    DEPT_LIAISON = "dept_liaison", _("部门联络员")
    NPC_DEPUTY = "npc_deputy", _("人大代表")
    CPPCC_MEMBER = "cppcc_member", _("政协委员")
    PROPERTY_REP = "property_rep", _("物业代表")
    OWNERS_COMMITTEE_MEMBER = "owners_committee_member", _("业委会委员")
    RESIDENT_UNIT_REP = "resident_unit_rep", _("驻区单位代表")
    SOCIAL_ORG_REP = "social_org_rep", _("社会组织代表")
    EXPERT = "expert", _("专家")
    SUPERVISOR = "supervisor", _("监督员")
    FACILITATOR = "facilitator", _("主持人")
    RECORDER = "recorder", _("记录员")
    ACCEPTANCE_PANELIST = "acceptance_panelist", _("验收小组成员")


class RoleAssignment(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("在任")
        SUSPENDED = "suspended", _("暂停")
        ENDED = "ended", _("已卸任")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("角色"), max_length=32, choices=Role.choices)
    scope = models.ForeignKey(Jurisdiction, verbose_name=_("管辖范围"), on_delete=models.PROTECT)
    organization = models.ForeignKey(
        Organization, verbose_name=_("所属组织"), null=True, blank=True, on_delete=models.SET_NULL
    )
    term_start = models.DateField(_("任期开始"))
    term_end = models.DateField(_("任期结束"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.ACTIVE)

    class Meta:
        verbose_name = _("角色任命")
        verbose_name_plural = _("角色任命")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(term_end__isnull=True) | models.Q(term_end__gte=models.F("term_start")),
                name="role_term_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} · {self.scope}"


class Consent(models.Model):
    class Purpose(models.TextChoices):
        ACCOUNT = "account", _("账户与登录")
        VOTING = "voting", _("参与投票")
        SURVEY_RESEARCH = "survey_research", _("问卷与研究")
        PUBLIC_DISPLAY_NAME = "public_display_name", _("公开显示姓名")
        PHOTO_USE = "photo_use", _("使用照片")
        SENSITIVE_ROLE_DISPLAY = "sensitive_role_display", _("公开敏感身份（如党员亮身份）")

    class Channel(models.TextChoices):
        ONLINE = "online", _("线上")
        ASSISTED = "assisted", _("工作人员代录")
        PAPER = "paper", _("纸质表格")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    purpose = models.CharField(_("用途"), max_length=32, choices=Purpose.choices)
    text_version = models.CharField(_("告知书版本"), max_length=20)
    granted_at = models.DateTimeField(_("同意时间"))
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    channel = models.CharField(_("渠道"), max_length=16, choices=Channel.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    guardian = models.ForeignKey(
        Person, verbose_name=_("监护人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("知情同意")
        verbose_name_plural = _("知情同意")
        constraints = [
            # At most one live consent per person and purpose; withdrawing closes it.
            models.UniqueConstraint(
                fields=["person", "purpose"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="consent_one_live_per_purpose",
            )
        ]

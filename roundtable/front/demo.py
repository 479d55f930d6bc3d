"""A fictional demo community (names generated, no real personal data): one district, one street,
two communities with estates, buildings and units, about 300 residents, a council and staff."""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from roundtable.audit.models import AuditEntry
from roundtable.audit.services import audit_record
from roundtable.communities.models import Household, Jurisdiction, Organization
from roundtable.councils.models import Council, Seat
from roundtable.lib.privacy import encrypt, phone_hash
from roundtable.people.models import Consent, Person, Residency, Role, RoleAssignment
from roundtable.rulebooks.services import rulebook_adopt, rulebook_create

J = Jurisdiction.Level
DISTRICT, STREET = "青湖区", "望江街道"
COMMUNITIES = {"桂花社区": ["桂花苑", "丹桂小区"], "杨柳社区": ["杨柳新村", "柳岸花园"]}
BUILDINGS_PER_ESTATE, UNITS_PER_BUILDING = 4, 2
RESIDENTS_PER_COMMUNITY = 150
DEMO_PASSWORD = "yuanzhuo-demo-2026"
DEMO_RESIDENT_PHONE = "13900000001"
SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢"
)
GIVEN = "秀英桂兰玉梅建国志强丽华明辉海燕春生淑珍文杰国庆小红红梅伟军德华凤英金花永胜家豪子涵雨欣浩然思远美玲"

NANTANG_SUMMARY = """主持中立；发言先举手，经主持人同意后发言；每人每次发言不超过2分钟，同一动议不超过2次；
正反方轮流发言；不得打断他人发言；不得人身攻击；动议须有人附议；表决以到会成员过半数通过，
平票视为未通过；会议须三分之二以上成员到会方可表决。"""

# (username, role, display name, scope: "street" or "community")
STAFF = [
    ("shuji", Role.COMMUNITY_SECRETARY, "周书记", "community"),
    ("zhuren", Role.RC_DIRECTOR, "吴主任", "community"),
    ("shegong", Role.SOCIAL_WORKER, "郑社工", "community"),
    ("loudongzhang", Role.BUILDING_HEAD, "冯楼长", "building"),
    ("jiluyuan", Role.RECORDER, "陈记录", "community"),
    ("zhuchiren", Role.FACILITATOR, "褚主持", "community"),
    ("jiedao", Role.STREET_OFFICIAL, "卫干部", "street"),
]


# Feature apps register a seeder (called inside the seeding transaction, after the community,
# people, staff and council exist) in their AppConfig.ready().
DEMO_SEEDERS: list[Callable[[], None]] = []


def register_demo_seeder(seeder: Callable[[], None]) -> None:
    if seeder not in DEMO_SEEDERS:
        DEMO_SEEDERS.append(seeder)


@dataclass
class DemoSummary:
    created: bool
    residents: int


def _node(level: str, name: str, parent: Jurisdiction | None, code: str = "") -> Jurisdiction:
    node, _ = Jurisdiction.objects.get_or_create(
        level=level, name=name, parent=parent, defaults={"code": code}
    )
    return node


def _given_name(rng: random.Random) -> str:
    start = rng.randrange(0, len(GIVEN) // 2) * 2
    return GIVEN[start : start + rng.choice([1, 2])]


def _birth_year(rng: random.Random, this_year: int) -> int:
    # An older community: about 40% are over 60, as in the seed case studies.
    age = rng.randint(60, 92) if rng.random() < 0.4 else rng.randint(18, 59)
    return this_year - age


@transaction.atomic
def seed_demo() -> DemoSummary:
    if Jurisdiction.objects.filter(level=J.STREET, name=STREET).exists():
        return DemoSummary(created=False, residents=Person.objects.count())
    rng = random.Random(20261122)
    this_year = timezone.localdate().year
    district = _node(J.DISTRICT, DISTRICT, None, "360199")
    street = _node(J.STREET, STREET, district, "360199001")
    Organization.objects.create(
        type=Organization.Type.STREET_OFFICE, name=f"{STREET}办事处", jurisdiction=street
    )
    phone_counter = iter(range(13900000001, 13900099999))
    communities, first_building = [], None
    for c_index, (community_name, estates) in enumerate(COMMUNITIES.items()):
        community = _node(J.COMMUNITY, community_name, street, f"360199001{c_index + 1:03d}")
        communities.append(community)
        _community_orgs(community)
        grids = [_node(J.GRID, f"第{g}网格", community) for g in (1, 2)]
        units = _estate_units(community, estates, grids)
        first_building = first_building or units[0].parent
        _residents(rng, community, units, phone_counter, this_year)
    _staff(communities[0], street, first_building)
    _council(rng, communities[0])
    for seeder in DEMO_SEEDERS:
        seeder()
    audit_record(actor=None, action="demo.seed", channel=AuditEntry.Channel.COMMAND, data={"street": STREET})
    return DemoSummary(created=True, residents=Person.objects.count())


def _community_orgs(community: Jurisdiction) -> None:
    name = community.name
    for org_type, org_name in [
        (Organization.Type.PARTY_ORG, f"{name}党委"),
        (Organization.Type.RESIDENTS_COMMITTEE, f"{name}居民委员会"),
        (Organization.Type.PROPERTY_COMPANY, f"{name[:2]}物业服务有限公司"),
        (Organization.Type.SOCIAL_WORK_AGENCY, f"{name[:2]}社工服务中心"),
    ]:
        Organization.objects.create(type=org_type, name=org_name, jurisdiction=community)


def _estate_units(
    community: Jurisdiction, estates: list[str], grids: list[Jurisdiction]
) -> list[Jurisdiction]:
    units = []
    for e_index, estate_name in enumerate(estates):
        estate = _node(J.ESTATE, estate_name, community)
        for b in range(1, BUILDINGS_PER_ESTATE + 1):
            building = Jurisdiction(
                level=J.BUILDING, name=f"{estate_name}{b}栋", parent=estate, grid=grids[e_index % 2]
            )
            building.save()
            units += [_node(J.UNIT, f"{u}单元", building) for u in range(1, UNITS_PER_BUILDING + 1)]
    return units


def _residents(rng, community, units, phone_counter, this_year) -> None:  # type: ignore[no-untyped-def]
    bases = list(Residency.Basis)
    weights = [35, 25, 20, 15, 5]
    made = 0
    while made < RESIDENTS_PER_COMMUNITY:
        unit = rng.choice(units)
        household = Household.objects.create(
            unit=unit,
            address_label=f"{unit.parent.name}{unit.name}",
            household_type=rng.choice(list(Household.Type)[:3]),
            owner_flag=rng.random() < 0.6,
        )
        surname = rng.choice(SURNAMES)
        for _member in range(rng.choice([1, 2, 2, 3, 4])):
            _resident(
                rng, community, household, surname, phone_counter, this_year, rng.choices(bases, weights)[0]
            )
            made += 1


def _resident(rng, community, household, surname, phone_counter, this_year, basis) -> Person:  # type: ignore[no-untyped-def]
    birth_year = _birth_year(rng, this_year)
    # Fewer phones among the oldest: they are the ones staff serve by 代录.
    has_phone = rng.random() < (0.6 if this_year - birth_year >= 75 else 0.95)
    phone = str(next(phone_counter)) if has_phone else ""
    name = surname + _given_name(rng)
    person = Person.objects.create(
        display_name=name,
        name_enc=encrypt(name),
        phone_hash=phone_hash(phone) if phone else None,
        phone_enc=encrypt(phone),
        birth_year=birth_year,
        gender=rng.choice([Person.Gender.FEMALE, Person.Gender.MALE]),
    )
    Residency.objects.create(
        person=person,
        household=household,
        community=community,
        basis=basis,
        verification_method="demo",
        verified_at=timezone.now(),
    )
    for purpose in (Consent.Purpose.ACCOUNT, Consent.Purpose.VOTING):
        Consent.objects.create(
            person=person,
            purpose=purpose,
            text_version="2026-01",
            granted_at=timezone.now(),
            channel=Consent.Channel.PAPER,
        )
    if phone:
        get_user_model().objects.create_user(username=f"r-{person.pk.hex[:12]}", person=person)
    return person


def _staff(community: Jurisdiction, street: Jurisdiction, building: Jurisdiction) -> None:
    user_model = get_user_model()
    scopes = {"community": community, "street": street, "building": building}
    for username, role, display_name, scope in STAFF:
        person = Person.objects.create(
            display_name=display_name, birth_year=1980, gender=Person.Gender.FEMALE
        )
        RoleAssignment.objects.create(
            person=person, role=role, scope=scopes[scope], term_start=date(2024, 1, 1)
        )
        user = user_model.objects.create_user(username=username, password=DEMO_PASSWORD, person=person)
        if role in (Role.COMMUNITY_SECRETARY, Role.RC_DIRECTOR):
            user.is_staff = user.is_superuser = True  # reference data in Django admin
            user.save(update_fields=["is_staff", "is_superuser"])


def _council(rng: random.Random, community: Jurisdiction) -> None:
    rulebook = rulebook_create(
        actor=None, name="南塘十三条（社区版）", parameters={}, text_md=NANTANG_SUMMARY
    )
    rulebook = rulebook_adopt(
        actor=None,
        rulebook=rulebook,
        effective_from=date(2024, 1, 1),
        adopted_by="2023年第4次居民代表会议决议",
    )
    council = Council.objects.create(
        rulebook=rulebook,
        type=Council.Type.CONSULTATIVE_COUNCIL,
        name=f"{community.name}居民协商议事会",
        jurisdiction=community,
        seat_count=15,
        meeting_frequency="每月一次",
    )
    residents = list(
        Person.objects.filter(residencies__community=community, birth_year__isnull=False).order_by("pk")[:60]
    )
    members = rng.sample(residents, council.seat_count)
    buildings = list(
        Jurisdiction.objects.filter(level=J.BUILDING, path__startswith=community.path).order_by("name")
    )
    reserved = ["妇女", "流动人口", "青年"]
    for index, person in enumerate(members):
        role = RoleAssignment.objects.create(
            person=person,
            role=Role.COUNCIL_MEMBER,
            scope=community,
            term_start=date(2024, 1, 1),
            term_end=date(2026, 12, 31),
        )
        constituency = buildings[index % len(buildings)].name if index < 12 else "驻区单位与物业"
        Seat.objects.create(
            council=council,
            constituency=constituency,
            reserved_category=reserved[index - 12] if index >= 12 else "",
            holder=role,
            term_start=role.term_start,
            term_end=role.term_end,
        )


def demo_resident_person() -> Person | None:
    return Person.objects.filter(phone_hash=phone_hash(DEMO_RESIDENT_PHONE)).first()


def sign_in_instructions() -> list[str]:
    resident = demo_resident_person()
    lines = ["", "Sign in at http://127.0.0.1:8000  (登录方式)", ""]
    lines.append(
        f"  Resident (居民): {resident.display_name if resident else ''} — phone {DEMO_RESIDENT_PHONE} at /login/;"
    )
    lines.append("    the one-time code is printed in this console and shown at /staff/outbox/ (staff only).")
    lines.append(
        "    Other demo residents have numbers from 13900000002 on; staff see who is registered at /staff/residents/."
    )
    for username, role, display_name, _scope in STAFF:
        lines.append(
            f"  {Role(role).label} ({role}): {display_name} — /staff/login/ user '{username}' password '{DEMO_PASSWORD}'"
        )
    lines.append("  Django admin (reference data): /admin/ as 'shuji' or 'zhuren'.")
    return lines

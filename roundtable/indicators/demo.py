"""Demo data for delivery and evaluation: last year's cycle on the first demo community, finished —
three projects delivered and accepted (one after a council-approved change), one rejected, accounts
published, satisfaction surveys answered, an empowerment panel before and after, feedback letters
sent and the cycle archived — so the public dashboard has something to show. Fictional content only.

The history before delivery (ideas, proposals, the vote) is written directly, as the voting app is
not on this branch; everything from the plan onwards goes through the services."""

import random
from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from roundtable.communities.models import Jurisdiction
from roundtable.cycles.models import Cycle, Phase
from roundtable.cycles.services import cycle_create, cycle_start, phase_set, pool_create
from roundtable.delivery import services as delivery
from roundtable.ideas.models import Idea, TriageDecision
from roundtable.people.models import Person
from roundtable.proposals.models import Proposal
from roundtable.rulebooks.models import Rulebook
from roundtable.surveys.instruments import INSTRUMENTS
from roundtable.surveys.services import survey_open, survey_respond

PROJECTS = [
    # title, type, cost, spent, overall-satisfaction counts (满意, 基本满意, 不满意), change
    ("2栋楼道加装扶手", "construction", 28000, 27600, (18, 8, 5), 0),
    ("独居老人助餐服务", "service", 60000, 66000, (12, 9, 6), 6000),
    ("儿童游乐区地面更换", "construction", 45000, 43800, (9, 10, 7), 0),
]
REJECTED = ("小区大门改造", "construction", 150000)


def seed_delivery_demo() -> None:
    community = Jurisdiction.objects.filter(level="community").order_by("code").first()
    rulebook = Rulebook.objects.filter(status=Rulebook.Status.ADOPTED).first()
    users = get_user_model().objects
    shegong, shuji = users.filter(username="shegong").first(), users.filter(username="shuji").first()
    if community is None or rulebook is None or shegong is None or shuji is None:
        return
    year = timezone.localdate().year - 1
    name = f"{year}年{community.name}幸福微实事"
    if Cycle.objects.filter(name=name).exists():
        return
    with transaction.atomic():
        _seed(community, rulebook, shegong, shuji, year, name)


def _seed(
    community: Jurisdiction, rulebook: Rulebook, shegong: Any, shuji: Any, year: int, name: str
) -> None:
    rng = random.Random(2025)
    cycle = cycle_create(actor=shuji, name=name, jurisdiction=community, rulebook=rulebook)
    pool_create(actor=shuji, cycle=cycle, level="community", jurisdiction=community, amount=300000)
    then = timezone.now() - timedelta(days=330)
    phase_set(
        actor=shuji, cycle=cycle, kind=Phase.Kind.INTAKE, opens_at=then, closes_at=then + timedelta(days=30)
    )
    cycle = cycle_start(actor=shuji, cycle=cycle)
    Cycle.objects.filter(pk=cycle.pk).update(created_at=timezone.now() - timedelta(days=330))
    residents = list(Person.objects.filter(residencies__community=community).order_by("pk").distinct())
    building = (
        Jurisdiction.objects.filter(path__startswith=community.path, level="building")
        .order_by("path")
        .first()
    )
    pool = cycle.pools.get()
    channels = ["online", "online", "paper_form", "door_to_door", "phone", "online"]
    proposals = []
    for index, (title, ptype, cost, *_rest) in enumerate([*PROJECTS, (*REJECTED, 0, (0, 0, 0), 0)]):
        proposers = residents[index * 3 : index * 3 + 2]
        for n, person in enumerate(residents[index * 7 : index * 7 + 7]):
            idea = Idea.objects.create(
                ack_number=f"D{year % 100}-{index:02d}{n:02d}",
                cycle=cycle,
                community=community,
                location=building,
                problem=f"{title}（居民建议）",
                category="facilities",
                channel=channels[(index + n) % len(channels)],
                submitter=person,
                status=Idea.Status.IN_PB,
            )
            TriageDecision.objects.create(
                idea=idea,
                klass="pb_eligible",
                route="pb_pipeline",
                reason="纳入幸福微实事",
                decided_by=shegong,
            )
        p = Proposal.objects.create(
            cycle=cycle,
            pool=pool,
            title=title,
            problem=f"{title}：居民反映强烈",
            solution=title,
            type=ptype,
            location=building,
            beneficiaries=200,
            cost_estimate=cost,
            cost_basis="三家报价",
            feasibility="feasible",
            status=Proposal.Status.SELECTED if index < len(PROJECTS) else Proposal.Status.NOT_SELECTED,
            status_reason="" if index < len(PROJECTS) else "得票未进入预算范围",
        )
        p.proposers.set(proposers)
        proposals.append(p)
    start = date(year, 5, 1)
    for p, (_title, _t, cost, spent, weights, change) in zip(proposals, PROJECTS, strict=False):
        _deliver(p, cost, spent, change, start, shegong, residents, rng, weights)
    _empowerment(cycle, community, shegong, rng)
    from roundtable.indicators.services import cycle_archive, feedback_letters_send

    feedback_letters_send(actor=shuji, cycle=cycle)
    Cycle.objects.filter(pk=cycle.pk).update(status=Cycle.Status.CLOSED)
    cycle_archive(actor=shuji, cycle=cycle)


def _deliver(
    p: Proposal,
    cost: int,
    spent: int,
    change: int,
    start: date,
    actor: Any,
    residents: list[Person],
    rng: random.Random,
    weights: tuple[int, int, int],
) -> None:
    impl = delivery.implementation_create(
        actor=actor,
        proposal=p,
        implementer="平安物业工程部" if p.type == "construction" else "乐龄社工服务中心",
        procurement_method="three_quotes" if p.type == "construction" else "direct_service_purchase",
        procurement_note="三家报价，取最低价",
        finish_planned=start + timedelta(days=120),
        start_planned=start,
    )
    for n, label in enumerate(("进场施工", "主体完成", "完工自检")):
        m = delivery.milestone_add(
            actor=actor, implementation=impl, name=label, due_on=start + timedelta(days=40 * (n + 1))
        )
        delivery.milestone_complete(
            actor=actor, milestone=m, done_on=start + timedelta(days=40 * (n + 1) - 3)
        )
    if change:
        cr = delivery.change_request_submit(
            actor=actor, implementation=impl, reason="服务对象增加", delta_budget=change
        )
        if cr.status == "referred":
            delivery.change_request_decide(
                change_request=cr, decision="approved", reference="议事会第5次会议决议", actor=actor
            )
        else:
            delivery.change_request_approve(actor=actor, change_request=cr, approve=True, reason="小额调整")
    half = spent // 2
    for n, amount in enumerate((half, spent - half)):
        delivery.expenditure_record(
            actor=actor,
            implementation=impl,
            amount=amount,
            spent_on=start + timedelta(days=30 + 60 * n),
            payee=impl.implementer,
            voucher_ref=f"记-{p.pk.hex[:4]}-{n + 1}",
        )
    inspector = residents[-1]
    delivery.inspection_record(
        actor=actor,
        implementation=impl,
        inspector=inspector,
        inspected_on=start + timedelta(days=60),
        findings="按计划推进，现场安全措施到位",
        photos=[],
    )
    delivery.progress_notice_publish(actor=actor, implementation=impl, body="项目按计划推进，已完成过半。")
    finished = start + timedelta(days=115 if p.type == "construction" else 130)
    delivery.implementation_complete(actor=actor, implementation=impl, finish_actual=finished)
    panel = residents[-4:-1]
    delivery.panel_set(actor=actor, implementation=impl, members=panel)
    delivery.acceptance_record(
        actor=actor,
        implementation=impl,
        person=panel[0],
        result="pass",
        notes="符合方案要求",
        accepted_on=finished + timedelta(days=5),
    )
    delivery.accounts_publish(actor=actor, implementation=impl)
    survey, _tokens = survey_open(
        actor=actor,
        instrument_code="satisfaction",
        title=f"满意度测评：{p.title}",
        jurisdiction=p.cycle.jurisdiction,
        sampling="random_households",
        implementation=impl,
        sample_size=40,
    )
    grades = [3] * weights[0] + [2] * weights[1] + [1] * weights[2]
    for inv, overall in zip(survey.invitations.all(), grades, strict=False):
        answers = {
            k: max(1, min(3, overall + rng.choice([-1, 0, 0, 1])))
            for k in ("need", "quality", "timeliness", "transparency", "heard")
        }
        survey_respond(
            actor=actor,
            survey=survey,
            invitation=inv,
            answers=answers | {"overall": overall},
            channel=rng.choice(["online", "online", "paper", "phone"]),
        )


def _empowerment(cycle: Cycle, community: Jurisdiction, actor: Any, rng: random.Random) -> None:
    items = INSTRUMENTS[("empowerment", 1)]["items"]
    for wave, lift in (("pre", 0), ("post", 1)):
        survey, _tokens = survey_open(
            actor=actor,
            instrument_code="empowerment",
            title="居民参与感受调查",
            jurisdiction=community,
            sampling="random_households",
            cycle=cycle,
            wave=wave,
            sample_size=40,
        )
        for inv in list(survey.invitations.all())[:32]:
            answers: dict[str, Any] = {}
            for item in items:
                if item["kind"] == "count":
                    answers[item["key"]] = rng.randint(0, 2 + 2 * lift)
                else:
                    base = rng.choice([2, 3, 3, 4]) + (lift if rng.random() < 0.6 else 0)
                    answers[item["key"]] = min(5, 6 - base if item.get("reverse") else base)
            survey_respond(actor=actor, survey=survey, invitation=inv, answers=answers, channel="paper")

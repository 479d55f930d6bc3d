"""Demo data for the PB flow: a cycle in progress on the first demo community, with ideas at every
stage (received, handled, referred, merged, rejected, in PB), proposals in every state, and a
published candidate notice with one answered and one open objection. Fictional content only."""

from datetime import timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone

from roundtable.communities.models import Jurisdiction
from roundtable.cycles.models import Fund, Phase
from roundtable.cycles.services import cycle_create, cycle_start, negative_item_add, phase_set, pool_create
from roundtable.ideas.models import Idea
from roundtable.ideas.services import idea_submit, idea_triage
from roundtable.people.models import Person
from roundtable.rulebooks.models import Rulebook

IDEAS = [
    # (problem, category, channel, route)
    ("3栋门口路灯坏了两个月，晚上老人看不清台阶", "facilities", "online", "pb"),
    ("小区健身器材生锈，孩子玩的时候容易划伤", "culture_sports", "paper_form", "pb"),
    ("希望给独居老人装紧急呼叫器", "elderly_care", "door_to_door", "pb"),
    ("电动车在楼道里充电，很危险", "safety", "online", "pb"),
    ("想建一个室内停车场", "parking", "suggestion_box", "pb"),
    ("楼上空调滴水到我家窗台", "neighbour_dispute", "phone", "mediation"),
    ("垃圾分类点太臭，希望增加清运次数", "environment", "online", "refer"),
    ("楼道里小广告太多", "environment", "round_table", "community"),
    ("电梯维修是物业的事，但一直没人修", "property_mgmt", "online", "reject"),
    ("3栋路灯不亮", "facilities", "online", "merge"),
    ("希望周末有儿童绘本角", "child", "online", None),
    ("菜市场门口人行道被占", "safety", "phone", None),
]


def seed_pb_demo() -> None:
    from roundtable.proposals.models import Proposal
    from roundtable.proposals.services import (
        candidate_notice_publish,
        proposal_cosign,
        proposal_create,
        proposal_feasibility_set,
        proposal_review_add,
        proposal_transition,
    )

    community = Jurisdiction.objects.filter(level="community").order_by("code").first()
    rulebook = Rulebook.objects.filter(status=Rulebook.Status.ADOPTED).first()
    users = get_user_model().objects
    shegong, shuji = users.filter(username="shegong").first(), users.filter(username="shuji").first()
    if community is None or rulebook is None or shegong is None or shuji is None:
        return
    now = timezone.now()
    fund = Fund.objects.create(
        name="幸福微实事专项资金",
        source=Fund.Source.LIVELIHOOD_MICRO,
        jurisdiction=community.parent,
        fiscal_year=now.year,
        amount_total=300000,
    )
    cycle = cycle_create(
        actor=shuji,
        name=f"{now.year}年{community.name}幸福微实事",
        jurisdiction=community,
        rulebook=rulebook,
        funds=[fund],
    )
    pool_create(
        actor=shuji,
        cycle=cycle,
        level="community",
        jurisdiction=community,
        amount=300000,
        quota_construction=150000,
        quota_service=90000,
        per_project_cap=100000,
        per_project_min=5000,
    )
    for kind, start, end in [
        (Phase.Kind.INTAKE, -20, 10),
        (Phase.Kind.TRIAGE, -15, 15),
        (Phase.Kind.PROPOSALS, -10, 20),
        (Phase.Kind.CANDIDATES, -1, 25),
    ]:
        phase_set(
            actor=shuji,
            cycle=cycle,
            kind=kind,
            opens_at=now + timedelta(days=start),
            closes_at=now + timedelta(days=end),
        )
    items = [
        negative_item_add(actor=shuji, cycle=cycle, description=d, source="街道微实事负面清单")
        for d in ("物业服务合同约定由物业承担的维修", "政府已安排投资建设的项目", "只惠及个人或少数人的事项")
    ]
    cycle = cycle_start(actor=shuji, cycle=cycle)

    residents = list(Person.objects.filter(residencies__community=community).order_by("pk")[:40])
    places = list(
        Jurisdiction.objects.filter(path__startswith=community.path, level="building").order_by("path")
    )
    ideas: list[Idea] = []
    for index, (problem, category, channel, _route) in enumerate(IDEAS):
        ideas.append(
            idea_submit(
                actor=shegong if channel != "online" else None,
                person=residents[index],
                cycle=cycle,
                location=places[index % len(places)],
                problem=problem,
                category=category,
                channel=channel,
                assisted=channel != "online",
            )
        )
    pb = _triage_all(shegong, ideas, items)

    pool = cycle.pools.get()
    specs = [
        ("3栋门口加装路灯", "construction", 30000),
        ("更新儿童健身器材", "goods", 60000),
        ("独居老人紧急呼叫服务", "service", 45000),
        ("楼栋电动车集中充电棚", "construction", 80000),
        ("室内停车场", "construction", 90000),
    ]
    proposals = []
    for idea, (title, kind, cost) in zip(pb, specs, strict=True):
        proposals.append(
            proposal_create(
                actor=shegong,
                idea=idea,
                pool=pool,
                title=title,
                problem=idea.problem,
                solution=f"{title}，由社区组织实施。",
                type=kind,
                location=idea.location,
                beneficiaries=200,
                cost_estimate=cost,
                cost_basis="两家供应商报价",
                touches_common_parts=kind == "construction",
            )
        )
    signers = residents[20:40]
    needed = int(cycle.param("co_signers_min"))
    for n, proposal in enumerate(proposals):
        for person in signers[n * 3 : n * 3 + needed]:
            proposal_cosign(actor=shegong, proposal=proposal, person=person, assisted=True)
    for proposal in proposals[:2] + proposals[4:]:
        p = proposal_transition(actor=shegong, proposal=proposal, to=Proposal.Status.SUBMITTED)
        proposal_review_add(
            actor=shegong,
            proposal=p,
            reviewer_role="expert",
            reviewer_name="街道规划建设办",
            opinion="选址与规模合理。",
            recommendation="support",
        )
        proposal_feasibility_set(actor=shegong, proposal=p, feasibility="feasible", note="技术上可行")
    for proposal in proposals[:2]:
        proposal_transition(actor=shegong, proposal=proposal, to=Proposal.Status.ELIGIBLE)
    proposal_transition(
        actor=shegong,
        proposal=proposals[4],
        to=Proposal.Status.SCREENED_OUT,
        reason="投资超出社区微实事范围，建议向区级参与式预算申报。",
    )
    notice = candidate_notice_publish(actor=shuji, cycle=cycle, approved_by="社区党委")
    # After the notice: one more proposal reaches "submitted", one stays a draft.
    proposal_transition(actor=shegong, proposal=proposals[2], to=Proposal.Status.SUBMITTED)

    from roundtable.notices.services import objection_answer, objection_submit

    first = objection_submit(
        actor=None, notice=notice, person=residents[30], text="路灯会不会照进一楼住户的窗户？"
    )
    objection_answer(actor=shuji, objection=first, response="施工时灯头朝下安装，并征求一楼住户意见。")
    objection_submit(actor=None, notice=notice, person=residents[31], text="健身器材能否加装遮阳棚？")


def _triage_all(shegong: Any, ideas: list[Idea], items: list[Any]) -> list[Idea]:
    pb = []
    for idea, (_p, _c, _ch, route) in zip(ideas, IDEAS, strict=True):
        if route == "pb":
            idea_triage(
                actor=shegong,
                idea=idea,
                klass="pb_eligible",
                route="pb_pipeline",
                reason="适合用微实事资金解决，请和社工一起完善方案。",
            )
            pb.append(idea)
        elif route == "mediation":
            idea_triage(
                actor=shegong,
                idea=idea,
                klass="private",
                route="mediation",
                reason="已约楼栋长上门协调，两户当面商量解决。",
            )
        elif route == "refer":
            idea_triage(
                actor=shegong,
                idea=idea,
                klass="major",
                route="refer_department",
                reason="垃圾清运由街道环卫所负责，已转交。",
                department="街道环卫所",
                ticket_no="12345-2026-0815",
            )
        elif route == "community":
            idea_triage(
                actor=shegong,
                idea=idea,
                klass="minor",
                route="community_handle",
                reason="社区志愿者周六集中清理。",
            )
        elif route == "reject":
            idea_triage(
                actor=shegong,
                idea=idea,
                klass="minor",
                route="reject",
                negative_item=items[0],
                reason="电梯维修属于物业合同义务，社区已督促物业限期维修。",
            )
        elif route == "merge":
            idea_triage(
                actor=shegong,
                idea=idea,
                klass="pb_eligible",
                route="merge",
                merge_into=ideas[0],
                reason="与点子“3栋门口路灯”相同，合并办理。",
            )
    return pb

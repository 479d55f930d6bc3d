import pytest
from django.test import Client

from roundtable.audit.models import AuditEntry
from roundtable.cycles.testing import running_cycle
from roundtable.ideas.testing import bob_idea
from roundtable.proposals.models import Proposal
from roundtable.proposals.services import (
    TRANSITIONS,
    proposal_cosign,
    proposal_feasibility_set,
    proposal_review_add,
    proposal_transition,
)
from roundtable.proposals.testing import draft_proposal, neighbour, pb_idea
from roundtable.testing import STAFF_PASSWORD, World

pytestmark = pytest.mark.django_db
S = Proposal.Status


def alice() -> Client:
    c = Client()
    assert c.login(username="alice", password=STAFF_PASSWORD)
    return c


def test_staff_turn_a_pb_idea_into_a_proposal(world: World) -> None:
    cycle = running_cycle(world)
    idea = pb_idea(world, cycle)
    data = {
        "title": "加装路灯",
        "problem": "黑",
        "solution": "装灯",
        "type": "construction",
        "pool": cycle.pools.get().pk,
        "location": world.building.pk,
        "beneficiaries": 300,
        "cost_estimate": 250000,
        "cost_basis": "报价",
    }
    r = alice().post(f"/proposals/from-idea/{idea.pk}/", data)
    assert "超过了" in r.content.decode() and "200000" in r.content.decode()
    assert not Proposal.objects.exists()
    r = alice().post(
        f"/proposals/from-idea/{idea.pk}/", {**data, "cost_estimate": 60000, "touches_common_parts": "on"}
    )
    assert r.status_code == 302
    p = Proposal.objects.get()
    assert p.status == S.DRAFT and p.touches_common_parts and list(p.proposers.all()) == [world.bob.person]
    assert idea in p.origin_ideas.all()
    entry = AuditEntry.objects.get(action="proposal.create")
    assert entry.scope_path.startswith(world.community.path)


def test_an_idea_not_routed_into_pb_cannot_become_a_proposal(world: World) -> None:
    cycle = running_cycle(world)
    idea = bob_idea(world, cycle)
    r = alice().post(
        f"/proposals/from-idea/{idea.pk}/",
        {
            "title": "x",
            "problem": "x",
            "solution": "x",
            "type": "goods",
            "pool": cycle.pools.get().pk,
            "location": world.building.pk,
            "beneficiaries": 1,
            "cost_estimate": 1000,
            "cost_basis": "x",
        },
    )
    assert "只有分流为" in r.content.decode()


def test_too_few_co_signers_is_explained(world: World) -> None:
    cycle = running_cycle(world, co_signers_min=2)
    p = draft_proposal(world, cycle)
    proposal_cosign(actor=world.alice, proposal=p, person=neighbour(world, "李一"), assisted=True)
    r = alice().post(f"/proposals/{p.pk}/", {"form": "transition", "to": "submitted"})
    assert "至少需要 2 位居民附议，现在只有 1 位" in r.content.decode()
    p.refresh_from_db()
    assert p.status == S.DRAFT


def test_a_resident_co_signs_once_and_a_proposer_cannot(world: World) -> None:
    cycle = running_cycle(world)
    p = draft_proposal(world, cycle)
    bob = Client()
    bob.force_login(world.bob)
    r = bob.post(f"/proposals/{p.pk}/cosign/", follow=True)
    assert "提案人不能为自己的项目附议" in r.content.decode()
    from roundtable.accounts.models import User

    other = User.objects.get(person=neighbour(world, "李二", phone="13900002222"))
    c = Client()
    c.force_login(other)
    assert "附议成功" in c.post(f"/proposals/{p.pk}/cosign/", follow=True).content.decode()
    assert "已经附议过" in c.post(f"/proposals/{p.pk}/cosign/", follow=True).content.decode()
    assert p.co_signatures.count() == 1


def _to_eligible(world: World, p: Proposal) -> Proposal:
    for name in ("李一", "李二"):
        proposal_cosign(actor=world.alice, proposal=p, person=neighbour(world, name), assisted=True)
    proposal_transition(actor=world.alice, proposal=p, to=S.SUBMITTED)
    proposal_review_add(
        actor=world.alice,
        proposal=p,
        reviewer_role="expert",
        reviewer_name="张工",
        opinion="可行",
        recommendation="support",
        cost_opinion=48000,
    )
    proposal_feasibility_set(actor=world.alice, proposal=p, feasibility="feasible", note="可行")
    return proposal_transition(actor=world.alice, proposal=p, to=S.ELIGIBLE)


def test_eligibility_needs_a_review_and_feasibility(world: World) -> None:
    cycle = running_cycle(world)
    p = draft_proposal(world, cycle)
    for name in ("李一", "李二"):
        proposal_cosign(actor=world.alice, proposal=p, person=neighbour(world, name), assisted=True)
    assert alice().post(f"/proposals/{p.pk}/", {"form": "transition", "to": "submitted"}).status_code == 302
    r = alice().post(f"/proposals/{p.pk}/", {"form": "transition", "to": "eligible"})
    assert "评审意见" in r.content.decode()
    r = alice().post(
        f"/proposals/{p.pk}/",
        {
            "form": "review",
            "reviewer_role": "expert",
            "reviewer_name": "张工",
            "opinion": "造价偏高",
            "cost_opinion": 260000,
            "recommendation": "revise",
        },
    )
    assert r.status_code == 302
    alice().post(f"/proposals/{p.pk}/", {"form": "feasibility", "feasibility": "feasible"})
    r = alice().post(f"/proposals/{p.pk}/", {"form": "transition", "to": "eligible"})
    assert "超过了" in r.content.decode()  # the reviewed cost is above the cap
    p.refresh_from_db()
    assert p.status == S.SUBMITTED


ALL = list(S.values)


@pytest.mark.parametrize("start", [S.DRAFT, S.SUBMITTED, S.ELIGIBLE, S.ON_BALLOT])
@pytest.mark.parametrize("to", ALL)
def test_every_transition_is_legal_or_refused_naming_the_state(world: World, start: str, to: str) -> None:
    cycle = running_cycle(world, co_signers_min=0)
    p = draft_proposal(world, cycle)
    path = {S.DRAFT: [], S.SUBMITTED: [S.SUBMITTED], S.ELIGIBLE: "e", S.ON_BALLOT: "b"}[start]
    if path in ("e", "b"):
        p = _to_eligible(world, p)
        if path == "b":
            p = proposal_transition(actor=world.alice, proposal=p, to=S.ON_BALLOT)
    else:
        for step in path:
            p = proposal_transition(actor=world.alice, proposal=p, to=step)
    if to == S.ELIGIBLE and start == S.SUBMITTED:
        proposal_review_add(
            actor=world.alice,
            proposal=p,
            reviewer_role="department",
            reviewer_name="城管",
            opinion="同意",
            recommendation="support",
        )
        proposal_feasibility_set(actor=world.alice, proposal=p, feasibility="conditional")
    r = alice().post(f"/proposals/{p.pk}/", {"form": "transition", "to": to, "reason": "理由"})
    p.refresh_from_db()
    if to in TRANSITIONS[start]:
        assert r.status_code == 302 and p.status == to
        assert AuditEntry.objects.filter(action="proposal.transition", data__to=to).exists()
    else:
        label = str(S(start).label)
        assert f"项目当前状态是“{label}”" in r.content.decode()
        assert p.status == start


def test_screening_out_needs_a_reason(world: World) -> None:
    cycle = running_cycle(world, co_signers_min=0)
    p = draft_proposal(world, cycle)
    proposal_transition(actor=world.alice, proposal=p, to=S.SUBMITTED)
    r = alice().post(f"/proposals/{p.pk}/", {"form": "transition", "to": "screened_out", "reason": ""})
    assert "请写明理由" in r.content.decode()


def test_conflict_of_interest_is_recorded(world: World) -> None:
    cycle = running_cycle(world)
    p = draft_proposal(world, cycle)
    person = neighbour(world, "赵三")
    r = alice().post(
        f"/proposals/{p.pk}/",
        {"form": "conflict", "person": person.pk, "nature": "亲属承接施工", "recusal": "on"},
    )
    assert r.status_code == 302
    assert p.conflicts.get().recusal


def test_other_staff_get_404(world: World) -> None:
    p = draft_proposal(world, running_cycle(world))
    c = Client()
    assert c.login(username="charlie", password=STAFF_PASSWORD)
    assert c.get(f"/proposals/{p.pk}/").status_code == 404
    assert alice().get(f"/proposals/{p.pk}/").status_code == 200

"""Voting through the HTTP layer: the phone ballot, idempotent retries, one vote per voter across
online and paper, double entry with a mismatch queue, refusals that write nothing, secrecy."""

import re
from datetime import timedelta
from typing import Any

import pytest
from django.db import models
from django.test import Client
from django.utils import timezone

from roundtable.communities.models import Household
from roundtable.people.models import Person, Residency, Role
from roundtable.testing import World, make_staff
from roundtable.voting.models import Ballot, PaperEntry, Participation, VoteEvent
from roundtable.voting.testing import open_vote, residents

pytestmark = pytest.mark.django_db


def signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api_cast(client: Client, vote: VoteEvent, choices: list[Any], key: str = "retry-key-0001") -> Any:
    return client.post(
        f"/api/v1/votes/{vote.pk}/ballots", {"choices": choices, "key": key}, content_type="application/json"
    )


def written(vote: VoteEvent) -> tuple[int, int]:
    return Participation.objects.filter(vote_event=vote).count(), Ballot.objects.filter(
        vote_event=vote
    ).count()


def messages_of(response: Any) -> str:
    return " ".join(item["message"] for item in response.json()["detail"])


def test_phone_ballot_choose_confirm_receipt(world: World) -> None:
    vote = open_vote(world)
    bob = signed_in(world.bob)
    page = bob.get(f"/votes/{vote.pk}/")
    assert "加装楼道路灯" in page.content.decode() and "60,000" in page.content.decode()
    key = re.search(r'name="key" value="([0-9a-f]+)"', page.content.decode()).group(1)
    confirm = bob.post(f"/votes/{vote.pk}/", {"project": ["1", "3", "6"], "key": key, "action": "review"})
    assert "核对选票" in confirm.content.decode() and "140,000" in confirm.content.decode()
    assert written(vote) == (0, 0)  # the confirmation screen writes nothing
    cast = bob.post(f"/votes/{vote.pk}/", {"choices_json": "[1, 3, 6]", "key": key, "action": "cast"})
    code = Ballot.objects.get().receipt
    assert cast.status_code == 302 and cast["Location"].endswith(f"/receipt/{code}/")
    assert Ballot.objects.get().choices == [1, 3, 6]
    # Double tap: the same submission again gives the same receipt and no second ballot.
    again = bob.post(f"/votes/{vote.pk}/", {"choices_json": "[1, 3, 6]", "key": key, "action": "cast"})
    assert again["Location"] == cast["Location"] and written(vote) == (1, 1)
    # The public list shows the code, and the lookup finds it; a forged code is not found.
    listing = Client().get(f"/votes/{vote.pk}/receipts/?code={code}")
    assert code in listing.content.decode() and "您的选票已计入" in listing.content.decode()
    forged = Client().get(f"/votes/{vote.pk}/receipts/?code=AAAAA-BBBBB")
    assert "没有找到回执码" in forged.content.decode()
    # A second attempt, with a fresh form, is refused with a clear message.
    assert "已经投过票了" in bob.get(f"/votes/{vote.pk}/").content.decode()
    refused = bob.post(
        f"/votes/{vote.pk}/", {"choices_json": "[2]", "key": "another-key-123", "action": "cast"}
    )
    assert refused.status_code == 422 and "已经投过票了" in refused.content.decode()
    assert written(vote) == (1, 1)


def test_api_retry_is_idempotent_and_a_second_vote_is_refused(world: World) -> None:
    vote = open_vote(world)
    bob = signed_in(world.bob)
    first = api_cast(bob, vote, [1, 2])
    retry = api_cast(bob, vote, [1, 2])
    assert first.status_code == retry.status_code == 201
    assert first.json()["receipt"] == retry.json()["receipt"]
    assert written(vote) == (1, 1)
    second = api_cast(bob, vote, [3], key="a-different-key")
    assert second.status_code == 422 and "已经投过票了" in messages_of(second)
    assert written(vote) == (1, 1)
    code = first.json()["receipt"]
    assert Client().get(f"/api/v1/votes/{vote.pk}/receipts/{code}").json() == {
        "receipt": code,
        "counted": True,
    }
    assert Client().get(f"/api/v1/votes/{vote.pk}/receipts/ZZZZZ-ZZZZZ").status_code == 404
    assert Client().get(f"/api/v1/votes/{vote.pk}/receipts").json() == [code]


@pytest.mark.parametrize(
    ("choices", "message"),
    [
        ([1, 2, 3, 4], "最多只能选 3 个项目"),
        ([1, 99], "不在候选名单里"),
        ([1, 1], "同一个项目只能选一次"),
        ([], "请至少选择一个项目"),
        (["x"], "选票格式不对"),
    ],
)
def test_invalid_ballots_are_refused_and_nothing_is_written(
    world: World, choices: list[Any], message: str
) -> None:
    vote = open_vote(world)
    response = api_cast(signed_in(world.bob), vote, choices)
    assert response.status_code == 422 and message in messages_of(response)
    assert written(vote) == (0, 0)


def test_budget_ballot_over_the_pool_is_refused(world: World) -> None:
    vote = open_vote(world, mass_vote_ballot_type="budget_approval")
    bob = signed_in(world.bob)
    over = api_cast(bob, vote, [2, 4, 5, 6])  # 90,000 + 80,000 + 120,000 + 50,000 > 300,000
    assert over.status_code == 422 and "超过了预算 300000 元" in messages_of(over)
    assert written(vote) == (0, 0)
    assert api_cast(bob, vote, [2, 4, 5]).status_code == 201


def test_cumulative_and_ranked_ballots(world: World) -> None:
    vote = open_vote(world, mass_vote_ballot_type="cumulative")
    bob = signed_in(world.bob)
    assert "不能超过 10 票" in messages_of(api_cast(bob, vote, [[1, 6], [2, 5]]))
    assert api_cast(bob, vote, [[1, 6], [2, 4]]).status_code == 201
    assert Ballot.objects.get().choices == [[1, 6], [2, 4]]


def test_closed_vote_and_someone_off_the_roll_are_refused(world: World) -> None:
    vote = open_vote(world)
    stranger = api_cast(signed_in(world.charlie), vote, [1])  # staff of another community: not on this roll
    assert stranger.status_code == 422 and "不在本次投票的选民名单上" in messages_of(stranger)
    # The cast above left a copy of the open vote for casts in the next second; the store still sees
    # the new closing time, and a close, inside its own statement.
    VoteEvent.objects.filter(pk=vote.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    late = api_cast(signed_in(world.bob), vote, [1])
    assert late.status_code == 422 and "不接受投票" in messages_of(late)
    VoteEvent.objects.filter(pk=vote.pk).update(
        closes_at=timezone.now() + timedelta(days=1), status=VoteEvent.Status.TALLIED
    )
    closed = api_cast(signed_in(world.bob), vote, [1])
    assert closed.status_code == 422 and "不接受投票" in messages_of(closed)
    assert written(vote) == (0, 0)


def test_roll_is_frozen_from_residency_and_age(world: World) -> None:
    young = Person.objects.create(display_name="小明", birth_year=timezone.localdate().year - 12)
    Residency.objects.create(person=young, community=world.community, basis=Residency.Basis.HUKOU)
    worker = Person.objects.create(display_name="驻区职工", birth_year=1980)
    Residency.objects.create(
        person=worker, community=world.community, basis=Residency.Basis.WORKER_OF_RESIDENT_UNIT
    )
    vote = open_vote(world, extra_residents=4)
    on_roll = set(vote.roll.values_list("person__display_name", flat=True))
    assert "王小波" in on_roll and "小明" not in on_roll and "驻区职工" not in on_roll
    assert len(on_roll) == 5
    # Registering after opening changes nothing: the roll is a snapshot.
    residents(world, 3)
    assert vote.roll.count() == 5


def test_household_unit_one_vote_per_household(world: World) -> None:
    home = Household.objects.create(unit=world.unit, address_label="1栋1单元", household_type="registered")
    Residency.objects.filter(person=world.bob.person).update(household=home)
    spouse = Person.objects.create(display_name="李阿姨", birth_year=1956)
    Residency.objects.create(
        person=spouse, community=world.community, basis=Residency.Basis.HUKOU, household=home
    )
    from roundtable.accounts.models import User

    spouse_user = User.objects.create_user(username="liayi", password="x-long-password-1", person=spouse)
    vote = open_vote(world, vote_unit="household")
    assert vote.roll.filter(household=home).count() == 1
    assert api_cast(signed_in(world.bob), vote, [1]).status_code == 201
    refused = api_cast(signed_in(spouse_user), vote, [2], key="spouse-key-0001")
    assert refused.status_code == 422 and "已经投过票了" in messages_of(refused)


def test_paper_and_online_exclude_each_other(world: World) -> None:
    vote = open_vote(world, extra_residents=1)
    alice = signed_in(world.alice)
    bob_entry = vote.roll.get(person=world.bob.person)
    issued = alice.post(f"/api/v1/votes/{vote.pk}/roll/{bob_entry.pk}/paper")
    assert issued.status_code == 201
    online = api_cast(signed_in(world.bob), vote, [1])
    assert online.status_code == 422 and "纸质" in messages_of(online)
    assert written(vote) == (1, 0)
    # The other way round: after voting online nobody can hand them a paper ballot.
    other = vote.roll.exclude(pk=bob_entry.pk).get()
    from roundtable.voting.services import vote_cast

    vote_cast(actor=None, vote=vote, entry=other, choices=[2], key="other-voter-key")
    twice = alice.post(f"/api/v1/votes/{vote.pk}/roll/{other.pk}/paper")
    assert twice.status_code == 422 and "网上" in messages_of(twice)


def test_paper_double_entry_mismatch_queue_and_third_look(world: World) -> None:
    vote = open_vote(world, extra_residents=2)
    alice, secretary = signed_in(world.alice), signed_in(world.secretary)
    for entry in vote.roll.all()[:2]:
        assert alice.post(f"/api/v1/votes/{vote.pk}/roll/{entry.pk}/paper").status_code == 201

    def enter(client: Client, sheet: str, choices: list[int]) -> Any:
        return client.post(
            f"/api/v1/votes/{vote.pk}/paper-entries",
            {"sheet": sheet, "choices": choices, "batch": "B1"},
            content_type="application/json",
        )

    assert enter(alice, "001", [1, 2]).json()["state"] == "waiting"
    same_person = enter(alice, "001", [1, 2])
    assert same_person.status_code == 422 and "另一位工作人员" in messages_of(same_person)
    assert enter(secretary, "001", [2, 1]).json()["state"] == "matched"
    assert Ballot.objects.filter(vote_event=vote).count() == 1
    # A mismatch is queued, not counted, and blocks the tally.
    enter(alice, "002", [3])
    assert enter(secretary, "002", [4]).json()["state"] == "mismatch"
    assert Ballot.objects.filter(vote_event=vote).count() == 1
    desk = alice.get(f"/votes/{vote.pk}/staff/").content.decode()
    assert "待核对" in desk and "002" in desk
    blocked = secretary.post(f"/api/v1/votes/{vote.pk}/close")
    assert blocked.status_code == 422 and "002" in messages_of(blocked)
    # The third look must be a third person.
    resolve = {"sheet": "002", "choices": [3]}
    refused = alice.post(
        f"/api/v1/votes/{vote.pk}/paper-entries/resolve", resolve, content_type="application/json"
    )
    assert refused.status_code == 422 and "第三位" in messages_of(refused)
    third = signed_in(make_staff("third", Role.RC_MEMBER, world.community))
    done = third.post(
        f"/api/v1/votes/{vote.pk}/paper-entries/resolve", resolve, content_type="application/json"
    )
    assert done.status_code == 201
    assert sorted(b.choices for b in Ballot.objects.filter(vote_event=vote)) == [[1, 2], [3]]
    assert set(PaperEntry.objects.filter(sheet="002").values_list("state", flat=True)) == {"resolved"}
    # No more paper ballots than were handed out.
    enter(alice, "003", [5])
    over = enter(secretary, "003", [5])
    assert over.status_code == 422 and "一样多" in messages_of(over)


def test_assisted_vote_on_a_staff_tablet_is_logged(world: World) -> None:
    from roundtable.audit.models import AuditEntry

    vote = open_vote(world)
    alice = signed_in(world.alice)
    alice.post(f"/staff/residents/{world.bob.person.pk}/assist/")
    page = alice.get(f"/votes/{vote.pk}/")
    key = re.search(r'name="key" value="([0-9a-f]+)"', page.content.decode()).group(1)
    cast = alice.post(f"/votes/{vote.pk}/", {"choices_json": "[2]", "key": key, "action": "cast"})
    assert cast.status_code == 302
    participation = Participation.objects.get()
    assert participation.channel == "assisted" and participation.recorded_by == world.alice
    entry = AuditEntry.objects.filter(action="vote.assisted").get()
    assert "2" not in str(entry.data.get("choices", ""))  # the audit log never holds the choice


def test_who_voted_and_how_share_no_key() -> None:
    """Ballot has no relation to a person, roll entry or participation, and no time of its own."""
    fields = {f.name: f for f in Ballot._meta.get_fields()}
    relations = {name for name, f in fields.items() if f.is_relation}
    assert relations == {"vote_event"}
    assert not any(isinstance(f, models.DateTimeField | models.DateField) for f in fields.values())
    participation = {f.name for f in Participation._meta.get_fields()}
    assert not participation & {"ballot", "receipt", "choices"}


def test_the_home_page_lists_the_open_vote_until_voted(world: World) -> None:
    vote = open_vote(world)
    bob = signed_in(world.bob)
    assert "投票中：2026年幸福微实事投票" in bob.get("/").content.decode()
    api_cast(bob, vote, [1])
    assert "投票中：" not in bob.get("/").content.decode()


def test_a_ballot_arriving_after_the_count_is_refused_not_lost(world: World) -> None:
    vote = open_vote(world)
    bob = signed_in(world.bob)
    stale = VoteEvent.objects.get(pk=vote.pk)  # a request that read the vote before it closed
    signed_in(world.secretary).post(f"/api/v1/votes/{vote.pk}/close")
    from django.core.exceptions import ValidationError

    from roundtable.voting.services import roll_entry_for, vote_cast

    with pytest.raises(ValidationError):
        vote_cast(
            actor=None,
            vote=stale,
            entry=roll_entry_for(stale, world.bob.person.pk),
            choices=[1],
            key="late-key-001",
        )
    assert written(vote) == (0, 0)
    assert api_cast(bob, vote, [1]).status_code == 422


def test_staff_pages_create_open_and_close_a_vote(world: World) -> None:
    from roundtable.cycles.testing import running_cycle
    from roundtable.voting.testing import on_ballot

    cycle = running_cycle(world)
    on_ballot(world, cycle)
    secretary = signed_in(world.secretary)
    closes = (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M")
    created = secretary.post(
        "/votes/staff/", {"cycle": str(cycle.pk), "title": "测试投票", "closes_at": closes}
    )
    vote = VoteEvent.objects.get()
    assert created["Location"].endswith(f"/votes/{vote.pk}/staff/")
    secretary.post(f"/votes/{vote.pk}/staff/open/")
    vote.refresh_from_db()
    assert vote.status == "open" and vote.roll.count() == 1 and vote.ballot_type == "approval"
    api_cast(signed_in(world.bob), vote, [2])
    secretary.post(f"/votes/{vote.pk}/staff/close/", {"approved_by": "社区党委"})
    vote.refresh_from_db()
    assert vote.status == "tallied" and vote.notice.approved_by == "社区党委"
    # Out of scope: another community's social worker gets the same 404 as for a missing vote.
    assert signed_in(world.charlie).get(f"/votes/{vote.pk}/staff/").status_code == 404

"""Candidate photos: frozen with the candidate when the vote opens, shown on the phone ballot and in
the API, served to anyone once the vote has opened and never changed by later edits to the proposal."""

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from roundtable.accounts.services import api_token_create
from roundtable.cycles.testing import running_cycle
from roundtable.proposals.models import ProposalPhoto
from roundtable.testing import World
from roundtable.voting.models import Candidate, VoteEvent
from roundtable.voting.services import vote_close, vote_create
from roundtable.voting.testing import PROJECTS, on_ballot, open_vote, with_photo

pytestmark = pytest.mark.django_db


def photo_url(vote: VoteEvent, number: int) -> str:
    return f"/votes/{vote.pk}/candidates/{number}/photo"


def test_the_first_photo_is_frozen_at_opening_and_shown_to_anyone(world: World) -> None:
    vote = open_vote(world, photos=True)  # candidates 1–5 have a photo, 6 has none
    first = Candidate.objects.get(vote_event=vote, number=1)
    assert first.photo == first.proposal.photos.first()
    served = Client().get(photo_url(vote, 1))
    assert served.status_code == 200 and served["Content-Type"] == "image/jpeg"
    assert served.content == bytes(first.photo.thumb) and "public" in served["Cache-Control"]
    assert Client().get(photo_url(vote, 6)).status_code == 404
    assert Client().get(photo_url(vote, 99)).status_code == 404

    bob = Client()
    bob.force_login(world.bob)
    page = bob.get(f"/votes/{vote.pk}/").content.decode()
    assert page.count('class="candidate-photo"') == 5
    assert f'src="{photo_url(vote, 1)}" alt="加装楼道路灯" loading="lazy"' in page
    confirm = bob.post(f"/votes/{vote.pk}/", {"project": ["1", "6"], "key": "k" * 32, "action": "review"})
    assert confirm.content.decode().count('class="candidate-photo"') == 1


def test_later_changes_to_the_proposal_photos_do_not_change_the_ballot(world: World) -> None:
    vote = open_vote(world, photos=True)
    frozen = Candidate.objects.get(vote_event=vote, number=1)
    before = Client().get(photo_url(vote, 1)).content
    # New photos after opening: the proposal's list changes, the ballot does not.
    with_photo(world, frozen.proposal, seed=9)
    last = Candidate.objects.get(vote_event=vote, number=6)
    with_photo(world, last.proposal, seed=8)
    assert Client().get(photo_url(vote, 1)).content == before
    assert Client().get(photo_url(vote, 6)).status_code == 404
    # Removing a photo of a proposal on the opened ballot is refused, on the page and through the API.
    alice = Client()
    alice.force_login(world.alice)
    refused = alice.post(f"/proposals/photo/{frozen.photo_id}/remove/", follow=True)
    assert "选票上的照片不能再删除" in " ".join(str(m) for m in refused.context["messages"])
    token = api_token_create(user=world.alice, name="t")
    later = frozen.proposal.photos.last()
    by_api = Client().delete(
        f"/api/v1/proposals/{frozen.proposal_id}/photos/{later.pk}",
        headers={"Authorization": f"Bearer {token}"},
    )
    assert by_api.status_code == 422 and "不能再删除" in by_api.json()["detail"][0]["message"]
    assert ProposalPhoto.objects.filter(proposal=frozen.proposal).count() == 2
    # After the count the photo is still served with the published ballot.
    VoteEvent.objects.filter(pk=vote.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    vote_close(actor=world.secretary, vote=VoteEvent.objects.get(pk=vote.pk))
    assert Client().get(photo_url(vote, 1)).content == before


def test_a_draft_vote_shows_no_photo(world: World) -> None:
    cycle = running_cycle(world)
    for seed, proposal in enumerate(on_ballot(world, cycle, PROJECTS[:2])):
        with_photo(world, proposal, seed)
    draft = vote_create(
        actor=world.secretary, cycle=cycle, title="草稿投票", closes_at=timezone.now() + timedelta(days=3)
    )
    assert Client().get(photo_url(draft, 1)).status_code == 404
    # Even with candidate rows in place, only the status decides: a draft is not public.
    opened = open_vote(world, photos=True)
    VoteEvent.objects.filter(pk=opened.pk).update(status=VoteEvent.Status.DRAFT)
    assert Client().get(photo_url(opened, 1)).status_code == 404


def test_the_api_candidate_listing_has_photo_url(world: World) -> None:
    vote = open_vote(world, photos=True)
    candidates: list[dict[str, Any]] = Client().get(f"/api/v1/votes/{vote.pk}").json()["candidates"]
    urls = {c["number"]: c["photo_url"] for c in candidates}
    assert urls == {n: (photo_url(vote, n) if n < 6 else None) for n in range(1, 7)}
    assert Client().get(urls[2]).status_code == 200

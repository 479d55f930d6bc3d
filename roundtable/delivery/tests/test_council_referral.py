"""A change above the rulebook's threshold goes on the agenda of the council that deliberates the
cycle's community, linked to the change request; a small change does not."""

import pytest

from roundtable.councils.testing import make_council
from roundtable.delivery.models import ChangeRequest
from roundtable.delivery.services import change_request_submit
from roundtable.delivery.testing import implementation
from roundtable.meetings.models import AgendaItem
from roundtable.meetings.testing import called_meeting
from roundtable.testing import World

pytestmark = pytest.mark.django_db


def test_a_large_change_is_put_on_the_councils_next_agenda(world: World) -> None:
    council = make_council(world, seats=5)
    meeting = called_meeting(world, council)
    impl = implementation(world, cost=50000)
    small = change_request_submit(
        actor=world.alice, implementation=impl, reason="换一家供货商", delta_budget=500
    )
    assert small.status == ChangeRequest.Status.PENDING
    assert not AgendaItem.objects.filter(meeting=meeting).exists()

    large = change_request_submit(
        actor=world.alice, implementation=impl, reason="地下管线改道", delta_budget=20000
    )
    assert large.status == ChangeRequest.Status.REFERRED
    item = AgendaItem.objects.get(meeting=meeting)
    assert item.topic_type == AgendaItem.TopicType.DELIVERY
    assert (item.source_type.model_class(), item.source_id) == (ChangeRequest, str(large.pk))
    assert impl.proposal.title in item.title


def test_without_a_deliberating_body_the_change_waits_referred(world: World) -> None:
    impl = implementation(world, cost=50000)
    large = change_request_submit(
        actor=world.alice, implementation=impl, reason="地下管线改道", delta_budget=20000
    )
    assert large.status == ChangeRequest.Status.REFERRED
    assert not AgendaItem.objects.exists()

import pytest

from roundtable.front.demo import seed_demo
from roundtable.ideas.models import Idea
from roundtable.notices.models import Objection, PublicNotice
from roundtable.proposals.models import Proposal

pytestmark = pytest.mark.django_db


def test_the_demo_shows_the_whole_pb_flow() -> None:
    seed_demo()
    assert set(Idea.objects.values_list("status", flat=True)) == set(Idea.Status.values)
    statuses = set(Proposal.objects.values_list("status", flat=True))
    assert {"draft", "submitted", "on_ballot", "screened_out"} <= statuses
    notice = PublicNotice.objects.get(type="candidates")
    assert notice.accepts_objections()
    assert set(Objection.objects.values_list("status", flat=True)) == {"open", "answered"}

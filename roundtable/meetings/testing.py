"""Builders for meeting tests: a called meeting on a body, driven through the console's URLs."""

from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from roundtable.councils.models import Council
from roundtable.councils.testing import make_council, members
from roundtable.meetings.models import Meeting, Motion, Vote
from roundtable.meetings.services import meeting_schedule
from roundtable.testing import STAFF_PASSWORD, World


def staff_client(name: str = "secretary") -> Client:
    c = Client()
    assert c.login(username=name, password=STAFF_PASSWORD)
    return c


def called_meeting(world: World, council: Council, *, title: str = "第一次议事会") -> Meeting:
    """Chaired and recorded by the community secretary, called with notice days to spare."""
    return meeting_schedule(
        actor=world.secretary,
        council=council,
        kind=Meeting.Kind.COUNCIL_SESSION,
        title=title,
        scheduled_at=timezone.now() + timedelta(days=7),
        venue="社区议事厅",
    )


def body_with_meeting(
    world: World, *, seats: int = 9, type: str = Council.Type.CONSULTATIVE_COUNCIL, **params: Any
) -> tuple[Meeting, list[Any]]:
    council = make_council(world, seats=seats, type=type, name=f"{type}议事机构", **params)
    return called_meeting(world, council), members(council)


class Console:
    """Posts to the chair's console as the secretary and returns the messages shown."""

    def __init__(self, meeting: Meeting, client: Client | None = None) -> None:
        self.meeting, self.client = meeting, client or staff_client()

    def do(self, _action: str, /, **data: Any) -> list[str]:
        r = self.client.post(
            f"/meetings/m/{self.meeting.pk}/do/{_action}/", {k: str(v) for k, v in data.items()}, follow=True
        )
        assert r.status_code == 200, r.status_code
        return [str(m) for m in r.context["messages"]]

    def checkin(self, *people: Any) -> None:
        for p in people:
            self.do("checkin", person=p.pk)

    def motion(self) -> Motion:
        return Motion.objects.filter(item__meeting=self.meeting).latest("created_at")

    def vote(self) -> Vote:
        return Vote.objects.filter(motion__item__meeting=self.meeting).latest("opened_at")

    def carry_motion(self, mover: Any, seconder: Any, text: str = "同意加装电梯") -> Motion:
        self.do("move", person=mover.pk, text=text)
        motion = self.motion()
        self.do("second", motion=motion.pk, person=seconder.pk)
        return motion

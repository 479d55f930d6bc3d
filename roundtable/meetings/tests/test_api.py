"""The same meeting through /api/v1/: actions return the room state; refusals are 422."""

import pytest

from roundtable.meetings.models import Motion
from roundtable.meetings.testing import body_with_meeting, staff_client
from roundtable.testing import World

pytestmark = pytest.mark.django_db


def test_api_meeting_quorum_vote_and_refusals(world: World) -> None:
    meeting, people = body_with_meeting(world, seats=9)
    c = staff_client()

    def act(action: str, **data: object) -> tuple[int, dict]:
        r = c.post(f"/api/v1/meetings/{meeting.pk}/actions/{action}", data, content_type="application/json")
        return r.status_code, r.json()

    assert act("agenda", title="楼道照明")[0] == 200
    for p in people[:5]:
        assert act("checkin", person_id=str(p.pk))[0] == 200
    code, room = act("open")
    assert code == 200 and room["quorum_required"] == 6 and not room["quorum_met"]
    act("move", person_id=str(people[0].pk), text="更换楼道灯")
    motion = Motion.objects.get()
    act("second", motion_id=str(motion.pk), person_id=str(people[1].pk))
    code, body = act("vote_open", motion_id=str(motion.pk))
    assert code == 422 and "未达到法定人数" in body["detail"][0]["message"]
    act("checkin", person_id=str(people[5].pk))
    assert act("vote_open", motion_id=str(motion.pk))[0] == 200
    code, room = act("vote_counts", vote_id=motion.vote.pk, yes=5, no=1, abstain=0)
    assert code == 200 and "通过" in room["last_vote"]
    act("withdraw", motion_id=str(motion.pk))
    code, body = act("move", person_id=str(people[2].pk), text="改", amends_id=str(motion.pk))
    assert code == 422
    assert c.get(f"/api/v1/meetings/{meeting.pk}/room").json()["quorum_met"] is True
    assert (
        staff_client("charlie")
        .post(f"/api/v1/meetings/{meeting.pk}/actions/close", {}, content_type="application/json")
        .status_code
        == 404
    )

"""A whole council meeting in Chromium: the chair's console on a tablet, the room view on a
second screen updating live, minutes approved and printed to PDF."""

import subprocess
import tempfile
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from roundtable.councils.testing import make_council, members
from roundtable.meetings.models import Meeting, Motion, Speech
from roundtable.meetings.testing import called_meeting
from roundtable.testing import STAFF_PASSWORD, World, build_world

pytestmark = pytest.mark.browser


@pytest.fixture
def live_world(transactional_db: Any) -> World:
    return build_world()


def test_a_whole_council_meeting(live_server: Any, live_world: World, chromium: Any) -> None:  # noqa: PLR0915
    world = live_world
    # 9 seats, quorum 2/3 = 6; this body needs a majority of all members
    council = make_council(world, seats=9, pass_rule_council="majority_of_members", alternate_sides=False)
    meeting = called_meeting(world, council)
    people = members(council)
    # the same counts under another body's rule (majority of those present) would pass
    other = make_council(world, seats=9, name="乙议事会", pass_rule_council="majority_of_present")

    tablet = chromium.new_context(viewport={"width": 1024, "height": 768}, locale="zh-CN").new_page()
    screen = chromium.new_context(viewport={"width": 1280, "height": 720}, locale="zh-CN").new_page()
    tablet.set_default_timeout(15000)
    screen.set_default_timeout(15000)
    tablet.goto(f"{live_server.url}/staff/login/")
    tablet.locator("input[name=password]").fill(STAFF_PASSWORD)
    tablet.locator("input[name=username]").fill("secretary")
    tablet.locator("input[name=password]").press("Enter")
    tablet.wait_for_load_state()
    console = f"{live_server.url}/meetings/m/{meeting.pk}/"
    tablet.goto(console)
    screen.goto(f"{live_server.url}/meetings/m/{meeting.pk}/room/")

    tablet.locator("input[name=title]").fill("3栋加装电梯")
    tablet.get_by_role("button", name="增加议题").click()
    # check in until quorum: the room screen follows live
    for n, person in enumerate(people[:6], start=1):
        tablet.locator("#checkin-person").select_option(str(person.pk))
        tablet.get_by_role("button", name="签到", exact=True).click()
        if n == 5:
            screen.locator("#quorum", has_text="到会 5 / 9 人").wait_for()
            assert "未达到" in screen.locator("#quorum").inner_text()
    screen.locator("#quorum", has_text="已达到").wait_for()
    tablet.get_by_role("button", name="宣布开会").click()
    screen.locator("#current-item", has_text="3栋加装电梯").wait_for()

    a, b, c = people[:3]
    # a speaks first; then a raises a hand again before b: b, a first-time speaker, goes ahead
    for who, stance in ((a, "for"),):
        tablet.locator("#hand-person").select_option(str(who.pk))
        tablet.locator("#hand-stance").select_option(stance)
        tablet.get_by_role("button", name="举手").click()
    tablet.get_by_role("button", name="请发言").first.click()
    screen.locator("#speaker", has_text="正在发言").wait_for()
    # timer expiry: the speech started longer ago than the 120-second limit
    Speech.objects.filter(ended_at__isnull=True).update(started_at=timezone.now() - timedelta(seconds=130))
    screen.locator("#timer", has_text="时间到").wait_for()
    tablet.reload()
    tablet.locator("#end-speech").click()
    for who, stance in ((a, "for"), (b, "against")):
        tablet.locator("#hand-person").select_option(str(who.pk))
        tablet.locator("#hand-stance").select_option(stance)
        tablet.get_by_role("button", name="举手").click()
    first_in_queue = tablet.locator("#console-queue li").first.inner_text()
    assert b.display_name in first_in_queue
    screen.locator("#queue li", has_text="首次发言").first.wait_for()
    tablet.get_by_role("button", name="请发言").first.click()
    tablet.locator("#end-speech").click()

    # a motion, seconded, amended
    tablet.locator("#move-person").select_option(str(a.pk))
    tablet.locator("#move-text").fill("同意3栋加装电梯")
    tablet.get_by_role("button", name="提出动议").click()
    motion = Motion.objects.get()
    tablet.locator(".motion").first.locator("select[name=person]").select_option(str(b.pk))
    tablet.locator(".motion").first.get_by_role("button", name="附议").click()
    tablet.locator("#move-person").select_option(str(c.pk))
    tablet.locator("#move-text").fill("同意3栋加装电梯，一楼住户免于分摊")
    tablet.locator("#move-amends").select_option(str(motion.pk))
    tablet.get_by_role("button", name="提出动议").click()
    amendment = Motion.objects.exclude(pk=motion.pk).get()
    card = tablet.locator(".motion").nth(1)
    card.locator("select[name=person]").select_option(str(people[3].pk))
    card.get_by_role("button", name="附议").click()
    tablet.locator(".motion").nth(1).get_by_role("button", name="开始表决").click()
    tablet.locator("#vote-entry input[name=yes]").fill("6")
    tablet.locator("#vote-entry input[name=no]").fill("0")
    tablet.locator("#vote-entry input[name=abstain]").fill("0")
    tablet.get_by_role("button", name="录入票数").click()
    motion.refresh_from_db()
    assert motion.text == amendment.text
    # the main motion: 5 yes of 9 members passes (5 > 4.5); 4 yes, 1 no, 1 abstain would not
    tablet.locator(".motion").first.get_by_role("button", name="开始表决").click()
    tablet.locator("#vote-entry input[name=yes]").fill("4")
    tablet.locator("#vote-entry input[name=no]").fill("1")
    tablet.locator("#vote-entry input[name=abstain]").fill("1")
    tablet.get_by_role("button", name="录入票数").click()
    screen.locator("#last-vote", has_text="未通过").wait_for()
    assert "超过全体成员半数" in screen.locator("#last-vote").inner_text()
    motion.refresh_from_db()
    assert motion.result == "failed"
    # the same counts under the other body's rule pass
    from roundtable.meetings import procedure

    assert (
        procedure.vote_outcome(
            yes=4,
            no=1,
            abstain=1,
            present=6,
            members=9,
            pass_rule=other.rulebook.param("pass_rule_council"),
            abstention_handling="counted_as_present",
            tie_rule="fails",
        ).result
        == "passed"
    )

    # a new motion that passes, and its resolution
    tablet.locator("#move-person").select_option(str(b.pk))
    tablet.locator("#move-text").fill("委托物业公司三十日内提交电梯加装方案")
    tablet.get_by_role("button", name="提出动议").click()
    card = tablet.locator(".motion").last
    card.locator("select[name=person]").select_option(str(c.pk))
    card.get_by_role("button", name="附议").click()
    tablet.locator(".motion").last.get_by_role("button", name="开始表决").click()
    tablet.locator("#vote-entry input[name=yes]").fill("6")
    tablet.locator("#vote-entry input[name=no]").fill("0")
    tablet.locator("#vote-entry input[name=abstain]").fill("0")
    tablet.get_by_role("button", name="录入票数").click()
    screen.locator("#last-vote", has_text="通过").wait_for()
    tablet.locator("#res-text").fill("委托物业公司提交3栋电梯加装方案")
    tablet.locator("#res-action").fill("提交电梯加装方案")
    tablet.locator("#res-unit").fill("物业公司")
    tablet.locator("#res-due").fill((timezone.localdate() + timedelta(days=30)).isoformat())
    tablet.get_by_role("button", name="记录决议").click()
    tablet.locator("#close-meeting").click()
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.CLOSED

    # minutes: generated, approved, printed
    tablet.goto(f"{console}minutes/")
    tablet.get_by_role("button", name="根据会议记录生成纪要").click()
    tablet.locator("#signatories").fill("王书记 李记录")
    tablet.get_by_role("button", name="审定并签字").click()
    tablet.locator("#minutes-status", has_text="已审定").wait_for()
    response = tablet.request.get(f"{console}minutes.pdf")
    assert response.headers["content-type"] == "application/pdf"
    with tempfile.NamedTemporaryFile(suffix=".pdf") as f:
        f.write(response.body())
        f.flush()
        text = subprocess.run(["pdftotext", f.name, "-"], capture_output=True, text=True, check=True).stdout
    assert "委托物业公司提交3栋电梯加装方案" in text.replace("\n", "")

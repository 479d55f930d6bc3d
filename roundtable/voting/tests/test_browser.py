"""The ballot in Debian's Chromium on a 360×640 phone: choose three projects, confirm, receipt, find it
in the public list, a second attempt refused; staff double-enter a paper ballot and a mismatch is queued."""

import re
from typing import Any

import pytest

from roundtable.front.tests.test_browser import assert_made_for_phones
from roundtable.ideas.tests.test_browser_flow import sign_in, staff_sign_in
from roundtable.testing import World, build_world
from roundtable.voting.models import Ballot, PaperEntry, Participation
from roundtable.voting.testing import open_vote

pytestmark = pytest.mark.browser


@pytest.fixture
def live_world(transactional_db: Any) -> World:
    return build_world()


def test_resident_votes_for_three_projects_on_a_phone(
    live_server: Any, live_world: World, phone_page: Any
) -> None:
    world, page = live_world, phone_page
    vote = open_vote(world, photos=True)  # every candidate but the last has a photo
    sign_in(page, live_server, world.bob)
    page.goto(f"{live_server.url}/votes/{vote.pk}/")
    assert_made_for_phones(page)
    assert page.locator(".candidate-photo").count() == 5
    assert_photo_loaded(page, "加装楼道路灯")
    for title in ("加装楼道路灯", "儿童绘本角", "独居老人呼叫器"):
        page.get_by_label(re.compile(title)).check()
    expect_text(page, "#running-total", "已选 3 项")
    expect_text(page, "#running-total", "140,000")
    page.get_by_role("button", name="下一步：核对选票").click()
    expect_text(page, "h1", "核对选票")
    assert page.locator(".chosen").count() == 3
    assert page.locator(".chosen .candidate-photo").count() == 2  # 独居老人呼叫器 has none
    assert_photo_loaded(page, "儿童绘本角")
    assert_made_for_phones(page)
    page.get_by_role("button", name="确认投票").click()
    code = page.locator("#receipt-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-9]{5}-[A-Z2-9]{5}", code)
    assert_made_for_phones(page)
    page.get_by_role("link", name="在回执列表中查找").click()
    expect_text(page, "#found", code)
    assert code in page.locator(".receipt-codes").inner_text()
    # A second attempt is refused with a clear message.
    page.goto(f"{live_server.url}/votes/{vote.pk}/")
    expect_text(page, "#already-voted", "已经投过票了")
    assert Ballot.objects.get().choices == [1, 3, 6] and Participation.objects.count() == 1


def assert_photo_loaded(page: Any, title: str) -> None:
    """The thumbnail is on screen (lazy-loaded once scrolled to), decoded, and fits the phone."""
    photo = page.get_by_role("img", name=title)
    photo.scroll_into_view_if_needed()
    assert photo.is_visible()
    photo.evaluate("img => img.decode ? img.decode() : null")
    assert photo.evaluate("img => img.complete && img.naturalWidth") > 0
    box = photo.bounding_box()
    assert box is not None and 40 <= box["width"] <= 140 and box["x"] + box["width"] <= 360


def expect_text(page: Any, selector: str, text: str) -> None:
    page.wait_for_function(
        "([s, t]) => document.querySelector(s) && document.querySelector(s).textContent.includes(t)",
        arg=[selector, text],
    )


def test_staff_double_enter_a_paper_ballot_and_a_mismatch_is_queued(
    live_server: Any, live_world: World, phone_page: Any
) -> None:
    world, page = live_world, phone_page
    vote = open_vote(world)
    desk = f"{live_server.url}/votes/{vote.pk}/staff/"

    staff_sign_in(page, live_server, "alice")
    page.goto(desk)
    page.get_by_label("按称呼查找选民").fill("王小波")
    page.get_by_role("button", name="查找").click()
    page.get_by_role("button", name="登记领取纸质选票").click()
    expect_text(page, ".messages", "已在选民名单上登记领取纸质选票")
    assert Participation.objects.get().channel == "paper"

    def enter(sheet: str, titles: tuple[str, ...]) -> None:
        page.goto(desk)
        form = page.locator("#paper-form")
        form.get_by_label("选票编号").fill(sheet)
        form.get_by_label("票箱批次").fill("第1箱")
        for title in titles:
            form.get_by_label(re.compile(title)).check()
        form.get_by_role("button", name="提交录入").click()

    enter("001", ("加装楼道路灯", "老年助餐点"))
    expect_text(page, ".messages", "等待第二人录入")
    staff_sign_in(page, live_server, "secretary")
    enter("001", ("加装楼道路灯", "儿童绘本角"))
    expect_text(page, ".messages", "待第三人核对")
    expect_text(page, ".mismatch", "001")
    assert_made_for_phones(page)
    assert Ballot.objects.count() == 0
    assert set(PaperEntry.objects.values_list("state", flat=True)) == {"mismatch"}


def test_results_page_on_a_phone(live_server: Any, live_world: World, phone_page: Any) -> None:
    from roundtable.voting.services import vote_cast, vote_close

    world, page = live_world, phone_page
    vote = open_vote(world, extra_residents=8)
    for i, entry in enumerate(vote.roll.order_by("pk")):
        vote_cast(actor=None, vote=vote, entry=entry, choices=[1 + i % 4, 5], key=f"phone-result-{i:03d}")
    vote_close(actor=world.secretary, vote=vote)
    page.goto(f"{live_server.url}/votes/{vote.pk}/results/")
    page.wait_for_selector("#chart-0 canvas")
    assert page.locator(".project-result").count() == 6
    assert "入选：" in page.locator(".explanation").first.inner_text()
    assert_made_for_phones(page)

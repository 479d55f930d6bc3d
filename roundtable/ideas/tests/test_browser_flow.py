"""The PB flow in Debian's Chromium on a 360×640 phone: idea with a photo, triage, proposal with
co-signers and a review, the candidate notice with masked names, an objection and its answer."""

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from roundtable.audit.models import AuditEntry
from roundtable.cycles.testing import running_cycle
from roundtable.front.tests.test_browser import assert_made_for_phones
from roundtable.ideas.models import Idea
from roundtable.ideas.testing import jpeg_with_gps
from roundtable.people.models import Residency
from roundtable.people.services import person_register
from roundtable.proposals.models import Proposal
from roundtable.proposals.services import proposal_cosign
from roundtable.testing import STAFF_PASSWORD, World, build_world

pytestmark = pytest.mark.browser


@pytest.fixture
def live_world(transactional_db: Any) -> World:
    return build_world()


def sign_in(page: Any, live_server: Any, user: Any) -> None:
    client = Client()
    client.force_login(user)
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def staff_sign_in(page: Any, live_server: Any, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/staff/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/staff/$"))


def test_idea_to_candidate_notice_on_a_phone(
    live_server: Any, live_world: World, phone_page: Any, tmp_path: Path
) -> None:
    world, page = live_world, phone_page
    cycle = running_cycle(world)
    idea = _resident_submits(page, live_server, world, tmp_path)
    proposal = _staff_triage_and_propose(page, live_server, idea)
    _two_co_signers(page, live_server, world, proposal)
    notice_url = _vet_and_publish(page, live_server, cycle, proposal)
    _object_and_answer(page, live_server, world, notice_url)


def _resident_submits(page: Any, live_server: Any, world: World, tmp_path: Path) -> Idea:
    photo = tmp_path / "lamp.jpg"
    photo.write_bytes(jpeg_with_gps().read())

    # A resident submits an idea in three steps, with a photo.
    sign_in(page, live_server, world.bob)
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name=re.compile("提一个点子")).click()
    assert_made_for_phones(page)
    page.get_by_label("遇到了什么问题？").fill("1栋门口路灯坏了，晚上老人看不见路")
    page.get_by_role("button", name="下一步").click()
    page.get_by_label("在哪个小区或楼栋？").select_option(label="甲社区小区 · 1栋")
    assert_made_for_phones(page)
    page.get_by_role("button", name="下一步").click()
    page.get_by_label("属于哪一类？").select_option(label="公共设施")
    page.locator("#id_photos").set_input_files(str(photo))
    assert_made_for_phones(page)
    page.get_by_role("button", name="提交点子").click()
    page.wait_for_url(re.compile(r"/ideas/mine/[0-9a-f-]+/$"))
    idea = Idea.objects.get()
    assert idea.ack_number in page.locator(".messages").inner_text()
    assert idea.photos.count() == 1
    assert_made_for_phones(page)
    return idea


def _staff_triage_and_propose(page: Any, live_server: Any, idea: Idea) -> Proposal:
    # Staff triage it as PB-eligible.
    staff_sign_in(page, live_server, "alice")
    page.goto(f"{live_server.url}/ideas/staff/idea/{idea.pk}/")
    page.get_by_label("分类").select_option(label="可纳入参与式预算")
    page.get_by_label("去向").select_option(label="进入参与式预算")
    page.get_by_label("给居民的答复").fill("这件事适合用微实事资金解决，将形成项目方案。")
    page.get_by_role("button", name="保存分流结果").click()
    assert "已告知提交人" in page.locator(".messages").inner_text()
    assert_made_for_phones(page)

    # It becomes a proposal.
    page.get_by_role("link", name="形成项目方案").click()
    page.get_by_label("项目名称").fill("1栋门口加装路灯")
    page.get_by_label("解决办法").fill("加装两盏太阳能路灯")
    page.get_by_label("资金池").select_option(index=1)
    page.get_by_label("受益人数（估计）").fill("200")
    page.get_by_label("预算估计（元）").fill("30000")
    page.get_by_label("预算依据").fill("两家报价")
    assert_made_for_phones(page)
    page.get_by_role("button", name="保存方案").click()
    page.wait_for_url(re.compile(r"/proposals/[0-9a-f-]+/$"))
    proposal = Proposal.objects.get()
    return proposal


def _two_co_signers(page: Any, live_server: Any, world: World, proposal: Proposal) -> None:
    # Two co-signers (one by paper through staff, one on her own phone).
    neighbours = [
        person_register(
            actor=world.alice,
            display_name=name,
            phone=phone,
            birth_year=1962,
            community=world.community,
            unit=world.unit,
            basis=Residency.Basis.OWNER,
            household_type="registered",
            channel="door_to_door",
        )
        for name, phone in (("李桂芳", "13900003333"), ("赵建国", ""))
    ]
    proposal_cosign(actor=world.alice, proposal=proposal, person=neighbours[1], assisted=True)
    from roundtable.accounts.models import User

    sign_in(page, live_server, User.objects.get(person=neighbours[0]))
    page.goto(f"{live_server.url}/proposals/{proposal.pk}/cosign/")
    assert_made_for_phones(page)
    page.get_by_role("button", name="我要附议").click()
    assert "附议成功" in page.locator(".messages").inner_text()


def _vet_and_publish(page: Any, live_server: Any, cycle: Any, proposal: Proposal) -> str:
    # Submitted, reviewed by an expert, feasible, eligible; then the list is published.
    staff_sign_in(page, live_server, "alice")
    url = f"{live_server.url}/proposals/{proposal.pk}/"
    page.goto(url)
    transition = page.locator("form", has=page.locator("input[name=form][value=transition]"))
    transition.get_by_label("改为状态").select_option(label="已提交")
    transition.get_by_role("button", name="确认").click()
    review = page.locator("form", has=page.locator("input[name=form][value=review]"))
    review.get_by_label("评审身份").select_option(label="专家")
    review.get_by_label("评审人或单位").fill("张工（照明工程师）")
    review.locator("#id_opinion").fill("选址合理，注意灯头朝向")
    review.get_by_label("建议").select_option(label="建议列入")
    review.get_by_role("button", name="添加评审意见").click()
    feas = page.locator("form", has=page.locator("input[name=form][value=feasibility]"))
    feas.locator("#id_feasibility").select_option(label="可行")
    feas.get_by_role("button", name="保存可行性").click()
    transition = page.locator("form", has=page.locator("input[name=form][value=transition]"))
    transition.get_by_label("改为状态").select_option(label="审核通过")
    transition.get_by_role("button", name="确认").click()
    assert page.locator(".proposal-status").inner_text() == "审核通过"
    staff_sign_in(page, live_server, "secretary")
    page.goto(f"{live_server.url}/proposals/cycle/{cycle.pk}/")
    page.get_by_role("button", name="发布候选项目公示").click()
    page.wait_for_url(re.compile(r"/notices/[0-9a-f-]+/$"))
    notice_url = page.url
    assert "1栋门口加装路灯" in page.content() and "王**" in page.content() and "王小波" not in page.content()
    return notice_url


def _object_and_answer(page: Any, live_server: Any, world: World, notice_url: str) -> None:
    # A resident objects and later sees the published answer.
    sign_in(page, live_server, world.bob)
    page.goto(notice_url)
    assert_made_for_phones(page)
    page.get_by_role("link", name="我有异议").click()
    page.get_by_label("您的异议").fill("路灯会照进二楼住户的窗户")
    page.get_by_role("button", name="提交异议").click()
    page.wait_for_url(notice_url)
    staff_sign_in(page, live_server, "secretary")
    page.goto(f"{notice_url}objections/")
    page.get_by_label("答复（将公开）").fill("已请施工方调整灯头朝下，避免照进窗户。")
    page.get_by_role("button", name="公开答复").click()
    sign_in(page, live_server, world.bob)
    page.goto(notice_url)
    assert "已请施工方调整灯头朝下" in page.locator(".objection-answer .answer").inner_text()
    assert_made_for_phones(page)


def test_staff_enter_a_paper_idea_and_the_audit_names_both(
    live_server: Any, live_world: World, phone_page: Any
) -> None:
    world, page = live_world, phone_page
    cycle = running_cycle(world)
    staff_sign_in(page, live_server, "secretary")
    page.goto(f"{live_server.url}/ideas/staff/cycle/{cycle.pk}/")
    page.get_by_role("link", name="代录点子").click()
    page.get_by_label("提交人（居民）").select_option(label="王小波")
    page.get_by_label("收集方式").select_option(label="纸质表格")
    page.get_by_label("遇到了什么问题？").fill("楼道扶手松了")
    page.get_by_label("小区或楼栋").select_option(label="甲社区小区 · 1栋")
    page.get_by_label("属于哪一类？").select_option(label="安全")
    assert_made_for_phones(page)
    page.get_by_role("button", name="保存点子").click()
    assert "已为 王小波 代录点子" in page.locator(".messages").inner_text()
    entry = AuditEntry.objects.get(action="idea.submit")
    assert entry.actor == world.secretary and entry.on_behalf_of == world.bob.person
    assert Idea.objects.get().channel == "paper_form"

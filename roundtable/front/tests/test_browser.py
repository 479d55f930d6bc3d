"""Real-browser tests in Debian's Chromium on a 360×640 phone screen."""

import re
from typing import Any

import pytest

from roundtable.accounts.models import OutboxMessage
from roundtable.audit.models import AuditEntry
from roundtable.people.models import Person
from roundtable.testing import STAFF_PASSWORD, World, build_world

pytestmark = pytest.mark.browser


@pytest.fixture
def live_world(transactional_db: Any) -> World:
    return build_world()


def assert_made_for_phones(page: Any) -> None:
    """No sideways scrolling at 360px, body text ≥ 18px, every tap target ≥ 44px high."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"page is {overflow}px wider than the screen"
    body_px = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    assert body_px >= 18
    small_text = page.evaluate(
        """[...document.querySelectorAll('main p, main li, main label, main td')]
             .filter(e => e.offsetParent && parseFloat(getComputedStyle(e).fontSize) < 18).length"""
    )
    assert small_text == 0
    small_targets = page.evaluate(
        """[...document.querySelectorAll('a, button, input:not([type=hidden]):not([type=checkbox]), select')]
             .filter(e => e.offsetParent).map(e => [e.outerHTML.slice(0, 60), e.getBoundingClientRect().height])
             .filter(([_, h]) => h < 44)"""
    )
    assert small_targets == []


def test_a_resident_signs_in_with_a_code_on_a_phone(
    live_server: Any, live_world: World, phone_page: Any
) -> None:
    page = phone_page
    page.goto(f"{live_server.url}/login/")
    assert_made_for_phones(page)
    page.get_by_label("手机号").fill(live_world.bob_phone)
    page.get_by_role("button", name="获取验证码").click()
    page.wait_for_url(re.compile(r"/login/code/$"))
    message = OutboxMessage.objects.latest("id")
    code = re.search(r"\d{6}", message.body).group()  # type: ignore[union-attr]
    page.get_by_label("验证码").fill(code)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.locator(".my-community").inner_text().startswith("甲社区")
    assert_made_for_phones(page)


def test_a_wrong_code_is_explained_in_chinese(live_server: Any, live_world: World, phone_page: Any) -> None:
    page = phone_page
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("手机号").fill(live_world.bob_phone)
    page.get_by_role("button", name="获取验证码").click()
    page.wait_for_url(re.compile(r"/login/code/$"))
    page.get_by_label("验证码").fill("99999x")
    page.get_by_role("button", name="登录").click()
    assert "验证码是6位数字" in page.locator("#id_code_errors").inner_text()


def test_staff_register_a_resident_by_assisted_entry(
    live_server: Any, live_world: World, phone_page: Any
) -> None:
    page = phone_page
    page.goto(f"{live_server.url}/staff/login/")
    page.locator("#id_username").fill("secretary")
    page.locator("#id_password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/staff/$"))
    assert_made_for_phones(page)
    page.get_by_role("link", name="代录登记居民").first.click()
    page.get_by_label("称呼（姓名）").fill("刘桂兰")
    page.get_by_label("出生年份").fill("1946")
    page.locator("#id_community").select_option(label="测试街道 · 甲社区")
    page.get_by_label("楼栋/单元").select_option(label="1栋 · 1单元")
    page.get_by_label("居住依据").select_option(label="常住")
    page.get_by_label("登记方式").select_option(label="上门走访")
    assert_made_for_phones(page)
    page.get_by_role("button", name="保存登记").click()
    page.wait_for_url(re.compile(r"/staff/residents/[0-9a-f-]+/$"))
    assert "已为 刘桂兰 完成代录登记" in page.locator(".messages").inner_text()

    page.goto(f"{live_server.url}/staff/audit/")
    row = page.locator(".audit-row", has_text="登记居民").filter(has_text="刘桂兰").first
    assert row.locator(".audit-actor").inner_text() == "secretary"
    assert row.locator(".audit-on-behalf").inner_text() == "刘桂兰"
    assert_made_for_phones(page)
    person = Person.objects.get(display_name="刘桂兰")
    assert AuditEntry.objects.get(action="person.register", on_behalf_of=person).actor == live_world.secretary

"""In Chromium: a selected project from plan to acceptance and published accounts; then a resident
answers the satisfaction survey on a 360×640 phone and the public dashboard's figure changes."""

import io
import re
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from roundtable.delivery.models import ChangeRequest, Implementation, Photo
from roundtable.delivery.services import change_request_decide
from roundtable.delivery.testing import selected_proposal
from roundtable.notices.models import PublicNotice
from roundtable.people.models import Person
from roundtable.proposals.testing import neighbour
from roundtable.surveys.models import Survey
from roundtable.surveys.services import survey_respond
from roundtable.testing import STAFF_PASSWORD, World, build_world

pytestmark = pytest.mark.browser
GOOD = {"need": 3, "quality": 3, "timeliness": 3, "transparency": 3, "heard": 3, "overall": 3}


@pytest.fixture
def live_world(transactional_db: Any) -> World:
    return build_world()


@pytest.fixture
def desk_page(chromium: Any) -> Any:
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def staff_sign_in(page: Any, url: str, username: str) -> None:
    page.goto(f"{url}/staff/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/staff/$"))


def sign_in(page: Any, url: str, user: Any) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": url}])


def jpeg_with_gps(path: Path) -> Path:
    from PIL import Image

    image = Image.new("RGB", (64, 48), (30, 120, 30))
    exif = Image.Exif()
    exif[0x010F] = "TestCam"
    exif[0x8825] = {1: "N", 2: (30.0, 15.0, 0.0)}
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    path.write_bytes(out.getvalue())
    return path


def staff_do(page: Any, form: str, fields: dict[str, str], button: str) -> None:
    box = page.locator(form)
    for selector, value in fields.items():
        box.locator(selector).fill(value)
    box.get_by_role("button", name=button).click()
    page.wait_for_load_state()


def test_plan_to_acceptance_then_a_phone_survey_moves_the_dashboard(
    live_server: Any, live_world: World, desk_page: Any, phone_page: Any, tmp_path: Path
) -> None:
    world, url, page = live_world, live_server.url, desk_page
    proposal = selected_proposal(world)
    panel = [world.bob.person, neighbour(world, "李四"), neighbour(world, "赵工")]
    for n in range(5):
        neighbour(world, f"居民{n}")

    impl = plan_and_spend(page, url, world, proposal)
    inspect_and_complete(page, impl, panel, tmp_path)
    accept_publish_and_survey(page, phone_page, url, world, impl, proposal)


def plan_and_spend(page: Any, url: str, world: World, proposal: Any) -> Implementation:
    staff_sign_in(page, url, "alice")
    page.goto(f"{url}/delivery/cycle/{proposal.cycle_id}/")
    page.get_by_role("link", name="建立实施计划").click()
    page.get_by_label("实施单位").fill("平安物业工程部")
    page.get_by_label("采购记录（如三方报价）").fill("甲 48000；乙 50000；丙 52000")
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(re.compile(r"/staff/$"))
    impl = Implementation.objects.get()

    staff_do(page, "#milestone-form", {"#m_name": "灯杆基础", "#m_due": "2026-12-01"}, "添加节点")
    assert "灯杆基础" in page.content()
    staff_do(
        page,
        "#expenditure-form",
        {"#e_amount": "45000", "#e_date": "2026-10-01", "#e_payee": "平安物业", "#e_voucher": "记-001"},
        "登记支出",
    )
    assert page.locator(".spent").inner_text() == "45000"
    # beyond the allocation: refused with the figures
    staff_do(
        page,
        "#expenditure-form",
        {"#e_amount": "9000", "#e_date": "2026-10-02", "#e_payee": "平安物业", "#e_voucher": "记-002"},
        "登记支出",
    )
    assert "超出下达金额" in page.content() and page.locator(".spent").inner_text() == "45000"
    # +10 000 of 50 000 = 20 % > 10 %: goes back to the council
    staff_do(page, "#change-form", {"#c_delta": "10000", "#c_reason": "增加两盏灯"}, "提出变更")
    assert "已提交议事会决定" in page.content()
    cr = ChangeRequest.objects.get()
    assert cr.status == "referred"
    with transaction.atomic():  # the meetings app records the council's resolution here
        change_request_decide(
            change_request=cr, decision="approved", reference="议事会2026-07号决议", actor=world.alice
        )
    page.reload()
    assert "议事会2026-07号决议" in page.content() and page.locator(".allowed").inner_text() == "60000"
    staff_do(
        page,
        "#expenditure-form",
        {"#e_amount": "9000", "#e_date": "2026-10-02", "#e_payee": "平安物业", "#e_voucher": "记-002"},
        "登记支出",
    )
    assert page.locator(".spent").inner_text() == "54000"
    return impl


def inspect_and_complete(page: Any, impl: Implementation, panel: list[Any], tmp_path: Path) -> None:
    box = page.locator("#inspection-form")
    box.locator("#i_date").fill("2026-10-03")
    box.locator("#i_findings").fill("基础已浇筑，围挡完好")
    box.locator("#i_photos").set_input_files(str(jpeg_with_gps(tmp_path / "site.jpg")))
    box.get_by_role("button", name="保存检查记录").click()
    page.wait_for_load_state()
    assert "基础已浇筑" in page.content()
    assert b"TestCam" not in bytes(Photo.objects.get().data)

    with transaction.atomic():
        impl.panel.set(panel)
    staff_do(page, "#complete-form", {"#f_date": "2026-11-01"}, "登记完工")


def accept_publish_and_survey(
    page: Any, phone_page: Any, url: str, world: World, impl: Any, proposal: Any
) -> None:

    # a panel member accepts on their phone
    phone = phone_page
    sign_in(phone, url, world.bob)
    phone.goto(f"{url}/delivery/{impl.pk}/")
    phone.get_by_label("通过", exact=True).check()
    phone.get_by_label("验收意见").fill("路灯全部点亮，合格")
    phone.get_by_role("button", name="提交验收结论").click()
    phone.wait_for_load_state()
    assert phone.locator(".impl-status").inner_text() == "已验收"

    page.reload()
    page.get_by_role("button", name="公开决算").click()
    page.wait_for_load_state()
    notice = PublicNotice.objects.get(type="accounts")
    assert "54000" in notice.body
    assert Client().get(f"/notices/{notice.pk}/pdf/").content[:4] == b"%PDF"
    page.get_by_role("button", name="发起满意度测评（全部受益居民）").click()
    page.wait_for_load_state()
    survey = Survey.objects.get()

    # seven neighbours have answered already (on paper or by link)
    others = survey.invitations.exclude(person=world.bob.person)
    for inv in others[:7]:
        with transaction.atomic():
            survey_respond(actor=None, survey=survey, invitation=inv, answers=GOOD)
    page.goto(f"{url}/dashboard/cycle/{proposal.cycle_id}/")
    assert "已收回 7 份" in page.content()

    phone.goto(f"{url}/")
    phone.get_by_role("link", name=re.compile("请您评一评")).click()
    assert phone.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    small = phone.evaluate(
        """[...document.querySelectorAll('label.choice, button')].filter(e => e.offsetParent)
             .map(e => e.getBoundingClientRect().height).filter(h => h < 44).length"""
    )
    assert small == 0
    for key in ("need", "quality", "timeliness", "transparency", "heard", "overall"):
        phone.locator(f"#q-{key}").get_by_label("满意", exact=True).check()
    phone.get_by_role("button", name="提交").click()
    phone.wait_for_load_state()
    assert "您已经填过这份问卷了" in phone.content()

    phone.goto(f"{url}/dashboard/cycle/{proposal.cycle_id}/")
    assert "已收回 8 份" in phone.content()
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert Person.objects.count() >= 8

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from roundtable.accounts.models import OutboxMessage
from roundtable.audit.models import AuditEntry
from roundtable.cycles.testing import running_cycle
from roundtable.ideas.models import Idea, IdeaPhoto
from roundtable.ideas.photos import MAX_PHOTO_BYTES
from roundtable.ideas.testing import bob_idea, jpeg_with_gps
from roundtable.people.models import Person, Residency
from roundtable.people.services import person_register
from roundtable.testing import STAFF_PASSWORD, World

pytestmark = pytest.mark.django_db


def resident(world: World) -> Client:
    c = Client()
    c.force_login(world.bob)
    return c


def staff(username: str) -> Client:
    c = Client()
    assert c.login(username=username, password=STAFF_PASSWORD)
    return c


def three_steps(c: Client, world: World, photos: list[Any] | None = None) -> Any:
    base = {
        "problem": "小区里没有坐的地方，老人走累了没处歇脚",
        "location": world.building.pk,
        "place_note": "花坛旁",
    }
    r = c.post("/ideas/new/", {"step": 1, "problem": base["problem"]})
    assert "第 2 步" in r.content.decode()
    r = c.post("/ideas/new/", {"step": 2, **base})
    assert "第 3 步" in r.content.decode()
    return c.post("/ideas/new/", {"step": 3, **base, "category": "facilities", "photos": photos or []})


def test_a_resident_submits_an_idea_in_three_steps_with_a_photo(world: World) -> None:
    running_cycle(world)
    r = three_steps(resident(world), world, [jpeg_with_gps()])
    assert r.status_code == 302
    idea = Idea.objects.get()
    assert idea.channel == Idea.Channel.ONLINE and idea.submitter == world.bob.person
    assert r.url == f"/ideas/mine/{idea.pk}/"
    page = resident(world).get(r.url).content.decode()
    assert idea.ack_number in page and "已收到您的点子" in page
    from PIL import Image

    stored = Image.open(io.BytesIO(bytes(IdeaPhoto.objects.get().data)))
    assert not stored.getexif()  # GPS and camera gone
    assert AuditEntry.objects.filter(action="idea.submit", actor=world.bob, on_behalf_of=None).exists()


def test_an_empty_step_is_explained(world: World) -> None:
    running_cycle(world)
    r = resident(world).post("/ideas/new/", {"step": 1, "problem": ""})
    assert "请写一写遇到了什么问题" in r.content.decode()
    assert "第 1 步" in r.content.decode()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("a.txt", b"hello, not an image", content_type="image/jpeg"), "不是 JPG 或 PNG"),
        (SimpleUploadedFile("big.jpg", b"0" * (MAX_PHOTO_BYTES + 1), content_type="image/jpeg"), "太大"),
    ],
)
def test_bad_photos_are_refused_and_nothing_is_written(world: World, upload: Any, message: str) -> None:
    running_cycle(world)
    r = three_steps(resident(world), world, [upload])
    assert r.status_code == 200
    assert message in r.content.decode()
    assert not Idea.objects.exists() and not IdeaPhoto.objects.exists()


def test_no_submission_after_intake_closed(world: World) -> None:
    running_cycle(world, intake_open=False)
    c = resident(world)
    page = c.get("/ideas/new/").content.decode()
    assert "已于" in page and "截止" in page
    r = c.post(
        "/ideas/new/", {"step": 3, "problem": "晚了", "location": world.building.pk, "category": "other"}
    )
    assert "截止" in r.content.decode()
    assert not Idea.objects.exists()


def test_the_home_page_lists_the_open_call(world: World) -> None:
    cycle = running_cycle(world)
    assert "提一个点子" in resident(world).get("/").content.decode()
    assert "我的点子" not in resident(world).get("/").content.decode()
    bob_idea(world, cycle)
    assert "我的点子（1 个）" in resident(world).get("/").content.decode()


def test_staff_enter_a_paper_idea_for_a_resident(world: World) -> None:
    cycle = running_cycle(world)
    elder = person_register(
        actor=world.alice,
        display_name="刘桂兰",
        birth_year=1946,
        community=world.community,
        unit=world.unit,
        basis=Residency.Basis.HUKOU,
        household_type="registered",
        channel="door_to_door",
    )
    r = staff("alice").post(
        f"/ideas/staff/cycle/{cycle.pk}/new/",
        {
            "submitter": elder.pk,
            "channel": "paper_form",
            "problem": "楼道灯不亮",
            "location": world.building.pk,
            "category": "facilities",
        },
    )
    assert r.status_code == 302
    idea = Idea.objects.get()
    assert idea.channel == "paper_form" and idea.entered_by == world.alice and idea.submitter == elder
    entry = AuditEntry.objects.get(action="idea.submit")
    assert entry.actor == world.alice and entry.on_behalf_of == elder and entry.channel == "assisted"


def test_id_numbers_are_refused(world: World) -> None:
    running_cycle(world)
    r = resident(world).post("/ideas/new/", {"step": 1, "problem": "我的身份证 110101199003074518 丢了"})
    assert "身份证" in r.content.decode()
    assert "110101199003074518" not in r.content.decode()


def test_ideas_are_private_to_their_submitter_and_scope(world: World) -> None:
    cycle = running_cycle(world)
    idea = bob_idea(world, cycle)
    other = Person.objects.create(display_name="外人")
    from roundtable.accounts.models import User

    stranger = User.objects.create_user(username="stranger", person=other)
    c = Client()
    c.force_login(stranger)
    assert c.get(f"/ideas/mine/{idea.pk}/").status_code == 404
    assert staff("charlie").get(f"/ideas/staff/idea/{idea.pk}/").status_code == 404
    assert staff("alice").get(f"/ideas/staff/idea/{idea.pk}/").status_code == 200
    assert not OutboxMessage.objects.filter(body__contains=idea.ack_number).exists()

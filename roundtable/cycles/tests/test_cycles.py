from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from roundtable.audit.models import AuditEntry
from roundtable.cycles.models import Cycle, Phase, Pool
from roundtable.cycles.services import phase_require_open
from roundtable.cycles.testing import adopted_rulebook, running_cycle
from roundtable.testing import STAFF_PASSWORD, World

pytestmark = pytest.mark.django_db


def staff_client(username: str) -> Client:
    c = Client()
    assert c.login(username=username, password=STAFF_PASSWORD)
    return c


def test_staff_create_a_cycle_and_set_it_up(world: World) -> None:
    book = adopted_rulebook(world.secretary, per_project_cap=80000)
    c = staff_client("secretary")
    r = c.post(
        "/cycles/new/", {"name": "2026年微实事", "jurisdiction": world.community.pk, "rulebook": book.pk}
    )
    assert r.status_code == 302
    cycle = Cycle.objects.get(name="2026年微实事")
    url = f"/cycles/{cycle.pk}/"
    r = c.post(
        url,
        {
            "form": "pool",
            "level": "community",
            "jurisdiction": world.community.pk,
            "amount": 300000,
            "quota_construction": 200000,
            "quota_service": 200000,
        },
    )
    assert r.status_code == 200
    assert "超过了资金池金额" in r.content.decode()
    assert not Pool.objects.exists()
    r = c.post(
        url, {"form": "pool", "level": "community", "jurisdiction": world.community.pk, "amount": 300000}
    )
    assert r.status_code == 302
    assert Pool.objects.get().cap == 80000  # from the rulebook
    r = c.post(
        url, {"form": "phase", "kind": "p2", "opens_at": "2026-03-10T09:00", "closes_at": "2026-03-01T09:00"}
    )
    assert "结束时间必须晚于开始时间" in r.content.decode()
    r = c.post(
        url, {"form": "phase", "kind": "p2", "opens_at": "2026-03-01T09:00", "closes_at": "2026-04-01T09:00"}
    )
    assert r.status_code == 302
    assert c.post(f"{url}start/").status_code == 302
    cycle.refresh_from_db()
    assert cycle.status == Cycle.Status.RUNNING
    assert AuditEntry.objects.filter(action="cycle.start", actor=world.secretary).exists()


def test_a_cycle_is_only_started_with_pool_and_intake(world: World) -> None:
    book = adopted_rulebook(world.secretary)
    c = staff_client("secretary")
    c.post("/cycles/new/", {"name": "空周期", "jurisdiction": world.community.pk, "rulebook": book.pk})
    cycle = Cycle.objects.get(name="空周期")
    r = c.post(f"/cycles/{cycle.pk}/start/", follow=True)
    assert "至少设置一个资金池" in r.content.decode()
    cycle.refresh_from_db()
    assert cycle.status == Cycle.Status.DRAFT


def test_the_rulebook_of_a_running_cycle_cannot_change(world: World) -> None:
    cycle = running_cycle(world)
    other = adopted_rulebook(world.secretary, name="另一套规则")
    r = staff_client("secretary").post(f"/cycles/{cycle.pk}/", {"form": "rulebook", "rulebook": other.pk})
    assert "不能更换议事规则" in r.content.decode()
    cycle.refresh_from_db()
    assert cycle.rulebook.name == "测试规则"


def test_the_rulebook_of_a_draft_cycle_can_change(world: World) -> None:
    book = adopted_rulebook(world.secretary)
    other = adopted_rulebook(world.secretary, name="另一套规则")
    c = staff_client("secretary")
    c.post("/cycles/new/", {"name": "草案周期", "jurisdiction": world.community.pk, "rulebook": book.pk})
    cycle = Cycle.objects.get(name="草案周期")
    assert c.post(f"/cycles/{cycle.pk}/", {"form": "rulebook", "rulebook": other.pk}).status_code == 302
    cycle.refresh_from_db()
    assert cycle.rulebook == other


def test_an_unadopted_rulebook_is_refused(world: World) -> None:
    from roundtable.rulebooks.services import rulebook_create

    draft = rulebook_create(actor=world.secretary, name="草案规则", parameters={})
    r = staff_client("secretary").post(
        "/cycles/new/", {"name": "x", "jurisdiction": world.community.pk, "rulebook": draft.pk}
    )
    assert r.status_code == 200
    assert not Cycle.objects.filter(name="x").exists()


def test_other_communities_staff_get_404(world: World) -> None:
    cycle = running_cycle(world)
    assert staff_client("charlie").get(f"/cycles/{cycle.pk}/").status_code == 404
    assert staff_client("secretary").get(f"/cycles/{cycle.pk}/").status_code == 200


@pytest.mark.parametrize(
    ("opens", "closes", "message"),
    [(1, 5, "将于"), (-5, -1, "已于"), (-1, 5, None)],
)
def test_the_phase_calendar(world: World, opens: int, closes: int, message: Any) -> None:
    cycle = running_cycle(world)
    now = timezone.now()
    Phase.objects.filter(cycle=cycle, kind="p2").update(
        opens_at=now + timedelta(days=opens), closes_at=now + timedelta(days=closes)
    )
    if message is None:
        phase_require_open(cycle=cycle, kind="p2")
    else:
        with pytest.raises(ValidationError, match=message):
            phase_require_open(cycle=cycle, kind="p2")

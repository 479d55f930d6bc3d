"""The staff dashboard flags what is late or waiting, from every app, only to staff of that area."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from roundtable.delivery.services import milestone_add
from roundtable.delivery.testing import implementation
from roundtable.testing import World

pytestmark = pytest.mark.django_db


def _dashboard(user) -> str:
    client = Client()
    client.force_login(user)
    return client.get("/staff/").content.decode()


def test_an_overdue_milestone_is_flagged_to_the_areas_staff_only(world: World) -> None:
    impl = implementation(world)
    assert "需要处理" not in _dashboard(world.alice)
    yesterday = timezone.localdate() - timedelta(days=1)
    milestone_add(actor=world.alice, implementation=impl, name="主体完工", due_on=yesterday)
    page = _dashboard(world.alice)
    assert "需要处理" in page
    assert "1 个节点逾期" in page
    assert f"/delivery/cycle/{impl.proposal.cycle_id}/" in page
    assert "需要处理" not in _dashboard(world.charlie)  # another community's social worker

"""Cycle set-up under /api/v1/: same forms and services as the staff pages, 422 per field, 404 out of scope."""

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from roundtable.accounts.services import api_token_create
from roundtable.cycles.models import Cycle
from roundtable.cycles.testing import adopted_rulebook
from roundtable.testing import World

pytestmark = pytest.mark.django_db


def call(user: Any, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
    token = api_token_create(user=user, name="t")
    return getattr(Client(), method)(
        f"/api/v1{url}",
        body or {},
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )


def fields(response: Any) -> dict[str | None, str]:
    return {d["field"]: d["message"] for d in response.json()["detail"]}


def _when(days: int) -> str:
    return (timezone.localtime() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M")


def test_a_cycle_is_set_up_and_started_through_the_api(world: World) -> None:
    book = adopted_rulebook(world.secretary)
    other = adopted_rulebook(world.secretary, name="另一版规则")
    body = {"name": "2027年微实事", "jurisdiction_id": str(world.community.pk), "rulebook_id": str(book.pk)}
    r = call(world.alice, "post", "/cycles", body)
    assert r.status_code == 201, r.content
    cid = r.json()["id"]
    assert r.json()["status"] == "draft"

    early = call(world.alice, "post", f"/cycles/{cid}/start")
    assert early.status_code == 422 and "pools" in fields(early)

    r = call(world.alice, "post", f"/cycles/{cid}/rulebook", {"rulebook_id": str(other.pk)})
    assert r.status_code == 200 and r.json()["rulebook_id"] == str(other.pk)
    r = call(
        world.alice,
        "post",
        f"/cycles/{cid}/phases",
        {"kind": "p2", "opens_at": _when(-1), "closes_at": _when(10)},
    )
    assert r.status_code == 200, r.content
    assert [p["kind"] for p in r.json()["phases"]] == ["p2"]
    pool = {"level": "community", "jurisdiction_id": str(world.community.pk), "amount": 300000}
    r = call(world.alice, "post", f"/cycles/{cid}/pools", pool)
    assert r.status_code == 201, r.content
    r = call(world.alice, "post", f"/cycles/{cid}/negative-items", {"description": "物业合同内的维修"})
    assert r.status_code == 201 and r.json()["negative_items"][0]["description"] == "物业合同内的维修"

    r = call(world.alice, "post", f"/cycles/{cid}/start")
    assert r.status_code == 200 and r.json()["status"] == "running"
    late = call(world.alice, "post", f"/cycles/{cid}/rulebook", {"rulebook_id": str(book.pk)})
    assert late.status_code == 422 and "rulebook" in fields(late)
    assert Cycle.objects.get(pk=cid).rulebook_id == other.pk
    assert call(world.alice, "get", f"/cycles/{cid}").json()["pools"][0]["amount"] == 300000


def test_bad_input_is_422_field_by_field(world: World) -> None:
    book = adopted_rulebook(world.secretary)
    bad = call(
        world.alice,
        "post",
        "/cycles",
        {"name": "", "jurisdiction_id": str(world.other_community.pk), "rulebook_id": str(book.pk)},
    )
    assert bad.status_code == 422
    assert set(fields(bad)) == {"name", "jurisdiction"}
    assert not Cycle.objects.exists()
    body = {"name": "周期", "jurisdiction_id": str(world.community.pk), "rulebook_id": str(book.pk)}
    cid = call(world.alice, "post", "/cycles", body).json()["id"]
    pool = {
        "level": "community",
        "jurisdiction_id": str(world.community.pk),
        "amount": 100,
        "quota_goods": 500,
    }
    r = call(world.alice, "post", f"/cycles/{cid}/pools", pool)
    assert r.status_code == 422 and "quota_construction" in fields(r)
    r = call(
        world.alice,
        "post",
        f"/cycles/{cid}/phases",
        {"kind": "p2", "opens_at": "昨天", "closes_at": _when(1)},
    )
    assert r.status_code == 422 and "opens_at" in fields(r)


def test_another_communitys_worker_gets_404(world: World) -> None:
    book = adopted_rulebook(world.secretary)
    body = {"name": "周期", "jurisdiction_id": str(world.community.pk), "rulebook_id": str(book.pk)}
    cid = call(world.alice, "post", "/cycles", body).json()["id"]
    assert call(world.charlie, "get", f"/cycles/{cid}").status_code == 404
    r = call(world.charlie, "post", f"/cycles/{cid}/negative-items", {"description": "x"})
    assert r.status_code == 404
    assert call(world.charlie, "post", f"/cycles/{cid}/start").status_code == 404
    assert call(world.bob, "post", "/cycles", body).status_code == 403

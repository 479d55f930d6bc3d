"""Surveys through /api/v1/ and the pages: sampling, one response per person, answers out of range
refused with nothing written, answers kept apart from who responded, paper entry, results suppressed."""

from typing import Any

import pytest
from django.test import Client

from roundtable.accounts.services import api_token_create
from roundtable.delivery.testing import implementation
from roundtable.notices.models import Letter
from roundtable.proposals.testing import neighbour
from roundtable.surveys.models import Invitation, Response, Survey
from roundtable.surveys.services import survey_open
from roundtable.testing import World

pytestmark = pytest.mark.django_db

GOOD = {"need": 3, "quality": 3, "timeliness": 2, "transparency": 3, "heard": 2, "overall": 3}


def call(user: Any, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
    headers = {"Authorization": f"Bearer {api_token_create(user=user, name='t')}"} if user else {}
    return getattr(Client(), method)(
        f"/api/v1{url}", body or {}, content_type="application/json", headers=headers
    )


def fields(response: Any) -> dict[str | None, str]:
    return {d["field"]: d["message"] for d in response.json()["detail"]}


def satisfaction_survey(world: World) -> Survey:
    impl = implementation(world)
    r = call(
        world.alice,
        "post",
        "/surveys",
        {"instrument": "satisfaction", "sampling": "all_beneficiaries", "implementation_id": str(impl.pk)},
    )
    assert r.status_code == 201, r.content
    return Survey.objects.get(pk=r.json()["id"])


def test_beneficiaries_are_invited_by_letter(world: World) -> None:
    neighbour(world, "李四")
    survey = satisfaction_survey(world)
    assert survey.invitations.count() == 2
    assert Letter.objects.filter(subject="请您评一评").count() == 2
    assert survey.instrument.version == 1 and len(survey.instrument.items) == 7


def test_a_second_response_from_the_same_person_is_refused(world: World) -> None:
    survey = satisfaction_survey(world)
    assert call(world.bob, "post", f"/surveys/{survey.pk}/responses", {"answers": GOOD}).status_code == 201
    again = call(world.bob, "post", f"/surveys/{survey.pk}/responses", {"answers": GOOD})
    assert again.status_code == 422 and "只能填一次" in fields(again)["survey"]
    assert Response.objects.count() == 1


def test_an_answer_out_of_range_is_refused_and_nothing_is_written(world: World) -> None:
    survey = satisfaction_survey(world)
    r = call(world.bob, "post", f"/surveys/{survey.pk}/responses", {"answers": GOOD | {"overall": 4}})
    assert r.status_code == 422 and "1 到 3" in fields(r)["overall"]
    r = call(world.bob, "post", f"/surveys/{survey.pk}/responses", {"answers": GOOD | {"extra": 1}})
    assert r.status_code == 422 and "extra" in fields(r)
    assert Response.objects.count() == 0 and not Invitation.objects.get(person=world.bob.person).responded


def test_answers_cannot_be_linked_to_the_person(world: World) -> None:
    survey = satisfaction_survey(world)
    call(world.bob, "post", f"/surveys/{survey.pk}/responses", {"answers": GOOD})
    response_fields = {f.name for f in Response._meta.get_fields()}
    assert response_fields == {"id", "survey", "answers", "channel", "submitted_on"}
    assert Invitation.objects.get(person=world.bob.person).responded


def test_the_one_time_link_works_without_signing_in(world: World) -> None:
    impl = implementation(world)
    from django.db import transaction

    with transaction.atomic():
        _survey, tokens = survey_open(
            actor=world.alice,
            instrument_code="satisfaction",
            title="",
            jurisdiction=world.community,
            sampling="all_beneficiaries",
            implementation=impl,
        )
    token = tokens[world.bob.person.pk]
    assert call(None, "post", f"/surveys/token/{token}/responses", {"answers": GOOD}).status_code == 201
    assert call(None, "post", f"/surveys/token/{token}/responses", {"answers": GOOD}).status_code == 422
    assert call(None, "post", "/surveys/token/nonsense/responses", {"answers": GOOD}).status_code == 404
    page = Client().get(f"/surveys/t/{token}/")
    assert "您已经填过" in page.content.decode()


def test_staff_enter_a_paper_form_and_results_hide_small_cells(world: World) -> None:
    survey = satisfaction_survey(world)
    body = {"person_id": str(world.bob.person.pk), "channel": "paper", "answers": GOOD}
    assert call(world.alice, "post", f"/surveys/{survey.pk}/entries", body).status_code == 201
    assert Response.objects.get().channel == "paper"
    assert call(world.charlie, "post", f"/surveys/{survey.pk}/entries", body).status_code == 404
    results = call(None, "get", f"/surveys/{survey.pk}/results").json()
    overall = next(i for i in results["items"] if i["key"] == "overall")
    assert overall["counts"]["3"] is None and overall["counts"]["total"] is None
    assert results["grade"] is None


def test_random_households_and_empowerment_waves(world: World) -> None:
    for i in range(6):
        neighbour(world, f"居民{i}")
    r = call(
        world.alice,
        "post",
        "/surveys",
        {
            "instrument": "empowerment",
            "sampling": "random_households",
            "sample_size": 4,
            "jurisdiction_id": str(world.community.pk),
            "wave": "pre",
        },
    )
    assert r.status_code == 201 and r.json()["invited"] == 4
    empty = call(
        world.alice,
        "post",
        "/surveys",
        {
            "instrument": "empowerment",
            "sampling": "random_households",
            "jurisdiction_id": str(world.community.pk),
        },
    )
    assert empty.status_code == 422 and "sample_size" in fields(empty)


def test_a_resident_answers_on_the_page(world: World) -> None:
    survey = satisfaction_survey(world)
    client = Client()
    client.force_login(world.bob)
    assert "请您评一评" in client.get("/").content.decode()
    bad = client.post(f"/surveys/{survey.pk}/", {k: str(v) for k, v in GOOD.items() if k != "overall"})
    assert "请回答这一题" in bad.content.decode()
    ok = client.post(f"/surveys/{survey.pk}/", {k: str(v) for k, v in GOOD.items()}, follow=True)
    assert "您已经填过" in ok.content.decode()
    assert Response.objects.get().answers["overall"] == 3


def test_staff_open_an_empowerment_wave_on_the_page(world: World) -> None:
    from roundtable.cycles.testing import running_cycle

    for i in range(6):
        neighbour(world, f"居民{i}")
    cycle = running_cycle(world)
    client = Client()
    client.force_login(world.alice)
    r = client.post(
        f"/surveys/new/{cycle.pk}/",
        {"instrument": "empowerment", "sampling": "random_households", "sample_size": "5", "wave": "pre"},
    )
    survey = Survey.objects.get()
    assert r.status_code == 302 and survey.wave == "pre" and survey.invitations.count() == 5
    bad = client.post(
        f"/surveys/new/{cycle.pk}/",
        {"instrument": "empowerment", "sampling": "random_households", "sample_size": "", "wave": "post"},
    )
    assert "请填写抽取的住户数" in bad.content.decode() and Survey.objects.count() == 1

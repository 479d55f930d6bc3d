import json
from datetime import date
from fractions import Fraction

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import Client

from roundtable.audit.models import AuditEntry
from roundtable.rulebooks.models import Rulebook
from roundtable.rulebooks.parameters import PARAMETERS
from roundtable.rulebooks.services import (
    rulebook_adopt,
    rulebook_create,
    rulebook_next_version,
    rulebook_update_draft,
)
from roundtable.testing import World

pytestmark = pytest.mark.django_db


def test_defaults_fill_in_and_fractions_come_back_exact(world: World) -> None:
    book = rulebook_create(actor=world.alice, name="南塘十三条", parameters={"quorum_council": "3/4"})
    assert book.version == 1
    assert book.param("quorum_council") == Fraction(3, 4)
    assert book.param("agenda_notice_days") == PARAMETERS["agenda_notice_days"].default
    assert AuditEntry.objects.filter(action="rulebook.create", entity_id=str(book.pk)).exists()


@pytest.mark.parametrize(
    ("parameters", "bad_key"),
    [
        ({"quorum_council": "1/5"}, "quorum_council"),
        ({"agenda_notice_days": "three"}, "agenda_notice_days"),
        ({"tie_rule": "coin_flip"}, "tie_rule"),
        ({"quorum_counsil": "2/3"}, "quorum_counsil"),
        ({"eligible_residency_bases": ["hukou", "tourist"]}, "eligible_residency_bases"),
        ({"mass_vote_points_total": 101}, "mass_vote_points_total"),
        ({"open_data_voter_fields": ["age_band", "birth_year"]}, "open_data_voter_fields"),
        ({"open_data_voter_fields": "age_band"}, "open_data_voter_fields"),
    ],
)
def test_bad_parameters_are_named(world: World, parameters: dict[str, object], bad_key: str) -> None:
    with pytest.raises(ValidationError) as caught:
        rulebook_create(actor=world.alice, name="x", parameters=parameters)
    assert any(message.startswith(bad_key) for message in caught.value.message_dict["parameters"])
    assert not Rulebook.objects.exists()


def test_an_adopted_rulebook_is_frozen_and_changes_make_a_new_version(world: World) -> None:
    book = rulebook_create(actor=world.alice, name="南塘十三条", parameters={})
    rulebook_adopt(
        actor=world.alice,
        rulebook=book,
        effective_from=date(2026, 1, 1),
        adopted_by="2025年第4次居民代表会议",
    )
    with pytest.raises(ValidationError, match="不能修改"):
        rulebook_update_draft(actor=world.alice, rulebook=book, parameters={"agenda_notice_days": 5})
    newer = rulebook_next_version(actor=world.alice, base=book, changes={"agenda_notice_days": 5})
    book.refresh_from_db()
    assert (newer.version, newer.param("agenda_notice_days"), book.param("agenda_notice_days")) == (2, 5, 3)


def test_the_voting_parameters_default_and_take_an_empty_field_list(world: World) -> None:
    book = rulebook_create(actor=world.alice, name="x", parameters={"open_data_voter_fields": []})
    assert book.param("open_data_voter_fields") == []
    assert book.param("mass_vote_points_total") == 10
    assert rulebook_create(actor=world.alice, name="y", parameters={}).param("open_data_voter_fields") == [
        "age_band"
    ]


def test_the_admin_form_refuses_an_unknown_open_data_field_and_names_it(world: World) -> None:
    book = rulebook_create(actor=world.alice, name="南塘十三条", parameters={})
    admin_user = get_user_model().objects.create_superuser("root", password="root-pass-2026-x")
    client = Client()
    client.force_login(admin_user)
    url = f"/admin/rulebooks/rulebook/{book.pk}/change/"
    form = {"name": book.name, "version": book.version, "status": "draft", "text_md": "", "adopted_by": ""}
    bad = {**book.parameters, "open_data_voter_fields": ["age_band", "birth_year"]}
    refused = client.post(url, {**form, "parameters": json.dumps(bad)})
    assert refused.status_code == 200
    assert "open_data_voter_fields: 不认识的选项：birth_year" in refused.content.decode()
    book.refresh_from_db()
    assert book.param("open_data_voter_fields") == ["age_band"]
    good = {**book.parameters, "open_data_voter_fields": [], "mass_vote_points_total": 20}
    assert client.post(url, {**form, "parameters": json.dumps(good)}).status_code == 302
    book.refresh_from_db()
    assert (book.param("open_data_voter_fields"), book.param("mass_vote_points_total")) == ([], 20)

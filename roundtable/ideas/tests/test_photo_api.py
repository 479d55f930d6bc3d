"""Photos through the API: multipart, same checks and cleaning as the page, nothing stored on refusal."""

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from roundtable.accounts.services import api_token_create
from roundtable.cycles.testing import running_cycle
from roundtable.ideas.models import IdeaPhoto
from roundtable.ideas.photos import MAX_PHOTO_BYTES
from roundtable.ideas.testing import bob_idea, jpeg_with_gps
from roundtable.testing import World

pytestmark = pytest.mark.django_db


def upload(user: Any, idea_id: Any, file: Any) -> Any:
    token = api_token_create(user=user, name="t")
    return Client().post(
        f"/api/v1/ideas/{idea_id}/photos", {"photo": file}, headers={"Authorization": f"Bearer {token}"}
    )


def test_a_good_jpeg_is_stored_without_metadata(world: World) -> None:
    from PIL import Image

    idea = bob_idea(world, running_cycle(world))
    r = upload(world.bob, idea.pk, jpeg_with_gps())
    assert r.status_code == 201, r.content
    stored = IdeaPhoto.objects.get(idea=idea)
    assert r.json()["id"] == stored.pk and stored.content_type == "image/jpeg"
    with Image.open(io.BytesIO(bytes(stored.data))) as image:
        assert not image.getexif()  # GPS and camera gone


@pytest.mark.parametrize(
    ("file", "says"),
    [
        (SimpleUploadedFile("a.txt", b"hello, not an image", content_type="image/jpeg"), "不是 JPG 或 PNG"),
        (SimpleUploadedFile("big.jpg", b"0" * (MAX_PHOTO_BYTES + 1), content_type="image/jpeg"), "太大"),
    ],
)
def test_a_non_image_or_oversize_file_is_422_and_nothing_stored(world: World, file: Any, says: str) -> None:
    idea = bob_idea(world, running_cycle(world))
    r = upload(world.bob, idea.pk, file)
    assert r.status_code == 422
    detail = r.json()["detail"]
    assert detail[0]["field"] == "photo" and says in detail[0]["message"]
    assert not IdeaPhoto.objects.exists()


def test_someone_elses_idea_is_404(world: World) -> None:
    idea = bob_idea(world, running_cycle(world))
    assert upload(world.charlie, idea.pk, jpeg_with_gps()).status_code == 404
    assert upload(world.alice, idea.pk, jpeg_with_gps()).status_code == 201
    assert IdeaPhoto.objects.count() == 1

"""Public proposal photos: staff upload them on the page or through the API (cleaned like idea
photos, audited, a few at most) and remove them until the proposal is on an opened ballot."""

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from roundtable.accounts.services import api_token_create
from roundtable.audit.models import AuditEntry
from roundtable.cycles.testing import running_cycle
from roundtable.ideas.photos import MAX_PHOTO_BYTES, MAX_PHOTOS
from roundtable.ideas.testing import jpeg_with_gps
from roundtable.proposals.models import Proposal, ProposalPhoto
from roundtable.proposals.testing import draft_proposal
from roundtable.testing import World

pytestmark = pytest.mark.django_db


def staff(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api_upload(user: Any, proposal: Proposal, file: Any) -> Any:
    token = api_token_create(user=user, name="t")
    return Client().post(
        f"/api/v1/proposals/{proposal.pk}/photos",
        {"photo": file},
        headers={"Authorization": f"Bearer {token}"},
    )


def page_messages(response: Any) -> str:
    return " ".join(str(m) for m in response.context["messages"])


def test_staff_upload_a_photo_on_the_page_cleaned_thumbnailed_and_audited(world: World) -> None:
    from PIL import Image

    proposal = draft_proposal(world, running_cycle(world))
    alice = staff(world.alice)
    done = alice.post(f"/proposals/{proposal.pk}/photos/", {"photo": jpeg_with_gps()}, follow=True)
    assert "照片已上传" in page_messages(done)
    photo = ProposalPhoto.objects.get(proposal=proposal)
    with Image.open(io.BytesIO(bytes(photo.data))) as image:
        assert not image.getexif()  # GPS and camera gone, as for idea photos
    assert AuditEntry.objects.filter(action="proposal.photo_add", entity_id=str(proposal.pk)).exists()
    page = done.content.decode()
    assert f"/proposals/photo/{photo.pk}/" in page and f'alt="{proposal.title}"' in page
    thumb = alice.get(f"/proposals/photo/{photo.pk}/")
    assert thumb.status_code == 200 and thumb["Content-Type"] == "image/jpeg"
    with Image.open(io.BytesIO(thumb.content)) as image:
        assert max(image.size) <= 320
    # Staff of another community reach neither the photo nor the upload (same 404 as missing).
    charlie = staff(world.charlie)
    assert charlie.get(f"/proposals/photo/{photo.pk}/").status_code == 404
    assert charlie.post(f"/proposals/{proposal.pk}/photos/", {"photo": jpeg_with_gps()}).status_code == 404
    assert Client().get(f"/proposals/photo/{photo.pk}/").status_code == 302  # to sign-in


@pytest.mark.parametrize(
    ("file", "says"),
    [
        (SimpleUploadedFile("a.txt", b"hello, not an image", content_type="image/jpeg"), "不是 JPG 或 PNG"),
        (SimpleUploadedFile("big.jpg", b"0" * (MAX_PHOTO_BYTES + 1), content_type="image/jpeg"), "太大"),
    ],
)
def test_a_bad_file_is_refused_with_the_idea_photo_message(world: World, file: Any, says: str) -> None:
    proposal = draft_proposal(world, running_cycle(world))
    on_page = staff(world.alice).post(f"/proposals/{proposal.pk}/photos/", {"photo": file}, follow=True)
    assert says in page_messages(on_page)
    file.seek(0)
    by_api = api_upload(world.alice, proposal, file)
    assert by_api.status_code == 422
    detail = by_api.json()["detail"]
    assert detail[0]["field"] == "photo" and says in detail[0]["message"]
    assert not ProposalPhoto.objects.exists()


def test_no_file_and_too_many_photos_are_refused(world: World) -> None:
    proposal = draft_proposal(world, running_cycle(world))
    alice = staff(world.alice)
    assert "请选择一张" in page_messages(alice.post(f"/proposals/{proposal.pk}/photos/", {}, follow=True))
    for _i in range(MAX_PHOTOS):
        assert api_upload(world.alice, proposal, jpeg_with_gps()).status_code == 201
    over = api_upload(world.alice, proposal, jpeg_with_gps())
    assert over.status_code == 422 and f"最多 {MAX_PHOTOS} 张照片" in over.json()["detail"][0]["message"]
    assert ProposalPhoto.objects.count() == MAX_PHOTOS


def test_the_api_lists_uploads_and_removes_photos(world: World) -> None:
    proposal = draft_proposal(world, running_cycle(world))
    first = api_upload(world.alice, proposal, jpeg_with_gps())
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["content_type"] == "image/jpeg" and body["url"] == f"/proposals/photo/{body['id']}/"
    token = api_token_create(user=world.alice, name="t")
    auth = {"Authorization": f"Bearer {token}"}
    listed = Client().get(f"/api/v1/proposals/{proposal.pk}/photos", headers=auth)
    assert [p["id"] for p in listed.json()] == [body["id"]]
    gone = Client().delete(f"/api/v1/proposals/{proposal.pk}/photos/{body['id']}", headers=auth)
    assert gone.status_code == 204 and not ProposalPhoto.objects.exists()
    assert AuditEntry.objects.filter(action="proposal.photo_remove", entity_id=str(proposal.pk)).exists()
    other = api_token_create(user=world.charlie, name="t")
    assert (
        Client().get(f"/api/v1/proposals/{proposal.pk}/photos", headers={"Authorization": f"Bearer {other}"})
    ).status_code == 404


def test_staff_remove_a_photo_on_the_page(world: World) -> None:
    proposal = draft_proposal(world, running_cycle(world))
    photo_id = api_upload(world.alice, proposal, jpeg_with_gps()).json()["id"]
    removed = staff(world.alice).post(f"/proposals/photo/{photo_id}/remove/", follow=True)
    assert "照片已删除" in page_messages(removed) and not ProposalPhoto.objects.exists()

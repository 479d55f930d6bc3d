"""Builders for tests about ideas."""

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from roundtable.cycles.models import Cycle
from roundtable.ideas.models import Idea
from roundtable.ideas.services import idea_submit
from roundtable.testing import World


def jpeg_with_gps(name: str = "photo.jpg") -> SimpleUploadedFile:
    from PIL import Image

    image = Image.new("RGB", (64, 48), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "TestCam"  # Make
    exif[0x8825] = {1: "N", 2: (30.0, 15.0, 0.0)}  # GPSInfo
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def bob_idea(world: World, cycle: Cycle, problem: str = "1栋门口路灯坏了，晚上看不见路", **kw: Any) -> Idea:
    person = world.bob.person
    return idea_submit(
        actor=world.bob,
        person=person,
        cycle=cycle,
        location=world.building,
        problem=problem,
        category=kw.pop("category", Idea.Category.FACILITIES),
        **kw,
    )

"""Photo checks: JPEG or PNG only, size-limited, re-encoded so EXIF (GPS, camera, time) is dropped."""

import io
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Technical limits of the platform, not rules a community decides.
MAX_PHOTO_BYTES = 8 * 1024 * 1024
MAX_PHOTOS = 3
MAX_EDGE_PX = 2000
ALLOWED = {"JPEG": "image/jpeg", "PNG": "image/png"}


@dataclass
class CleanPhoto:
    content_type: str
    data: bytes


def photo_clean(upload: Any) -> CleanPhoto:
    name = getattr(upload, "name", "") or _("照片")
    if upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(
            {
                "photos": _("“%(n)s”太大（超过 %(mb)s MB），请换一张或用手机压缩后再上传。")
                % {"n": name, "mb": MAX_PHOTO_BYTES // 1048576}
            }
        )
    try:
        from PIL import Image, ImageOps
    except ImportError:  # pragma: no cover - Pillow is a declared dependency
        raise ValidationError(
            {"photos": _("暂时不能上传照片，请不带照片提交，或把照片交给社区工作人员。")}
        ) from None
    raw = upload.read()
    try:
        with Image.open(io.BytesIO(raw)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(raw))
        fmt = image.format or ""
        if fmt not in ALLOWED:
            raise ValueError(fmt)
        image = ImageOps.exif_transpose(image)
        image.thumbnail((MAX_EDGE_PX, MAX_EDGE_PX))
        out = io.BytesIO()
        if fmt == "JPEG":
            image.convert("RGB").save(out, "JPEG", quality=85)
        else:
            # A fresh image: no text chunks or EXIF carried over.
            clean = Image.new(image.mode, image.size)
            clean.paste(image)
            clean.save(out, "PNG")
    except (ValueError, OSError, Image.DecompressionBombError):
        raise ValidationError(
            {"photos": _("“%(n)s”不是 JPG 或 PNG 照片，请选择手机拍的照片。") % {"n": name}}
        ) from None
    return CleanPhoto(content_type=ALLOWED[fmt], data=out.getvalue())


def photo_thumbnail(data: bytes, edge_px: int) -> bytes:
    """A small JPEG of a cleaned photo, at most ``edge_px`` on its longer side."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as image:
        small = image.convert("RGB")
    small.thumbnail((edge_px, edge_px))
    out = io.BytesIO()
    small.save(out, "JPEG", quality=80)
    return out.getvalue()

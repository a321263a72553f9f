"""Images as stored: re-encoded from their pixels alone, so no EXIF (camera, time, GPS
location), XMP or text chunk of the upload survives, and a thumbnail for the thread page.

The rotation a camera wrote in EXIF is applied to the pixels first, so a photo still
stands the right way up once the tag is gone.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from forum.attachments.detection import JPEG, FileType

if TYPE_CHECKING:
    from PIL import Image

MAX_PIXELS = 40_000_000
THUMBNAIL_SIZE = (320, 320)


@dataclass(frozen=True)
class CleanImage:
    content: bytes
    thumbnail: bytes
    thumbnail_width: int
    thumbnail_height: int


def _encode(image: Image.Image, file_type: FileType, *, icc_profile: bytes | None) -> bytes:
    out = io.BytesIO()
    options = {"icc_profile": icc_profile} if icc_profile else {}
    if file_type == JPEG:
        if image.mode not in ("RGB", "L", "CMYK"):
            image = image.convert("RGB")
        image.save(out, format="JPEG", quality=90, **options)
    else:
        if image.mode not in ("RGB", "RGBA", "L", "LA", "P", "1", "I", "I;16"):
            image = image.convert("RGBA")
        image.save(out, format="PNG", **options)
    return out.getvalue()


def clean_image(content: bytes, file_type: FileType, *, name: str) -> CleanImage:
    """The image without its metadata, and its thumbnail; ValidationError for an image too
    large to open safely or one Pillow cannot decode."""
    # Pillow is imported with the first image: the pages that only read never need it.
    from PIL import Image, ImageOps

    unreadable = ValidationError(
        {"files": _("“%(name)s” could not be read as an image.") % {"name": name}}
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as opened:
                if opened.width * opened.height > MAX_PIXELS:
                    raise ValidationError(
                        {
                            "files": _(
                                "“%(name)s” is too large an image: up to %(limit)s megapixels."
                            )
                            % {"name": name, "limit": MAX_PIXELS // 1_000_000}
                        }
                    )
                icc_profile = opened.info.get("icc_profile")
                opened.load()
                upright = ImageOps.exif_transpose(opened)
    except (
        OSError,
        ValueError,
        SyntaxError,
        Image.DecompressionBombWarning,
        Image.DecompressionBombError,
    ) as error:
        raise unreadable from error
    # Only the pixels go on: a fresh image carries none of the upload's info or EXIF.
    pixels = Image.new(upright.mode, upright.size)
    if upright.mode == "P" and upright.getpalette():
        pixels.putpalette(upright.getpalette())
        if "transparency" in upright.info:
            pixels.info["transparency"] = upright.info["transparency"]
    pixels.paste(upright)
    thumbnail = pixels.copy()
    thumbnail.thumbnail(THUMBNAIL_SIZE)
    return CleanImage(
        content=_encode(pixels, file_type, icc_profile=icc_profile),
        thumbnail=_encode(thumbnail, file_type, icc_profile=icc_profile),
        thumbnail_width=thumbnail.width,
        thumbnail_height=thumbnail.height,
    )

"""Uploaded images: checked, cleaned and cut into responsive renditions once, on save.

Every stored image is re-encoded by Pillow (which drops EXIF, GPS included, after
turning the picture upright) and its name ends in its size, e.g.
`blog/2026/11/hart-1600x900.jpg`. Beside it lie renditions in WebP and in the
original format, `hart-1600x900-800w.webp` and so on. A page can therefore write
width, height and srcset from the name alone, without opening a file.
"""

import functools
import io
import re
import warnings
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.db.models.fields.files import ImageFieldFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 2400
RENDITION_WIDTHS = (400, 800, 1200, 1600)
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
JPEG_QUALITY = 82
WEBP_QUALITY = 78

# Pillow refuses anything larger outright, which also stops decompression bombs.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS

SIZED_NAME = re.compile(r"-(?P<width>\d+)x(?P<height>\d+)(?:_\w+)?\.(?P<ext>jpg|png)$")


def validate_image(file):
    """Refuse anything that is not a real JPEG, PNG, WebP or GIF of sensible size."""
    if getattr(file, "_committed", False):
        return  # stored earlier, and checked then
    if file.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("This image is larger than %(limit)d MB. Please choose a smaller one."),
            params={"limit": MAX_UPLOAD_BYTES // (1024 * 1024)},
            code="too_large",
        )
    try:
        file.seek(0)
        # Our own check below explains a too-large image better than Pillow's warning.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(file)
        with image:
            image_format = image.format
            width, height = image.size
            image.verify()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError):
        raise ValidationError(
            _("This file is not an image we can use. Upload a JPEG, PNG, WebP or GIF."),
            code="invalid",
        ) from None
    finally:
        file.seek(0)
    if image_format not in ACCEPTED_FORMATS:
        raise ValidationError(
            _("Upload a JPEG, PNG, WebP or GIF image."), code="invalid_format"
        )
    if width * height > MAX_PIXELS:
        raise ValidationError(
            _("This image has too many pixels. Please upload a smaller version."),
            code="too_many_pixels",
        )


def clean_image(file):
    """The image upright, at most MAX_SIDE wide or high, without any metadata."""
    file.seek(0)
    with Image.open(file) as original:
        image = ImageOps.exif_transpose(original)
        image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
        has_alpha = image.mode in ("RGBA", "LA") or "transparency" in image.info
        return image.convert("RGBA" if has_alpha else "RGB")


def encode(image, image_format):
    buffer = io.BytesIO()
    if image_format == "JPEG":
        image.save(
            buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True
        )
    elif image_format == "WEBP":
        image.save(buffer, "WEBP", quality=WEBP_QUALITY, method=5)
    else:
        image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def rendition_widths(width):
    largest = min(width, RENDITION_WIDTHS[-1])
    return sorted({w for w in RENDITION_WIDTHS if w < largest} | {largest})


def rendition_name(name, width, extension):
    path = PurePosixPath(name)
    return str(path.with_name(f"{path.stem}-{width}w.{extension}"))


@dataclass(frozen=True)
class ResponsiveImage:
    width: int
    height: int
    src: str  # a rendition about 800 wide, for browsers that ignore srcset
    srcset: str
    webp_srcset: str
    share_name: str  # about 1200 wide, for Open Graph and feeds
    share_src: str


@functools.lru_cache(maxsize=4096)
def responsive_image(name, storage):
    """Sizes and rendition URLs of a stored image, read from its name (or None)."""
    match = SIZED_NAME.search(name or "")
    if not match:
        return None
    width, height, extension = int(match["width"]), int(match["height"]), match["ext"]
    widths = rendition_widths(width)

    def srcset(ext):
        return ", ".join(
            f"{storage.url(rendition_name(name, w, ext))} {w}w" for w in widths
        )

    def nearest(target):
        return rendition_name(
            name, next((w for w in widths if w >= target), widths[-1]), extension
        )

    return ResponsiveImage(
        width=width,
        height=height,
        src=storage.url(nearest(800)),
        srcset=srcset(extension),
        webp_srcset=srcset("webp"),
        share_name=nearest(1200),
        share_src=storage.url(nearest(1200)),
    )


def store_image(storage, name, file):
    """Save a cleaned copy of `file` under a sized version of `name`, with renditions.

    Returns the name the storage chose.
    """
    image = clean_image(file)
    image_format, extension = (
        ("PNG", "png") if image.mode == "RGBA" else ("JPEG", "jpg")
    )
    path = PurePosixPath(name)
    sized = str(path.with_name(f"{path.stem}-{image.width}x{image.height}.{extension}"))
    stored = storage.save(sized, ContentFile(encode(image, image_format)))
    for width in rendition_widths(image.width):
        height = round(image.height * width / image.width)
        resized = image.resize((width, height), Image.Resampling.LANCZOS)
        for fmt, ext in ((image_format, extension), ("WEBP", "webp")):
            storage.save(
                rendition_name(stored, width, ext), ContentFile(encode(resized, fmt))
            )
    return stored


class ResponsiveImageFieldFile(ImageFieldFile):
    def save(self, name, content, save=True):
        name = self.field.generate_filename(self.instance, name)
        self.name = store_image(self.storage, name, content)
        setattr(self.instance, self.field.attname, self.name)
        self._committed = True
        if save:
            self.instance.save()

    @property
    def responsive(self):
        return responsive_image(self.name, self.storage)


class ResponsiveImageField(models.ImageField):
    """An ImageField whose uploads are validated, cleaned and given renditions."""

    attr_class = ResponsiveImageFieldFile
    default_validators = [validate_image]

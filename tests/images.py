"""Image files made on the spot for tests of uploads."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def image_bytes(
    size=(1600, 900), image_format="JPEG", colour="#c8553d", **save_options
):
    buffer = io.BytesIO()
    mode = "RGBA" if image_format == "PNG" else "RGB"
    Image.new(mode, size, colour).save(buffer, image_format, **save_options)
    return buffer.getvalue()


def uploaded_image(name="foto.jpg", **kwargs):
    content_type = "image/png" if name.endswith(".png") else "image/jpeg"
    return SimpleUploadedFile(name, image_bytes(**kwargs), content_type=content_type)


def library_image(alt_text="Twee ringen", name="ringen.jpg", **fields):
    """An image in the media library, stored with its renditions."""
    from django.core.files.base import ContentFile

    from core.models import Image as LibraryImage

    image = LibraryImage(alt_text=alt_text, **fields)
    image.file.save(name, ContentFile(image_bytes()), save=False)
    image.save()
    return image

import io

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.images import store_image, validate_image
from core.templatetags.core import responsive_images
from tests.images import image_bytes, uploaded_image

pytestmark = pytest.mark.django_db


def jpeg_with_gps_and_rotation():
    """A 400x200 photo taken sideways (orientation 6) with a GPS position."""
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to view
    exif[0x8825] = {1: "N", 2: (52.0, 5.0, 0.0), 3: "E", 4: (5.0, 7.0, 0.0)}
    return image_bytes(size=(400, 200), exif=exif.tobytes())


def test_a_stored_image_is_upright_without_exif_and_named_by_its_size():
    name = store_image(
        default_storage, "test/foto.jpg", io.BytesIO(jpeg_with_gps_and_rotation())
    )

    with default_storage.open(name) as stored, Image.open(stored) as image:
        assert image.size == (200, 400)
        assert not image.getexif()
        assert "exif" not in image.info
    assert name.endswith("-200x400.jpg")


def test_renditions_are_made_once_in_webp_and_the_original_format():
    name = store_image(
        default_storage, "test/breed.jpg", io.BytesIO(image_bytes(size=(2000, 1000)))
    )

    stem = name.removesuffix(".jpg")
    for width in (400, 800, 1200, 1600):
        for extension in ("jpg", "webp"):
            with (
                default_storage.open(f"{stem}-{width}w.{extension}") as file,
                Image.open(file) as image,
            ):
                assert image.width == width
    assert not default_storage.exists(f"{stem}-2000w.webp")


def test_huge_images_are_scaled_down_and_transparent_ones_stay_png():
    name = store_image(
        default_storage,
        "test/logo.png",
        io.BytesIO(image_bytes(size=(3000, 600), image_format="PNG")),
    )

    assert name.endswith("-2400x480.png")


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("x.jpg", b"not an image at all"),
            "geen bruikbare afbeelding",
        ),
        (
            SimpleUploadedFile(
                "x.svg",
                b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            ),
            "geen bruikbare afbeelding",
        ),
        (
            uploaded_image("x.bmp", image_format="BMP", size=(10, 10)),
            "JPEG, PNG, WebP of GIF",
        ),
        (uploaded_image(size=(8000, 6000), quality=5), "te veel pixels"),
    ],
)
def test_anything_but_a_sensible_image_is_refused_in_dutch(upload, message):
    with pytest.raises(ValidationError, match=message):
        validate_image(upload)


def test_an_oversized_file_is_refused(settings):
    upload = SimpleUploadedFile("groot.jpg", b"\xff" * (10 * 1024 * 1024 + 1))

    with pytest.raises(ValidationError, match="groter dan 10 MB"):
        validate_image(upload)


def test_images_in_rich_text_get_renditions_and_lazy_loading():
    name = store_image(default_storage, "editor/foto.jpg", io.BytesIO(image_bytes()))
    url = default_storage.url(name)
    html = (
        f'<figure class="image"><img src="{url}" alt="Een &quot;foto&quot;"></figure>'
    )

    soup = BeautifulSoup(responsive_images(html), "html.parser")

    img = soup.find("picture").find("img")
    assert (img["width"], img["height"], img["loading"]) == ("1600", "900", "lazy")
    assert img["alt"] == 'Een "foto"'
    assert len(soup.find("source", type="image/webp")["srcset"].split(", ")) == 4


def test_images_from_elsewhere_are_left_alone():
    html = '<img src="https://example.com/x.jpg" alt="">'

    assert responsive_images(html) == html


def test_staff_upload_images_from_the_editor(admin_client):
    response = admin_client.post(
        "/editor/images/", {"upload": uploaded_image("Mijn Foto.JPG")}
    )

    assert response.status_code == 200
    url = response.json()["url"]
    assert "/media/editor/" in url and url.endswith("-1600x900.jpg")
    name = url.removeprefix("/media/")
    assert default_storage.exists(name.removesuffix(".jpg") + "-800w.webp")


def test_visitors_cannot_upload_images(client):
    response = client.post("/editor/images/", {"upload": uploaded_image()})

    assert response.status_code == 403
    assert "Alleen beheerders" in response.json()["error"]["message"]


def test_the_editor_hears_why_an_upload_was_refused(admin_client):
    response = admin_client.post(
        "/editor/images/", {"upload": SimpleUploadedFile("x.jpg", b"nope")}
    )

    assert response.status_code == 400
    assert "geen bruikbare afbeelding" in response.json()["error"]["message"]


def test_a_model_image_goes_through_the_same_pipeline(demo_site):
    from core.models import SiteProfile

    profile = SiteProfile.get_solo()
    profile.photo.save("portret.jpg", ContentFile(jpeg_with_gps_and_rotation()))

    assert profile.photo.name.endswith("-200x400.jpg")
    assert profile.photo.responsive.width == 200


def test_uploads_are_served_as_images_whatever_they_were_called(client):
    """A name like "page.html" does not survive: the stored file is named by what
    Pillow wrote, and served with that type and nosniff."""
    name = store_image(
        default_storage, "test/pagina.html", io.BytesIO(image_bytes(size=(300, 200)))
    )

    response = client.get(default_storage.url(name))

    assert name.endswith("-300x200.jpg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"

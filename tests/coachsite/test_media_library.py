"""The media library: images uploaded once, described once (alternative text is
required), reused as featured images, cropped around a focal point, and the
unused ones easy to find."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import ProtectedError
from django.urls import reverse

from core.models import Image
from tests.blog.factories import published_post
from tests.html import parse
from tests.images import library_image, uploaded_image

pytestmark = pytest.mark.django_db

ADD = reverse("admin:core_image_add")
CHANGELIST = reverse("admin:core_image_changelist")


def upload(client, **fields):
    data = {"title": "", "alt_text": "", "focal_x": 50, "focal_y": 50, **fields}
    return client.post(ADD, data)


def test_an_image_needs_alternative_text(admin_client):
    response = upload(admin_client, file=uploaded_image())

    assert response.status_code == 200
    assert "Dit veld is verplicht" in response.content.decode()
    assert not Image.objects.exists()


def test_an_uploaded_image_is_stored_with_its_renditions(admin_client):
    upload(admin_client, file=uploaded_image(), alt_text="Zee bij Scheveningen")

    image = Image.objects.get()
    assert image.file.name.endswith("-1600x900.jpg")
    assert image.file.responsive.width == 1600
    assert str(image) == image.file.name.rsplit("/", 1)[-1]  # named by its file


def test_a_file_that_is_no_image_is_refused_with_a_clear_message(admin_client):
    fake = SimpleUploadedFile("foto.jpg", b"<?php evil();", content_type="image/jpeg")

    response = upload(admin_client, file=fake, alt_text="x")

    assert not Image.objects.exists()
    errors = parse(response).select_one(".errorlist").get_text()
    assert "geen of een beschadigde afbeelding" in errors


def test_one_image_serves_several_posts_and_is_not_deleted_while_used():
    image = library_image(alt_text="Twee ringen")
    first, second = published_post(image=image), published_post(image=image)

    assert set(image.posts.all()) == {first, second}
    with pytest.raises(ProtectedError):
        image.delete()


def test_unused_images_are_found(admin_client):
    featured = library_image(title="uitgelicht", name="uitgelicht.jpg")
    published_post(image=featured)
    in_text = library_image(title="in de tekst", name="in-de-tekst.jpg")
    published_post(body=f'<p><img src="{in_text.file.url}" alt="Zee"></p>')
    unused = library_image(title="ongebruikt", name="ongebruikt.jpg")

    assert list(Image.objects.unused()) == [unused]
    listing = parse(admin_client.get(CHANGELIST + "?use=unused"))
    rows = listing.select_one("#result_list tbody").get_text(" ")
    assert "ongebruikt" in rows and "uitgelicht" not in rows


def test_pages_crop_an_image_around_its_focal_point(client):
    image = library_image(focal_x=20, focal_y=74)
    post = published_post(image=image)

    card = parse(client.get(reverse("blog:post_list"))).select_one(".post-card-image")

    assert image.focus_class == "fx-2 fy-7"
    assert {"fx-2", "fy-7"} <= set(card["class"])
    page = parse(client.get(post.get_absolute_url()))
    assert page.select_one(".post-figure picture.fx-2.fy-7") is not None


def test_the_focal_point_is_chosen_in_the_image(admin_client):
    image = library_image()
    form = parse(admin_client.get(reverse("admin:core_image_change", args=[image.pk])))

    assert form.select_one("img[data-focal-picker]")["src"].endswith(".jpg")
    assert form.select_one("#id_focal_x")["value"] == "50"


def test_the_coach_keeps_the_library(coach_group):
    codenames = set(coach_group.permissions.values_list("codename", flat=True))
    assert {"view_image", "add_image", "change_image", "delete_image"} <= codenames

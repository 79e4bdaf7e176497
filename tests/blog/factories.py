from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from blog.models import AuthorProfile, Category, Post, Tag


class StaffUserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"coach{n}")
    is_staff = True


class AuthorProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuthorProfile

    user = factory.SubFactory(StaffUserFactory)
    display_name = "Sanne Verbeek"


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Categorie {n}")
    slug = factory.Sequence(lambda n: f"categorie-{n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"tag {n}")
    slug = factory.Sequence(lambda n: f"tag-{n}")


class PostFactory(factory.django.DjangoModelFactory):
    """A draft; pass status and published_at, or use published_post()."""

    class Meta:
        model = Post

    title = factory.Sequence(lambda n: f"Bericht {n}")
    body = "<p>Een alinea tekst.</p>"
    author = factory.SubFactory(StaffUserFactory, username="sanne")


def published_post(*, ago=timedelta(hours=1), **kwargs):
    return PostFactory(
        status=Post.Status.PUBLISHED, published_at=timezone.now() - ago, **kwargs
    )


def scheduled_post(*, ahead=timedelta(days=1), **kwargs):
    return PostFactory(
        status=Post.Status.PUBLISHED, published_at=timezone.now() + ahead, **kwargs
    )

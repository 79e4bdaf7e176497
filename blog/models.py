import contextlib
import math
import re
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVectorField,
)
from django.core.exceptions import ValidationError
from django.db import connections, models, transaction
from django.db.models import Case, Count, Func, Min, Q, Value, When
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.addresses import address_is_taken
from core.images import ResponsiveImageField
from core.models import ADDRESS_TAKEN, META_DESCRIPTION_HELP, SEO_TITLE_HELP
from core.richtext import RichTextField, plain_text

WORDS_PER_MINUTE = 200
IMAGE_WITHOUT_ALT = re.compile(r'<img(?![^>]*\balt="[^"]+")[^>]*>')
EXCERPT_WORDS = 30

# On PostgreSQL: the stored search document (title weighs more than the excerpt,
# the excerpt more than the text), a column the database keeps (migration 0008).
SEARCH_DOCUMENT = RawSQL('"blog_post"."search_document"', [], SearchVectorField())


# Search snippets mark matches with these; blog.search turns them into <mark>.
MARK_START, MARK_STOP = "\x02", "\x03"


class StripTags(Func):
    """The text of an HTML column, tags replaced by spaces (PostgreSQL)."""

    function = "regexp_replace"
    output_field = models.TextField()

    def __init__(self, expression):
        super().__init__(expression, Value("<[^>]+>"), Value(" "), Value("g"))


def unique_slug(model, text, *, exclude_pk=None):
    """slugify(text), with -2, -3 ... appended until no other row has it."""
    base = slugify(text)[:180] or "item"
    slug, number = base, 1
    others = model.objects.exclude(pk=exclude_pk)
    while others.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


class AuthorProfile(models.Model):
    """What readers see of a staff member who writes: the author box and JSON-LD."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="author_profile",
        verbose_name=_("user"),
    )
    display_name = models.CharField(_("display name"), max_length=100)
    bio = models.TextField(
        _("bio"), blank=True, help_text=_("A few sentences under every post.")
    )
    photo = ResponsiveImageField(_("photo"), upload_to="authors/", blank=True)
    website_url = models.URLField(_("website"), blank=True)

    class Meta:
        verbose_name = _("author profile")
        verbose_name_plural = _("author profiles")

    def __str__(self):
        return self.display_name


class Category(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    is_featured = models.BooleanField(
        _("on the home page"),
        default=False,
        help_text=_("Featured topics are shown on the home page."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("blog:category", kwargs={"slug": self.slug})


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=60)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("tag")
        verbose_name_plural = _("tags")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("blog:tag", kwargs={"slug": self.slug})


class PostQuerySet(models.QuerySet):
    def published(self):
        """Public posts: published, and not scheduled for later."""
        return self.filter(
            status=Post.Status.PUBLISHED, published_at__lte=timezone.now()
        )

    def scheduled(self):
        return self.filter(
            status=Post.Status.PUBLISHED, published_at__gt=timezone.now()
        )

    def next_appearance(self):
        """When the first scheduled post appears by itself, or None."""
        return self.scheduled().aggregate(first=Min("published_at"))["first"]

    def newest_first(self):
        return self.order_by("-published_at", "-pk")

    def one_version_for(self, language):
        """Each post once: in `language` where a published translation has it."""
        in_language = Post.objects.published().filter(lang=language)
        has_version = Q(translation_of__in=in_language) | Q(translation__in=in_language)
        return self.exclude(~Q(lang=language) & has_version)

    def before(self, post):
        """Posts published before `post`, the nearest first (none for a draft)."""
        if post.published_at is None:
            return self.none()
        earlier = Q(published_at__lt=post.published_at) | Q(
            published_at=post.published_at, pk__lt=post.pk
        )
        return self.filter(earlier).newest_first()

    def after(self, post):
        """Posts published after `post`, the nearest first (none for a draft)."""
        if post.published_at is None:
            return self.none()
        later = Q(published_at__gt=post.published_at) | Q(
            published_at=post.published_at, pk__gt=post.pk
        )
        return self.filter(later).order_by("published_at", "pk")

    def for_cards(self):
        """What a list of post cards shows, in a fixed number of queries."""
        approved = Q(comments__status=Comment.Status.APPROVED)
        return (
            self.select_related("image")
            .prefetch_related("categories")
            .annotate(comment_count=Count("comments", filter=approved))
        )

    def related_to(self, post):
        """Other posts ranked by the tags and categories they share with `post`."""
        tag_ids = [tag.pk for tag in post.tag_list]
        category_ids = [category.pk for category in post.category_list]
        return (
            self.exclude(pk=post.pk)
            .annotate(
                shared=Count("tags", filter=Q(tags__in=tag_ids), distinct=True)
                + Count(
                    "categories", filter=Q(categories__in=category_ids), distinct=True
                )
            )
            .order_by("-shared", "-published_at", "-pk")
        )

    def search(self, text):
        """Posts matching `text`, best first, each with a `snippet` to highlight.

        PostgreSQL ranks with Dutch full-text search (stemming, stop words); other
        databases match every word in the title, excerpt or body, title matches first.
        """
        if connections[self.db].vendor == "postgresql":
            query = SearchQuery(text, config="dutch", search_type="websearch")
            return (
                self.alias(document=SEARCH_DOCUMENT)
                .filter(document=query)
                .annotate(
                    rank=SearchRank(SEARCH_DOCUMENT, query),
                    headline=SearchHeadline(
                        StripTags("body"),
                        query,
                        config="dutch",
                        start_sel=MARK_START,
                        stop_sel=MARK_STOP,
                        max_words=35,
                        min_words=15,
                    ),
                )
                .order_by("-rank", "-published_at")
            )
        matches, in_title = Q(), Q()
        for word in text.split():
            matches &= (
                Q(title__icontains=word)
                | Q(excerpt__icontains=word)
                | Q(body__icontains=word)
            )
            in_title &= Q(title__icontains=word)
        return (
            self.filter(matches)
            .annotate(rank=Case(When(in_title, then=Value(1)), default=Value(0)))
            .order_by("-rank", "-published_at", "-pk")
        )


class Post(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        blank=True,
        help_text=_("The last part of the address. Made from the title when empty."),
    )
    excerpt = models.TextField(
        _("excerpt"),
        blank=True,
        help_text=_(
            "A short summary for lists and sharing. Taken from the text when empty."
        ),
    )
    body = RichTextField(_("text"), config_name="blog")
    image = models.ForeignKey(
        "core.Image",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("featured image"),
        help_text=_("From the image library, or a new one uploaded with “+”."),
    )
    featured_image_caption = models.CharField(_("caption"), max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="posts",
        limit_choices_to={"is_staff": True},
        verbose_name=_("author"),
    )
    categories = models.ManyToManyField(
        Category, related_name="posts", blank=True, verbose_name=_("categories")
    )
    tags = models.ManyToManyField(
        Tag, related_name="posts", blank=True, verbose_name=_("tags")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publication date"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_(
            "A date in the future schedules the post: it appears by itself then. "
            "Empty means now, once published."
        ),
    )
    session_type = models.ForeignKey(
        "booking.SessionType",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="posts",
        verbose_name=_("session to offer"),
        help_text=_(
            "The post then shows the next three free times of this session, "
            "each a link to book it."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    lang = models.CharField(
        _("language of the text"),
        max_length=7,
        choices=settings.LANGUAGES,
        default="nl",
    )
    translation_of = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translation",
        limit_choices_to={"translation_of": None},
        verbose_name=_("translation of"),
        help_text=_(
            "For a translation: the post it translates. Readers can then switch "
            "between the two, and search engines know they belong together."
        ),
    )
    seo_title = models.CharField(
        _("SEO title"), max_length=70, blank=True, help_text=SEO_TITLE_HELP
    )
    meta_description = models.CharField(
        _("meta description"),
        max_length=160,
        blank=True,
        help_text=META_DESCRIPTION_HELP,
    )
    focus_keywords = models.CharField(
        _("focus keywords"),
        max_length=200,
        blank=True,
        help_text=_(
            "The words people search for to find this post, separated by commas."
        ),
    )
    social_image = ResponsiveImageField(
        _("image for social media"),
        upload_to="blog/social/%Y/%m/",
        blank=True,
        help_text=_("Shown when the post is shared. The featured image when empty."),
    )
    noindex = models.BooleanField(
        _("hide from search engines"),
        default=False,
        help_text=_("Asks search engines not to list this post."),
    )
    allow_comments = models.BooleanField(_("allow comments"), default=True)

    objects = PostQuerySet.as_manager()

    # Every saved version, to compare and restore in the admin.
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        # Publishing also mails the post to every subscriber.
        permissions = [("publish_post", _("Can publish posts"))]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Post, self.title, exclude_pk=self.pk)
        if self.status == self.Status.PUBLISHED and not self.published_at:
            self.published_at = timezone.now()
        was_live = Post.objects.published().filter(pk=self.pk or None)
        old_slug = list(was_live.exclude(slug=self.slug).values_list("slug", flat=True))
        with transaction.atomic():
            super().save(*args, **kwargs)
            # The address now belongs to this post, whatever had it before.
            OldSlug.objects.filter(slug=self.slug).delete()
            for slug in old_slug:  # links to a live post keep working, for ever
                OldSlug.objects.update_or_create(slug=slug, defaults={"post": self})

    def get_absolute_url(self):
        """The address in the post's own language: Dutch text is never presented
        as English at /en/, nor the other way round."""
        with translation.override(self.lang):
            return reverse("blog:post_detail", kwargs={"slug": self.slug})

    @cached_property
    def translations(self):
        """The post in every language it is published in: {language: post}.
        (Without queries when read with select_related("translation_of",
        "translation"), as the post page does.)"""
        others = [self.translation_of] if self.translation_of_id else []
        with contextlib.suppress(Post.DoesNotExist):
            others.append(self.translation)
        return {
            **{post.lang: post for post in others if post.is_public},
            self.lang: self,
        }

    def paths(self):
        """The post's address in every language of the site."""
        paths = []
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                paths.append(self.get_absolute_url())
        return paths

    def clean(self):
        if self.slug and address_is_taken("blog:post_detail", slug=self.slug):
            raise ValidationError({"slug": ADDRESS_TAKEN})
        if self.translation_of and self.translation_of.lang == self.lang:
            raise ValidationError(
                {"lang": _("A translation is in another language than its original.")}
            )

    @property
    def is_public(self):
        return self.is_published_by(timezone.now())

    @property
    def is_scheduled(self):
        return self.status == self.Status.PUBLISHED and not self.is_public

    def is_published_by(self, moment):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= moment
        )

    @property
    def summary(self):
        """The excerpt, or the opening words of the text."""
        if self.excerpt:
            return self.excerpt
        words = plain_text(self.body).split(maxsplit=EXCERPT_WORDS)
        if len(words) <= EXCERPT_WORDS:
            return " ".join(words)
        return " ".join(words[:EXCERPT_WORDS]) + " …"

    @cached_property
    def category_list(self):
        """The categories, read once (or from a prefetch) however often shown."""
        return list(self.categories.all())

    @cached_property
    def tag_list(self):
        return list(self.tags.all())

    @cached_property
    def word_count(self):
        return len(plain_text(self.body).split())

    @property
    def reading_minutes(self):
        return max(1, math.ceil(self.word_count / WORDS_PER_MINUTE))

    @property
    def comments_open(self):
        """Comments allowed, and the post not older than COMMENTS_CLOSE_AFTER_DAYS."""
        days = settings.COMMENTS_CLOSE_AFTER_DAYS
        if not self.allow_comments or self.published_at is None:
            return False
        return not days or self.published_at >= timezone.now() - timedelta(days=days)

    @property
    def robots_noindex(self):
        """Kept out of search engines: by choice, or because it is not public (yet)."""
        return self.noindex or not self.is_public

    @property
    def state_label(self):
        """Draft, scheduled or published: "scheduled" is derived, never stored."""
        if self.status == self.Status.DRAFT:
            return _("Draft")
        return _("Scheduled") if self.is_scheduled else _("Published")

    def seo_warnings(self):
        """What the coach should still fix for search engines and screen readers."""
        warnings = []
        if not self.meta_description:
            warnings.append(_("The post has no meta description."))
        elif len(self.meta_description) < 70:
            warnings.append(
                _("The meta description is short; aim for 120 to 155 characters.")
            )
        if IMAGE_WITHOUT_ALT.search(self.body):
            warnings.append(_("An image in the text has no alternative text."))
        if not self.image_id:
            warnings.append(_("The post has no featured image."))
        return warnings

    @property
    def share_image_url(self):
        """The social image, else the featured image, about 1200 wide; or ""."""
        image = self.social_image or (self.image.file if self.image else None)
        if not image:
            return ""
        sized = image.responsive
        return sized.share_src if sized else image.url

    @property
    def keywords(self):
        return [word.strip() for word in self.focus_keywords.split(",") if word.strip()]


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)

    def pending(self):
        return self.filter(status=Comment.Status.PENDING)

    def pending_first(self):
        """The moderation queue: what awaits the coach on top, then newest first."""
        return self.annotate(
            waiting=Case(
                When(status=Comment.Status.PENDING, then=Value(0)), default=Value(1)
            )
        ).order_by("waiting", "-created_at")

    def visible_on_page(self, *, own_ids=()):
        """Approved comments, plus the visitor's own that still await approval."""
        return self.filter(
            Q(status=Comment.Status.APPROVED)
            | Q(status=Comment.Status.PENDING, pk__in=list(own_ids))
        ).order_by("created_at", "pk")


class Comment(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        SPAM = "spam", _("Spam")
        TRASH = "trash", _("Trash")

    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="comments", verbose_name=_("post")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
        verbose_name=_("in reply to"),
    )
    depth = models.PositiveSmallIntegerField(_("depth"), default=1, editable=False)
    # What the links in e-mails carry: unguessable, and no count of comments.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("e-mail"))
    website = models.URLField(_("website"), blank=True)
    body = models.TextField(_("comment"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
        verbose_name=_("written by staff member"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=Status.choices,
        default=Status.PENDING,
        db_index=True,
    )
    reason = models.CharField(
        _("reason"),
        max_length=200,
        blank=True,
        help_text=_("Why the comment was held or marked as spam."),
    )
    language = models.CharField(_("language"), max_length=7, default="nl")
    ip_hash = models.CharField(_("address (hashed)"), max_length=64, blank=True)
    wants_reply_notices = models.BooleanField(
        _("asked for notices of replies"), default=False
    )
    reply_notices_confirmed_at = models.DateTimeField(
        _("notices of replies confirmed at"), null=True, blank=True
    )
    reply_notice_sent_at = models.DateTimeField(
        _("notice of this reply sent at"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(
        _("written at"), default=timezone.now, db_index=True
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        indexes = [models.Index(fields=["post", "status", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(depth__gte=1), name="%(app_label)s_%(class)s_depth_positive"
            )
        ]

    def __str__(self):
        return f"{self.name}: {self.excerpt}"

    def save(self, *args, **kwargs):
        self.depth = self.parent.depth + 1 if self.parent_id else 1
        super().save(*args, **kwargs)
        self.loaded_status = self.status

    def get_absolute_url(self):
        return f"{self.post.get_absolute_url()}#comment-{self.pk}"

    @classmethod
    def from_db(cls, db, field_names, values):
        # Remembered so that a save can tell whether the comment was public before.
        comment = super().from_db(db, field_names, values)
        comment.loaded_status = comment.__dict__.get("status")
        return comment

    @property
    def is_public(self):
        return self.status == self.Status.APPROVED

    @property
    def shows_on_pages(self):
        """Whether saving this comment changes what visitors see (page cache)."""
        return self.Status.APPROVED in (
            self.status,
            getattr(self, "loaded_status", None),
        )

    @property
    def is_by_staff(self):
        return self.author_id is not None

    @property
    def excerpt(self):
        return self.body if len(self.body) <= 80 else self.body[:79].rstrip() + "…"

    @property
    def wants_confirmed_reply_notices(self):
        return self.wants_reply_notices and self.reply_notices_confirmed_at is not None


class OldSlug(models.Model):
    """An earlier address of a post that was live under it: answered with a
    permanent redirect to where the post is now (search engines follow, and the
    sitemap lists only the new address)."""

    slug = models.SlugField(_("old slug"), max_length=200, unique=True)
    post = models.ForeignKey(
        Post, on_delete=models.CASCADE, related_name="old_slugs", verbose_name=_("post")
    )
    created_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")

    def __str__(self):
        return self.slug


class ReadCountQuerySet(models.QuerySet):
    def since(self, day):
        """Reads per post from `day` on, the most read first: (post, reads)."""
        return (
            self.filter(day__gte=day)
            .values("post", "post__title")
            .annotate(reads=models.Sum("count"))
            .order_by("-reads")
        )


class ReadCount(models.Model):
    """How many read a post on a day: counted by a beacon from the page's script,
    once per visitor a day, without cookies, third parties or stored addresses."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reads")
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    objects = ReadCountQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["post", "day"], name="one_count_a_day")
        ]

    def __str__(self):
        return f"{self.post_id} {self.day}: {self.count}"

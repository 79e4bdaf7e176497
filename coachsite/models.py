from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from solo.models import SingletonModel

from coachsite.addresses import address_is_taken
from coachsite.images import ResponsiveImageField
from coachsite.richtext import RichTextField

META_DESCRIPTION_HELP = _(
    "Shown by search engines under the title. Aim for 120 to 155 characters."
)
ADDRESS_TAKEN = _("This address is already used by another part of the site.")
SEO_TITLE_HELP = _(
    "Title for search engines and sharing, if it should differ. "
    "Aim for at most 60 characters."
)


class SiteProfile(SingletonModel):
    """The coach and the site-wide things every page shows."""

    site_name = models.CharField(_("site name"), max_length=80, default="coachsite")
    coach_name = models.CharField(_("coach's name"), max_length=80, blank=True)
    tagline = models.CharField(
        _("tagline"),
        max_length=160,
        blank=True,
        help_text=_("One sentence on how you help, shown under your name."),
    )
    short_bio = models.TextField(
        _("short bio"),
        blank=True,
        help_text=_("Two or three sentences for the home page and the author box."),
    )
    photo = ResponsiveImageField(_("photo"), upload_to="site/", blank=True)
    photo_alt = models.CharField(
        _("description of the photo"),
        max_length=200,
        blank=True,
        help_text=_("For screen readers. Empty means “Photo of” and your name."),
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)
    linkedin_url = models.URLField(_("LinkedIn"), blank=True)
    youtube_url = models.URLField(_("YouTube"), blank=True)
    x_url = models.URLField(_("X (Twitter)"), blank=True)
    default_meta_description = models.CharField(
        _("default meta description"),
        max_length=160,
        blank=True,
        help_text=META_DESCRIPTION_HELP,
    )

    class Meta:
        verbose_name = _("site profile")

    def __str__(self):
        return str(_("Site profile"))

    SOCIAL_NETWORKS = ["facebook", "instagram", "linkedin", "youtube", "x"]

    @property
    def social_links(self):
        """(network, label, url) for each social profile that is filled in."""
        return [
            (network, self._meta.get_field(f"{network}_url").verbose_name, url)
            for network in self.SOCIAL_NETWORKS
            if (url := getattr(self, f"{network}_url"))
        ]


class Page(models.Model):
    """A page of the coach's own text, such as "Over mij" or the privacy statement."""

    class Key(models.TextChoices):
        ABOUT = "about", _("About me")
        PRIVACY = "privacy", _("Privacy statement")

    key = models.CharField(
        _("fixed place"),
        max_length=20,
        choices=Key.choices,
        unique=True,
        null=True,
        blank=True,
        help_text=_(
            "Pages with a fixed place always appear at their own address "
            "(/over-mij/, /privacy/), whatever their title or slug."
        ),
    )
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    body = RichTextField(_("text"), blank=True)
    lang = models.CharField(
        _("language of the text"),
        max_length=7,
        choices=settings.LANGUAGES,
        default="nl",
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
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("page")
        verbose_name_plural = _("pages")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        if self.key:
            return reverse(f"coachsite:{self.key}")
        return reverse("coachsite:page_detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.key or not self.slug:
            return
        if address_is_taken("coachsite:page_detail", slug=self.slug):
            raise ValidationError({"slug": ADDRESS_TAKEN})

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.addresses import address_is_taken
from core.models import ADDRESS_TAKEN, META_DESCRIPTION_HELP, SEO_TITLE_HELP
from core.richtext import RichTextField


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

    # Every saved version, to compare and restore in the admin.
    history = HistoricalRecords()

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

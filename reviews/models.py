from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from booking.models import Booking


def display_name_for(name):
    """How a client appears under a review: first name and the initial of the
    last ("Anouk de Vries" becomes "Anouk V.")."""
    words = name.split()
    if len(words) < 2:
        return name.strip()
    return f"{words[0]} {words[-1][0].upper()}."


class ReviewQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Review.Status.PUBLISHED)

    def pending(self):
        return self.filter(status=Review.Status.PENDING)

    def newest_first(self):
        return self.order_by("-published_at", "-pk")


class Review(models.Model):
    """A client's review: written through the link after a real session (verified),
    or entered by the coach from elsewhere, with its source."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        PUBLISHED = "published", _("Published")
        HIDDEN = "hidden", _("Hidden")

    booking = models.OneToOneField(
        Booking,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="review",
        verbose_name=_("booking"),
    )
    rating = models.PositiveSmallIntegerField(
        _("stars"), choices=[(stars, str(stars)) for stars in range(1, 6)]
    )
    text = models.TextField(_("review"))
    display_name = models.CharField(
        _("name shown"), max_length=60, help_text=_("For example: Anouk V.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    verified = models.BooleanField(
        _("verified client"),
        default=False,
        editable=False,
        help_text=_("Written through the link after a booked session."),
    )
    source = models.CharField(
        _("source"),
        max_length=100,
        blank=True,
        help_text=_("Where a review from elsewhere was given, e.g. Google."),
    )
    session_month = models.DateField(
        _("month"),
        null=True,
        blank=True,
        help_text=_("Of the session; for a review from elsewhere, when it was given."),
    )
    reply = models.TextField(_("your public reply"), blank=True)
    language = models.CharField(_("language"), max_length=7, default="nl")
    consent_at = models.DateTimeField(_("consent to publish given at"), null=True)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5),
                name="%(app_label)s_%(class)s_one_to_five_stars",
            )
        ]

    def __str__(self):
        return f"{self.rating}★ {self.display_name}"

    def clean(self):
        if not self.verified and not self.source:
            raise ValidationError(
                {"source": _("Say where this review was given, e.g. Google.")}
            )

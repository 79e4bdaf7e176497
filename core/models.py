from pathlib import PurePosixPath

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from solo.models import SingletonModel

from core.images import ResponsiveImageField
from core.richtext import rich_text_fields

# Help texts and messages shared by the apps' models of pages and posts.
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

    # For invoices (Dutch law: name, address, KvK and VAT numbers, VAT or why none).
    class VatRegime(models.TextChoices):
        STANDARD = "standard", _("21 % VAT")
        SMALL_BUSINESS = "kor", _("Small business scheme (KOR): no VAT")
        EXEMPT = "exempt", _("Exempt from VAT")

    business_address = models.TextField(
        _("business address"),
        blank=True,
        help_text=_("Street and number, postcode and town: printed on invoices."),
    )
    kvk_number = models.CharField(_("KvK number"), max_length=20, blank=True)
    vat_number = models.CharField(_("VAT number"), max_length=20, blank=True)
    vat_regime = models.CharField(
        _("VAT"),
        max_length=10,
        choices=VatRegime.choices,
        default=VatRegime.STANDARD,
        help_text=_("Prices on the site include VAT when VAT applies."),
    )
    vat_exemption_ground = models.CharField(
        _("legal ground of the exemption"),
        max_length=200,
        blank=True,
        help_text=_(
            "Only when exempt, printed on invoices; for example "
            "“art. 11, lid 1, onderdeel g, Wet OB 1968”."
        ),
    )
    voucher_valid_months = models.PositiveSmallIntegerField(
        _("gift vouchers valid for (months)"),
        default=24,
        validators=[MinValueValidator(12)],
        help_text=_(
            "Dutch law sets no minimum, but a term shorter than two years is "
            "soon judged unreasonable; without one a voucher is valid for five."
        ),
    )

    count_clicks = models.BooleanField(
        _("count clicks in mailings"),
        default=False,
        help_text=_(
            "Links in mailings then pass through this site, which notes each "
            "reader's first click per mailing. The privacy statement says so by "
            "itself. Off: no counting, links go straight to where they point."
        ),
    )

    # Every saved version, to compare and restore in the admin.
    history = HistoricalRecords()

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


class Counter(models.Model):
    """A count that lasts until a moment: a rate limit's window, a spent form token.

    Kept in the database rather than the cache, so that no number of cached pages
    can push a count out and reset a limit.
    """

    key = models.CharField(max_length=200, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("counter")
        verbose_name_plural = _("counters")

    def __str__(self):
        return self.key


class ImageQuerySet(models.QuerySet):
    def unused(self):
        """Images nothing shows: no row points to them (a post's featured image)
        and no text contains them."""
        pointed_to = Q()
        for relation in self.model._meta.related_objects:
            pointed_to |= Q(**{f"{relation.name}__isnull": False})
        candidates = self.exclude(pointed_to) if pointed_to else self
        texts = "".join(
            "".join(values)
            for model, names in rich_text_fields()
            for values in model._default_manager.values_list(*names)
        )
        return self.filter(
            pk__in=[image.pk for image in candidates if image.stem not in texts]
        )


class Image(models.Model):
    """An image in the media library: uploaded once, described once, used where
    the coach likes; pages crop it around its focal point."""

    file = ResponsiveImageField(_("image"), upload_to="images/%Y/%m/")
    title = models.CharField(
        _("name"),
        max_length=200,
        blank=True,
        help_text=_("To find it again. The file name when empty."),
    )
    alt_text = models.CharField(
        _("alternative text"),
        max_length=200,
        help_text=_(
            "Describe the image for people who cannot see it, in a sentence: what "
            "matters in it, not that it is a photo."
        ),
    )
    focal_x = models.PositiveSmallIntegerField(
        _("focal point, across (%)"),
        default=50,
        validators=[MaxValueValidator(100)],
    )
    focal_y = models.PositiveSmallIntegerField(
        _("focal point, down (%)"),
        default=50,
        validators=[MaxValueValidator(100)],
        help_text=_("Click in the image to choose what must stay in view."),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    objects = ImageQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        verbose_name = _("image")
        verbose_name_plural = _("images")

    def __str__(self):
        return self.title or PurePosixPath(self.file.name).name

    @property
    def stem(self):
        """What the stored file and all its renditions are named by."""
        return PurePosixPath(self.file.name).stem

    @property
    def src(self):
        """A rendition about 800 wide (the file itself if it has none)."""
        sized = self.file.responsive
        return sized.src if sized else self.file.url

    @property
    def focus_class(self):
        """CSS classes that crop the image around its focal point (site.css: the
        CSP allows no style attributes), to the nearest tenth."""
        return f"fx-{round(self.focal_x / 10)} fy-{round(self.focal_y / 10)}"

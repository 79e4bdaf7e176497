import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.richtext import RichTextField


class Topic(models.Model):
    """An interest a subscriber may choose on the sign-up form. A mailing may go
    to one topic; a new post goes by its categories (Campaign.topics)."""

    name = models.CharField(_("name"), max_length=60)
    description = models.CharField(_("description"), max_length=200, blank=True)
    categories = models.ManyToManyField(
        "blog.Category",
        blank=True,
        related_name="newsletter_topics",
        verbose_name=_("blog categories"),
        help_text=_("A new post in one of these categories is mailed to this topic."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.name


class SubscriberQuerySet(models.QuerySet):
    def confirmed(self):
        """Addresses that confirmed and may receive mail (not bounced or complained)."""
        return self.filter(status=Subscriber.Status.CONFIRMED)

    def wanting(self, campaign):
        """The confirmed subscribers a mailing of this kind goes to."""
        kind = Campaign.Kind
        if campaign.kind == kind.WELCOME:
            return self.due_welcome(campaign)
        wants = {
            kind.NEWSLETTER: Q(),
            kind.NEW_POST: Q(new_posts=Subscriber.NewPosts.EACH),
            kind.DIGEST: Q(new_posts=Subscriber.NewPosts.WEEKLY),
        }[campaign.kind]
        return self.confirmed().filter(wants).interested_in(campaign.topics())

    def interested_in(self, topics):
        """Who chose one of `topics`, or chose none (they want everything);
        everyone when `topics` is None."""
        if topics is None:
            return self
        chosen = Subscriber.topics.through.objects.filter(subscriber=OuterRef("pk"))
        return self.filter(~Exists(chosen) | Exists(chosen.filter(topic__in=topics)))

    def due_welcome(self, campaign):
        """Who confirmed since the welcome mail was switched on, its day after
        confirming has come, and has not had it."""
        due = timezone.now() - timedelta(days=campaign.welcome_day or 0)
        return (
            self.confirmed()
            .filter(confirmed_at__gte=campaign.started_at, confirmed_at__lte=due)
            .exclude(deliveries__campaign=campaign)
        )


class Subscriber(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting confirmation")
        CONFIRMED = "confirmed", _("Subscribed")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")
        BOUNCED = "bounced", _("Bounced")
        COMPLAINED = "complained", _("Marked as spam")

    class NewPosts(models.TextChoices):
        EACH = "each", _("An e-mail for every new post")
        WEEKLY = "weekly", _("A weekly overview of new posts")
        NONE = "none", _("Only the newsletters")

    # What the links in e-mails carry: unguessable, and no count of subscribers.
    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Stored lower-case (see services.normalize_email); unique ignoring case anyway.
    email = models.EmailField(_("e-mail"), max_length=254)
    first_name = models.CharField(_("first name"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PENDING
    )
    new_posts = models.CharField(
        _("new posts"), max_length=8, choices=NewPosts.choices, default=NewPosts.EACH
    )
    language = models.CharField(_("language"), max_length=7, default="nl")
    subscribed_at = models.DateTimeField(_("subscribed at"), default=timezone.now)
    consent_source = models.CharField(
        _("subscribed on page"), max_length=300, blank=True
    )
    consent_version = models.CharField(_("consent text version"), max_length=20)
    confirmation_sent_at = models.DateTimeField(
        _("confirmation mail sent at"), null=True, blank=True
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("unsubscribed at"), null=True, blank=True)
    topics = models.ManyToManyField(
        Topic,
        blank=True,
        related_name="subscribers",
        verbose_name=_("topics"),
        help_text=_("None chosen: everything."),
    )
    # Temporary bounces since the last delivered message (newsletter.suppression).
    soft_bounces = models.PositiveSmallIntegerField(
        _("temporary bounces in a row"), default=0, editable=False
    )

    objects = SubscriberQuerySet.as_manager()

    class Meta:
        ordering = ["-subscribed_at"]
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")
        constraints = [
            models.UniqueConstraint(
                Lower("email"), name="%(app_label)s_%(class)s_unique_email"
            )
        ]

    def __str__(self):
        return self.email

    @property
    def is_suppressed(self):
        """Bounced or complained: never mailed again, not even to confirm."""
        return self.status in (self.Status.BOUNCED, self.Status.COMPLAINED)


class CampaignQuerySet(models.QuerySet):
    def with_figures(self):
        """Each campaign with how its deliveries went (see Campaign.figures)."""
        status, outcome = Delivery.Status, Delivery.Outcome
        # Handed to the mail server: accepted, or refused at once as a bounce.
        handed_over = Q(deliveries__status=status.SENT) | Q(
            deliveries__outcome=outcome.BOUNCED
        )
        bounced = [outcome.BOUNCED, outcome.SOFT_BOUNCED]

        def count(condition):
            return Count("deliveries", filter=condition)

        return self.annotate(
            queued=count(Q(deliveries__status__in=[status.QUEUED, status.SENDING])),
            failed=count(Q(deliveries__status=status.FAILED)),
            sent=count(handed_over),
            delivered=count(handed_over & ~Q(deliveries__outcome__in=bounced)),
            bounced=count(Q(deliveries__outcome=outcome.BOUNCED)),
            complained=count(Q(deliveries__outcome=outcome.COMPLAINED)),
            unsubscribed=count(Q(deliveries__outcome=outcome.UNSUBSCRIBED)),
            clicked=count(Q(deliveries__clicked_at__isnull=False)),
        )


@dataclass(frozen=True)
class Figure:
    name: str
    label: str
    count: int
    rate: float | None  # a fraction of what it is counted against
    worrying: bool = False

    @property
    def percent(self):
        return None if self.rate is None else self.rate * 100


class Campaign(models.Model):
    """One mailing: a newsletter written by the coach, a new post, or the digest."""

    class Kind(models.TextChoices):
        NEWSLETTER = "newsletter", _("Newsletter")
        NEW_POST = "new_post", _("New post")
        DIGEST = "digest", _("Weekly overview")
        WELCOME = "welcome", _("Welcome mail")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCHEDULED = "scheduled", _("Scheduled")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        ACTIVE = "active", _("Switched on")  # a welcome mail: it never ends

    kind = models.CharField(
        _("kind"), max_length=12, choices=Kind.choices, default=Kind.NEWSLETTER
    )
    subject = models.CharField(_("subject"), max_length=150)
    preheader = models.CharField(
        _("preheader"),
        max_length=150,
        blank=True,
        help_text=_("The line mail programs show after the subject."),
    )
    body = RichTextField(_("text"), config_name="newsletter", blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    scheduled_at = models.DateTimeField(_("send at"), null=True, blank=True)
    post = models.ForeignKey(
        "blog.Post",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mailings",
        verbose_name=_("post"),
    )
    welcome_day = models.PositiveSmallIntegerField(
        _("days after confirming"),
        null=True,
        blank=True,
        help_text=_("0 sends it right after someone confirms their subscription."),
    )
    topic = models.ForeignKey(
        Topic,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mailings",
        verbose_name=_("only for the topic"),
        help_text=_(
            "Goes to the subscribers who chose this topic and to those who chose "
            "none. Empty: to all subscribers."
        ),
    )
    digest_week = models.DateField(
        _("week of the overview"), null=True, blank=True, editable=False
    )
    # Set once every delivery exists: a sender that died while queueing starts over.
    queued_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("sending started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("sending finished at"), null=True, blank=True)

    objects = CampaignQuerySet.as_manager()

    # Every saved version, to compare and restore in the admin.
    history = HistoricalRecords(
        excluded_fields=["queued_at", "started_at", "finished_at"]
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")
        permissions = [("send_campaign", _("Can send mailings and test mails"))]
        constraints = [
            # Never twice for the same post, never two overviews of one week.
            models.UniqueConstraint(
                fields=["post"],
                condition=Q(kind="new_post"),
                name="%(app_label)s_%(class)s_one_per_post",
            ),
            models.UniqueConstraint(
                fields=["digest_week"],
                condition=Q(kind="digest"),
                name="%(app_label)s_%(class)s_one_per_week",
            ),
        ]

    def __str__(self):
        return self.subject

    def topics(self):
        """The topics this mailing is for, or None for all subscribers: a chosen
        one, or for a new post the topics of its categories (none: for all)."""
        if self.topic_id:
            return [self.topic_id]
        if self.kind == self.Kind.NEW_POST and self.post_id:
            of_post = Topic.objects.filter(categories__posts=self.post_id)
            return list(of_post.values_list("pk", flat=True).distinct()) or None
        return None

    # Gmail and Yahoo throttle senders whose complaints pass this share.
    COMPLAINTS_LIMIT = 0.003

    def figures(self):
        """How the mailing went, with shares: bounces of what was sent, the rest
        of what was delivered. Needs with_figures()."""

        def share(count, of):
            return count / of if of else None

        complaint_rate = share(self.complained, self.delivered)
        figures = [
            Figure("sent", _("Sent"), self.sent, None),
            Figure("delivered", _("Delivered"), self.delivered,
                   share(self.delivered, self.sent)),
            Figure("bounced", _("Bounced"), self.bounced,
                   share(self.bounced, self.sent)),
            Figure("complained", _("Marked as spam"), self.complained,
                   complaint_rate,
                   worrying=(complaint_rate or 0) > self.COMPLAINTS_LIMIT),
            Figure("unsubscribed", _("Unsubscribed"), self.unsubscribed,
                   share(self.unsubscribed, self.delivered)),
        ]  # fmt: skip
        if self.clicked:  # only counted while the coach counts clicks
            rate = share(self.clicked, self.delivered)
            figures.append(Figure("clicked", _("Clicked a link"), self.clicked, rate))
        return figures


class Delivery(models.Model):
    """One message of one mailing to one subscriber, and how sending it went."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped")

    class Outcome(models.TextChoices):
        """What the mail provider reported after it accepted the message."""

        DELIVERED = "delivered", _("Delivered")
        SOFT_BOUNCED = "soft_bounced", _("Bounced temporarily")
        BOUNCED = "bounced", _("Bounced")
        COMPLAINED = "complained", _("Marked as spam")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed")

    campaign = models.ForeignKey(
        Campaign, on_delete=models.CASCADE, related_name="deliveries"
    )
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="deliveries"
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    # Given before the first attempt: a message sent again after a crash keeps it,
    # so that mail programs fold the two into one.
    message_id = models.CharField(_("Message-ID"), max_length=200)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=Outcome.choices, blank=True
    )
    outcome_at = models.DateTimeField(_("outcome reported at"), null=True, blank=True)
    # Only while the coach counts clicks (SiteProfile.count_clicks; newsletter.clicks).
    clicked_at = models.DateTimeField(_("first click at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "subscriber"],
                name="%(app_label)s_%(class)s_one_per_subscriber",
            )
        ]
        indexes = [models.Index(fields=["campaign", "status", "next_attempt_at"])]

    def __str__(self):
        return f"{self.campaign} → {self.subscriber}"


class Suppression(models.Model):
    """An address mailings no longer go to: it bounced for good (or temporarily,
    three times in a row), its owner marked a mail as spam, or unsubscribed at the
    mail provider. Mail the client expects, such as a booking's confirmation, still
    goes (newsletter.suppression)."""

    class Reason(models.TextChoices):
        BOUNCED = "bounced", _("Bounced")
        SOFT_BOUNCES = "soft_bounces", _("Bounced temporarily three times in a row")
        COMPLAINED = "complained", _("Marked as spam")
        UNSUBSCRIBED = "unsubscribed", _("Unsubscribed at the mail provider")

    email = models.EmailField(_("e-mail"), max_length=254, unique=True)  # lower-case
    reason = models.CharField(_("reason"), max_length=12, choices=Reason.choices)
    source = models.CharField(
        _("reported by"),
        max_length=40,
        help_text=_("The mail provider, the mail server (smtp) or you (coach)."),
    )
    detail = models.CharField(_("details"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("since"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("suppressed address")
        verbose_name_plural = _("suppression list")

    def __str__(self):
        return self.email


class WelcomeMailManager(models.Manager.from_queryset(CampaignQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(kind=Campaign.Kind.WELCOME)


class WelcomeMail(Campaign):
    """A mail of the welcome series: written once, sent to each new subscriber
    on its day after confirming, while it is switched on (status "active")."""

    objects = WelcomeMailManager()

    class Meta:
        proxy = True
        ordering = ["welcome_day", "pk"]
        verbose_name = _("welcome mail")
        verbose_name_plural = _("welcome mails")

    def save(self, *args, **kwargs):
        self.kind = Campaign.Kind.WELCOME
        super().save(*args, **kwargs)

    @property
    def is_active(self):
        return self.status == Campaign.Status.ACTIVE

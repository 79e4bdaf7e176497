"""A client's own page has no password: a link by e-mail signs them in."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def new_key():
    return secrets.token_urlsafe(24)


class SignInQuerySet(models.QuerySet):
    def usable(self):
        """Links not used yet, still fresh."""
        fresh = timezone.now() - timedelta(minutes=settings.CLIENT_LINK_MINUTES)
        return self.filter(used_at=None, ended_at=None, created_at__gt=fresh)

    def active(self):
        """Sign-ins whose session may still be going."""
        since = timezone.now() - timedelta(hours=settings.CLIENT_SESSION_HOURS)
        return self.exclude(used_at=None).filter(ended_at=None, used_at__gt=since)


class SignIn(models.Model):
    """One link by e-mail, used once, and the session it opened on one device;
    ending it (or every one of an address) signs that device out."""

    key = models.CharField(max_length=40, unique=True, default=new_key)
    email = models.EmailField(_("e-mail"), db_index=True)
    created_at = models.DateTimeField(_("link sent at"), auto_now_add=True)
    used_at = models.DateTimeField(_("signed in at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("signed out at"), null=True, blank=True)

    objects = SignInQuerySet.as_manager()

    class Meta:
        verbose_name = _("sign-in")
        verbose_name_plural = _("sign-ins")

    def __str__(self):
        return self.email

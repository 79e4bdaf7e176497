from django import forms
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.forms import EmailAddressField, NameField, public_renderer
from core.protection import ProtectedForm


class SearchForm(forms.Form):
    default_renderer = public_renderer

    q = forms.CharField(
        label=_("Search the blog"),
        max_length=200,
        error_messages={
            "required": _("Type one or more words to search for."),
            "max_length": _("That is rather long. Search with a few words."),
            "null_characters_not_allowed": _(
                "Those characters cannot be searched for."
            ),
        },
    )

    def clean_q(self):
        q = self.cleaned_data["q"]
        if not any(character.isalnum() for character in q):
            raise forms.ValidationError(_("Search with letters or digits."))
        return q


class CommentForm(ProtectedForm):
    purpose = "comment"

    body = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=settings.COMMENTS_MAX_LENGTH,
    )
    name = NameField(label=_("Name"))
    email = EmailAddressField(
        label=_("E-mail"), help_text=_("Never shown on the site.")
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        max_length=200,
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)
    remember = forms.BooleanField(
        label=_("Remember my name, e-mail and website in this browser"), required=False
    )
    wants_reply_notices = forms.BooleanField(
        label=_(
            "E-mail me when someone replies (you will get a mail to confirm first)"
        ),
        required=False,
    )
    consent = forms.BooleanField(
        label=_("I agree that my name and comment are published and my data stored"),
        error_messages={
            "required": _("Please agree, or your comment cannot be posted.")
        },
    )

    def __init__(self, *args, post, **kwargs):
        self.post = post
        super().__init__(*args, label_suffix="", **kwargs)
        self.fields["consent"].help_text = format_html(
            '<a href="{}">{}</a>',
            reverse("coachsite:privacy"),
            _("Read the privacy statement"),
        )

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if len(body) < 2:
            raise forms.ValidationError(_("Your comment is a little short."))
        return body

    def clean_parent(self):
        parent_id = self.cleaned_data.get("parent")
        if parent_id is None:
            return None
        parent = self.post.comments.approved().filter(pk=parent_id).first()
        if parent is None:
            raise forms.ValidationError(
                _("The comment you reply to is not there (any more).")
            )
        if parent.depth >= settings.COMMENTS_MAX_DEPTH:
            raise forms.ValidationError(_("Replies cannot go deeper here."))
        return parent

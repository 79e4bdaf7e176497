from django import forms
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.forms import EmailAddressField, NameField, public_renderer
from core.protection import ProtectedForm
from newsletter.models import Subscriber, Topic


class TopicsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, topic):
        return f"{topic.name}: {topic.description}" if topic.description else topic.name


class OffersTopics:
    """The form asks about topics only when the coach offers some."""

    @cached_property
    def has_topics(self):
        return Topic.objects.exists()


class SubscribeForm(OffersTopics, ProtectedForm):
    purpose = "newsletter"

    email = EmailAddressField(label=_("E-mail"))
    first_name = NameField(
        label=_("First name (if you like)"),
        max_length=100,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    new_posts = forms.ChoiceField(
        label=_("How often"),
        choices=Subscriber.NewPosts.choices[:2],
        initial=Subscriber.NewPosts.EACH,
        widget=forms.RadioSelect,
        required=False,
    )
    topics = TopicsField(
        label=_("What would you like to read about?"),
        queryset=Topic.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("Nothing ticked: everything."),
    )
    consent = forms.BooleanField(
        label=_(
            "Yes, send me the newsletter and my new blog posts. "
            "Unsubscribing is one click away in every e-mail."
        ),
        error_messages={"required": _("Please tick this box to subscribe.")},
    )
    source = forms.CharField(widget=forms.HiddenInput, required=False, max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.fields["consent"].help_text = format_html(
            '<a href="{}">{}</a>',
            reverse("coachsite:privacy"),
            _("Read the privacy statement"),
        )

    def clean_new_posts(self):
        return self.cleaned_data["new_posts"] or Subscriber.NewPosts.EACH

    def clean_source(self):
        source = self.cleaned_data["source"]
        return source if source.startswith("/") else ""


class PreferencesForm(OffersTopics, forms.ModelForm):
    default_renderer = public_renderer

    class Meta:
        model = Subscriber
        fields = ["first_name", "new_posts", "topics"]
        widgets = {
            "new_posts": forms.RadioSelect,
            "topics": forms.CheckboxSelectMultiple,
        }
        labels = {"topics": _("What would you like to read about?")}
        field_classes = {"topics": TopicsField}

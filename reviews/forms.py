from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from core.forms import NameField
from core.protection import ProtectedForm


def stars_label(stars):
    """Five stars to see (hidden from screen readers) and words to hear."""
    words = ngettext("%(stars)d star", "%(stars)d stars", stars) % {"stars": stars}
    return format_html(
        '<span class="stars" aria-hidden="true">{}</span> {}', "★" * stars, words
    )


class ReviewForm(ProtectedForm):
    purpose = "review"

    rating = forms.TypedChoiceField(
        label=_("Your rating"),
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "rating-choices"}),
        error_messages={"required": _("Please choose one to five stars.")},
    )
    text = forms.CharField(
        label=_("Your experience"),
        min_length=20,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What did the sessions bring you? A few sentences are plenty."),
        error_messages={
            "required": _("Please write a few words about your experience."),
            "min_length": _("Please write at least a sentence or two."),
        },
    )
    display_name = NameField(
        label=_("Name shown with your review"),
        max_length=60,
        help_text=_("Your first name and an initial are enough."),
        error_messages={"required": _("Please give a name to show.")},
    )
    consent = forms.BooleanField(
        label=_("I agree that my review is published on this site under that name."),
        error_messages={"required": _("Please tick this box to send your review.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, label_suffix="", **kwargs)
        self.fields["rating"].choices = [
            (stars, stars_label(stars)) for stars in range(5, 0, -1)
        ]

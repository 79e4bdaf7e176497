from django import forms
from django.utils.translation import gettext_lazy as _


class SearchForm(forms.Form):
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

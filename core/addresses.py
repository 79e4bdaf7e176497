from django.conf import settings
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation


def address_is_taken(view_name, **kwargs):
    """Whether the address of `view_name` with `kwargs` leads elsewhere (any language).

    A slug route such as /<slug>/ or /blog/<slug>/ comes after fixed routes like
    /over-mij/ or /blog/feed/, so a page or post with such a slug could never be shown.
    """
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            try:
                match = resolve(reverse(view_name, kwargs=kwargs))
            except (NoReverseMatch, Resolver404):
                continue  # not a valid address at all: the field's own check says so
            if match.view_name != view_name:
                return True
    return False

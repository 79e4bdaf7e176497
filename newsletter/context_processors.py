from django.utils.functional import SimpleLazyObject

from newsletter.forms import SubscribeForm


def signup_form(request):
    """The sign-up form in every page's footer, made only if the page shows it."""
    return {
        "newsletter_form": SimpleLazyObject(lambda: SubscribeForm(auto_id="footer_%s"))
    }

from django.conf import settings

# Cookies that make a visitor's pages their own: the session (a login, their pending
# comment), a message after a form, and the name a commenter asked us to remember.
PERSONAL_COOKIES = (settings.SESSION_COOKIE_NAME, "messages", "comment_author")


def has_personal_cookie(request):
    return any(name in request.COOKIES for name in PERSONAL_COOKIES)


def is_staff(request):
    """Whether a logged-in staff member is looking, without touching the session of
    anyone who has none: reading it would mark the response as varying on Cookie,
    and an anonymous page could no longer be cached whole."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    return request.user.is_staff


def wants_json(request):
    """Whether the page's own script sent the form and wants JSON back."""
    return request.headers.get("Accept", "").startswith("application/json")

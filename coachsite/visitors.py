from django.conf import settings


def is_staff(request):
    """Whether a logged-in staff member is looking, without touching the session of
    anyone who has none: reading it would mark the response as varying on Cookie,
    and an anonymous page could no longer be cached whole."""
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    return request.user.is_staff

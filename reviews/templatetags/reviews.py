from django import template
from django.utils.html import format_html

from reviews.summary import rating_summary

register = template.Library()


@register.simple_tag
def stars(rating):
    """`rating` (rounded) of five stars, for the eye only: the text says it."""
    filled = round(rating or 0)
    return format_html(
        '<span class="stars" aria-hidden="true">{}<span class="stars-empty">{}</span>'
        "</span>",
        "★" * filled,
        "★" * (5 - filled),
    )


@register.inclusion_tag("reviews/includes/rating_widget.html", takes_context=True)
def rating_widget(context, *, reviews=()):
    """The average, the count and a link; with `reviews`, a few of them too."""
    return {
        "summary": rating_summary(),
        "reviews": reviews,
        "request": context.get("request"),
    }

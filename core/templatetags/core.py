import json
import re
from urllib.parse import unquote

from django import template
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import escape, format_html, urlize
from django.utils.safestring import mark_safe
from django.utils.text import normalize_newlines

from core.addresses import absolute_url as absolute
from core.images import responsive_image
from core.pagecache import cached_fragment

register = template.Library()

# The sanitiser writes every <img> the same way: double-quoted, escaped attributes.
IMG_TAG = re.compile(r"<img ([^>]*)>")
ATTRIBUTE = re.compile(r'([a-z-]+)="([^"]*)"')
# Anything urlize could turn into a link (it links bare domains of these TLDs only).
MAYBE_LINK = re.compile(r"https?:|www\.|@|\.(com|edu|gov|int|mil|net|org)\b", re.I)
BODY_IMAGE_SIZES = "(min-width: 50rem) 46rem, calc(100vw - 2rem)"


register.filter("absolute_url", absolute)


@register.simple_tag(takes_context=True)
def current_if(context, url, *, exact=False):
    """`aria-current="page"` for a navigation link to the current page or section."""
    path = context["request"].path
    if url and (path == url or (not exact and path.startswith(url))):
        return mark_safe('aria-current="page"')
    return ""


@register.filter(is_safe=True)
def visitor_text(text):
    """What a visitor wrote: all escaped, web addresses linked, line breaks kept."""
    text = normalize_newlines(str(text))
    if MAYBE_LINK.search(text):  # urlize is slow; most comments have no link
        text = urlize(text, nofollow=True, autoescape=True)
        # urlize escaped the visitor's own quotes, so this rel can only be urlize's.
        text = text.replace('rel="nofollow"', 'rel="nofollow ugc noopener"')
    else:
        text = escape(text)
    return mark_safe(text.replace("\n", "<br>"))  # noqa: S308 (escaped above)


@register.filter
def json_ld(data):
    """A <script type="application/ld+json"> block; like json_script, safe in HTML."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False)
    text = text.replace("<", "\\u003C").replace(">", "\\u003E").replace("&", "\\u0026")
    script = '<script type="application/ld+json">{}</script>'
    return format_html(script, mark_safe(text))  # noqa: S308 (escaped just above)


@register.inclusion_tag("includes/picture.html")
def picture(image, alt, sizes="100vw", *, eager=False, css_class=""):
    """<picture> with WebP and fallback renditions for a ResponsiveImageField file."""
    return {
        "image": image.responsive if image else None,
        "url": image.url if image else "",
        "alt": alt,
        "sizes": sizes,
        "eager": eager,
        "css_class": css_class,
    }


@register.filter
def responsive_images(html):
    """Give the images in staff-written rich text their renditions and lazy loading."""
    media_url = default_storage.url("")

    def replace(match):
        attributes = dict(ATTRIBUTE.findall(match[1]))
        src = attributes.get("src", "")
        image = responsive_image(unquote(src.removeprefix(media_url)), default_storage)
        if not src.startswith(media_url) or image is None:
            return match[0]
        return format_html(
            '<picture><source type="image/webp" srcset="{}" sizes="{}">'
            '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" '
            'loading="lazy" decoding="async"></picture>',
            image.webp_srcset,
            BODY_IMAGE_SIZES,
            image.src,
            image.srcset,
            BODY_IMAGE_SIZES,
            image.width,
            image.height,
            mark_safe(attributes.get("alt", "")),  # noqa: S308 (escaped by the sanitiser)
        )

    return mark_safe(IMG_TAG.sub(replace, str(html)))  # noqa: S308 (sanitised rich text)


class FragmentNode(template.Node):
    def __init__(self, name, kinds, vary, condition, nodelist):
        self.name, self.kinds, self.vary = name, kinds, vary
        self.condition, self.nodelist = condition, nodelist

    def render(self, context):
        if context.get("preview"):  # what the coach has not saved is never kept
            return self.nodelist.render(context)
        if self.condition is not None and not self.condition.resolve(context):
            return self.nodelist.render(context)
        vary = [value.resolve(context) for value in self.vary]
        html = cached_fragment(
            context.get("request"),
            self.name,
            self.kinds,
            vary,
            lambda: self.nodelist.render(context),
        )
        return mark_safe(html)  # noqa: S308 (rendered by the template above)


@register.tag
def fragment(parser, token):
    """{% fragment "name" "kind kind" value value [if condition] %}...{% endfragment %}

    Renders its content once and keeps it (core.pagecache.cached_fragment) under
    the versions of the kinds of content it shows and the values it varies on;
    with `if`, only when the condition holds (a visitor's own data: never).
    """
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError("fragment takes a name and its kinds")
    condition = None
    if "if" in bits:
        at = bits.index("if")
        condition = parser.compile_filter(" ".join(bits[at + 1 :]))
        bits = bits[:at]
    name, kinds = bits[1].strip("\"'"), bits[2].strip("\"'").split()
    vary = [parser.compile_filter(bit) for bit in bits[3:]]
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(name, kinds, vary, condition, nodelist)

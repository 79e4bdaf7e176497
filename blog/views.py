import json

from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.decorators import method_decorator
from django.utils.functional import SimpleLazyObject
from django.utils.text import slugify
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from blog import links
from blog.forms import CommentForm, SearchForm
from blog.models import Category, Comment, OldSlug, Post, Tag
from blog.search import snippet
from blog.services import (
    approve_comment,
    confirm_reply_notices,
    count_read,
    stop_reply_notices,
    submit_comment,
)
from blog.sharing import share_links
from blog.structured_data import blog_posting
from blog.threads import build_threads
from booking.times.visitor_week import offered_times
from core.forms import small_number
from core.models import SiteProfile
from core.protection import check_rate, client_ip, ip_hash, keyed_hash, public_form
from core.structured_data import breadcrumb_list
from core.versions import shows
from core.visitors import is_staff, wants_json

POSTS_PER_PAGE = 10
AUTHOR_COOKIE = "comment_author"
AUTHOR_FIELDS = ("name", "email", "website")
OWN_COMMENTS = "own_comments"
# Proof of earlier comments, for the next one: not read by any page, so pages
# stay cacheable for whoever carries it.
WRITTEN_COOKIE = "comments_written"
# Small lists load what they show, not the whole text of every post.
# (A post's address depends on its language.)
LINK_FIELDS = ["title", "slug", "published_at", "lang"]
IMAGE_FIELDS = ["image__file", "image__alt_text", "image__focal_x", "image__focal_y"]
CARD_FIELDS = [*LINK_FIELDS, "image", *IMAGE_FIELDS]  # with select_related("image")
SUMMARY_FIELDS = [*LINK_FIELDS, "excerpt", "body"]


def lazy(compute):
    """A value computed only if a template uses it (a fragment that was not kept)."""
    return SimpleLazyObject(compute)


@method_decorator(shows("site", "blog", "comments", "reviews"), name="dispatch")
class PostListView(ListView):
    """The archive: every public post, newest first, ten to a page."""

    template_name = "blog/post_list.html"
    paginate_by = POSTS_PER_PAGE
    context_object_name = "posts"

    def get_queryset(self):
        posts = Post.objects.published().one_version_for(get_language())
        return posts.for_cards().newest_first()

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            categories=Category.objects.filter(posts__in=Post.objects.published())
            .distinct()
            .order_by("name"),
            **kwargs,
        )


class CategoryView(PostListView):
    def get_queryset(self):
        self.category = get_object_or_404(Category, slug=self.kwargs["slug"])
        return super().get_queryset().filter(categories=self.category)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            topic=self.category, topic_kind=_("Category"), **kwargs
        )


class TagView(PostListView):
    def get_queryset(self):
        self.tag = get_object_or_404(Tag, slug=self.kwargs["slug"])
        return super().get_queryset().filter(tags=self.tag)

    def get_context_data(self, **kwargs):
        return super().get_context_data(topic=self.tag, topic_kind=_("Tag"), **kwargs)


# Not "comments": a comment forgets its own post's pages (blog/apps.py).
@shows("site", "blog", "reviews")
def post_detail(request, slug):
    # Staff preview drafts and scheduled posts at their own address.
    posts = Post.objects.all() if is_staff(request) else Post.objects.published()
    post = posts.select_related(
        "author__author_profile",
        "session_type",
        "image",
        "translation_of",
        "translation",
    )
    post = post.filter(slug=slug).first()
    if post is None:
        moved = OldSlug.objects.filter(slug=slug, post__in=posts).first()
        if moved is None:
            raise Http404
        return redirect(moved.post, permanent=True)
    if post.lang != get_language():
        # Its version in this language, or the post where it is: which exists
        # may change, so the redirect is not a permanent one.
        return redirect(post.translations.get(get_language(), post))
    if post.session_type_id:
        request.page_shows.add("agenda")  # the post offers free times
    form = CommentForm(post=post, initial=remembered_author(request))
    if (reply_to := small_number(request.GET.get("reply_to"))) is not None:
        form.initial["parent"] = reply_to
    return render_post(request, post, form)


def render_preview(request, post, *, categories, tags):
    """The page of a post as the coach has written it, unsaved: without comments,
    and none of it kept as fragments (core.templatetags.core.FragmentNode)."""
    post.slug = post.slug or slugify(post.title) or "voorbeeld"
    now = timezone.now()  # shown as if published now
    post.published_at = post.published_at or now
    post.updated_at = now
    post.author = post.author if post.author_id else request.user
    post.__dict__.update(category_list=list(categories), tag_list=list(tags))
    with translation.override(post.lang):
        form = CommentForm(post=post)
        return render_post(request, post, form, preview=True).content.decode()


def render_post(request, post, comment_form, *, status=200, preview=False):
    """The post page. What every visitor sees the same is kept as fragments
    (post_detail.html), so only what their rendering needs is read: lazily.
    The lists around it show each other post once, in this post's language where
    it has a version in it (never this post's own translation)."""
    published = Post.objects.published().one_version_for(post.lang)
    own_ids = own_comment_ids(request)
    comments = [] if preview else list(post.comments.visible_on_page(own_ids=own_ids))
    comment_count = sum(comment.is_public for comment in comments)
    threads = Paginator(build_threads(comments), settings.COMMENTS_PER_PAGE)
    return render(
        request,
        "blog/post_detail.html",
        {
            "post": post,
            "preview": preview,
            "comment_count": comment_count,
            "comment_page": threads.get_page(request.GET.get("page")),
            "comment_form": comment_form,
            # The same for every visitor: kept as fragments (blog/includes/).
            "shared_comments": not own_ids,
            "plain_comment_form": not comment_form.is_bound
            and set(comment_form.initial) <= {"form_token"},
            "max_comment_depth": settings.COMMENTS_MAX_DEPTH,
            "replying_to": replying_to(comment_form, comments),
            "related_posts": lazy(
                lambda: list(
                    published.related_to(post)
                    .select_related("image")
                    .only(*CARD_FIELDS)[:3]
                )
            ),
            "latest_posts": lazy(
                lambda: list(
                    published.exclude(pk=post.pk)
                    .newest_first()
                    .only(*SUMMARY_FIELDS)[:5]
                )
            ),
            "previous_post": lazy(
                lambda: published.before(post).only(*LINK_FIELDS).first()
            ),
            "next_post": lazy(lambda: published.after(post).only(*LINK_FIELDS).first()),
            "share_links": lazy(lambda: share_links(post)),
            "free_times": offered_times(post.session_type),
            "structured_data": lazy(
                lambda: [
                    blog_posting(
                        post,
                        site_profile=SiteProfile.get_solo(),
                        comment_count=comment_count,
                    ),
                    breadcrumb_list(post_breadcrumbs(post)),
                ]
            ),
        },
        status=status,
    )


def replying_to(form, comments):
    """The comment the form answers, when the visitor chose one to reply to."""
    parent = str(form["parent"].value() or "")
    return next((comment for comment in comments if str(comment.pk) == parent), None)


def post_breadcrumbs(post):
    crumbs = [
        (_("Home"), reverse("coachsite:home")),
        (_("Blog"), reverse("blog:post_list")),
    ]
    if category := next(iter(post.category_list), None):
        crumbs.append((category.name, category.get_absolute_url()))
    return [*crumbs, (post.title, post.get_absolute_url())]


@csrf_exempt  # a beacon from a cached page: no cookie, no token, nothing to change
@require_POST
def read(request, pk):
    """The page's script says a visitor read a post (a few seconds on the page)."""
    post = get_object_or_404(Post.objects.published(), pk=pk)
    visitor = keyed_hash("coachsite.read", client_ip(request))
    count_read(post=post, visitor=visitor)
    return HttpResponse(status=204)


def search(request):
    form = SearchForm(request.GET or None)
    page = None
    if form.is_valid():
        text = form.cleaned_data["q"]
        results = Post.objects.published().search(text)
        page = Paginator(results, POSTS_PER_PAGE).get_page(request.GET.get("page"))
        for post in page:
            post.snippet = snippet(post, text)
    return render(request, "blog/search.html", {"form": form, "page_obj": page})


@require_POST
@public_form(rate_limit="COMMENTS_RATE_LIMIT")
def post_comment(request, slug):
    post = get_object_or_404(Post.objects.published(), slug=slug)
    if not post.comments_open:
        return comment_refused(request, post, _("Comments on this post are closed."))
    form = CommentForm(request.POST, post=post)
    if not form.is_valid():
        return comment_form_invalid(request, post, form)
    email = form.cleaned_data["email"]
    email_key = keyed_hash("comment-email", email)
    check_rate(f"comment-email:{email_key}", rate_limit="COMMENTS_RATE_LIMIT")
    data = form.cleaned_data
    comment = submit_comment(
        post=post,
        parent=data["parent"],
        name=data["name"],
        email=data["email"],
        website=data["website"],
        body=data["body"],
        wants_reply_notices=data["wants_reply_notices"],
        ip_hash=ip_hash(request),
        language=get_language(),
        spam_signals=tuple(form.spam_reasons),
        is_trusted=is_trusted(request, data["email"]),
    )
    response = comment_posted(request, comment)
    remember_author(response, data)
    remember_written(request, response, comment)
    return response


def comment_posted(request, comment):
    if comment.status == Comment.Status.PENDING:
        remember_own_comment(request, comment)
    # The same words whatever happened: they tell nobody whether an address is
    # trusted, and a bot not that it was recognised.
    message = _("Thank you for your comment! New comments appear once approved.")
    if wants_json(request):
        shown = comment.status in (Comment.Status.APPROVED, Comment.Status.PENDING)
        html = render_to_string(
            "blog/includes/comment.html", {"comment": comment}, request=request
        )
        return JsonResponse(
            {
                "ok": True,
                "message": message,
                "html": html if shown else "",
                "parent": comment.parent_id,
            }
        )
    messages.success(request, message)
    anchor = (
        f"#comment-{comment.pk}"
        if comment.status != Comment.Status.SPAM
        else "#comments"
    )
    return redirect(comment.post.get_absolute_url() + anchor)


def comment_form_invalid(request, post, form):
    """The form comes back filled in, with what to fix: a comment is never lost."""
    if wants_json(request):
        return JsonResponse(
            {
                "ok": False,
                "errors": form.errors.get_json_data(),
                "token": form["form_token"].value(),
            },
            status=400,
        )
    return render_post(request, post, form, status=400)


def comment_refused(request, post, message):
    if wants_json(request):
        return JsonResponse({"ok": False, "message": str(message)}, status=403)
    messages.error(request, message)
    return redirect(post)


def remembered_author(request):
    """The name, e-mail and website a commenter asked this browser to remember."""
    if AUTHOR_COOKIE not in request.COOKIES:
        return {}
    try:
        remembered = json.loads(
            request.get_signed_cookie(AUTHOR_COOKIE, salt=AUTHOR_COOKIE)
        )
    except (KeyError, ValueError, signing.BadSignature):
        return {}
    return {**{key: remembered.get(key, "") for key in AUTHOR_FIELDS}, "remember": True}


def remember_author(response, data):
    if data["remember"]:
        value = json.dumps({key: data[key] for key in AUTHOR_FIELDS})
        response.set_signed_cookie(
            AUTHOR_COOKIE,
            value,
            salt=AUTHOR_COOKIE,
            max_age=365 * 24 * 60 * 60,
            httponly=True,
            samesite="Lax",
            secure=not settings.DEBUG,
        )
    else:
        response.delete_cookie(AUTHOR_COOKIE)


def is_trusted(request, email):
    """Whether the writer proved an approved comment under `email`: written from
    this browser (a signed cookie lists what it wrote), or a logged-in member of
    staff. An e-mail address alone proves nothing: anyone can type it."""
    if is_staff(request):
        return True
    written = written_here(request)
    return Comment.objects.approved().filter(pk__in=written, email=email).exists()


def written_here(request):
    try:
        value = request.get_signed_cookie(WRITTEN_COOKIE, salt=WRITTEN_COOKIE)
        return [int(pk) for pk in value.split(",")]
    except (KeyError, ValueError, signing.BadSignature):
        return []


def remember_written(request, response, comment):
    """Add `comment` to the browser's list of its comments (the last ten)."""
    if comment.status == Comment.Status.SPAM:
        return
    written = [*written_here(request)[-9:], comment.pk]
    response.set_signed_cookie(
        WRITTEN_COOKIE,
        ",".join(map(str, written)),
        salt=WRITTEN_COOKIE,
        max_age=2 * 365 * 24 * 60 * 60,
        httponly=True,
        samesite="Lax",
        secure=not settings.DEBUG,
    )


def remember_own_comment(request, comment):
    """Let the visitor see their own comment while it awaits approval."""
    own = request.session.get(OWN_COMMENTS, [])
    request.session[OWN_COMMENTS] = [*own[-19:], comment.pk]


def own_comment_ids(request):
    # Only a visitor who already has a session can have comments of their own.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return []
    return request.session.get(OWN_COMMENTS, [])


# Links in e-mails: the page asks for one click on a button, because mail
# scanners open every link in a message and must not approve anything by that.


def comment_link(purpose, act, **texts):
    """The page behind a link about a comment: `texts` say what its button does."""

    @never_cache
    @csrf_exempt  # the signed token in the address is what authorises the action
    @purpose.view
    def view(request, comment, token):
        done = request.method == "POST"
        if done:
            act(comment=comment)
        return render(
            request,
            "blog/comment_link.html",
            {"comment": comment, "action": texts, "done": done},
        )

    return view


approve_comment_link = comment_link(
    links.APPROVE,
    approve_comment,
    title=gettext_lazy("Approve comment"),
    button=gettext_lazy("Approve and publish"),
    done=gettext_lazy("The comment is published."),
)
confirm_reply_notices_link = comment_link(
    links.CONFIRM_NOTICES,
    confirm_reply_notices,
    title=gettext_lazy("Notices of replies"),
    button=gettext_lazy("Yes, e-mail me when someone replies"),
    done=gettext_lazy("Confirmed: you will get an e-mail when someone replies."),
)
stop_reply_notices_link = comment_link(
    links.STOP_NOTICES,
    stop_reply_notices,
    title=gettext_lazy("Stop notices of replies"),
    button=gettext_lazy("Stop these e-mails"),
    done=gettext_lazy("Done: you will get no more notices of replies to this comment."),
)

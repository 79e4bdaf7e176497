from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import ListView

from blog.forms import SearchForm
from blog.models import Category, Post, Tag
from blog.search import snippet
from blog.sharing import share_links
from blog.structured_data import blog_posting
from coachsite.models import SiteProfile
from coachsite.structured_data import breadcrumb_list
from coachsite.visitors import is_staff

POSTS_PER_PAGE = 10
# Small lists load what they show, not the whole text of every post.
LINK_FIELDS = ["title", "slug", "published_at"]
CARD_FIELDS = [*LINK_FIELDS, "featured_image", "featured_image_alt", "lang"]


class PostListView(ListView):
    """The archive: every public post, newest first, ten to a page."""

    template_name = "blog/post_list.html"
    paginate_by = POSTS_PER_PAGE
    context_object_name = "posts"

    def get_queryset(self):
        return Post.objects.published().for_cards().newest_first()

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


def post_detail(request, slug):
    # Staff preview drafts and scheduled posts at their own address.
    posts = Post.objects.all() if is_staff(request) else Post.objects.published()
    post = get_object_or_404(
        posts.select_related("author__author_profile").prefetch_related(
            "categories", "tags"
        ),
        slug=slug,
    )
    published = Post.objects.published()
    site_profile = SiteProfile.get_solo()
    return render(
        request,
        "blog/post_detail.html",
        {
            "post": post,
            "related_posts": published.related_to(post).only(*CARD_FIELDS)[:3],
            "latest_posts": published.exclude(pk=post.pk).newest_first()[:5],
            "previous_post": published.before(post).only(*LINK_FIELDS).first(),
            "next_post": published.after(post).only(*LINK_FIELDS).first(),
            "share_links": share_links(post),
            "structured_data": [
                blog_posting(post, site_profile=site_profile),
                breadcrumb_list(post_breadcrumbs(post)),
            ],
        },
    )


def post_breadcrumbs(post):
    crumbs = [
        (_("Home"), reverse("coachsite:home")),
        (_("Blog"), reverse("blog:post_list")),
    ]
    if category := next(iter(post.categories.all()), None):
        crumbs.append((category.name, category.get_absolute_url()))
    return [*crumbs, (post.title, post.get_absolute_url())]


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

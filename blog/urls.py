from django.urls import path
from django.utils.translation import gettext_lazy as _

from blog import feeds, views

app_name = "blog"

urlpatterns = [
    path("", views.PostListView.as_view(), name="post_list"),
    path(_("search/"), views.search, name="search"),
    path("feed/", feeds.LatestPostsFeed(), name="feed"),
    path("feed/atom/", feeds.LatestPostsAtomFeed(), name="atom_feed"),
    path(_("category/<slug:slug>/"), views.CategoryView.as_view(), name="category"),
    path("tag/<slug:slug>/", views.TagView.as_view(), name="tag"),
    # Last: a post's slug is checked against the fixed paths above.
    path("<slug:slug>/", views.post_detail, name="post_detail"),
]

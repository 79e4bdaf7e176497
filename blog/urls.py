from django.urls import path
from django.utils.translation import gettext_lazy as _

from blog import feeds, views

app_name = "blog"

urlpatterns = [
    path("", views.PostListView.as_view(), name="post_list"),
    path(_("search/"), views.search, name="search"),
    path("read/<int:pk>/", views.read, name="read"),
    path(
        _("comments/approve/<str:token>/"),
        views.approve_comment_link,
        name="approve_comment",
    ),
    path(
        _("comments/notices/<str:token>/"),
        views.confirm_reply_notices_link,
        name="confirm_reply_notices",
    ),
    path(
        _("comments/stop-notices/<str:token>/"),
        views.stop_reply_notices_link,
        name="stop_reply_notices",
    ),
    path("feed/", feeds.LatestPostsFeed(), name="feed"),
    path("feed/atom/", feeds.LatestPostsAtomFeed(), name="atom_feed"),
    path(_("category/<slug:slug>/"), views.CategoryView.as_view(), name="category"),
    path("tag/<slug:slug>/", views.TagView.as_view(), name="tag"),
    # Last: a post's slug is checked against the fixed paths above.
    path("<slug:slug>/", views.post_detail, name="post_detail"),
    path(_("<slug:slug>/comment/"), views.post_comment, name="post_comment"),
]

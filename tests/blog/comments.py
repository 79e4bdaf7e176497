"""Posting comments the way a browser (or a bot) does."""

import time

from django.urls import reverse

from core.protection import make_form_token


def comment_form(*, seconds_ago=10, **fields):
    """What the comment form sends, as if the page was served `seconds_ago`."""
    return {
        "form_token": make_form_token("comment", issued_at=time.time() - seconds_ago),
        "company": "",
        "name": "Marloes",
        "email": "marloes@example.com",
        "website": "",
        "body": "Wat een herkenbaar verhaal, dank je wel.",
        "consent": "on",
        **fields,
    }


def post_comment(client, post, *, json=False, ip="10.0.0.1", **fields):
    headers = {"Accept": "application/json"} if json else {}
    return client.post(
        reverse("blog:post_comment", kwargs={"slug": post.slug}),
        comment_form(**fields),
        headers=headers,
        REMOTE_ADDR=ip,
    )


def trusted_commenter(client, post, **fields):
    """A comment written from `client`'s browser and approved since: the proof
    that lets the next comments from that browser and address through."""
    from blog.models import Comment

    post_comment(client, post, **{"body": "Eerder, en goedgekeurd.", **fields})
    comment = Comment.objects.latest("pk")
    Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.APPROVED)
    return comment

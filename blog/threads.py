"""Comments into threads, from values alone."""


def build_threads(comments):
    """The top-level comments, each with `.children` (recursively), in given order.

    A reply whose parent is not among `comments` (not approved) is left out, so a
    thread never shows an answer to something the reader cannot see.
    """
    by_id = {comment.pk: comment for comment in comments}
    threads = []
    for comment in comments:
        comment.children = []
    for comment in comments:
        if comment.parent_id is None:
            threads.append(comment)
        elif parent := by_id.get(comment.parent_id):
            parent.children.append(comment)
    return threads

"""Tokens made in the past, to test that links expire."""

import time

from django.core import signing


def token_made_ago(purpose, value, *, seconds):
    """What `purpose.token(value)` (a core.links.LinkPurpose) returned `seconds` ago."""

    class Earlier(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time() - seconds))

    return Earlier(salt=purpose.salt).sign_object(value, compress=True)

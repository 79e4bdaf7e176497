"""Waiting for another process or thread, in end-to-end tests."""

import time


def wait_for(predicate, what="it", *, timeout=60, every=0.1):
    """The first true result of `predicate()`; fails after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if result := predicate():
            return result
        time.sleep(every)
    raise AssertionError(f"gave up waiting for {what}")

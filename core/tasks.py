"""Background work, as every app hands it over."""

from django.db import transaction


def enqueue_on_commit(task, *args, run_after=None):
    """Enqueue `task` once the transaction commits: a rolled-back change sends
    nothing. `run_after`: not before this moment."""
    if run_after is not None:
        task = task.using(run_after=run_after)
    transaction.on_commit(lambda: task.enqueue(*args))

"""A task for tests of the queue itself."""

from django_tasks import task


@task()
def do_nothing():
    return None

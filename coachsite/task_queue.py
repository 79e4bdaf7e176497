from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django_tasks import task_backends
from django_tasks.base import TaskResultStatus
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult

FINISHED_TASKS_KEPT_FOR = timedelta(days=14)


def uses_database_task_queue() -> bool:
    return isinstance(task_backends["default"], DatabaseBackend)


def requeue_abandoned_tasks() -> int:
    """Hand tasks back to the queue whose worker died while running them.

    A killed worker leaves its task marked as running for ever. Every task
    re-checks the state it acts on, so running one a second time is harmless.
    """
    if not uses_database_task_queue():
        return 0  # RQ notices dead workers itself
    started_before = timezone.now() - timedelta(
        seconds=settings.TASK_RUNNING_TIMEOUT_SECONDS
    )
    return (
        DBTaskResult.objects.running()
        .filter(started_at__lt=started_before)
        .update(status=TaskResultStatus.READY, started_at=None)
    )


def prune_finished_tasks() -> int:
    """Delete the records of tasks that finished more than two weeks ago."""
    finished_before = timezone.now() - FINISHED_TASKS_KEPT_FOR
    deleted, _ = (
        DBTaskResult.objects.finished().filter(finished_at__lt=finished_before).delete()
    )
    return deleted

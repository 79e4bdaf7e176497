"""What /healthz reports: can this process reach its database, cache and task queue?"""

import logging
import uuid
from datetime import UTC

import django_rq
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Case, F, When
from django.db.models.functions import Greatest
from django.utils import timezone
from django_tasks import task_backends
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max
from django_tasks_rq import RQBackend

logger = logging.getLogger(__name__)


class Unhealthy(Exception):
    pass


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {}


def check_cache():
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    if cache.get(key) != "ok":
        raise Unhealthy("the cache does not keep what it is given")
    cache.delete(key)
    return {}


def check_task_queue():
    """The queue answers and no ready task has waited longer than the limit."""
    ready_since = oldest_ready_task_time(task_backends["default"])
    waited = (timezone.now() - ready_since).total_seconds() if ready_since else 0
    if waited > settings.HEALTH_MAX_TASK_WAIT_SECONDS:
        raise Unhealthy(f"a task has been waiting for {waited:.0f} s")
    return {"oldest_ready_task_seconds": round(waited)}


def oldest_ready_task_time(backend):
    """When the task that has waited longest became ready to run, or None."""
    if isinstance(backend, DatabaseBackend):
        return oldest_ready_database_task_time(backend)
    if isinstance(backend, RQBackend):
        return oldest_ready_rq_job_time(backend)
    return None  # the immediate and dummy backends used in tests keep no queue


def oldest_ready_database_task_time(backend):
    return (
        DBTaskResult.objects.ready()
        .filter(backend_name=backend.alias)
        .annotate(
            ready_since=Case(
                When(run_after=get_date_max(), then=F("enqueued_at")),
                default=Greatest("enqueued_at", "run_after"),
            )
        )
        .order_by("ready_since")
        .values_list("ready_since", flat=True)
        .first()
    )


def oldest_ready_rq_job_time(backend):
    times = []
    for queue_name in backend.queues:
        queue = django_rq.get_queue(queue_name)
        queue.connection.ping()
        job_ids = queue.get_job_ids(0, 1)
        job = queue.fetch_job(job_ids[0]) if job_ids else None
        if job and job.enqueued_at:
            enqueued_at = job.enqueued_at
            if timezone.is_naive(enqueued_at):  # RQ keeps UTC without a zone
                enqueued_at = enqueued_at.replace(tzinfo=UTC)
            times.append(enqueued_at)
    return min(times, default=None)


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "task_queue": check_task_queue,
}


def run_checks():
    """Run every check; return (all healthy, a report per check)."""
    report = {}
    for name, check in CHECKS.items():
        try:
            report[name] = {"ok": True, **check()}
        except Exception as error:
            # The report is public: name the failure, keep the details in the log.
            logger.exception("Health check %s failed", name)
            detail = (
                str(error) if isinstance(error, Unhealthy) else type(error).__name__
            )
            report[name] = {"ok": False, "error": detail}
    return all(item["ok"] for item in report.values()), report

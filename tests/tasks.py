"""Running the database queue's tasks inside a test, as the worker would."""

from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max


class Worker:
    """Runs the queued tasks in order, as the worker would at a given moment."""

    def __init__(self, capture):
        self.capture = capture

    def queued(self, name=None):
        tasks = DBTaskResult.objects.filter(status=TaskResultStatus.READY)
        if name:
            tasks = tasks.filter(task_path__endswith=f".{name}")
        return tasks.order_by("run_after", "enqueued_at")

    def run(self, *, at=None):
        """Run every task due by `at` (now by default); how many ran."""
        at = at or timezone.now()
        ran = 0
        while task := next(
            (
                task
                for task in self.queued()
                if task.run_after == get_date_max() or task.run_after <= at
            ),
            None,
        ):
            task.status = TaskResultStatus.SUCCESSFUL
            task.save(update_fields=["status"])
            with self.capture(execute=True):
                task.task.call(*task.args_kwargs["args"], **task.args_kwargs["kwargs"])
            ran += 1
        return ran

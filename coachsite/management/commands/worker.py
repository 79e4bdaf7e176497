from django.core.management import call_command
from django.core.management.base import BaseCommand

from coachsite.task_queue import uses_database_task_queue


class Command(BaseCommand):
    help = "Run the task worker that fits the settings: db_worker or RQ's worker."

    def handle(self, **options):
        if uses_database_task_queue():
            call_command("db_worker", queue_name="*")
        else:
            # django-tasks-rq's Job runs Tasks; RQ's own would call the Task object.
            call_command(
                "rqworker",
                "default",
                with_scheduler=True,
                job_class="django_tasks_rq.Job",
            )

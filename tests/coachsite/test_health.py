import time
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.coachsite.tasks import do_nothing

pytestmark = pytest.mark.django_db(transaction=True)

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_queue(settings):
    settings.TASKS = DATABASE_QUEUE


def test_a_healthy_site_answers_200_with_every_check(client, database_queue):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["status"] == "ok"
    assert set(response.json()["checks"]) == {"database", "cache", "task_queue"}
    assert all(check["ok"] for check in response.json()["checks"].values())
    assert "no-cache" in response["Cache-Control"]


def test_a_task_waiting_longer_than_the_limit_makes_the_queue_unhealthy(
    client, settings, database_queue
):
    settings.HEALTH_MAX_TASK_WAIT_SECONDS = 0
    do_nothing.enqueue()
    time.sleep(0.05)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["task_queue"]["ok"] is False
    assert response.json()["checks"]["database"]["ok"] is True


def test_a_task_scheduled_for_later_is_not_waiting(client, settings, database_queue):
    settings.HEALTH_MAX_TASK_WAIT_SECONDS = 0
    do_nothing.using(run_after=timezone.now() + timedelta(hours=1)).enqueue()

    response = client.get("/healthz")

    assert response.status_code == 200


def test_an_unreachable_cache_answers_503_without_leaking_details(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
        }
    }

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["status"] == "unhealthy"
    assert response.json()["checks"]["cache"] == {
        "ok": False,
        "error": "ConnectionError",
    }


def test_the_rq_queue_is_healthy_when_redis_answers(client, rq_queue):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json()["checks"]["task_queue"]["ok"] is True


def test_a_job_waiting_in_redis_longer_than_the_limit_is_unhealthy(
    client, settings, rq_queue
):
    settings.HEALTH_MAX_TASK_WAIT_SECONDS = 0
    do_nothing.enqueue()
    time.sleep(0.05)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["task_queue"]["ok"] is False


def test_an_unreachable_rq_queue_answers_503(client, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    settings.RQ_QUEUES = {"default": {"URL": "redis://127.0.0.1:1/0"}}

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["checks"]["task_queue"]["ok"] is False

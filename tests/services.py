"""Which of the services the tests use are reachable here.

`python -m tests.services postgresql` exits 0 when PostgreSQL answers (the Makefile
uses it to decide on the second test run).
"""

import os
import shutil
import socket
import sys

POSTGRESQL = ("127.0.0.1", 5432)
REDIS = ("127.0.0.1", 6379)
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def answers(address, timeout=1.0):
    try:
        with socket.create_connection(address, timeout=timeout):
            return True
    except OSError:
        return False


def postgresql_available():
    return answers(POSTGRESQL)


def redis_available():
    return answers(REDIS)


def chromium_available():
    return bool(shutil.which(CHROMIUM))


if __name__ == "__main__":
    checks = {
        "postgresql": postgresql_available,
        "redis": redis_available,
        "chromium": chromium_available,
    }
    sys.exit(0 if checks[sys.argv[1]]() else 1)

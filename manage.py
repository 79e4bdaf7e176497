#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coachsite.settings")
    if sys.argv[1:2] == ["makemigrations"]:
        # Migrations come from the models alone: writing or checking them needs no
        # production secrets, so a fresh clone can run it as it is.
        os.environ.setdefault("DJANGO_DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()

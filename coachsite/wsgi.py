"""WSGI entry point for gunicorn: `gunicorn coachsite.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coachsite.settings")

application = get_wsgi_application()

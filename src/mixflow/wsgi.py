"""WSGI entry point for production servers (``mixflow serve`` uses waitress)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mixflow.settings")
application = get_wsgi_application()

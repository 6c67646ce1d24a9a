"""WSGI entry point; production servers import ``application`` from here."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_cms.settings.production")

application = get_wsgi_application()

from site_cms.startup import load_urlconf  # noqa: E402 - needs the apps loaded above

load_urlconf()

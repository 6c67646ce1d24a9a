"""ASGI entry point, for servers that speak ASGI."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "site_cms.settings.production")

application = get_asgi_application()

from site_cms.startup import load_urlconf  # noqa: E402 - needs the apps loaded above

load_urlconf()

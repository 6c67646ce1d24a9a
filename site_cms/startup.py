"""Work done once per process, before the first request or rendering.

Some of Wagtail's admin modules build widgets at import time whose labels are
translated then ("Choose a page"). The URLconf imports them, and it is imported on the
first URL lookup, which may happen while a page is being rendered in Chinese or Malay;
the admin would then show those labels in that language for the life of the process.
Loading the URLconf up front, in the site's default language, prevents that.
"""

from django.conf import settings
from django.urls import get_resolver
from django.utils.translation import override


def load_urlconf() -> None:
    with override(settings.LANGUAGE_CODE):
        get_resolver().url_patterns  # noqa: B018 - evaluating it imports every URL module

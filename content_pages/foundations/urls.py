"""Absolute URLs for payloads and messages, built from the configured base URL.

API payloads, channel renditions and messages carry absolute links (frontends and chat
apps have no base URL of ours), so they are built in one place, from
``settings.WAGTAILADMIN_BASE_URL`` (``CMS_BASE_URL``) and the page's path in a language,
never from the Wagtail ``Site`` record's hostname and port, which were stored when the
site was first set up and do not follow a change of address. Renditions are stored at
publish with the base URL they name: after a change, readers get them rendered live until
the workers have re-rendered them (``publishing.rerender``).
"""

from __future__ import annotations

from contextlib import nullcontext
from typing import Any

from django.conf import settings
from django.utils.translation import override


def base_url() -> str:
    """The configured address this installation is served at, without a trailing slash."""
    return str(settings.WAGTAILADMIN_BASE_URL).rstrip("/")


def absolute_url(path: str) -> str:
    """``path`` (site-relative, starting with ``/``) on the configured base URL; an
    already absolute URL is returned as it is."""
    if not path or "://" in path:
        return path
    return f"{base_url()}/{path.lstrip('/')}"


def page_path(page: Any, language: str | None = None) -> str:
    """The page's site-relative path in ``language`` (the active language if None), or ""
    for a page that is not routable."""
    with override(language) if language else nullcontext():
        parts = page.get_url_parts()
    if parts is None:
        return ""
    _site_id, _root_url, path = parts
    return str(path or "")


def page_full_url(page: Any, language: str | None = None) -> str:
    """The page's absolute URL in ``language`` on the configured base URL."""
    path = page_path(page, language)
    return absolute_url(path) if path else ""

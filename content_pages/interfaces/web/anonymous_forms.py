"""Anonymous forms on the website: no CSRF token, a same-origin check instead.

A token would make every page that shows a form unique to its visitor, so no shared cache
could keep it (issue: the seed article, which embeds the enquiry form). The forms anyone may
send without signing in (the enquiry form, on its own page or embedded in an article) are
therefore exempt from Django's CSRF check and refused instead when the browser says they
were sent from a page of another site (``foundations/origins.py``: ``Sec-Fetch-Site``, then
``Origin``, then ``Referer``); the per-client rate limit and the form's validation follow as
before. Nothing needs JavaScript. Forms of signed-in users (the admin, Wagtail's password
and login forms under ``_util/``) keep Django's CSRF.

``anonymous_form`` wraps a view; ``with_anonymous_forms`` wraps Wagtail's page view, since
every page posts to its own URL through it. A future anonymous form (feedback) on a page is
covered as it is; one with a view of its own takes the decorator.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django.template.response import TemplateResponse
from django.urls import URLPattern, URLResolver, re_path
from django.views.decorators.csrf import csrf_exempt

from content_pages.foundations.origins import cross_site
from content_pages.interfaces.web.stored_pages import WAGTAIL_SERVE

logger = logging.getLogger(__name__)

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
REFUSED_TEMPLATE = "content_pages/form_refused.html"

View = Callable[..., HttpResponseBase]


def anonymous_form(view: View) -> View:
    """``view`` without Django's CSRF token check, refusing writes another site's page sent:
    403 with a page that says so, before the view runs, so nothing is written."""

    @wraps(view)
    def checked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.method not in SAFE_METHODS:
            refused = cross_site(request)
            if refused is not None:
                # The header and the other site's origin only: nothing about the reader.
                logger.info("Form post to %s refused: %s says %s", request.path, refused.header, refused.value)
                return TemplateResponse(request, REFUSED_TEMPLATE, {}, status=403)
        return view(request, *args, **kwargs)

    exempt: View = csrf_exempt(checked)
    return exempt


def with_anonymous_forms(patterns: list[URLPattern | URLResolver]) -> list[URLPattern | URLResolver]:
    """Wagtail's URL patterns with its page view (``wagtail_serve``) wrapped by ``anonymous_form``;
    the others (``_util/`` password and login forms) unchanged."""
    wrapped: list[URLPattern | URLResolver] = []
    for pattern in patterns:
        if isinstance(pattern, URLPattern) and pattern.name == WAGTAIL_SERVE:
            wrapped.append(re_path(str(pattern.pattern), anonymous_form(pattern.callback), name=WAGTAIL_SERVE))
        else:
            wrapped.append(pattern)
    return wrapped

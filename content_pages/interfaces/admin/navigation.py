"""Where an admin refusal sends the user: back where they came from, if that is this site."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


def redirect_back(request: HttpRequest, fallback: str | None = None) -> HttpResponseRedirect:
    """To ``fallback`` when given, else to the referring admin page, else the dashboard.

    The Referer header is the client's word, so only a URL of this host is followed.
    """
    if fallback is None:
        referer = request.headers.get("Referer", "")
        safe = url_has_allowed_host_and_scheme(referer, {request.get_host()}, require_https=request.is_secure())
        fallback = referer if safe else reverse("wagtailadmin_home")
    return HttpResponseRedirect(fallback)

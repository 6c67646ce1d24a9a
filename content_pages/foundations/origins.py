"""Whether a browser sent a write from a page of this site: one check for every anonymous form.

The website's enquiry form carries no CSRF token, so that a page showing it is the same for
every reader and a shared cache may keep it. A token guards a *signed-in* visitor's authority;
an anonymous form grants none, so what remains to stop is another site making readers'
browsers post to it. Browsers say where a request comes from in headers no page can set:

1. ``Sec-Fetch-Site`` (every current browser): ``same-origin``, or ``none`` for a request
   the person started themselves, is accepted: the browser itself compared the page with
   the target, which holds whatever proxies rewrite the ``Host`` on the way in.
2. ``Origin``, when it names an origin: accepted when it is this site's (the request's own
   scheme and host, ``CMS_BASE_URL``, ``CSRF_TRUSTED_ORIGINS``) or one the caller also
   allows (the API: ``CMS_CORS_ALLOWED_ORIGINS``, whose pages are cross-site by design).
3. ``Sec-Fetch-Site`` saying ``same-site`` or ``cross-site`` with no origin to check, and
   ``Origin: null`` (a sandboxed frame, a ``data:`` page, a redirect from elsewhere), are
   refused. A sibling subdomain (``same-site``) is refused too: the form posts to the page
   it is on, so no page of this site sends one from there.
4. A browser too old for either header: its ``Referer``, when sent, must be this site's,
   as Django's CSRF check requires on HTTPS.
5. None of the three: accepted. Only a program sends a form with none of them, and a program
   can write any header it likes, so refusing it would stop nobody; it meets the per-client
   rate limit and the form's validation like everyone else. Django's CSRF check refuses a
   missing ``Referer`` on HTTPS because there a forged post would act with the visitor's
   session; an anonymous form has no session to borrow.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest
from django.utils.http import is_same_domain

# What Sec-Fetch-Site says for a request from a page of the same origin, or one the person
# started themselves (typed, a bookmark): the browser's own verdict.
SAME_ORIGIN_SITES = frozenset({"same-origin", "none"})


@dataclass(frozen=True)
class CrossSite:
    """Why a write is refused: the header that showed it and what it said (an origin, ``null``,
    or a ``Sec-Fetch-Site`` value; never anything that identifies the reader)."""

    header: str
    value: str

    @property
    def sender(self) -> str:
        """Where the request came from, as a message may put it."""
        if self.header == "Sec-Fetch-Site":
            return f"a {self.value} page that sent no origin"
        return f"a page on {self.value!r}"


def origin_of(url: str) -> str:
    """``scheme://host[:port]`` of a URL, lower-cased; "" for anything without both."""
    parts = urlsplit(url.strip())
    if not parts.scheme or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc}".lower()


def own_origins(request: HttpRequest) -> set[str]:
    """The origins of this site: as this request reached it, and as it is configured."""
    origins = {f"{request.scheme}://{request.get_host()}".lower(), origin_of(str(settings.WAGTAILADMIN_BASE_URL))}
    origins.update(origin_of(item) for item in settings.CSRF_TRUSTED_ORIGINS if "*" not in item)
    origins.discard("")
    return origins


def _trusted_by_pattern(origin: str) -> bool:
    """``CSRF_TRUSTED_ORIGINS`` entries such as ``https://*.example.org``, matched as Django does."""
    parts = urlsplit(origin)
    for pattern in settings.CSRF_TRUSTED_ORIGINS:
        if "*" not in pattern:
            continue
        allowed = urlsplit(pattern)
        if allowed.scheme == parts.scheme and is_same_domain(parts.netloc, allowed.netloc.replace("*", "", 1)):
            return True
    return False


def _known(origin: str, request: HttpRequest, also_allowed: Iterable[str]) -> bool:
    allowed = {item.lower() for item in also_allowed}
    return origin in own_origins(request) or origin in allowed or _trusted_by_pattern(origin)


def cross_site(request: HttpRequest, also_allowed: Iterable[str] = ()) -> CrossSite | None:
    """What shows that a browser sent this write from a page not of this site (nor of an
    origin in ``also_allowed``); None when nothing does (the module's docstring says why)."""
    also_allowed = tuple(also_allowed)
    fetch_site = request.headers.get("Sec-Fetch-Site", "").strip().lower()
    if fetch_site in SAME_ORIGIN_SITES:
        return None
    origin = request.headers.get("Origin", "").strip().lower()
    if origin and origin != "null":
        return None if _known(origin, request, also_allowed) else CrossSite("Origin", origin)
    if fetch_site:
        return CrossSite("Sec-Fetch-Site", fetch_site)
    if origin == "null":
        return CrossSite("Origin", origin)
    referer = request.headers.get("Referer", "").strip()
    if referer:
        sender = origin_of(referer)
        return (
            None if sender and _known(sender, request, also_allowed) else CrossSite("Referer", sender or "unreadable")
        )
    return None

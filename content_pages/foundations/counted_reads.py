"""Which requests count as a reader's read: one rule for the web beacon and the API.

Not counted:

- ``HEAD``: a check that the page is there (link checkers, monitors), nobody reads it;
- a prefetch (``Sec-Purpose: prefetch``, ``Purpose: prefetch``): the browser fetched the
  page in case the reader goes there, and a prefetched page that is then shown is counted
  by its beacon, which runs only when the page is shown;
- a reader who asked not to be tracked (``DNT: 1``, ``Sec-GPC: 1``): counting stores nothing
  about them, but a stated wish is honoured all the same;
- a crawler by its User-Agent (``foundations.crawlers``). On the API, which only programs
  read, an HTTP library's name is not a crawler: bots and server-side frontends fetch with
  one for their readers (``programs_relay``).

Only the request's method and headers are read; nothing about the reader is kept.
"""

from __future__ import annotations

from django.http import HttpRequest

from content_pages.foundations.crawlers import crawler_name, relays_readers

PREFETCH_HEADERS = ("Sec-Purpose", "Purpose", "X-Purpose", "X-Moz")
OPT_OUT_HEADERS = ("DNT", "Sec-GPC")


def not_a_read(request: HttpRequest, *, programs_relay: bool = False) -> str | None:
    """Why ``request`` is not a read (``head``, ``prefetch``, ``opted_out``, ``crawler``);
    None when it is one."""
    if request.method == "HEAD":
        return "head"
    headers = request.headers
    if any("prefetch" in headers.get(name, "").lower() for name in PREFETCH_HEADERS):
        return "prefetch"
    if any(headers.get(name, "").strip() == "1" for name in OPT_OUT_HEADERS):
        return "opted_out"
    crawler = crawler_name(headers.get("User-Agent", ""))
    if crawler is not None and not (programs_relay and relays_readers(crawler)):
        return "crawler"
    return None

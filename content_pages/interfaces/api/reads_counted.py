"""Counting the API's reads for reach: the page detail (channel ``api``), the chat and SMS
renditions (their own channel) and a conversation's opening turn (one conversation, one
read: its other turns are the same reader going on).

Only a response that served the page counts (200, or 304 to a frontend that kept it), never
a preview; the rules of ``foundations.counted_reads`` leave out HEAD, prefetches, readers who
asked not to be tracked and crawlers. A request with a valid API key comes from a registered
bot or frontend, whatever its User-Agent calls it, so it is not taken for a crawler. The
count goes to memory (``publishing.reach``): nothing is written on the request path.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse

from content_pages.foundations.counted_reads import not_a_read
from content_pages.interfaces.api.rate_limits import api_key_grant
from content_pages.publishing import reach

SERVED = (200, 304)
# The page detail is what web frontends render: its own channel, apart from the website's.
API = "api"


def count(request: HttpRequest, response: HttpResponse, page_id: int, language: str, channel: str) -> None:
    if response.status_code not in SERVED:
        return
    reason = not_a_read(request, programs_relay=True)
    if reason == "crawler" and api_key_grant(request) is not None:
        reason = None
    if reason is None:
        reach.count_read(page_id, language, channel)

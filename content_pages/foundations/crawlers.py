"""Crawlers by their User-Agent, so that reach counts readers and not robots.

The list is CrawlerDetect's (PyPI ``crawlerdetect``, MIT, a port of the maintained PHP
project's patterns): hand-written patterns would age as new crawlers appear. A verdict costs
about 0.2 ms for a User-Agent not seen before (a few tens of milliseconds once per process,
while its patterns compile), so verdicts are kept per User-Agent: readers' browsers share a
few hundred of them. The User-Agent is cut to ``USER_AGENT_MAX`` characters first, so an
enormous header costs no more than a normal one.

CrawlerDetect was written for web pages, where anything that is not a browser is a robot:
it also names HTTP libraries (``python-requests``, ``node-fetch``, ``curl``…). On the
website that is right. The API, though, is read only by programs, and a bot or a server-side
frontend fetching a page for a reader uses exactly such a library, so ``relays_readers``
tells those apart from crawlers that name themselves (Googlebot, GPTBot…).
"""

from __future__ import annotations

from functools import lru_cache

from crawlerdetect import CrawlerDetect

USER_AGENT_MAX = 512
# HTTP client libraries as CrawlerDetect names them (its match, lower-cased, without a
# trailing "/"): programs that fetch on a reader's behalf, not crawlers of their own.
HTTP_LIBRARIES = frozenset(
    {
        "python-requests",
        "python-httpx",
        "python-urllib",
        "aiohttp",
        "curl",
        "wget",
        "node-fetch",
        "undici",
        "axios",
        "go-http-client",
        "okhttp",
        "java",
        "apache-httpclient",
        "dart",
        "ruby",
        "php",
        "guzzlehttp",
        "libwww-perl",
    }
)


@lru_cache(maxsize=4096)
def crawler_name(user_agent: str) -> str | None:
    """What in ``user_agent`` names a crawler (``Googlebot``, ``python-requests``); None for a
    browser or an empty header."""
    detector = CrawlerDetect(user_agent=user_agent[:USER_AGENT_MAX])
    if not user_agent or not detector.isCrawler():
        return None
    matches = detector.getMatches()
    return str(matches) if matches else "crawler"


def is_crawler(user_agent: str) -> bool:
    return crawler_name(user_agent) is not None


def relays_readers(name: str) -> bool:
    """Whether a crawler ``name`` is an HTTP library, which programs use to fetch for readers."""
    return name.lower().rstrip("/") in HTTP_LIBRARIES

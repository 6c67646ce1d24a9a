"""The sitemap protocol's XML: a language's ``<urlset>`` parts and the index of them.

Written by hand rather than through Django's sitemap template: the documents are built
for every live page at once, and a template per ``<url>`` had cost most of the time
(docs/performance.md). Each URL is percent-encoded (the protocol asks for URIs) and then
entity-escaped; each page lists its address in every language it has, and ``x-default``
(the default language's address without its prefix, which negotiates a language).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.utils.encoding import iri_to_uri

from content_pages.reads.sitemap import SitemapPage

# The protocol's limits for one sitemap file: 50,000 URLs and 50 MB (52,428,800 bytes)
# uncompressed. The byte limit leaves room for the envelope.
MAX_BYTES = 52_428_800 - 1_024
URLSET_OPEN = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
)
URLSET_CLOSE = "</urlset>\n"
INDEX_OPEN = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
)
INDEX_CLOSE = "</sitemapindex>\n"
X_DEFAULT = "x-default"


@dataclass(frozen=True)
class Part:
    """One file of a language's sitemap."""

    xml: str
    urls: int
    lastmod: datetime.datetime | None


@dataclass(frozen=True)
class IndexEntry:
    location: str
    lastmod: datetime.datetime | None


def sitemap_path(language: str, part: int) -> str:
    """Where a part is served: ``/sitemap-ms.xml``, then ``/sitemap-ms-2.xml`` and on."""
    return f"/sitemap-{language}.xml" if part == 1 else f"/sitemap-{language}-{part}.xml"


def w3c_datetime(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).isoformat(timespec="seconds")


def _url(base: str, path: str) -> str:
    return escape(iri_to_uri(base + path), {'"': "&quot;"})


class _Writer:
    """One language's parts, filled one ``<url>`` at a time."""

    def __init__(self, max_urls: int) -> None:
        self.max_urls = max_urls
        self.parts: list[Part] = []
        self._start()

    def _start(self) -> None:
        self.entries: list[str] = []
        self.size = len(URLSET_OPEN) + len(URLSET_CLOSE)
        self.lastmod: datetime.datetime | None = None

    def add(self, entry: str, lastmod: datetime.datetime | None) -> None:
        entry_bytes = len(entry.encode("utf-8"))
        if self.entries and (len(self.entries) >= self.max_urls or self.size + entry_bytes > MAX_BYTES):
            self.close()
            self._start()
        self.entries.append(entry)
        self.size += entry_bytes
        if lastmod and (self.lastmod is None or lastmod > self.lastmod):
            self.lastmod = lastmod

    def close(self) -> None:
        self.parts.append(Part("".join([URLSET_OPEN, *self.entries, URLSET_CLOSE]), len(self.entries), self.lastmod))


def page_entries(page: SitemapPage, languages: Sequence[str], *, default: str, base: str) -> dict[str, str]:
    """The page's ``<url>`` element in each language it has an address in. A page's
    alternates are the same in every language, so they are written once."""
    urls = {code: _url(base, page.paths[code]) for code in languages if page.paths.get(code)}
    if not urls:
        return {}
    links = [f'<xhtml:link rel="alternate" hreflang="{code}" href="{url}"/>' for code, url in urls.items()]
    if default in urls:
        negotiating = page.paths[default].replace(f"/{default}/", "/", 1)
        links.append(f'<xhtml:link rel="alternate" hreflang="{X_DEFAULT}" href="{_url(base, negotiating)}"/>')
    modified = page.last_published_at
    tail = (f"<lastmod>{w3c_datetime(modified)}</lastmod>" if modified else "") + "".join(links) + "</url>\n"
    return {code: f"<url><loc>{url}</loc>{tail}" for code, url in urls.items()}


def all_parts(
    pages: Iterable[SitemapPage],
    languages: Sequence[str],
    *,
    default: str,
    base: str,
    max_urls: int,
    only: str | None = None,
) -> dict[str, list[Part]]:
    """Every language's parts: each page with an address in a language, in the given
    order, in as many parts as the protocol's limits need (at least one, empty when
    nothing is listed). A page with stored entries is written as stored, any other from
    its paths. ``only`` writes that language's parts alone."""
    writers = {language: _Writer(max_urls) for language in languages if only in (None, language)}
    for page in pages:
        entries = (
            page.entries if page.entries is not None else page_entries(page, languages, default=default, base=base)
        )
        for code, writer in writers.items():
            entry = entries.get(code)
            if entry:
                writer.add(entry, page.last_published_at)
    for writer in writers.values():
        writer.close()
    return {language: writer.parts for language, writer in writers.items()}


def sitemap_index(entries: Iterable[IndexEntry]) -> str:
    rows = [
        f"<sitemap><loc>{escape(entry.location)}</loc>"
        + (f"<lastmod>{w3c_datetime(entry.lastmod)}</lastmod>" if entry.lastmod else "")
        + "</sitemap>\n"
        for entry in entries
    ]
    return "".join([INDEX_OPEN, *rows, INDEX_CLOSE])

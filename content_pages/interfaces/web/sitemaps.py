"""sitemap.xml with every live page in every language and hreflang alternates."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any, cast

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.utils.translation import get_language

from content_pages.foundations.languages import content_languages
from content_pages.reads.sitemap import SitemapPage, sitemap_pages


class PageSitemap(Sitemap[SitemapPage]):
    """Every live, public page in every language, from paths read in one query
    (``reads/sitemap.py``)."""

    i18n = True
    alternates = True
    x_default = True

    @property
    def languages(self) -> list[str]:  # type: ignore[override]
        return list(content_languages())

    def items(self) -> list[SitemapPage]:
        return sitemap_pages(content_languages())

    def location(self, item: SitemapPage) -> str:
        return item.paths[get_language()]

    def lastmod(self, item: SitemapPage) -> datetime.datetime | None:
        return item.last_published_at

    def get_urls(self, page: int | str = 1, site: Any = None, protocol: str | None = None) -> list[dict[str, Any]]:
        """What Django's own builds (its pagination, alternates, x-default), without
        activating each language for each of a page's five locations: the paths are
        already per language, and switching languages had cost as much as the rest of
        the list (tests/web/test_sitemap.py holds the two equal)."""
        root = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        languages = self.languages
        default = settings.LANGUAGE_CODE
        urls: list[dict[str, Any]] = []
        alternates: list[dict[str, str]] = []
        # With ``i18n``, Django's paginator holds (item, language) pairs, not items.
        pairs = cast(Sequence[tuple[SitemapPage, str]], self.paginator.page(page).object_list)
        for item, language in pairs:
            if not urls or urls[-1]["item"][0] is not item:
                alternates = [{"location": root + item.paths[code], "lang_code": code} for code in languages]
                if default in languages:
                    location = (root + item.paths[default]).replace(f"/{default}/", "/", 1)
                    alternates.append({"location": location, "lang_code": "x-default"})
            urls.append(
                {
                    "item": (item, language),
                    "location": root + item.paths[language],
                    "lastmod": item.last_published_at,
                    "changefreq": None,
                    "priority": "",
                    "alternates": alternates,
                }
            )
        lastmods = [url["lastmod"] for url in urls]
        if lastmods and None not in lastmods:
            self.latest_lastmod = max(lastmods)
        return urls

"""sitemap.xml with every live page in every language and hreflang alternates."""

from __future__ import annotations

import datetime

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from wagtail.models import Page

from content_pages.foundations.languages import content_languages


class PageSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    @property
    def languages(self) -> list[str]:  # type: ignore[override]
        return list(content_languages())

    def items(self) -> QuerySet[Page]:
        return Page.objects.live().public().filter(depth__gt=1).order_by("path")

    def location(self, item: Page) -> str:
        parts = item.get_url_parts()
        return parts[2] if parts else ""

    def lastmod(self, item: Page) -> datetime.datetime | None:
        return item.last_published_at

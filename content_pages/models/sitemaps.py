"""The sitemaps crawlers read, stored so that no request builds one.

``/sitemap.xml`` is an index of one sitemap per language (split into parts past the
protocol's 50,000 URLs). Building a language's document walks every live page, which
grows with the site, so it is done by the worker after a change (``publishing.sitemaps``)
and a request only reads a row. ``SitemapState.generation`` counts the changes to what is
listed: a part built from an older generation is served as it is until the worker has
stored the new one (seconds), and the pages API's list keeps one count per generation.

Each page's ``<url>`` element in each language is stored too (``SitemapEntry``), beside the
page's web rows, when the page is rendered: a build joins those strings in tree order
instead of writing every page's addresses again, so a publish's rebuild reads one compact
row per page and language.
"""

from __future__ import annotations

from django.db import models


class SitemapState(models.Model):
    """One row: how many changes to the listed pages there have been."""

    generation = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"sitemaps at generation {self.generation}"


class StoredSitemap(models.Model):
    """One part of one language's sitemap, as it is served."""

    language = models.CharField(max_length=16)
    part = models.PositiveIntegerField(help_text="1 for /sitemap-<language>.xml, n for /sitemap-<language>-<n>.xml.")
    etag = models.CharField(max_length=64)
    urls = models.PositiveIntegerField(default=0)
    lastmod = models.DateTimeField(null=True, help_text="The newest publish among the pages it lists.")
    base_url = models.CharField(max_length=255, help_text="The configured address its URLs were written on.")
    built_generation = models.PositiveBigIntegerField(default=0)
    built_at = models.DateTimeField()
    # Last: SQLite reads a row's columns in order, through a long text's overflow pages,
    # so the index (which reads the columns above only) never walks the documents.
    xml = models.TextField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["language", "part"], name="unique_stored_sitemap_part")]

    def __str__(self) -> str:
        return f"sitemap {self.language} part {self.part} ({self.urls} URLs)"


class SitemapEntry(models.Model):
    """One page's ``<url>`` element in one language's sitemap, written from the page's web
    rows when it is rendered. It goes with the web row of its language (deleted with it),
    and holds the row's base URL and privacy so that a build needs neither the row nor
    the routing: a page whose entries do not cover every language on the configured base
    URL is built from its rows or Wagtail's routing instead."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="sitemap_entries")
    rendition = models.OneToOneField(
        "content_pages.ChannelRendition", on_delete=models.CASCADE, related_name="sitemap_entry"
    )
    language = models.CharField(max_length=16)
    base_url = models.CharField(max_length=255)
    public = models.BooleanField(default=True)
    xml = models.TextField(blank=True, help_text="Empty: the page has no address in this language.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["page", "language"], name="unique_sitemap_entry")]

    def __str__(self) -> str:
        return f"sitemap entry of page {self.page_id} in {self.language}"

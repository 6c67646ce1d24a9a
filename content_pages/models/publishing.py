"""What publishing produces: a stored payload per page, channel and language.

The API serves these rows as they are, so the cost of a request does not grow with the
size of an article; they are rewritten whenever the page or anything it shows (a CTA,
a reference, a topic, a contributor) is published again.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models

from content_pages.models.fields import LargeTextField

# The pages API's list orders (``order=``) and the columns each sorts by; the tree order
# when there is none.
LISTING_ORDERS: dict[str, tuple[str, ...]] = {
    "tree": ("tree_path",),
    "id": (),
    "title": ("sort_title",),
    "first_published_at": ("first_published_at",),
    "last_published_at": ("last_published_at",),
}


# Copied from the page at each rendering (``publishing.renditions``).
LISTING_COLUMNS = (
    "page_type_id",
    "parent_page_id",
    "tree_path",
    "sort_title",
    "first_published_at",
    "last_published_at",
)


class ChannelRendition(models.Model):
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="channel_renditions")
    # "channel:mode", e.g. "whatsapp:conversation".
    channel = models.CharField(max_length=40)
    language = models.CharField(max_length=10)
    path = models.CharField(
        max_length=400,
        blank=True,
        help_text="The page's path on the website in this language, as a request sees it (decoded); "
        "the stored web page is found by it and ``site_root``.",
    )
    # Two Wagtail Sites may each have a page at the same path; a request's Site (from its
    # host) names its root page, and only rows rendered under that root answer it. The
    # root rather than the Site: two Sites on one tree (www. and the bare domain) serve
    # the same rows.
    site_root = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The root page of the Site that ``path`` is relative to (empty: no Site routes to the page).",
    )
    revision_id = models.BigIntegerField(null=True, help_text="The live revision this was rendered from.")
    body = LargeTextField(help_text="The exact JSON the API returns for this page (HTML for the web page).")
    summary = models.JSONField(default=dict, help_text="The small subset that page listings show.")
    # Full-text indexed for search= by the database itself, on the listed web rows
    # (migration 0035: triggers write ``reads/search``'s index).
    search_text = models.TextField(blank=True, help_text="This language's text, for search.")
    etag = models.CharField(max_length=80)
    last_modified = models.DateTimeField()
    public = models.BooleanField(
        default=True,
        help_text="No view restriction on the page or an ancestor; kept current when restrictions change, "
        "so a delivery request needs no privacy query.",
    )
    generation = models.BigIntegerField(
        default=0,
        help_text="Raised, in the publish's own transaction, whenever the page or a snippet it shows goes live.",
    )
    rendered_generation = models.BigIntegerField(
        default=0, help_text="The generation this body was rendered for; lower than ``generation`` means stale."
    )
    review_due = models.DateField(
        null=True, blank=True, help_text="When the page's medical review falls due; the API marks it overdue after."
    )
    fingerprint = models.CharField(
        max_length=64,
        blank=True,
        default="",
        help_text="What made this body (rendering code, templates, static manifest, settings that change output: "
        "``publishing.fingerprint``); another value than this deployment's means the worker re-renders it in "
        "the background. Empty: rendered before fingerprints were recorded.",
    )
    base_url = models.CharField(
        max_length=400,
        blank=True,
        default="",
        help_text="The CMS_BASE_URL this body's links were built from; another one than the configured address "
        "means readers get the page rendered live until the worker re-renders it. Empty: not recorded.",
    )
    # What the pages API sorts and filters a list by, copied from the page at each
    # rendering so that a list is one range scan of an index over these rows (below)
    # instead of a sort of every live page at each request.
    page_type_id = models.IntegerField(null=True, help_text="The page's content type, for ``type=``.")
    parent_page_id = models.IntegerField(null=True, help_text="The page's parent, for ``child_of=``.")
    tree_path = models.CharField(max_length=255, blank=True, default="", help_text="The page's place in the tree.")
    sort_title = models.CharField(
        max_length=255, blank=True, default="", help_text="The title in this language, or the source language's."
    )
    first_published_at = models.DateTimeField(null=True, blank=True)
    last_published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "channel", "language"], name="unique_rendition_per_language"),
        ]
        indexes = [
            # A reader's web page is found by all three (``reads/stored_pages``): with the
            # Site's root last, SQLite chose the ``site_root`` index instead and read every
            # row of the Site (a second a page at 10,000 articles).
            models.Index(fields=["path", "channel", "site_root"], name="rendition_by_path"),
            # The worker asks every sweep whether any row was made otherwise (two range scans).
            models.Index(fields=["fingerprint"], name="rendition_by_fingerprint"),
            # One per order of the pages API's list (``reads/api_pages.listing``), over the
            # API's own rows only: the list reads the first ``limit`` entries in order. The
            # filters ride along, so that neither the list nor the count reads a row to test
            # them (on SQLite these columns come after the body, through its overflow pages).
            *(
                models.Index(
                    fields=["language", "public", *order, "page", "page_type_id", "parent_page_id"],
                    name=f"listing_by_{name}",
                    condition=models.Q(channel="web"),
                )
                for name, order in LISTING_ORDERS.items()
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel}/{self.language} of page {self.page_id}"


class RenditionDependency(models.Model):
    """A snippet that a page's renditions show; saving it re-renders the page."""

    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="rendition_dependencies")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=64)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["page", "content_type", "object_id"], name="unique_rendition_dependency"),
        ]
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self) -> str:
        return f"page {self.page_id} shows {self.content_type_id}:{self.object_id}"


class ShortLink(models.Model):
    """A short redirect for channels that count every character (SMS)."""

    code = models.CharField(max_length=16, unique=True)
    url = models.URLField(max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.code} -> {self.url}"

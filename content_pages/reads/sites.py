"""The Wagtail Site a page belongs to, read once per unit of work.

``Page.get_site()`` queries its Site at every call, and rendering one page asks for it
many times: the stored row's site root, the reader request it is rendered for, the
header's link home and the privacy notice beside a form, in every language. Inside
``shared_lookups()`` (a publish, a rendering of every channel) it is read once per page
and position in the tree; outside it, at every call, so a long-lived process never keeps a
Site that has since changed.
"""

from __future__ import annotations

from wagtail.models import Page, Site

from content_pages.foundations.lookups import remembered


def site_of(page: Page) -> Site | None:
    """The most specific Site above ``page`` (Wagtail's choice), or None for a page no
    Site routes to."""
    return remembered(("site_of", page.pk, page.path), page.get_site)


def site_home(page: Page) -> Page | None:
    """The root page of ``page``'s Site: where the header's home link points."""
    site = site_of(page)
    if site is None:
        return None
    return remembered(("site_home", site.pk, site.root_page_id), lambda: site.root_page)

"""A site's enquiry privacy notice changed: the pages that show it are rendered again.

The notice is shown with every enquiry form, on the website (the form page, and the
articles that embed a form, whose HTML is stored at publish) and in the form's WhatsApp
and Telegram invitation (stored renditions). Every page that shows a form depends on
that form page (``RenditionDependency``), so its renditions are marked stale in the
saving transaction, no reader gets the old notice once it is committed, and each page is
re-rendered after commit.
"""

from __future__ import annotations

from django.db import transaction
from wagtail.models import Site

from content_pages.models import EnquiryFormPage, EnquiryPrivacyNotice
from content_pages.publishing import renditions
from content_pages.publishing.outbox.record import mark_stale
from content_pages.publishing.tasks import refresh_page_renditions


def pages_showing_notice(notice: EnquiryPrivacyNotice) -> list[int]:
    """The site's form pages and every page that embeds one of them."""
    page_ids: set[int] = set()
    # Looked up, not followed: when a site is deleted its notice goes first, then the site.
    site = Site.objects.filter(pk=notice.site_id).select_related("root_page").first()
    if site is None:
        return []
    for form_page in EnquiryFormPage.objects.descendant_of(site.root_page, inclusive=True):
        page_ids.add(form_page.pk)
        page_ids.update(renditions.dependent_page_ids(form_page))
    return sorted(page_ids)


def _refresh_after_commit(page_id: int) -> None:
    transaction.on_commit(lambda: refresh_page_renditions.enqueue(page_id))


def notice_saved(notice: EnquiryPrivacyNotice) -> list[int]:
    page_ids = pages_showing_notice(notice)
    mark_stale(page_ids)
    for page_id in page_ids:
        _refresh_after_commit(page_id)
    return page_ids

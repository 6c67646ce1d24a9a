"""The enquiry privacy notice a reader sees beside a form, in their language."""

from __future__ import annotations

from dataclasses import dataclass

from wagtail.models import Page

from content_pages.foundations.localized import Localized, localized
from content_pages.foundations.lookups import remembered
from content_pages.models import EnquiryPrivacyNotice
from content_pages.reads.sites import site_of


@dataclass(frozen=True)
class PrivacyNoticeView:
    text: Localized[str]
    link_label: Localized[str]
    link_url: str

    @property
    def has_link(self) -> bool:
        return bool(self.link_label.value and self.link_url)


def privacy_notice(page: Page, language: str) -> PrivacyNoticeView | None:
    """The notice of the site ``page`` belongs to, each field along the language's
    fallback chain; None where the site has none (or left its text empty)."""
    site = site_of(page)
    if site is None:
        return None
    notice = remembered(("privacy_notice", site.pk), lambda: EnquiryPrivacyNotice.objects.filter(site=site).first())
    if notice is None:
        return None
    text = localized(notice, "text", language)
    if not text.value:
        return None
    return PrivacyNoticeView(
        text=text,
        link_label=localized(notice, "link_label", language),
        link_url=str(localized(notice, "link_url", language)),
    )

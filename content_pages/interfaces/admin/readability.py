"""The article editor's readability panel: each language's figure and the site's target.

Figures come from the version being edited (the latest revision, as Wagtail's edit view
loads it), computed exactly as the pages API's ``meta.readability`` is at publish time
(``rendering.readability``), so an editor sees what readers will get once it is published.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from wagtail.admin.panels import Panel
from wagtail.models import Page, Site

from content_pages.foundations.languages import content_languages, english_name
from content_pages.foundations.readability import Readability, TargetStatus, target_status
from content_pages.models import ReadabilityTarget
from content_pages.reads.streams import localize_stream
from content_pages.rendering.readability import stream_readability

STATUS_TEXT: dict[TargetStatus, str] = {
    "within": "Within the site's target",
    "below": "Below the site's target (simpler than asked for)",
    "above": "Above the site's target: harder to read than asked for",
    "no_target": "No target set for this site",
    "no_score": "No text of its own in this language yet",
}


@dataclass(frozen=True)
class ReadabilityRow:
    language: str
    name: str
    readability: Readability
    status: TargetStatus | None

    @property
    def status_text(self) -> str:
        return STATUS_TEXT[self.status] if self.status is not None else ""


def page_site(page: Page, request: HttpRequest | None) -> Site | None:
    site = page.get_site() if page.pk else None
    if site is None and request is not None:
        site = Site.find_for_request(request)
    return site


def site_target(site: Site | None) -> ReadabilityTarget | None:
    """The site's target, if one was ever saved (a GET of the editor writes nothing)."""
    return ReadabilityTarget.objects.filter(site=site).first() if site is not None else None


def readability_rows(page: Page, target: ReadabilityTarget | None) -> list[ReadabilityRow]:
    lowest = target.min_grade if target is not None else None
    highest = target.max_grade if target is not None else None
    rows = []
    for language in content_languages():
        figure = stream_readability(localize_stream(page, "body", language))
        status = target_status(figure.grade, lowest, highest) if figure.supported else None
        rows.append(ReadabilityRow(language, english_name(language), figure, status))
    return rows


class ReadabilityPanel(Panel):
    """Read-only: rendered from the instance being edited, with no form fields."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "content_pages/admin/readability_panel.html"

        def get_context_data(self, parent_context: dict[str, Any] | None = None) -> dict[str, Any]:
            context: dict[str, Any] = super().get_context_data(parent_context)
            site = page_site(self.instance, self.request)
            target = site_target(site)
            context["rows"] = readability_rows(self.instance, target)
            context["target"] = target
            context["has_target"] = target is not None and (
                target.min_grade is not None or target.max_grade is not None
            )
            user = getattr(self.request, "user", None)
            if site is not None and user is not None and user.has_perm("content_pages.change_readabilitytarget"):
                context["settings_url"] = reverse(
                    "wagtailsettings:edit", args=["content_pages", "readabilitytarget", site.pk]
                )
            return context

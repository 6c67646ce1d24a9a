"""A call to action as a reader of one language sees it."""

from __future__ import annotations

from dataclasses import dataclass

from content_pages.foundations.localized import Localized, is_empty, localized
from content_pages.models import CallToAction


@dataclass(frozen=True)
class CtaView:
    kind: str
    heading: Localized[str]
    body: Localized[str]
    button_label: Localized[str]
    url: str

    @property
    def is_fallback(self) -> bool:
        return any(part.is_fallback for part in (self.heading, self.body, self.button_label) if part.value)

    @property
    def opens_chat(self) -> bool:
        return self.kind == CallToAction.Kind.WHATSAPP

    @property
    def label_needs_heading(self) -> bool:
        """A chat or phone button says what it does ("Chat on WhatsApp"); a link's or a
        form's ("Read more", "Find out how") needs the heading to make sense on its own."""
        return self.kind not in (CallToAction.Kind.WHATSAPP, CallToAction.Kind.PHONE)


def _prefer(override: Localized[str] | None, snippet: Localized[str]) -> Localized[str]:
    """A page's own wording wins, unless it exists only in the fallback language
    while the shared snippet is translated."""
    if override is None or is_empty(override.value):
        return snippet
    if override.is_fallback and not snippet.is_fallback and not is_empty(snippet.value):
        return snippet
    return override


def cta_view(
    cta: CallToAction,
    language: str,
    *,
    heading: Localized[str] | None = None,
    body: Localized[str] | None = None,
    button_label: Localized[str] | None = None,
) -> CtaView:
    message = localized(cta, "whatsapp_message", language)
    return CtaView(
        kind=cta.kind,
        heading=_prefer(heading, localized(cta, "heading", language)),
        body=_prefer(body, localized(cta, "body", language)),
        button_label=_prefer(button_label, localized(cta, "button_label", language)),
        url=cta.target_url(language, str(message)),
    )

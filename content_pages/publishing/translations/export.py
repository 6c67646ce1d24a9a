"""Export: a page's segments in one language as a PO file, written with Babel.

``msgctxt`` is the segment id, ``msgid`` the live source text, ``msgstr`` the current
translation, ``#:`` the page URL, ``#.`` notes for the translator (block type, limits,
"not yet published" for texts of a pending draft), and ``fuzzy`` marks a translation
whose source changed since it was made.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from django.conf import settings
from django.utils import timezone
from wagtail.models import Page

from content_pages.foundations.languages import babel_locale, english_name
from content_pages.reads.segments import Segment, translatable_segments
from content_pages.reads.translation_status import STALE, segment_states


def build_catalog(segments: Iterable[Segment], language: str, title: str = "") -> Catalog:
    segments = list(segments)
    states = segment_states(segments, language)
    catalog = Catalog(
        locale=babel_locale(language),
        header_comment=(
            f"# {english_name(language)} translation of “{title or 'several pages'}” ({settings.WAGTAIL_SITE_NAME}).\n"
            "# msgctxt identifies each text; keep <a1>…</a1>-style placeholders as they are.\n#"
        ),
        project=settings.WAGTAIL_SITE_NAME,
        copyright_holder=settings.WAGTAIL_SITE_NAME,
        version="1",
        charset="utf-8",
        language_team=english_name(language),
        creation_date=timezone.now(),
        revision_date=timezone.now(),
        fuzzy=False,
    )
    for segment in segments:
        catalog.add(
            segment.source,
            segment.translation,
            # No line number: a page path, not a file (Babel writes it without one).
            locations=[(segment.url, None)] if segment.url else [],  # type: ignore[list-item]
            flags=["fuzzy"] if states.get(segment.id) == STALE else [],
            auto_comments=[segment.note] if segment.note else [],
            context=segment.id,
        )
    return catalog


def page_catalog(page: Page, language: str) -> Catalog:
    """The PO catalogue of the page in ``language``: the live source texts, the latest
    translations, and texts of a pending draft marked as not yet published."""
    return build_catalog(translatable_segments(page, language), language, title=page.specific.title)


def po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, include_previous=False, omit_header=False)
    return buffer.getvalue()


def export_pages(pages: Iterable[Page], language: str) -> bytes:
    segments: list[Segment] = []
    for page in pages:
        segments += translatable_segments(page, language)
    unique = {segment.id: segment for segment in segments}
    return po_bytes(build_catalog(unique.values(), language))

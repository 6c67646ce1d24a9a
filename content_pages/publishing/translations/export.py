"""Export: a page's segments in one language as a PO file, written with Babel.

``msgctxt`` is the segment id, ``msgid`` the live source text, ``msgstr`` the current
translation, ``#:`` the page URL, ``#.`` notes for the translator (block type, limits,
"not yet published" for texts of a pending draft, the glossary terms the text
contains), and ``fuzzy`` marks a translation whose source changed since it was made,
with the source it was made from as ``#| msgid`` so that Poedit can show what changed.

A missing translation that translation memory can offer (the same sentence translated
elsewhere) is exported pre-filled but ``fuzzy``: the import skips fuzzy entries, so a
suggestion is used only once a translator has checked it and removed the flag. What each
entry offers is decided with the workbook's rows (``export_rows``).
"""

from __future__ import annotations

import io
from collections.abc import Iterable

from babel.messages.catalog import Catalog
from babel.messages.pofile import normalize, write_po
from django.conf import settings
from django.utils import timezone
from wagtail.models import Page

from content_pages.foundations.languages import babel_locale, english_name
from content_pages.publishing.translations.export_rows import export_rows, segments_of_pages
from content_pages.reads.segments import Segment, translatable_segments


def build_catalog(segments: Iterable[Segment], language: str, title: str = "") -> Catalog:
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
    for row in export_rows(segments, language):
        segment = row.segment
        catalog.add(
            segment.source,
            row.translation,
            # No line number: a page path, not a file (Babel writes it without one).
            locations=[(segment.url, None)] if segment.url else [],  # type: ignore[list-item]
            flags=["fuzzy"] if row.to_check else [],
            auto_comments=row.all_notes(to_use_a_suggestion="remove the fuzzy flag to use it"),
            context=segment.id,
            previous_id=row.previous_source or (),
        )
    return catalog


def page_catalog(page: Page, language: str) -> Catalog:
    """The PO catalogue of the page in ``language``: the live source texts, the latest
    translations, and texts of a pending draft marked as not yet published."""
    return build_catalog(translatable_segments(page, language), language, title=page.specific.title)


def po_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=0, include_previous=False, omit_header=False)
    return _with_previous_ids(buffer.getvalue().decode("utf-8"), catalog).encode("utf-8")


def _with_previous_ids(text: str, catalog: Catalog) -> str:
    """Each message's ``previous_id`` as ``#| msgid`` lines, before its ``msgctxt``.

    Babel's own ``include_previous`` wraps the quoted text like a comment, at 76
    characters and without closing the quotes, which Poedit and msgmerge cannot read;
    here it is quoted line by line, as xgettext writes it.
    """
    for message in catalog:
        if not message.previous_id or not message.context:
            continue
        quoted = normalize(message.previous_id[0], width=0).split("\n")
        previous = "".join([f"#| msgid {quoted[0]}\n", *(f"#| {line}\n" for line in quoted[1:])])
        marker = f"\nmsgctxt {normalize(message.context, width=0)}\n"
        text = text.replace(marker, f"\n{previous}{marker[1:]}", 1)
    return text


def export_pages(pages: Iterable[Page], language: str) -> bytes:
    """One PO file for many pages (``segments_of_pages``)."""
    return po_bytes(build_catalog(segments_of_pages(pages, language), language))

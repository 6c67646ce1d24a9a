"""Apply: the web translation editor's save, held to the PO import's rules.

The editor sends the texts a translator typed, by segment id, in the translator text a
PO file holds (``<a1>…</a1>`` placeholders for rich text), and optionally the source
texts it showed. They go through the import's own checks (``review_entries``) and
write (``write_accepted``): a changed source, a placeholder mismatch, a text over its
limit or an unknown id rejects the whole save, each problem naming its segment so the
editor can show it in place; otherwise the changed texts become one draft revision per
page or snippet, in that language only. Nothing is published from here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models
from wagtail.models import Page

from content_pages.foundations.languages import english_name, source_language, target_languages
from content_pages.foundations.roles import AnyUser
from content_pages.publishing.translations.importing import Entry, Wording, review_entries
from content_pages.publishing.translations.outcome import ImportRejected, ImportReport, Problem
from content_pages.publishing.translations.writing import WriteOptions, write_accepted
from content_pages.reads.segments import Segment, snippet_segments, translatable_segments


def _wording() -> Wording:
    return Wording(
        unknown="no such text here any more; reload the page",
        source_changed=f"the {english_name(source_language())} text changed since you opened this page; reload",
    )


def _lines(text: str) -> str:
    """A browser's text area sends CRLF; translator text separates paragraphs with LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def editor_segments(obj: Page | models.Model, language: str) -> list[Segment]:
    """What the editor translates: a page's segments as a PO export has them (with the
    snippets it shows), or a snippet's own, from its latest draft."""
    if isinstance(obj, Page):
        return translatable_segments(obj, language)
    latest: Any = obj
    if hasattr(obj, "get_latest_revision_as_object"):
        latest = type(obj)._default_manager.get(pk=obj.pk).get_latest_revision_as_object()
    return snippet_segments(latest, language)


def apply_translations(
    obj: Page | models.Model,
    language: str,
    texts: dict[str, str],
    *,
    user: AnyUser | None,
    sources: dict[str, str] | None = None,
    may_edit: Callable[[models.Model], bool] | None = None,
    origin: str = "editor",
    confirmed: set[str] | None = None,
) -> ImportReport:
    """Write the changed ``texts`` (segment id → translation) of ``obj`` in ``language``
    as a draft, all or nothing. An empty text leaves its segment as it is.

    ``sources`` (segment id → the source text the editor showed) rejects a text whose
    source changed meanwhile; ``may_edit`` is asked for every page and snippet written
    to; ``confirmed`` names unchanged stale translations to record as made from the
    current source. Raises ``ImportRejected`` with every problem, each naming its segment.
    """
    report = ImportReport(language=language)
    if language not in target_languages():
        accepted_languages = ", ".join(english_name(code) for code in target_languages())
        report.problems.append(Problem(None, "", f"{language!r} is not a translation language ({accepted_languages})"))
        raise ImportRejected(report)
    known = {segment.id: segment for segment in editor_segments(obj, language)}
    shown = {key: _lines(value) for key, value in (sources or {}).items()}
    ok = confirmed or set()
    entries = [Entry(key, _lines(text), shown.get(key), confirm=key in ok) for key, text in texts.items()]
    accepted = review_entries(entries, known, report, may_edit=may_edit, wording=_wording())
    if report.problems:
        raise ImportRejected(report)
    write_accepted(accepted, report, WriteOptions(language=language, user=user, origin=origin))
    return report

"""What the editor tells the translator after a save: what it stored, naming each text by
its English, and what it could not store, by name too."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest
from django.utils.translation import ngettext

from content_pages.foundations.languages import english_name
from content_pages.publishing.translations.outcome import ImportReport
from content_pages.reads.segments import Segment
from content_pages.reads.translation_editor import quoted


def report_saved(request: HttpRequest, report: ImportReport, segments: list[Segment], language: str) -> None:
    by_id = {segment.id: segment for segment in segments}
    stored = [by_id[segment_id] for segment_id in report.imported if segment_id in by_id]
    count = len(stored)
    messages.success(
        request,
        ngettext("Saved %(count)d %(language)s translation.", "Saved %(count)d %(language)s translations.", count)
        % {"count": count, "language": english_name(language)},
    )
    if stored:
        messages.info(
            request,
            ngettext("It is the translation of %(texts)s.", "They are the translations of %(texts)s.", count)
            % {"texts": quoted(stored)},
        )
    _report_early(request, stored, language)
    _report_skipped(request, [by_id[segment_id] for segment_id in report.skipped_removed if segment_id in by_id])
    _report_confirmed(request, report)


def _report_early(request: HttpRequest, stored: list[Segment], language: str) -> None:
    """Translations of English not yet published wait in the draft for that English."""
    early = [segment for segment in stored if segment.unpublished]
    if early:
        messages.info(
            request,
            ngettext(
                "%(texts)s is English not yet published: its %(language)s translation is kept in the draft "
                "and goes live with that English.",
                "%(texts)s are English not yet published: their %(language)s translations are kept in the "
                "draft and go live with that English.",
                len(early),
            )
            % {"texts": quoted(early), "language": english_name(language)},
        )


def _report_skipped(request: HttpRequest, skipped: list[Segment]) -> None:
    """Texts the pending English draft removed: their translations had nowhere to go."""
    if skipped:
        messages.warning(
            request,
            ngettext(
                "Not saved: %(texts)s, which the pending English draft removes, so its translation has nowhere to go.",
                "Not saved: %(texts)s, which the pending English draft removes, so their translations have "
                "nowhere to go.",
                len(skipped),
            )
            % {"texts": quoted(skipped)},
        )


def _report_confirmed(request: HttpRequest, report: ImportReport) -> None:
    """Stale translations the translator ticked as still correct."""
    if report.confirmed:
        messages.success(
            request,
            ngettext(
                "Confirmed %(count)d translation as still correct for the new English.",
                "Confirmed %(count)d translations as still correct for the new English.",
                len(report.confirmed),
            )
            % {"count": len(report.confirmed)},
        )

"""The translator's side-by-side editor: thin views over ``reads.translation_editor``
(what is shown) and ``publishing.translations`` (what a save writes).

``GET`` shows one row per segment; ``POST`` with ``action=save`` writes the posted
translations as a draft of that language only, through the same checks as a PO import,
or nothing; ``action=submit`` saves, then starts the object's review workflow.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from wagtail.models import Page
from wagtail.snippets.models import get_snippet_models

from content_pages.foundations.languages import english_name, target_languages
from content_pages.foundations.roles import translator_languages
from content_pages.foundations.translated_fields import is_translated
from content_pages.foundations.wagtail_decorators import xframe_options_sameorigin_override
from content_pages.interfaces.admin.page_preview import asked_mode, serve_page_preview
from content_pages.interfaces.admin.views import user_may_edit
from content_pages.publishing.translations.apply import apply_translations, editor_segments
from content_pages.publishing.translations.outcome import ImportRejected, ImportReport
from content_pages.reads.segments import Segment
from content_pages.reads.translation_editor import FILTERS, editor_rows, filtered, progress, quoted


def _filter_labels() -> dict[str, str]:
    return {"": _("All"), "missing": _("Missing"), "stale": _("Stale"), "review": _("Needs review")}


def _check_language(request: HttpRequest, language: str) -> None:
    """404 for anything but a target language (the source is never a target); 403 for a
    translator's language that is not theirs."""
    if language not in target_languages():
        raise Http404
    allowed = translator_languages(request.user)
    if allowed is not None and language not in allowed:
        raise PermissionDenied


def translate_page(request: HttpRequest, page_id: int, language: str) -> HttpResponse:
    page = get_object_or_404(Page, pk=page_id, depth__gt=1).specific
    if not user_may_edit(request.user, page):
        raise PermissionDenied
    _check_language(request, language)
    here = reverse("content_pages_translate_page", args=[page.pk, language])
    return _editor(
        request, page, language, here, title=page.get_admin_display_title(), preview_tabs=_preview_tabs(page, language)
    )


@xframe_options_sameorigin_override
def translate_page_preview(request: HttpRequest, page_id: int, language: str) -> HttpResponse:
    """The translator's preview pane: the saved draft in ``language`` only, in the mode
    asked (``?mode=``), with the translation editor's own permissions."""
    page = get_object_or_404(Page, pk=page_id, depth__gt=1).specific
    if not user_may_edit(request.user, page):
        raise PermissionDenied
    _check_language(request, language)
    draft = page.get_latest_revision_as_object()
    return serve_page_preview(request, draft, asked_mode(request, draft), language)


def _preview_tabs(page: Page, language: str) -> list[dict[str, str]]:
    """One link per preview mode of the page, opened in the editor's preview pane."""
    url = reverse("content_pages_translate_page_preview", args=[page.pk, language])
    return [
        {"mode": mode, "label": label, "url": f"{url}?{urlencode({'mode': mode})}"}
        for mode, label in page.preview_modes
    ]


def _snippet_model(model_label: str) -> type[models.Model]:
    try:
        model = apps.get_model(model_label)
    except (LookupError, ValueError) as error:
        raise Http404 from error
    if model not in get_snippet_models() or not is_translated(model):
        raise Http404
    return model


def translate_snippet(request: HttpRequest, model_label: str, pk: int, language: str) -> HttpResponse:
    model = _snippet_model(model_label)
    obj = get_object_or_404(model, pk=pk)
    if not user_may_edit(request.user, obj):
        raise PermissionDenied
    _check_language(request, language)
    here = reverse("content_pages_translate_snippet", args=[model._meta.label_lower, obj.pk, language])
    return _editor(request, obj, language, here, title=str(obj))


def _posted(request: HttpRequest, known: set[str]) -> tuple[dict[str, str], dict[str, str], set[str]]:
    """The translations (``t:<id>``), the sources they were made against (``s:<id>``) and
    the stale translations confirmed as still correct (``ok:<id>``) of the segments
    shown; anything else posted is ignored."""
    texts, sources, confirmed = {}, {}, set()
    for key in request.POST:
        kind, _sep, segment_id = key.partition(":")
        if segment_id not in known:
            continue
        value = request.POST.get(key, "").replace("\r\n", "\n").replace("\r", "\n")
        if kind == "t":
            texts[segment_id] = value.strip()
        elif kind == "s":
            sources[segment_id] = value
        elif kind == "ok":
            confirmed.add(segment_id)
    return texts, sources, confirmed


def _editor(
    request: HttpRequest,
    obj: Any,
    language: str,
    here: str,
    *,
    title: str,
    preview_tabs: list[dict[str, str]] | None = None,
) -> HttpResponse:
    segments = editor_segments(obj, language)
    known = {segment.id for segment in segments}
    problems: dict[str, list[str]] = {}
    general: list[str] = []
    posted: dict[str, str] = {}
    if request.method == "POST":
        submit = request.POST.get("action") == "submit"
        if submit and not _may_submit(request.user, obj):
            raise PermissionDenied
        posted, sources, confirmed = _posted(request, known)
        try:
            report = apply_translations(
                obj,
                language,
                posted,
                user=request.user,
                sources=sources,
                confirmed=confirmed,
                may_edit=lambda owner: user_may_edit(request.user, owner),
                origin="editor",
            )
        except ImportRejected as rejected:
            for problem in rejected.report.problems:
                if problem.segment in known:
                    problems.setdefault(problem.segment, []).append(problem.message)
                else:
                    general.append(str(problem))
        else:
            _report_saved(request, report, segments, language)
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
            if submit:
                _submit_for_review(request, obj)
            show = request.GET.get("show", "")
            return redirect(f"{here}?show={show}" if show in FILTERS else here)

    rows = editor_rows(segments, language)
    for row in rows:
        if row.id in posted:
            row.segment.translation = posted[row.id]
    show = request.GET.get("show", "")
    if show not in FILTERS:
        show = ""
    filters = [
        {"value": value, "label": label, "url": f"{here}?show={value}" if value else here, "current": value == show}
        for value, label in _filter_labels().items()
    ]
    shown = filtered(rows, show)
    visible = {row.id for row in shown}
    general += [
        f"{segment_id}: {message}"
        for segment_id, found in problems.items()
        if segment_id not in visible
        for message in found
    ]
    context = {
        "object": obj,
        "title": title,
        "language": language,
        "language_name": english_name(language),
        "rows": [(row, problems.get(row.id, [])) for row in shown],
        "progress": progress(rows),
        "filters": filters,
        "show": show,
        "problems": problems,
        "general_problems": general,
        # A translator who opens Wagtail's editor is sent back here: no link for them.
        "edit_url": _edit_url(obj) if translator_languages(request.user) is None else "",
        "form_action": f"{here}?show={show}" if show else here,
        "preview_tabs": preview_tabs or [],
    }
    return TemplateResponse(
        request, "content_pages/admin/translate/editor.html", context, status=400 if problems or general else 200
    )


def _report_saved(request: HttpRequest, report: ImportReport, segments: list[Segment], language: str) -> None:
    """Say exactly what the save stored, naming each text by its English, and what it
    could not store (a text the pending English draft removed), by name too."""
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
    skipped = [by_id[segment_id] for segment_id in report.skipped_removed if segment_id in by_id]
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


def _edit_url(obj: Any) -> str:
    if isinstance(obj, Page):
        return reverse("wagtailadmin_pages:edit", args=[obj.pk])
    return reverse(f"wagtailsnippets_{obj._meta.app_label}_{obj._meta.model_name}:edit", args=[obj.pk])


def _may_submit(user: Any, obj: Any) -> bool:
    """Whether ``user`` may start a review of ``obj``; asked only when one would start (an
    object with no workflow, or one already in review, is simply saved)."""
    if isinstance(obj, Page) and obj.get_workflow() is not None and not obj.workflow_in_progress:
        return bool(obj.permissions_for_user(user).can_submit_for_moderation())
    return True


def _submit_for_review(request: HttpRequest, obj: Any) -> None:
    """Start the object's review workflow on the draft just saved, unless one is already
    running (then the saved draft is simply part of it)."""
    current = type(obj)._default_manager.get(pk=obj.pk)
    current = getattr(current, "specific", current)
    if current.workflow_in_progress:
        messages.info(request, _("Already in review: the reviewers will see these translations."))
        return
    workflow = current.get_workflow()
    if workflow is None:
        messages.warning(request, _("There is no review workflow here; the translations were saved as a draft."))
        return
    workflow.start(current, request.user)
    messages.success(request, _("Submitted for review."))

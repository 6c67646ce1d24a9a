"""The translator's side-by-side editor, a Wagtail admin form view: the page shows one row
per segment (``reads.translation_editor``), ``TranslationForm`` parses a save, and
``publishing.translations`` writes it.

``GET`` shows the rows; ``POST`` with ``action=save`` writes the posted translations as
a draft of that language only, through the same checks as a PO import, or nothing (the
form again, 400, each problem on its row); ``action=submit`` saves, then starts the
object's review workflow.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from content_pages.foundations.languages import english_name
from content_pages.foundations.wagtail_decorators import xframe_options_sameorigin_override
from content_pages.interfaces.admin.page_preview import asked_mode, serve_page_preview
from content_pages.interfaces.admin.translate.access import edit_url, editable, editable_page, snippet_model
from content_pages.interfaces.admin.translate.display import (
    PreviewTab,
    current_filter,
    filter_links,
    preview_tabs,
    shown_rows,
    with_filter,
)
from content_pages.interfaces.admin.translate.forms import TranslationForm
from content_pages.interfaces.admin.translate.notices import report_saved
from content_pages.interfaces.admin.translate.review import may_submit, submit_for_review
from content_pages.interfaces.admin.views import user_may_edit
from content_pages.publishing.translations.apply import apply_translations, editor_segments
from content_pages.publishing.translations.outcome import ImportRejected
from content_pages.reads.segments import Segment
from content_pages.reads.translation_editor import editor_rows, progress

if TYPE_CHECKING:
    _FormView = FormView[TranslationForm]
else:  # Django's generic views take no type arguments at run time
    _FormView = FormView


class TranslationEditorView(WagtailAdminTemplateMixin, _FormView):
    """The editor of one object in one language; subclasses say which object, and where
    the editor of it lives."""

    template_name = "content_pages/admin/translate/editor.html"
    form_class = TranslationForm
    header_icon = "globe"
    http_method_names = ["get", "post", "head"]  # a save is a POST, under the admin's write lock

    object: Any
    language: str
    segments: list[Segment]

    def get_object(self) -> Any:
        """The object translated, once ``request.user`` may translate it into ``self.language``."""
        raise NotImplementedError

    def get_editor_url(self) -> str:
        raise NotImplementedError

    def get_preview_tabs(self) -> list[PreviewTab]:
        return []

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.language = str(kwargs["language"])
        self.object = self.get_object()
        self.segments = editor_segments(self.object, self.language)
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "segments": self.segments}

    def post(self, request: HttpRequest, *_args: Any, **_kwargs: Any) -> HttpResponse:
        form = self.get_form()
        if form.wants_review and not may_submit(request.user, self.object):
            raise PermissionDenied
        return self.form_valid(form) if form.is_valid() else self.form_invalid(form)

    def form_valid(self, form: TranslationForm) -> HttpResponse:
        user = self.request.user
        try:
            report = apply_translations(
                self.object,
                self.language,
                form.texts,
                user=user,
                sources=form.sources(),
                confirmed=form.confirmed(),
                may_edit=lambda owner: user_may_edit(user, owner),
                origin="editor",
            )
        except ImportRejected as rejected:
            form.refuse(rejected.report.problems)
            return self.form_invalid(form)
        report_saved(self.request, report, self.segments, self.language)
        if form.wants_review:
            submit_for_review(self.request, self.object)
        return redirect(self.get_success_url())

    def form_invalid(self, form: TranslationForm) -> HttpResponse:
        """Nothing was saved: the rows again, with what was typed and each problem in place."""
        return self.render_to_response(self.get_context_data(form=form), status=400)

    def get_success_url(self) -> str:
        return with_filter(self.get_editor_url(), current_filter(self.request))

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context: dict[str, Any] = super().get_context_data(**kwargs)
        form: TranslationForm = context["form"]
        show = current_filter(self.request)
        rows = editor_rows(self.segments, self.language)
        for row in rows:
            row.segment.translation = form.typed.get(row.id, row.segment.translation)
        problems = form.segment_errors()
        shown = shown_rows(rows, show, problems)
        here = self.get_editor_url()
        return {
            **context,
            "object": self.object,
            "title": self.get_page_subtitle(),
            "language": self.language,
            "language_name": english_name(self.language),
            "rows": shown.rows,
            "progress": progress(rows),
            "filters": filter_links(here, show),
            "show": show,
            "problems": problems,
            "general_problems": form.general_errors() + shown.hidden_problems,
            "edit_url": edit_url(self.request.user, self.object),
            "form_action": with_filter(here, show),
            "preview_tabs": self.get_preview_tabs(),
        }


class PageTranslationView(TranslationEditorView):
    def get_object(self) -> Any:
        return editable_page(self.request.user, int(self.kwargs["page_id"]), self.language)

    def get_editor_url(self) -> str:
        return reverse("content_pages_translate_page", args=[self.object.pk, self.language])

    def get_page_subtitle(self) -> str:
        return str(self.object.get_admin_display_title())

    def get_preview_tabs(self) -> list[PreviewTab]:
        return preview_tabs(self.object, self.language)


class SnippetTranslationView(TranslationEditorView):
    def get_object(self) -> models.Model:
        model = snippet_model(str(self.kwargs["model_label"]))
        return editable(self.request.user, get_object_or_404(model, pk=self.kwargs["pk"]), self.language)

    def get_editor_url(self) -> str:
        return reverse(
            "content_pages_translate_snippet", args=[self.object._meta.label_lower, self.object.pk, self.language]
        )

    def get_page_subtitle(self) -> str:
        return str(self.object)


def _preview(request: HttpRequest, page_id: int, language: str) -> HttpResponse:
    """The translator's preview pane: the saved draft in ``language`` only, in the mode
    asked (``?mode=``), with the translation editor's own permissions."""
    draft = editable_page(request.user, page_id, language).get_latest_revision_as_object()
    return serve_page_preview(request, draft, asked_mode(request, draft), language)


translate_page_preview: Callable[[HttpRequest, int, str], HttpResponse] = xframe_options_sameorigin_override(_preview)

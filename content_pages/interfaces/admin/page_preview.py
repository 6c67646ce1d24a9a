"""Page previews where people decide: the editor's preview panel, "View draft", a
reviewer's workflow preview and the translator's pane, each in every preview mode and,
with ``?lang=``, in one language.

Wagtail's own views differ from what the people here need in three ways, each fixed once:

- The editor's preview (``edit/preview/``) previews the form data the panel last posted;
  with none posted (a link opened by hand, or a translator, whose edit form is not
  theirs) it said "Preview not available". It now shows the saved draft instead.
- The workflow preview always used the default mode, so a reviewer saw the web page only;
  it now honours ``?mode=``.
- None of them chose a language: the web page came out in the admin's language and the
  chat previews in every language. ``?lang=`` picks one, and a translator sees English
  (the source they translate) and their own languages only, as the translation editor
  allows them.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import translation
from django.utils.decorators import method_decorator
from wagtail.admin.views.pages.preview import PreviewOnEditView, ViewDraftView
from wagtail.admin.views.pages.workflow import PreviewRevisionForTaskView
from wagtail.admin.viewsets.pages import PageViewSet
from wagtail.models import Page
from wagtail.utils.decorators import xframe_options_sameorigin_override

from content_pages.foundations.languages import content_languages, source_language
from content_pages.foundations.roles import AnyUser, translator_languages

LANGUAGE_PARAMETER = "lang"


def visible_languages(user: AnyUser) -> tuple[str, ...]:
    """The languages whose drafts ``user`` may preview: all, or for a translator English
    and the languages they translate (the translation editor refuses them the others)."""
    allowed = translator_languages(user)
    if allowed is None:
        return content_languages()
    return tuple(language for language in content_languages() if language == source_language() or language in allowed)


def asked_language(request: HttpRequest) -> str:
    """The language named by ``?lang=`` ("" for none): 404 for one the site does not
    publish, 403 for one the user may not preview."""
    language = request.GET.get(LANGUAGE_PARAMETER, "")
    if not language:
        return ""
    if language not in content_languages():
        raise Http404
    if language not in visible_languages(request.user):
        raise PermissionDenied
    return language


def asked_mode(request: HttpRequest, page: Page) -> str:
    """The preview mode named by ``?mode=`` (the page's default without it); 404 for a
    mode the page does not offer, rather than an error further down."""
    mode: str = request.GET.get("mode", page.default_preview_mode)
    if mode not in dict(page.preview_modes):
        raise Http404
    return mode


def serve_page_preview(
    request: HttpRequest,
    page: Page,
    mode: str,
    language: str,
    extra_request_attrs: dict[str, Any] | None = None,
) -> HttpResponse:
    """``page`` (a draft or a revision, not saved here) as previewed in ``mode``: the web
    page in ``language`` (or the admin's language), a chat preview in ``language`` only
    (or in every language the user may see)."""
    languages = (language,) if language else visible_languages(request.user)
    attrs = {**(extra_request_attrs or {}), "preview_languages": languages}
    # The preview request is routed as a visit to the page's URL, whose language prefix
    # follows the active language; the site's locale middleware then renders in it.
    with translation.override(language or translation.get_language()):
        response: HttpResponse = page.make_preview_request(request, mode, attrs)
    return response


class LanguageViewDraftView(ViewDraftView):
    """The page's "View draft", in one language with ``?lang=``."""

    def dispatch(self, request: HttpRequest, page_id: int, *args: Any, **kwargs: Any) -> HttpResponse:
        page = get_object_or_404(Page, id=page_id).get_latest_revision_as_object()
        perms = page.permissions_for_user(request.user)
        if not (perms.can_publish() or perms.can_edit()):
            raise PermissionDenied
        return serve_page_preview(request, page, asked_mode(request, page), asked_language(request))


class DraftPreviewOnEditView(PreviewOnEditView):
    """The editor's preview: the form data the preview panel posted, or, when none was
    posted, the saved draft; in any mode and language."""

    @method_decorator(xframe_options_sameorigin_override)
    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        mode = asked_mode(request, self.object)
        language = asked_language(request)
        form_state = self._get_form_state()
        if form_state is not None:
            form = self.get_form(self._get_form_data(form_state))
            if not self.validate_form(form):
                refusal: HttpResponse = self.error_response()  # the panel's unsaved edits do not validate
                return refusal
            form.save(commit=False)
        # Without posted edits, ``self.object`` is the latest revision as saved.
        return serve_page_preview(request, self.object, mode, language, self.get_extra_request_attrs())


class ModeTaskPreviewView(PreviewRevisionForTaskView):
    """A reviewer's preview of the revision under review, in the mode and language asked."""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not self.task_state:
            self.add_error_message()
            return redirect("wagtailadmin_home")
        if not self.task.get_actions(self.object, request.user):
            raise PermissionDenied
        revision = self.task_state.revision
        page = revision.as_object()
        return serve_page_preview(
            request, page, asked_mode(request, page), asked_language(request), {"revision_id": revision.id}
        )


class PreviewingPageViewSet(PageViewSet):
    """Wagtail's page views with the previews above, for the project's page types."""

    preview_on_edit_view_class = DraftPreviewOnEditView
    view_draft_view_class = LanguageViewDraftView
    workflow_preview_view_class = ModeTaskPreviewView

    @property
    def parent_models(self) -> list[type[Page]]:
        """None: the explorer keeps listing children with Wagtail's own view."""
        return []

"""Admin views of the domain app: preview links for headless frontends."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils.translation import gettext
from wagtail.models import Page

from content_pages.foundations.languages import content_languages, display_name, english_name, target_languages
from content_pages.foundations.limits import TRANSLATION_FILE_MAX_BYTES
from content_pages.interfaces.api.preview import make_token
from content_pages.publishing.translation_counts import count_some
from content_pages.publishing.translations.export import page_catalog, po_bytes
from content_pages.publishing.translations.files import import_file
from content_pages.publishing.translations.importing import ImportOptions, file_too_large
from content_pages.publishing.translations.outcome import ImportRejected, problem_lines
from content_pages.publishing.translations.spreadsheets.export import WorkbookUnwritable, page_workbook
from content_pages.publishing.translations.spreadsheets.layout import EXTENSION as WORKBOOK_EXTENSION
from content_pages.publishing.translations.spreadsheets.layout import MEDIA_TYPE as WORKBOOK_MEDIA_TYPE
from content_pages.publishing.translators import translator_languages
from content_pages.reads.segments import translatable_segments
from content_pages.reads.translation_counts import STATES, count_rows, current_counts
from content_pages.reads.translation_status import page_status
from content_pages.rendering.shapes import page_detail_url as detail_url

# Rows of the translation status report per page of the listing.
REPORT_PAGE_SIZE = 50


def api_preview(request: HttpRequest, page_id: int) -> HttpResponse:
    page = get_object_or_404(Page, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    token = make_token(page.pk)
    links = [
        {"language": display_name(code), "url": f"{detail_url(page.pk, code)}&preview_token={token}"}
        for code in content_languages()
    ]
    context = {
        "page": page,
        "links": links,
        "minutes": settings.CMS_PREVIEW_TOKEN_MAX_AGE // 60,
    }
    return render(request, "content_pages/admin/api_preview.html", context)


class PoUploadForm(forms.Form):
    """A translated PO file or workbook (.xlsx); ``files.import_file`` tells them apart."""

    po_file = forms.FileField(widget=forms.ClearableFileInput(attrs={"accept": f".po,{WORKBOOK_EXTENSION}"}))
    publish = forms.BooleanField(
        required=False,
        label="Publish this language after importing",
        help_text="Only the file's language goes live, on live pages and snippets; a pending English draft "
        "stays a draft, and nothing unpublished is made live.",
    )

    def __init__(self, *args: Any, can_publish: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Here, not on the field: worded in the language of the request.
        self.fields["po_file"].label = gettext("Translated PO file or workbook (.xlsx)")
        self.fields["po_file"].help_text = gettext(
            "As exported here, translated in Poedit, Weblate, Crowdin or a spreadsheet: this page's texts and "
            "those of the snippets it shows only, at most %(megabytes)s MB."
        ) % {"megabytes": TRANSLATION_FILE_MAX_BYTES // 1024 // 1024}
        if not can_publish:
            del self.fields["publish"]


def _editable_page(request: HttpRequest, page_id: int) -> Page:
    page = get_object_or_404(Page, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return page.specific


def user_may_edit(user: Any, obj: Any) -> bool:
    """Whether ``user`` may change ``obj``, as the admin's own edit views decide it."""
    may: bool = (
        obj.permissions_for_user(user).can_edit()
        if isinstance(obj, Page)
        else user.has_perm(f"{obj._meta.app_label}.change_{obj._meta.model_name}")
    )
    return may


def page_translations(request: HttpRequest, page_id: int) -> HttpResponse:
    """Status per language, PO and workbook download links and the upload form for one page."""
    page = _editable_page(request, page_id)
    allowed = translator_languages(request.user)
    languages = [code for code in target_languages() if allowed is None or code in allowed]
    can_publish = page.permissions_for_user(request.user).can_publish()
    form = PoUploadForm(can_publish=can_publish)
    problems: list[str] = []
    if request.method == "POST":
        form = PoUploadForm(request.POST, request.FILES, can_publish=can_publish)
        if form.is_valid():
            upload = form.cleaned_data["po_file"]
            too_large = file_too_large(upload.size)
            if too_large is not None:
                problems = [too_large]  # refused before the file is read
            else:
                try:
                    report = import_file(
                        upload.name,
                        upload.read(),
                        ImportOptions(
                            publish=bool(form.cleaned_data.get("publish")),
                            user=request.user,
                            allowed_languages=allowed,
                            may_edit=lambda obj: user_may_edit(request.user, obj),
                            page=page,  # this page's texts and its snippets' only
                        ),
                    )
                except ImportRejected as rejected:
                    problems = problem_lines(rejected.report.problems)  # the first hundred, and how many more
                else:
                    messages.success(
                        request,
                        f"Imported {len(report.imported)} {english_name(report.language)} translations that changed "
                        f"({len(report.unchanged)} unchanged; {len(report.skipped_empty)} empty and "
                        f"{len(report.skipped_fuzzy)} fuzzy entries skipped)."
                        + (
                            f" Published {english_name(report.language)} only: {len(report.published)}."
                            if report.published
                            else ""
                        )
                        + (f" Not live, kept as drafts: {', '.join(report.not_live)}." if report.not_live else "")
                        + (
                            f" Skipped {len(report.skipped_removed)} whose text the pending draft removes "
                            f"(nowhere to keep the translation): {', '.join(report.skipped_removed)}."
                            if report.skipped_removed
                            else ""
                        )
                        + (
                            f" Submitted for review by a reviewer of {english_name(report.language)}, not published: "
                            f"{', '.join(report.submitted)}."
                            if report.submitted
                            else ""
                        ),
                    )
                    return redirect("content_pages_page_translations", page_id=page.pk)
    rows = []
    for language in languages:
        segments = translatable_segments(page, language)
        rows.append(
            {"language": language, "name": english_name(language), "status": page_status(page, language, segments)}
        )
    context = {"page": page, "rows": rows, "form": form, "problems": problems}
    return TemplateResponse(request, "content_pages/admin/page_translations.html", context)


def _page_to_translate(request: HttpRequest, page_id: int, language: str) -> Page:
    """The page whose texts in ``language`` the user may download: one they may edit, in
    a target language they translate."""
    page = _editable_page(request, page_id)
    allowed = translator_languages(request.user)
    if language not in target_languages() or (allowed is not None and language not in allowed):
        raise PermissionDenied
    return page


def _attachment(data: bytes, content_type: str, page: Page, language: str, extension: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{page.slug}-{language}{extension}"'
    return response


def download_po(request: HttpRequest, page_id: int, language: str) -> HttpResponse:
    page = _page_to_translate(request, page_id, language)
    data = po_bytes(page_catalog(page, language))
    return _attachment(data, "text/x-gettext-translation; charset=utf-8", page, language, ".po")


def download_workbook(request: HttpRequest, page_id: int, language: str) -> HttpResponse:
    """The same texts as ``download_po``'s, as a workbook."""
    page = _page_to_translate(request, page_id, language)
    try:
        data = page_workbook(page, language)
    except WorkbookUnwritable as unwritable:
        messages.error(request, gettext("No workbook was made: %(reason)s.") % {"reason": unwritable})
        return redirect("content_pages_page_translations", page_id=page.pk)
    return _attachment(data, WORKBOOK_MEDIA_TYPE, page, language, WORKBOOK_EXTENSION)


def translations_report(request: HttpRequest) -> HttpResponse:
    """Every page's status per language, filterable by language and state, a page of
    rows at a time (``REPORT_PAGE_SIZE``), from the stored counts."""
    allowed = translator_languages(request.user)
    languages = [code for code in target_languages() if allowed is None or code in allowed]
    language = request.GET.get("language", "")
    state = request.GET.get("state", "")
    if state not in STATES:
        state = ""
    shown = [language] if language in languages else languages
    still_counting = count_some(shown) > 0
    listing = Paginator(current_counts(shown, state), REPORT_PAGE_SIZE).get_page(request.GET.get("p"))
    context = {
        "rows": [row.as_dict() for row in count_rows(listing.object_list)],
        "listing": listing,
        "languages": [(code, english_name(code)) for code in languages],
        "language": language,
        "state": state,
        "still_counting": still_counting,
    }
    return TemplateResponse(request, "content_pages/admin/translations_report.html", context)

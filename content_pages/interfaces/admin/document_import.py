"""Admin: "Import from a document" on an article index, and the import's report.

The editor picks a Word, Markdown or text file; the article it makes is saved as a
draft under the index and the report says what was recognised and what needs a look,
with a link to the draft. A refused document shows why, and nothing is written.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from wagtail.models import Page

from content_pages.foundations.limits import DOCUMENT_MAX_BYTES
from content_pages.models import ArticleIndexPage
from content_pages.publishing.document_import.create import ArticleNotImported, import_article
from content_pages.publishing.document_import.elements import DocumentRefused

ACCEPTED = ".docx,.md,.markdown,.txt"


class DocumentUploadForm(forms.Form):
    document = forms.FileField(
        label="Document",
        help_text="A Word (.docx), Markdown (.md) or plain-text (.txt) file of one article, at most "
        f"{DOCUMENT_MAX_BYTES // 1024 // 1024} MB. Headings, lists, links, bold and italic are kept; "
        "references, calls to action and forms are recognised.",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPTED}),
    )


def may_import_into(user: Any, index: Page) -> bool:
    """Who may add an article to this index may import one into it."""
    may: bool = index.permissions_for_user(user).can_add_subpage()
    return may


def import_document(request: HttpRequest, parent_id: int) -> HttpResponse:
    parent = get_object_or_404(Page, pk=parent_id)
    if not isinstance(parent.specific, ArticleIndexPage):
        raise Http404("Articles are imported into an article index.")
    if not may_import_into(request.user, parent):
        raise PermissionDenied
    form = DocumentUploadForm()
    problems: list[str] = []
    if request.method == "POST":
        form = DocumentUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["document"]
            if upload.size > DOCUMENT_MAX_BYTES:
                # Refused before it is read.
                problems = [
                    f"{upload.name}: {upload.size / 1024 / 1024:.1f} MB; a document may be at most "
                    f"{DOCUMENT_MAX_BYTES // 1024 // 1024} MB."
                ]
            else:
                try:
                    report = import_article(upload.name, upload.read(), parent, request.user)
                except DocumentRefused as refused:
                    problems = [str(refused)]
                except ArticleNotImported as rejected:
                    problems = [str(problem) for problem in rejected.report.problems]
                else:
                    context = {"parent": parent, "report": report, "file_name": upload.name}
                    return TemplateResponse(request, "content_pages/admin/document_import_report.html", context)
    context = {"parent": parent, "form": form, "problems": problems}
    return TemplateResponse(request, "content_pages/admin/document_import.html", context)

"""The review of one language of a page or snippet: its texts, live beside the draft,
and Approve / Reject with a comment, for reviewers of that language.

A thin view: the approval (which publishes that language only, from the live version)
and the rejection are ``publishing/translation_review.py``'s.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from wagtail.models import Page

from content_pages.foundations.languages import english_name, target_languages
from content_pages.foundations.limits import REVIEW_COMMENT_MAX
from content_pages.foundations.roles import reviewer_languages
from content_pages.publishing.gate import PublishRefused
from content_pages.publishing.translation_review import approve_language, reject_language
from content_pages.reads.translation_reviews import language_diff, open_submission, shown_snippet_changes


def _object(content_type_id: int, object_id: str) -> Any:
    try:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
    except ContentType.DoesNotExist as missing:
        raise Http404("No such page or snippet.") from missing
    obj = model._default_manager.filter(pk=object_id).first() if model is not None and object_id.isdigit() else None
    if obj is None:
        raise Http404("No such page or snippet.")
    return getattr(obj, "specific", obj)


def review_url(obj: Any, language: str) -> str:
    base = obj.get_base_content_type() if hasattr(obj, "get_base_content_type") else None
    content_type = base or ContentType.objects.get_for_model(type(obj))
    return reverse("content_pages_translation_review", args=[content_type.pk, obj.pk, language])


def translation_review(request: HttpRequest, content_type_id: int, object_id: str, language: str) -> HttpResponse:
    if language not in target_languages():
        raise Http404("Not a translation language.")
    name = english_name(language)
    if language not in reviewer_languages(request.user):
        return HttpResponseForbidden(
            _("Only a reviewer of %(language)s translations can review them.") % {"language": name},
            content_type="text/plain; charset=utf-8",
        )
    obj = _object(content_type_id, object_id)
    if request.method == "POST":
        comment = request.POST.get("comment", "")
        if len(comment) > REVIEW_COMMENT_MAX:
            messages.error(
                request,
                _("The comment is %(length)d characters; it may be at most %(limit)d.")
                % {"length": len(comment), "limit": REVIEW_COMMENT_MAX},
            )
            return redirect(request.path)
        try:
            if "approve" in request.POST:
                approve_language(obj, language, request.user, comment)
                messages.success(
                    request,
                    _("Approved and published the %(language)s text of “%(title)s”.")
                    % {"language": name, "title": obj},
                )
            elif "reject" in request.POST:
                if not comment.strip():
                    messages.error(request, _("Say why in the comment, so that the translator can fix it."))
                    return redirect(request.path)
                reject_language(obj, language, request.user, comment)
                messages.success(
                    request,
                    _("Rejected the %(language)s text of “%(title)s”; the translator is told why.")
                    % {"language": name, "title": obj},
                )
        except PublishRefused as refused:
            return HttpResponseForbidden(" ".join(refused.problems), content_type="text/plain; charset=utf-8")
        return redirect(request.path)
    return TemplateResponse(
        request,
        "content_pages/admin/translation_review.html",
        {
            "object": obj,
            "language": language,
            "language_name": name,
            "changes": language_diff(obj, language),
            "snippets": shown_snippet_changes(obj, language) if isinstance(obj, Page) else [],
            "submission": open_submission(obj, language),
            "comment_max_length": REVIEW_COMMENT_MAX,
        },
    )

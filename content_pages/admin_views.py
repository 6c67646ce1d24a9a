"""Admin views of the domain app: preview links for headless frontends."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from wagtail.models import Page

from .api.preview import make_token
from .channels.web import detail_url
from .i18n.languages import content_languages, display_name


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

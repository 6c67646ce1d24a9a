"""A publish the rules refuse becomes a message in the admin, not a server error.

Every admin path that publishes (edit view, workflow approval, bulk actions) ends in the
publishing service, which raises ``PublishRefused`` before anything goes live; Wagtail's
views run those writes in transactions, so the refusal also undoes the approval or bulk
action that led to it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse

from content_pages.interfaces.admin.navigation import redirect_back
from content_pages.publishing.gate import PublishRefused

ADMIN_API = "/admin/api/"


class PublishRefusedMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, PublishRefused):
            return None
        if request.path.startswith(ADMIN_API):
            # The admin API's publish action: a client reading JSON, not a person.
            return JsonResponse({"message": str(exception), "problems": exception.problems}, status=400)
        messages.error(request, str(exception))
        return redirect_back(request)


__all__ = ["PublishRefusedMiddleware"]

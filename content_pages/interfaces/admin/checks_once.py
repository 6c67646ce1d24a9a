"""Each admin write checks an article's channel limits once.

Saving or publishing an article renders every messaging channel in every language to
check its limits (``publishing/channel_validation``). Wagtail cleans the same page several
times in one request (the form, then ``add_child`` and ``save_revision`` for a new page,
then the publish gate), and each clean had rendered everything again: the same content,
the same answer. Within one admin POST the first answer is reused for the same content.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from content_pages.publishing.channel_validation import each_check_once

ADMIN = "/admin/"


class ChannelChecksOnceMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.method != "POST" or not request.path_info.startswith(ADMIN):
            return self.get_response(request)
        with each_check_once():
            return self.get_response(request)

"""``manage.py preview_token PAGE_ID``: a signed link to a page's latest draft in the API."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from wagtail.models import Page

from content_pages.foundations.languages import content_languages
from content_pages.interfaces.api.preview import make_token
from content_pages.rendering.shapes import page_detail_url as detail_url


class Command(BaseCommand):
    help = "Print a preview token (and API links) for a page's latest draft."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("page_id", type=int)

    def handle(self, *args: Any, **options: Any) -> None:
        page_id = options["page_id"]
        if not Page.objects.filter(pk=page_id).exists():
            raise CommandError(f"No page with id {page_id}.")
        token = make_token(page_id)
        self.stdout.write(token)
        for code in content_languages():
            self.stdout.write(f"{code}: {detail_url(page_id, code)}&preview_token={token}")
        self.stdout.write(f"(valid for {settings.CMS_PREVIEW_TOKEN_MAX_AGE} seconds)")

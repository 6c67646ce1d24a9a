"""``manage.py export_translations --lang ms [--page ID | --all] [--output FILE]``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from wagtail.models import Page

from content_pages.foundations.languages import target_languages
from content_pages.publishing.translations.export import export_pages


class Command(BaseCommand):
    help = "Write a PO file of a page's (or every page's) texts for translators."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--lang", required=True, choices=target_languages())
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--page", type=int, help="Page id.")
        group.add_argument("--all", action="store_true", help="Every page.")
        parser.add_argument("--output", type=Path, help="File to write; standard output if omitted.")

    def handle(self, *args: Any, **options: Any) -> None:
        pages = Page.objects.filter(depth__gt=1).order_by("path")
        if options["page"] is not None:
            pages = pages.filter(pk=options["page"])
            if not pages.exists():
                raise CommandError(f"No page with id {options['page']}.")
        data = export_pages(pages, options["lang"])
        if options["output"]:
            options["output"].write_bytes(data)
            self.stderr.write(f"Wrote {options['output']}")
        else:
            sys.stdout.buffer.write(data)

"""``manage.py export_translations --lang ms [--page ID | --all] [--format po|xlsx] [--output FILE]``.

A workbook (``--format xlsx``) is binary, so it is written to a file (``--output``) only,
never to standard output, where it would end up on a terminal or mixed with other text.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from wagtail.models import Page

from content_pages.foundations.languages import target_languages
from content_pages.publishing.translations.export import export_pages
from content_pages.publishing.translations.spreadsheets.export import WorkbookUnwritable, export_workbook


class Command(BaseCommand):
    help = "Write a PO file or a workbook (.xlsx) of a page's (or every page's) texts for translators."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--lang", required=True, choices=target_languages())
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("--page", type=int, help="Page id.")
        group.add_argument("--all", action="store_true", help="Every page.")
        parser.add_argument(
            "--format", choices=("po", "xlsx"), default="po", help="PO file (default) or Excel workbook."
        )
        parser.add_argument("--output", type=Path, help="File to write; standard output if omitted (a PO file only).")

    def handle(self, *args: Any, **options: Any) -> None:
        workbook = options["format"] == "xlsx"
        if workbook and not options["output"]:
            raise CommandError("A workbook is written to a file: give --output FILE.xlsx.")
        pages = Page.objects.filter(depth__gt=1).order_by("path")
        if options["page"] is not None:
            pages = pages.filter(pk=options["page"])
            if not pages.exists():
                raise CommandError(f"No page with id {options['page']}.")
        try:
            data = export_workbook(pages, options["lang"]) if workbook else export_pages(pages, options["lang"])
        except WorkbookUnwritable as unwritable:
            raise CommandError(f"No workbook was written: {unwritable}.") from unwritable
        if options["output"]:
            options["output"].write_bytes(data)
            self.stderr.write(f"Wrote {options['output']}")
        else:
            sys.stdout.buffer.write(data)

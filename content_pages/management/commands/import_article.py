"""``manage.py import_article FILE --parent PAGE_ID [--user USERNAME]``: a document as a draft article."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from wagtail.models import Page

from content_pages.foundations.limits import DOCUMENT_MAX_BYTES
from content_pages.publishing.document_import.create import ArticleNotImported, import_article
from content_pages.publishing.document_import.elements import DocumentRefused
from content_pages.publishing.document_import.structure import ImportReport


def print_report(report: ImportReport, write: Any) -> None:
    write("Recognised:")
    for note in report.recognised:
        write(f"  {note}")
    write("Needs a look:" if report.needs_look else "Needs a look: nothing.")
    for note in report.needs_look:
        write(f"  {note}")


class Command(BaseCommand):
    help = "Import a Word (.docx), Markdown (.md) or plain-text (.txt) document as a draft article, with a report."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--parent", type=int, required=True, help="Id of the article index to add it to.")
        parser.add_argument("--user", metavar="USERNAME", help="Who the draft is by (its owner and first revision).")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"{path} does not exist.")
        size = path.stat().st_size
        if size > DOCUMENT_MAX_BYTES:
            raise CommandError(
                f"{path}: {size / 1024 / 1024:.1f} MB; a document may be at most "
                f"{DOCUMENT_MAX_BYTES // 1024 // 1024} MB. Nothing was imported."
            )
        parent = Page.objects.filter(pk=options["parent"]).first()
        if parent is None:
            raise CommandError(f"No page with id {options['parent']}. Nothing was imported.")
        user = None
        if options.get("user"):
            user = get_user_model()._default_manager.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user named {options['user']!r}. Nothing was imported.")
        try:
            report = import_article(path.name, path.read_bytes(), parent, user)
        except DocumentRefused as refused:
            raise CommandError(f"{path}: {refused} Nothing was imported.") from refused
        except ArticleNotImported as rejected:
            for problem in rejected.report.problems:
                self.stderr.write(f"{path}: {problem}")
            raise CommandError(f"{len(rejected.report.problems)} problem(s); nothing was imported.") from rejected
        print_report(report, self.stdout.write)
        self.stdout.write(
            self.style.SUCCESS(f"Created the draft “{report.title}” (page {report.page_id}); it is not published.")
        )

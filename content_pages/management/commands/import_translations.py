"""``manage.py import_translations FILE [--dry-run] [--publish]``: all or nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from content_pages.publishing.translations.importing import ImportRejected, file_too_large, import_po


class Command(BaseCommand):
    help = "Check a translated PO file and write its translations (a draft revision, or published with --publish)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Check everything, write nothing.")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Also publish this language (only) of every live page and snippet in the file; "
            "pending drafts of other languages stay drafts, and nothing unpublished is made live.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        if not path.exists():
            raise CommandError(f"{path} does not exist.")
        too_large = file_too_large(path.stat().st_size)
        if too_large is not None:
            raise CommandError(f"{path}: {too_large}; nothing was imported.")
        try:
            report = import_po(path.read_bytes(), publish=options["publish"], dry_run=options["dry_run"])
        except ImportRejected as rejected:
            for problem in rejected.report.problems:
                self.stderr.write(f"{path}: {problem}")
            raise CommandError(f"{len(rejected.report.problems)} problem(s); nothing was imported.") from rejected
        verb = "Would import" if report.dry_run else "Imported"
        self.stdout.write(
            self.style.SUCCESS(
                f"{verb} {len(report.imported)} changed {report.language} translation(s) into page(s) {report.pages}; "
                f"{len(report.unchanged)} unchanged; skipped {len(report.skipped_empty)} empty "
                f"and {len(report.skipped_fuzzy)} fuzzy."
            )
        )
        if report.skipped_removed:
            self.stdout.write(
                f"Skipped {len(report.skipped_removed)} whose text the pending draft removes (nowhere to keep "
                f"the translation): {', '.join(report.skipped_removed)}."
            )
        if options["publish"] and not report.dry_run:
            published = ", ".join(report.published) or "nothing had changed"
            self.stdout.write(f"Published {report.language} only: {published}.")
            if report.not_live:
                self.stdout.write(f"Left as drafts because they are not live: {', '.join(report.not_live)}.")

"""``manage.py translation_status [--lang ms] [--format table|json]``."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from content_pages.foundations.languages import target_languages
from content_pages.publishing.translations.report import status_rows


class Command(BaseCommand):
    help = "Translated, missing and stale texts per page and language."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--lang", choices=target_languages())
        parser.add_argument("--format", choices=["table", "json"], default="table")

    def handle(self, *args: Any, **options: Any) -> None:
        languages = [options["lang"]] if options["lang"] else list(target_languages())
        rows = status_rows(languages)
        if options["format"] == "json":
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{'page':>5}  {'lang':8} {'done':>6} {'translated':>10} {'missing':>8} {'stale':>6}  title")
        for row in rows:
            self.stdout.write(
                f"{row['page_id']:>5}  {row['language']:8} {row['percent']:>5.1f}% {row['translated']:>10} "
                f"{row['missing']:>8} {row['stale']:>6}  {row['title']}"
            )

"""``manage.py load_seed_content``: create the seed pages and snippets if they are missing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from content_pages.seed.loader import DEFAULT_SEED, load_seed_content


class Command(BaseCommand):
    help = "Create the home page, article index, enquiry form, snippets and seed article; keeps what already exists."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=DEFAULT_SEED, help="Seed data file (JSON).")

    def handle(self, *args: Any, **options: Any) -> None:
        report = load_seed_content(options["file"])
        for label in report.created:
            self.stdout.write(f"created  {label}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Seed content: {len(report.created)} created, {len(report.kept)} already present and kept."
            )
        )

"""``manage.py purge_feedback [--days N]``: blank readers' comments older than the retention period."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from content_pages.publishing.feedback import purge_comments


class Command(BaseCommand):
    help = (
        "Blank readers' comments received more than CMS_FEEDBACK_RETENTION_DAYS (or --days) ago; the answers "
        "(helpful or not) stay for the reports. Run it daily."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=None, help="Override CMS_FEEDBACK_RETENTION_DAYS.")

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"] if options["days"] is not None else settings.CMS_FEEDBACK_RETENTION_DAYS
        blanked = purge_comments(days)
        self.stdout.write(f"Blanked {blanked} comment(s) older than {days} days.")

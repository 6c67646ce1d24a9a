"""``manage.py purge_enquiries [--days N]``: delete enquiries older than the retention period."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from content_pages.publishing.enquiries import purge_older_than


class Command(BaseCommand):
    help = "Delete enquiry submissions older than CMS_ENQUIRY_RETENTION_DAYS (or --days). Run it daily."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        days = options["days"] if options["days"] is not None else settings.CMS_ENQUIRY_RETENTION_DAYS
        if days is None:
            self.stdout.write("No retention period set (CMS_ENQUIRY_RETENTION_DAYS); nothing deleted.")
            return
        self.stdout.write(self.style.SUCCESS(f"Deleted {purge_older_than(days)} enquiries older than {days} days."))

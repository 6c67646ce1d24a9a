"""``manage.py refresh_renditions``: re-render every live page for every channel and language.

Run after a deployment that changes how pages are rendered; publishing does it per page.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from content_pages.publishing.renditions import refresh_all


class Command(BaseCommand):
    help = "Re-render the stored API payloads of every live page."

    def handle(self, *args: Any, **options: Any) -> None:
        count = refresh_all()
        self.stdout.write(self.style.SUCCESS(f"Rendered {count} pages."))

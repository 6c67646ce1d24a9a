"""``manage.py setup_translator_groups``: one "Translators (<language>)" group per target language."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from content_pages.publishing.translators import ensure_translator_groups


class Command(BaseCommand):
    help = "Create the translator groups (safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        for group in ensure_translator_groups():
            self.stdout.write(f"group ready: {group.name}")

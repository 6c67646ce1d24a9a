"""``manage.py ui_catalogues update|check|compile``: the UI string catalogues, via Babel."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from content_pages.foundations import catalogues


class Command(BaseCommand):
    help = "Update, check or compile the gettext catalogues of UI strings (no GNU gettext needed)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["update", "check", "compile"])

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "update":
            for path in catalogues.update():
                self.stdout.write(f"updated {path}")
        elif action == "compile":
            for path in catalogues.compile_all():
                self.stdout.write(f"compiled {path}")
        else:
            problems = catalogues.check()
            if problems:
                for problem in problems:
                    self.stderr.write(str(problem))
                raise CommandError(
                    f"{len(problems)} UI strings are missing or untranslated; run `make messages` and translate them."
                )
            self.stdout.write(self.style.SUCCESS("Every UI string is translated in every catalogue."))

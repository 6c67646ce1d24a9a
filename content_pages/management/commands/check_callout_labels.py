"""``manage.py check_callout_labels``: which live articles does a callout's label push
over a channel limit?

One line per note or warning, language and channel where the label makes the callout
need one more message than its text alone (its end sent apart from its label), or
breaks a limit outright. Exits 0 when there is none, 1 otherwise: shorten the callout's
text in that language and publish again.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from content_pages.publishing.callout_labels import ArticleOverflow, live_label_overflows


def _line(found: ArticleOverflow) -> str:
    overflow = found.overflow
    where = f"Article {found.page_id} “{found.title}”, {found.language}, {overflow.channel}, {overflow.path}"
    if overflow.labelled is None:
        return f"{where}: the {overflow.style} breaks a limit with its label: {overflow.problem}"
    return (
        f"{where}: the {overflow.style} needs {overflow.labelled} messages with its label, "
        f"{overflow.without} without it."
    )


class Command(BaseCommand):
    help = "List live articles whose notes or warnings their label pushes over a channel limit (exit 1 if any)."

    def handle(self, *args: Any, **options: Any) -> None:
        found = live_label_overflows()
        for item in found:
            self.stdout.write(_line(item))
        if found:
            self.stdout.write(self.style.WARNING(f"{len(found)} callout(s) pushed over a limit by their label."))
            raise SystemExit(1)
        self.stdout.write(self.style.SUCCESS("No label pushes a callout over a channel limit."))

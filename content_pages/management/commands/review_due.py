"""``manage.py review_due [--format text|json] [--within DAYS]``: live articles due for review.

Lists every live article whose next medical review is due within DAYS (90 unless
given), overdue ones included, soonest first. JSON is a list of
``{"id", "title", "next_review_due", "overdue"}`` (source-language title, ISO date).
Always exits 0: a report, not a check.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from content_pages.reads.review_due import DEFAULT_WINDOW_DAYS, STATUS_LABELS, review_due_rows


def _days(value: str) -> int:
    try:
        days = int(value)
    except ValueError:
        days = -1
    if days < 0:
        raise argparse.ArgumentTypeError(f"DAYS is a whole number of days, 0 or more, not {value!r}.")
    return days


class Command(BaseCommand):
    help = "Live articles whose medical review is overdue or due within DAYS (default 90)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["text", "json"], default="text")
        parser.add_argument(
            "--within",
            type=_days,
            default=DEFAULT_WINDOW_DAYS,
            metavar="DAYS",
            help=f"Due within this many days from today, overdue included (default {DEFAULT_WINDOW_DAYS}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        rows = review_due_rows(within_days=options["within"])
        if options["format"] == "json":
            self.stdout.write(json.dumps([row.as_json() for row in rows], ensure_ascii=False, indent=2))
            return
        if not rows:
            self.stdout.write(f"No live article is due for review within {options['within']} days.")
            return
        for row in rows:
            reviewer = f", reviewer {row.reviewer}" if row.reviewer else ", no medical reviewer"
            self.stdout.write(
                f"{row.next_review_due.isoformat()}  {STATUS_LABELS[row.status]:<18}  "
                f"{row.id:>5}  {row.title}{reviewer}"
            )

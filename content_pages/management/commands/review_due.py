"""``manage.py review_due [--format text|json] [--within DAYS] [--translations]``: live articles
due for review.

Lists every live article whose next medical review is due within DAYS (90 unless
given), overdue ones included, soonest first. JSON is a list of
``{"id", "title", "next_review_due", "overdue"}`` (source-language title, ISO date).
Always exits 0: a report, not a check.

``--translations`` lists instead the live pages whose translations still need medical
review, per language ("Malay translation: 85 texts need medical review"); JSON is a list of
``{"id", "title", "language", "texts_needing_review"}``. Without it, a line on standard
error says how many such pages there are.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from content_pages.reads.review_due import (
    DEFAULT_WINDOW_DAYS,
    STATUS_LABELS,
    TranslationReview,
    review_due_rows,
    translations_needing_review,
)


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
        parser.add_argument(
            "--translations",
            action="store_true",
            help="List the live pages whose translations need medical review, per language, instead.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        reviews = translations_needing_review()
        if options["translations"]:
            self._translations(reviews, options["format"])
            return
        if reviews:
            pages = len({review.id for review in reviews})
            self.stderr.write(
                f"{pages} page{'s' if pages != 1 else ''} with translations needing medical review: "
                "see review_due --translations."
            )
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

    def _translations(self, reviews: list[TranslationReview], format: str) -> None:
        if format == "json":
            self.stdout.write(json.dumps([review.as_json() for review in reviews], ensure_ascii=False, indent=2))
            return
        if not reviews:
            self.stdout.write("No translation needs medical review.")
            return
        for review in reviews:
            self.stdout.write(f"{review.id:>5}  {review.title}: {review.label}")

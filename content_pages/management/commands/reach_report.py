"""``manage.py reach_report [--since DATE] [--until DATE] [--language CODE] [--channel NAME]
[--format text|json]``: reads, messages sent and "Was this helpful?" answers per article,
language and channel.

The same figures as Reports → Reach and feedback, for scripts and scheduled reports.
The period is whole UTC days, both ends included: ``--since`` defaults to 30 days before
``--until``, which defaults to today. JSON is ``{"period": {"start", "end"}, "totals",
"by_channel", "rows": [{"page", "title", "language", "channel", "reads", "deliveries",
"yes", "no", "helpful_percent"}], "needs_attention": [{"page", "title", "reason",
"detail", "language"}]}``; ``helpful_percent`` is null without answers. No comment text
is printed: comments stay in the admin, for editors and medical reviewers.
"""

from __future__ import annotations

import argparse
import datetime
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from content_pages.foundations.languages import content_languages
from content_pages.models import REACH_CHANNELS
from content_pages.reads.needs_attention import needs_attention
from content_pages.reads.reach_report import Filters, Period, by_channel, rows, total, utc_today

DEFAULT_DAYS = 30


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"a date is written YYYY-MM-DD, not {value!r}.") from None


class Command(BaseCommand):
    help = "Reads, messages sent and helpful answers per article, language and channel over a period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--since", type=_date, help=f"First day (default: {DEFAULT_DAYS} days before --until).")
        parser.add_argument("--until", type=_date, help="Last day, included (default: today, UTC).")
        parser.add_argument("--language", choices=content_languages())
        parser.add_argument("--channel", choices=REACH_CHANNELS)
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        until = options["until"] or utc_today()
        since = options["since"] or until - datetime.timedelta(days=DEFAULT_DAYS - 1)
        if since > until:
            raise CommandError(f"--since {since.isoformat()} is after --until {until.isoformat()}.")
        period = Period(since, until)
        filters = Filters(language=options["language"], channel=options["channel"])
        found = rows(period, filters)
        attention = needs_attention(period, filters)
        if options["format"] == "json":
            document = {
                "period": {"start": since.isoformat(), "end": until.isoformat()},
                "totals": total(found).as_dict(),
                "by_channel": [{"channel": name, **value.as_dict()} for name, value in by_channel(found).items()],
                "rows": [
                    {"page": row.page_id, "title": row.title, "language": row.language, "channel": row.channel}
                    | row.figures.as_dict()
                    for row in found
                ],
                "needs_attention": [
                    {
                        "page": item.page_id,
                        "title": item.title,
                        "reason": item.reason,
                        "detail": item.detail,
                        "language": item.language or None,
                    }
                    for item in attention
                ],
            }
            self.stdout.write(json.dumps(document, ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"{since.isoformat()} to {until.isoformat()} (UTC)")
        if not found:
            self.stdout.write("No reads and no answers in this period.")
        for row in found:
            figures = row.figures
            helpful = f"{figures.helpful_percent:g}% helpful" if figures.helpful_percent is not None else "no answers"
            self.stdout.write(
                f"{row.title} [{row.language}, {row.channel}]: {figures.reads} reads, {figures.deliveries} sent, "
                f"{figures.yes} yes / {figures.no} no ({helpful})"
            )
        for item in attention:
            self.stdout.write(f"Needs attention: {item.title}: {item.detail}")

"""Messages bots report having sent: the other half of reach on the chat channels.

A bot fetches a page's rendering once and sends it to many readers, so the site's own count
of reads says how often a rendering was fetched, not how many people got it. The bot says
how many (``POST /api/v2/pages/<id>/deliveries/``) and the number is added to the day's
``deliveries`` in one upsert that returns the new total. It is a bot's call, authenticated
by its API key, so it writes at once, unlike a reader's request (``publishing.reach``).

The page must be live and public in the language reported (its rendering for that channel
is read: one indexed query), and the day one of the last ``DAYS_BACK`` days in UTC, so a
bot that reports late is still counted, and a mistyped year is refused, not stored.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import connection

from content_pages.models import PageReach
from content_pages.publishing import renditions
from content_pages.publishing.reach import today
from content_pages.reads import api_pages
from content_pages.rendering.channels import CHANNELS, rendition_key

if TYPE_CHECKING:
    from content_pages.models import ChannelRendition
    from content_pages.reads.rendition_sql import StoredRendition

DELIVERY_CHANNELS = ("whatsapp", "telegram", "sms")
DELIVERIES_MAX = 100_000
DAYS_BACK = 7


@dataclass
class DeliveriesRefused(Exception):
    """Nothing was stored: ``message`` says why, naming the field."""

    message: str
    code: str
    status: int = 400

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Deliveries:
    page_id: int
    language: str
    channel: str
    day: datetime.date
    total: int


def record(page_id: int, language: str, channel: str, count: int, day: datetime.date | None = None) -> Deliveries:
    """Add ``count`` messages sent on ``day`` (today in UTC by default); the day's total.
    Raises ``DeliveriesRefused`` having stored nothing."""
    if channel not in DELIVERY_CHANNELS:
        raise DeliveriesRefused(
            f"channel={channel!r} is not a channel bots deliver on; use one of: {', '.join(DELIVERY_CHANNELS)}.",
            code="unknown_channel",
        )
    if isinstance(count, bool) or not 1 <= count <= DELIVERIES_MAX:
        raise DeliveriesRefused(f"count must be a whole number from 1 to {DELIVERIES_MAX}.", code="invalid_count")
    day = day or today()
    _check_day(day)
    _check_page(page_id, language, channel)
    return Deliveries(page_id, language, channel, day, _add(page_id, language, channel, day, count))


def _check_day(day: datetime.date) -> None:
    now = today()
    if day > now:
        raise DeliveriesRefused(f"day={day.isoformat()} is in the future (today is {now} in UTC).", code="invalid_day")
    if day < now - datetime.timedelta(days=DAYS_BACK):
        raise DeliveriesRefused(
            f"day={day.isoformat()} is more than {DAYS_BACK} days ago; report deliveries within {DAYS_BACK} days.",
            code="invalid_day",
        )


def _check_page(page_id: int, language: str, channel: str) -> None:
    key = rendition_key(channel, CHANNELS[channel].modes[0])
    # Stored, or rendered now: the same columns.
    stored: StoredRendition | ChannelRendition | None = api_pages.rendition(page_id, language, key)
    if stored is None:
        # Live, but not rendered yet (the worker is behind): rendered now, not stored.
        stored = renditions.render_one(page_id, key, language)
    if stored is None or not stored.public:
        raise DeliveriesRefused(
            f"No published page with id {page_id} in language {language!r}.", code="not_found", status=404
        )


def _add(page_id: int, language: str, channel: str, day: datetime.date, count: int) -> int:
    """``INSERT … ON CONFLICT … DO UPDATE … RETURNING``: one statement, atomic across processes."""
    quote = connection.ops.quote_name
    table = quote(PageReach._meta.db_table)
    columns = ", ".join(quote(name) for name in ("page_id", "language", "channel", "day", "reads", "deliveries"))
    conflict = ", ".join(quote(name) for name in ("page_id", "language", "channel", "day"))
    deliveries = quote("deliveries")
    sql = (
        f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, 0, %s) "  # noqa: S608 - quoted model names
        f"ON CONFLICT ({conflict}) DO UPDATE SET {deliveries} = {table}.{deliveries} + excluded.{deliveries} "
        f"RETURNING {deliveries}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [page_id, language, channel, day, count])
        row = cursor.fetchone()
    return int(row[0])

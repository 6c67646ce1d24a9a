"""Re-rendering after a deployment, in the background, at a bounded rate.

Every stored row records what made it (``publishing.fingerprint``). After a deployment
that changed the templates, the rendering code, the static manifest or a setting that
changes output, the rows carry another fingerprint than the new processes compute, and
each worker's sweep re-renders some of those pages: base-URL changes first (readers get
those rendered live meanwhile, which costs every request), then the oldest rows first.

The rate is shared by all workers, however many share the database: a token bucket kept
in one ``PeriodicJob`` row, taken with a conditional update (atomic on PostgreSQL and
SQLite), allows ``CMS_RERENDER_PAGES_PER_MINUTE`` pages a minute in all, saving up no more
than one sweep's worth. Each page is taken under its row lock, skipping a page another
worker holds, and checked again once locked, so no page is rendered twice for this.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Case, Count, IntegerField, Min, Q, QuerySet, Value, When
from django.utils import timezone
from wagtail.models import Page

from content_pages.foundations.urls import base_url
from content_pages.models import ChannelRendition, PeriodicJob
from content_pages.publishing import fingerprint, renditions

logger = logging.getLogger(__name__)

BUCKET = "rerender_after_deployment"

# Pages that failed to render in this process for this fingerprint: skipped, so one
# broken page cannot hold up the others (a restart tries it again).
_failed: set[int] = set()


def outdated(current: str | None = None) -> QuerySet[ChannelRendition]:
    """Rows made otherwise than this deployment makes them: two range conditions rather
    than ``!=``, so the fingerprint's index answers them."""
    value = fingerprint.current() if current is None else current
    return ChannelRendition.objects.filter(Q(fingerprint__lt=value) | Q(fingerprint__gt=value))


def take_tokens(now: datetime | None = None) -> int:
    """How many pages this worker may re-render now, taken from the rate all workers
    share; 0 when none are due or another worker took them first."""
    rate = settings.CMS_RERENDER_PAGES_PER_MINUTE
    if rate <= 0:
        return 0
    now = now or timezone.now()
    per_page = timedelta(minutes=1) / rate
    # What accrues in one sweep, at least one page: an idle hour saves up no burst.
    saved_up = max(timedelta(seconds=settings.CMS_WORKER_SWEEP_SECONDS), per_page)
    job, _created = PeriodicJob.objects.get_or_create(name=BUCKET)
    taken_until = job.last_started_at
    start = max(taken_until or now - saved_up, now - saved_up)
    count = math.floor((now - start) / per_page)
    if count <= 0:
        return 0
    # Compare and set: only one of the workers that read the same bucket takes from it.
    claimed = PeriodicJob.objects.filter(name=BUCKET, last_started_at=taken_until).update(
        last_started_at=start + per_page * count
    )
    return count if claimed == 1 else 0


def candidates(limit: int, current: str | None = None) -> list[int]:
    """Pages with an outdated row: those whose rows link to another base URL first, then
    the oldest rendered, by their oldest row's ``last_modified``."""
    value = fingerprint.current() if current is None else current
    other_address = _other_base_url()
    rows = (
        outdated(value)
        .exclude(page_id__in=_failed)
        .values("page_id")
        .annotate(
            moved=Min(Case(When(other_address, then=Value(0)), default=Value(1), output_field=IntegerField())),
            oldest=Min("last_modified"),
        )
        .order_by("moved", "oldest", "page_id")[:limit]
    )
    return [row["page_id"] for row in rows]


def rerender_one(page_id: int, current: str | None = None) -> bool:
    """Re-render the page unless another worker holds it or has re-rendered it already."""
    value = fingerprint.current() if current is None else current
    with transaction.atomic():
        # skip_locked: a page another worker (or a publish) is rendering is left to it.
        locked = Page.objects.select_for_update(skip_locked=True).filter(pk=page_id).values_list("pk", flat=True)
        if not list(locked):
            return False
        # Checked again under the lock: a worker that took it first has committed by now.
        if not outdated(value).filter(page_id=page_id).exists():
            return False
        renditions.refresh_page(page_id)
    return True


def rerender_outdated(now: datetime | None = None) -> int:
    """One sweep's share: re-render up to the pages the shared rate allows now."""
    current = fingerprint.current()
    if not outdated(current).exclude(page_id__in=_failed).exists():
        return 0
    allowed = take_tokens(now)
    done = 0
    for page_id in candidates(allowed, current):
        try:
            if rerender_one(page_id, current):
                done += 1
        except Exception:
            _failed.add(page_id)
            logger.exception("Re-rendering page %s after a deployment failed; the next start tries again", page_id)
    if done:
        logger.info("Re-rendered %d page(s) made by an earlier deployment", done)
    return done


def _other_base_url() -> Q:
    """Rows whose links name another address than the configured one (an empty value was
    not recorded: served as stored, like any other outdated row)."""
    address = base_url()
    return (Q(base_url__lt=address) | Q(base_url__gt=address)) & ~Q(base_url="")


@dataclass(frozen=True)
class Progress:
    """How far the background re-rendering is (``refresh_renditions --status``)."""

    fingerprint: str
    pages: int
    outdated_pages: int
    other_base_url_pages: int


def progress() -> Progress:
    current = fingerprint.current()
    other_address = _other_base_url()
    counts = ChannelRendition.objects.aggregate(
        pages=Count("page_id", distinct=True),
        outdated=Count("page_id", distinct=True, filter=Q(fingerprint__lt=current) | Q(fingerprint__gt=current)),
        moved=Count("page_id", distinct=True, filter=other_address),
    )
    return Progress(
        fingerprint=current,
        pages=counts["pages"],
        outdated_pages=counts["outdated"],
        other_base_url_pages=counts["moved"],
    )

"""/api/v2/pages/<id>/feedback/summary/: a page's reach and answers, for dashboards.

Keyed: the figures say how an article is doing, which is for the organisation's own
dashboards, not for anyone who asks; so the answer is ``private, no-store`` too. It
holds counts only, never a comment (those stay in the admin, for editors and medical
reviewers). The figures come from ``reads.feedback_summary``, the admin report's own
selector, in a fixed number of queries.
"""

from __future__ import annotations

import datetime

from django.http import HttpRequest, HttpResponse
from ninja.decorators import decorate_view
from ninja.params.functions import Query

from content_pages.interfaces.api.caching import cached_json
from content_pages.interfaces.api.errors import BadRequest, NotFound
from content_pages.interfaces.api.params import LanguageCode, StrictRouter, id_path
from content_pages.interfaces.api.rate_limits import key_required, key_required_openapi
from content_pages.interfaces.api.schemas.feedback_summary import FeedbackSummary
from content_pages.publishing.renditions import serialize
from content_pages.reads.feedback_summary import page_summary
from content_pages.reads.reach_report import Period, utc_today
from content_pages.rendering.contracts.common import Error

router = StrictRouter(tags=["feedback"])

DEFAULT_DAYS = 30
MAX_DAYS = 366
# Before this, nothing was counted; and a bound keeps date arithmetic far from its limits.
EARLIEST = datetime.date(2000, 1, 1)
DATE_PATTERN = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _day(name: str, value: str | None) -> datetime.date | None:
    if value is None:
        return None
    try:
        day = datetime.date.fromisoformat(value)
    except ValueError as error:
        raise BadRequest(f"{name}={value!r} is not a date; write it YYYY-MM-DD.", code="invalid_period") from error
    latest = utc_today() + datetime.timedelta(days=1)
    if not EARLIEST <= day <= latest:
        raise BadRequest(
            f"{name}={value} is outside the days with figures: from {EARLIEST} to {latest} (UTC).",
            code="invalid_period",
        )
    return day


def period_of(days: int | None, since: str | None, until: str | None) -> Period:
    """``until`` (today by default) and either ``since`` or ``days`` (30 by default) before it."""
    if days is not None and since is not None:
        raise BadRequest("Give either since or days, not both.", code="invalid_period")
    if days is not None and not 1 <= days <= MAX_DAYS:
        raise BadRequest(f"days must be between 1 and {MAX_DAYS}; got {days}.", code="invalid_period")
    end = _day("until", until) or utc_today()
    start = _day("since", since) or end - datetime.timedelta(days=(days or DEFAULT_DAYS) - 1)
    if start > end:
        raise BadRequest(f"since={start} is after until={end}; since is the first day.", code="invalid_period")
    if (end - start).days + 1 > MAX_DAYS:
        raise BadRequest(
            f"since={start} to until={end} is {(end - start).days + 1} days; at most {MAX_DAYS} are summed at once.",
            code="invalid_period",
        )
    return Period(start, end)


@router.get(
    "/{int:page_id}/feedback/summary/",
    response={200: FeedbackSummary, 304: None, 400: Error, 401: Error, 404: Error, 429: Error},
    operation_id="getFeedbackSummary",
    openapi_extra=key_required_openapi(),
    summary="A page's reach and readers' answers over a period",
    description=(
        "For dashboards: how often a live article was read (`reads`: served by this site; `deliveries`: messages "
        "bots reported sending) and what readers answered to “Was this helpful?”, in total, per channel and per "
        "language, over whole UTC days. The period ends on `until` (today by default) and starts `days` days "
        f"before it, counting `until` ({DEFAULT_DAYS} by default), or on `since`; at most {MAX_DAYS} days. "
        "Figures only: readers' comments are never sent here. Needs an API key (401 without one); 404 for a "
        "page that is not a live article; 400 (invalid_period) for a period that cannot be summed. "
        "Answered `Cache-Control: private, no-store`."
    ),
)
@decorate_view(key_required("The feedback summary"))
def get_feedback_summary(
    request: HttpRequest,
    page_id: int = id_path("page"),
    days: int | None = Query(
        None,
        ge=1,
        le=MAX_DAYS,
        description=f"How many days up to `until`, 1 to {MAX_DAYS}; {DEFAULT_DAYS} when neither this nor "
        "`since` is given. Not with `since`.",
    ),
    since: str | None = Query(
        None,
        pattern=DATE_PATTERN,
        max_length=10,
        description=f"The first UTC day (`YYYY-MM-DD`), instead of `days`; from {EARLIEST}.",
    ),
    until: str | None = Query(
        None,
        pattern=DATE_PATTERN,
        max_length=10,
        description="The last UTC day (`YYYY-MM-DD`), included; today by default, at the latest tomorrow.",
    ),
    lang: LanguageCode | None = Query(None, description="Only this language's reads and answers."),
) -> HttpResponse:
    period = period_of(days, since, until)
    summary = page_summary(page_id, period, lang.value if lang else None)
    if summary is None:
        raise NotFound(f"No live article with id {page_id}.", code="not_found")
    body = serialize(
        {
            "page": summary.page_id,
            "period": {"start": period.start.isoformat(), "end": period.end.isoformat()},
            "totals": summary.totals.as_dict(),
            "by_channel": [{"channel": name, **value.as_dict()} for name, value in summary.by_channel.items()],
            "by_language": [{"language": code, **value.as_dict()} for code, value in summary.by_language.items()],
        }
    )
    return cached_json(request, body, private=True)

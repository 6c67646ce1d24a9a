"""Recording what readers answer to "Was this helpful?", from any channel.

One write path for the website's form and for bots (``POST /api/v2/pages/<id>/feedback/``):
the page must be live and public in the language answered, a section must be one of
the article's (the ids its conversation turns carry), and a comment is stored with
contact details removed (``foundations.contact_details``) and nothing about who sent
it. ``purge_comments`` blanks comments older than ``CMS_FEEDBACK_RETENTION_DAYS``.
"""

from __future__ import annotations

import datetime
import json
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from content_pages.foundations.contact_details import remove_contact_details
from content_pages.foundations.limits import FEEDBACK_COMMENT_MAX
from content_pages.models import FEEDBACK_CHANNELS, PageFeedback
from content_pages.publishing import renditions
from content_pages.publishing.access import rate_counters
from content_pages.publishing.enquiries import RateLimited, client_key
from content_pages.reads import api_pages
from content_pages.rendering.channels import rendition_key
from content_pages.rendering.channels.conversation import CONVERSATION, MENU, turn_ids


@dataclass
class FeedbackRefused(Exception):
    """Nothing was stored: ``message`` says why, ``accepted`` what would have been."""

    message: str
    code: str
    status: int = 400
    accepted: list[str] = field(default_factory=list)

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Answer:
    page_id: int
    language: str
    channel: str
    helpful: bool
    comment: str = ""
    section: str = ""


def check_rate(request: HttpRequest) -> None:
    """``CMS_FEEDBACK_RATE_LIMIT`` answers per client and ``..._WINDOW`` seconds, counted in
    the database so that the limit holds across processes. A bot with an API key relays
    many readers and is held by its key's own limit instead (``interfaces.api.rate_limits``)."""
    hit = rate_counters.hit(f"feedback:{client_key(request)}", settings.CMS_FEEDBACK_RATE_WINDOW)
    if hit.count > settings.CMS_FEEDBACK_RATE_LIMIT:
        raise RateLimited(retry_after=hit.reset_after)


def record(answer: Answer) -> PageFeedback:
    """Store ``answer`` or raise ``FeedbackRefused`` having stored nothing."""
    if answer.channel not in FEEDBACK_CHANNELS:
        raise FeedbackRefused(
            f"channel={answer.channel!r} is not known; use one of: {', '.join(FEEDBACK_CHANNELS)}.",
            code="unknown_channel",
            accepted=list(FEEDBACK_CHANNELS),
        )
    if len(answer.comment) > FEEDBACK_COMMENT_MAX:
        raise FeedbackRefused(
            f"comment is {len(answer.comment)} characters long; at most {FEEDBACK_COMMENT_MAX} are accepted.",
            code="comment_too_long",
        )
    if any(unicodedata.category(char) == "Cc" and char not in "\n\r\t" for char in answer.comment):
        raise FeedbackRefused(
            "comment contains a control character (such as NUL); send plain text with line breaks only.",
            code="invalid_comment",
        )
    key = rendition_key("whatsapp", CONVERSATION)
    conversation = api_pages.rendition(answer.page_id, answer.language, key)
    if conversation is None:
        # Live, but its renditions not stored yet (the worker is behind): rendered now, as
        # the API serves it, and not stored.
        conversation = renditions.render_one(answer.page_id, key, answer.language)
    if conversation is None or not conversation.public:
        raise FeedbackRefused(
            f"No published page with id {answer.page_id} in language {answer.language!r}.",
            code="not_found",
            status=404,
        )
    if answer.section:
        sections = [turn for turn in turn_ids(json.loads(conversation.body)) if not turn.startswith(MENU)]
        if answer.section not in sections:
            raise FeedbackRefused(
                f"section={answer.section!r} is not a section of page {answer.page_id}; use one of: "
                f"{', '.join(sections)}.",
                code="unknown_section",
                status=404,
                accepted=sections,
            )
    comment = remove_contact_details(answer.comment.strip(), settings.CMS_PHONE_DEFAULT_REGION)
    return PageFeedback.objects.create(
        page_id=answer.page_id,
        language=answer.language,
        channel=answer.channel,
        helpful=answer.helpful,
        comment=comment,
        section=answer.section,
    )


def purge_comments(days: int) -> int:
    """Blank the comments received more than ``days`` days ago; how many were blanked."""
    cutoff = timezone.now() - datetime.timedelta(days=days)
    return PageFeedback.objects.filter(received_at__lt=cutoff).exclude(comment="").update(comment="")

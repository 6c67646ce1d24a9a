"""Recording what readers answer to "Was this helpful?", from any channel.

One write path for the website's form and for bots (``POST /api/v2/pages/<id>/feedback/``):
the page must be live and public in the language answered, a section must be one of
the article's (the ids its conversation turns carry), and a comment is stored with
contact details removed (``foundations.contact_details``) and nothing about who sent
it. The website's form asks for the answer first and offers a comment after it:
``add_comment`` adds it to that answer under the same rules. ``purge_comments`` blanks
comments older than ``CMS_FEEDBACK_RETENTION_DAYS``.
"""

from __future__ import annotations

import datetime
import json
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from content_pages.foundations.contact_details import remove_contact_details
from content_pages.foundations.limits import FEEDBACK_COMMENT_MAX
from content_pages.models import FEEDBACK_CHANNELS, PageFeedback
from content_pages.publishing import renditions
from content_pages.publishing.access import rate_counters
from content_pages.publishing.enquiries import RateLimited, client_key
from content_pages.publishing.outbox import feedback_events
from content_pages.reads import api_pages
from content_pages.rendering.channels import rendition_key
from content_pages.rendering.channels.conversation import CONVERSATION, MENU, turn_ids

if TYPE_CHECKING:
    from content_pages.models import ChannelRendition
    from content_pages.reads.rendition_sql import StoredRendition


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


def check_comment(comment: str) -> None:
    """Refuse a comment no channel may store: longer than ``FEEDBACK_COMMENT_MAX`` (refused,
    never cut: the reader decides what to drop) or holding control characters. Checked
    before any lookup, so a refused comment costs nothing else."""
    if len(comment) > FEEDBACK_COMMENT_MAX:
        raise FeedbackRefused(
            f"comment is {len(comment)} characters long; at most {FEEDBACK_COMMENT_MAX} are accepted.",
            code="comment_too_long",
        )
    if any(unicodedata.category(char) == "Cc" and char not in "\n\r\t" for char in comment):
        raise FeedbackRefused(
            "comment contains a control character (such as NUL); send plain text with line breaks only.",
            code="invalid_comment",
        )


def scrubbed(comment: str) -> str:
    """The comment as it may be stored: trimmed, with contact details replaced."""
    return remove_contact_details(comment.strip(), settings.CMS_PHONE_DEFAULT_REGION)


def record(answer: Answer) -> PageFeedback:
    """Store ``answer`` or raise ``FeedbackRefused`` having stored nothing."""
    if answer.channel not in FEEDBACK_CHANNELS:
        raise FeedbackRefused(
            f"channel={answer.channel!r} is not known; use one of: {', '.join(FEEDBACK_CHANNELS)}.",
            code="unknown_channel",
            accepted=list(FEEDBACK_CHANNELS),
        )
    check_comment(answer.comment)
    key = rendition_key("whatsapp", CONVERSATION)
    conversation: StoredRendition | ChannelRendition | None = api_pages.rendition(answer.page_id, answer.language, key)
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
    comment = scrubbed(answer.comment)  # before the transaction: it holds SQLite's write lock
    with transaction.atomic():  # the answer and its feedback.received event, or neither
        stored = PageFeedback.objects.create(
            page_id=answer.page_id,
            language=answer.language,
            channel=answer.channel,
            helpful=answer.helpful,
            comment=comment,
            section=answer.section,
        )
        feedback_events.announce(stored, with_comment=bool(stored.comment))
    return stored


def add_comment(feedback_id: int, comment: str) -> PageFeedback:
    """Add ``comment`` to the stored answer ``feedback_id``, under the same rules as a
    comment sent with the answer, or raise ``FeedbackRefused`` having changed nothing.

    The website asks for the answer first (one click, no typing) and offers the comment
    after it. An answer takes one comment only: the update is conditional on the comment
    being empty, so two sends racing each other store one, and a second is refused rather
    than overwriting what the first said."""
    check_comment(comment)
    text = scrubbed(comment)
    if not text:
        raise FeedbackRefused("comment is empty; write a comment or send nothing.", code="empty_comment")
    with transaction.atomic():  # the comment and its feedback.received event, or neither
        updated = PageFeedback.objects.filter(pk=feedback_id, comment="").update(comment=text)
        stored = PageFeedback.objects.filter(pk=feedback_id).first()
        if updated and stored is not None:
            feedback_events.announce(stored, with_comment=True)
    if stored is None:
        raise FeedbackRefused(f"No answer with id {feedback_id}.", code="not_found", status=404)
    if not updated:
        raise FeedbackRefused(
            f"Answer {feedback_id} already has a comment; an answer takes one comment only.",
            code="comment_exists",
            status=409,
        )
    return stored


def stored_answer(feedback_id: int) -> PageFeedback | None:
    """The stored answer ``feedback_id``, if it is still there."""
    answer: PageFeedback | None = PageFeedback.objects.filter(pk=feedback_id).first()
    return answer


def purge_comments(days: int) -> int:
    """Blank the comments received more than ``days`` days ago; how many were blanked."""
    cutoff = timezone.now() - datetime.timedelta(days=days)
    return PageFeedback.objects.filter(received_at__lt=cutoff).exclude(comment="").update(comment="")

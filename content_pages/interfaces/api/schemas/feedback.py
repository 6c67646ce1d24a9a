"""Reader feedback shapes: an answer to "Was this helpful?" and its receipt."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from content_pages.foundations.limits import FEEDBACK_COMMENT_MAX
from content_pages.interfaces.api.params import LanguageCode
from content_pages.models import FEEDBACK_CHANNELS
from content_pages.rendering.contracts.common import Strict

SECTION_ID_MAX = 100
# Plain text: any character but the control characters, line breaks and tabs excepted
# (``publishing.feedback`` refuses the same for every caller).
PLAIN_TEXT = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]*$"


class FeedbackIn(Strict):
    channel: Literal[FEEDBACK_CHANNELS] = Field(  # type: ignore[valid-type]
        description="Where the reader read the article and answered."
    )
    lang: LanguageCode = Field(description="The language the reader read the article in.")
    helpful: bool = Field(strict=True, description="The reader's answer to “Was this helpful?”: true or false.")
    comment: str = Field(
        "",
        max_length=FEEDBACK_COMMENT_MAX,
        pattern=PLAIN_TEXT,
        description="What the reader added, if anything. E-mail addresses and phone numbers are removed before it "
        "is stored; it is kept for the retention period and shown only to editors and medical reviewers.",
    )
    section: str = Field(
        "",
        max_length=SECTION_ID_MAX,
        description="The section the answer is about, by the id its conversation turn carries (`s:…`, `intro`); "
        "empty for the whole article.",
    )


class FeedbackAccepted(Strict):
    status: Literal["received"]
    helpful: bool
    comment_stored: bool = Field(description="Whether a comment was kept (after contact details were removed).")

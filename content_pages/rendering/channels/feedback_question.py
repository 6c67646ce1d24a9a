"""The question "Was this helpful?" as a chat channel asks it: the words and the answer ids.

A chat rendering ends with the question as a message of its own with two reply buttons
(the conversation's turns already use two of WhatsApp's three). The id a button sends
back says what it answers, so a bot needs no state to report it to
``POST /api/v2/pages/<id>/feedback/``:

    feedback:<page id>:yes              the article as a whole (what the renderings ask)
    feedback:<page id>:no:<section id>  one section (for a bot that asks after a section)

Channel-neutral: each channel builds its own message from these.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

PREFIX = "feedback"


@dataclass(frozen=True)
class Question:
    text: str
    yes_label: str
    no_label: str
    yes_id: str
    no_id: str


def answer_id(page_id: int, helpful: bool, section: str = "") -> str:
    answer = "yes" if helpful else "no"
    return f"{PREFIX}:{page_id}:{answer}" + (f":{section}" if section else "")


def question(page_id: int, section: str = "") -> Question:
    """The question in the active language, with the ids its two buttons send."""
    return Question(
        text=_("Was this helpful?"),
        yes_label=pgettext("answer to “Was this helpful?”", "Yes"),
        no_label=pgettext("answer to “Was this helpful?”", "No"),
        yes_id=answer_id(page_id, True, section),
        no_id=answer_id(page_id, False, section),
    )


@dataclass(frozen=True)
class Keywords:
    """The replies an SMS reader sends, and the sentence that names them."""

    yes: str
    no: str
    instruction: str


def sms_keywords() -> Keywords:
    yes = pgettext("SMS reply meaning “yes, it helped”; one word, capitals", "YES")
    no = pgettext("SMS reply meaning “no, it did not help”; one word, capitals", "NO")
    return Keywords(yes, no, _("Was this helpful? Reply %(yes)s or %(no)s.") % {"yes": yes, "no": no})

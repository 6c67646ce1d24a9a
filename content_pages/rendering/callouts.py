"""The label a callout carries on every channel, from its style.

A patient skimming a page or a chat must see "Warning" before the sentence, in the
language they read. The label is a UI string (the UI catalogues translate it), chosen by
the callout's ``style``: ``warning`` and ``note`` are labelled, a ``quote`` is not.
``safety`` is a separate matter (which translation may be served, ``reads.stale``) and
does not change the label.

Always translated into the language being rendered, passed in explicitly: a label in
the language of whatever request happens to be active would contradict the page.
"""

from __future__ import annotations

from typing import Final

from django.utils.translation import override, pgettext

WARNING: Final = "warning"
NOTE: Final = "note"
QUOTE: Final = "quote"
STYLES: Final = (QUOTE, NOTE, WARNING)
# What the chat channels show before the label: the warning sign with its emoji
# presentation selector (U+26A0 U+FE0F), the information source likewise.
WARNING_SIGN: Final = "\u26a0\ufe0f"
NOTE_SIGN: Final = "\u2139\ufe0f"


def sms_prefix(style: str, label: str, language: str) -> str:
    """What starts a labelled callout in an SMS: "WARNING: " in capitals, "Note: " as
    written; the text follows it.

    Capitals need no formatting a phone could drop, and keep a Latin label within GSM-7.
    The separator is translated (Chinese uses a full-width colon)."""
    shown = label.upper() if style == WARNING else label
    with override(language):
        line = pgettext("callout in a text message", "%(label)s: %(text)s")
    return line % {"label": shown, "text": ""}


def callout_label(style: str, language: str) -> str | None:
    """The translated label of a callout of ``style`` in ``language``; None for a quote."""
    with override(language):
        # Written out (not looked up in a table) so that extraction finds each message.
        if style == WARNING:
            return pgettext("callout label", "Warning")
        if style == NOTE:
            return pgettext("callout label", "Note")
    return None

"""SMS: plain text, counted the way the network bills it.

A message that every character of fits the GSM 03.38 alphabet goes as GSM-7 (the
extension table's characters, such as ``{ } [ ] ~ € ^ \\ |``, take two septets); anything
else goes as UCS-2 in UTF-16 code units. One SMS holds 160 septets or 70 units; a longer
one is sent in segments of 153 or 67. For Latin-script languages, typographic
punctuation is first replaced by its GSM equivalent, which can halve the cost of a
message; other scripts are never transliterated.

Two modes: ``summary`` (title, standfirst and a short link; the default) and ``full``
(the whole article, with calls to action as short links).
"""

from __future__ import annotations

import functools
import re
from typing import Final, Literal, NamedTuple, cast

import gsm0338  # noqa: F401  (registers the "gsm03.38" codec)
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import override
from wagtail.models import Page

from content_pages.foundations.languages import script_of
from content_pages.foundations.limits import SMS_GSM7_SEGMENT, SMS_GSM7_SINGLE, SMS_UCS2_SEGMENT, SMS_UCS2_SINGLE
from content_pages.rendering.callouts import NOTE, WARNING, sms_prefix
from content_pages.rendering.channels.base import RenderContext, Rendering
from content_pages.rendering.channels.bidi import isolate
from content_pages.rendering.channels.feedback_question import sms_keywords
from content_pages.rendering.channels.outline import Part, page_outline, page_url_of
from content_pages.rendering.channels.text import Runs, pack, plain, split_runs
from content_pages.rendering.contracts.channels import SmsFeedbackKeywords, SmsMessage, SmsMeta, SmsRendering
from content_pages.rendering.contracts.common import to_json

NAME: Final = "sms"
GSM_CODEC = "gsm03.38"
# Beyond the Basic Multilingual Plane a character takes two UTF-16 code units.
_LAST_BMP_CODE_POINT = 0xFFFF

# Typographic characters outside GSM 03.38 and their plain equivalents.
_GSM_EQUIVALENTS = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2012": "-",
        "\u2010": "-",
        "\u2011": "-",
        "\u2022": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u2026": "...",
    }
)


class Encoded(NamedTuple):
    encoding: Literal["GSM-7", "UCS-2"]
    units: int  # septets for GSM-7, UTF-16 code units for UCS-2
    segments: int


_CLOSED_DASH = re.compile(r"(?<=\w)[\u2013\u2014](?=\w)")


def normalize(text: str, language: str) -> str:
    """Replace typographic punctuation with GSM characters, for Latin-script languages only;
    in a right-to-left language, isolate the left-to-right runs (``bidi.isolate``).

    A dash set closed up between words ("oncology—but") gets spaces, so that it does not
    turn into a hyphenated word.
    """
    if script_of(language) != "Latn":
        return isolate(text, language)
    return _CLOSED_DASH.sub(" - ", text).translate(_GSM_EQUIVALENTS)


def _segments(costs: list[int], single: int, part: int) -> int:
    total = sum(costs)
    if total <= single:
        return 1 if total else 0
    # A two-unit character (GSM escape, UTF-16 surrogate pair) is never split across segments.
    segments, used = 1, 0
    for cost in costs:
        if used + cost > part:
            segments, used = segments + 1, 0
        used += cost
    return segments


@functools.lru_cache(maxsize=8192)
def _septets(char: str) -> int | None:
    """Septets of one character in GSM-7, None outside the alphabet. Remembered: packing
    measures the same text again with every message it tries, and the codec, in pure
    Python, dominated rendering an article for SMS."""
    try:
        return len(char.encode(GSM_CODEC))
    except (UnicodeEncodeError, ValueError):
        return None


def measure(text: str) -> Encoded:
    septets = [_septets(char) for char in text]
    if None in septets:
        costs = [2 if ord(char) > _LAST_BMP_CODE_POINT else 1 for char in text]  # UTF-16 code units
        return Encoded("UCS-2", sum(costs), _segments(costs, SMS_UCS2_SINGLE, SMS_UCS2_SEGMENT))
    gsm = cast(list[int], septets)
    return Encoded("GSM-7", sum(gsm), _segments(gsm, SMS_GSM7_SINGLE, SMS_GSM7_SEGMENT))


def _fits(text: str) -> bool:
    return measure(text).segments <= settings.CMS_SMS_MAX_SEGMENTS


def _format(runs: Runs) -> str:
    out = []
    for run in runs:
        label = run.text.strip()
        out.append(
            run.text if not run.href else (run.href if not label or label == run.href else f"{run.text} ({run.href})")
        )
    return "".join(out)


def _message(text: str) -> SmsMessage:
    encoded = measure(text)
    return SmsMessage(text=text, encoding=encoded.encoding, units=encoded.units, segments=encoded.segments)


class SmsChannel:
    name = NAME
    modes: tuple[str, ...] = ("summary", "full")

    def render(self, page: Page, language: str, mode: str = "summary") -> Rendering:
        context = RenderContext(language=language)
        with override(language):
            parts = page_outline(page.specific, context)
            keywords = sms_keywords() if mode == "full" else None
            if keywords is not None:
                texts = self._full(parts, language, context, ask=keywords.instruction)
            else:
                texts = self._summary(parts, language, context)
        messages = [_message(text) for text in texts]
        # Title and standfirst are all a summary shows; the full text shows every part.
        fallbacks = [item for item in context.fallbacks if mode == "full" or item.field in ("title", "standfirst")]
        rendering = SmsRendering(
            channel=NAME,
            language=language,
            mode="full" if mode == "full" else "summary",
            messages=messages,
            meta=SmsMeta(
                count=len(messages),
                segments=[message.segments for message in messages],
                fallbacks=fallbacks,
                feedback_keywords=SmsFeedbackKeywords(yes=keywords.yes, no=keywords.no) if keywords else None,
            ),
        )
        return Rendering(
            payload=to_json(rendering),
            contract=rendering,
            summary={},
            search_text="",
            dependencies=context.dependencies,
            short_links=context.short_links,
        )

    def _split(self, text: str, language: str, path: str, prefix: str = "") -> list[str]:
        """``text`` in pieces that each fit; ``prefix`` (a callout's label) starts the
        first and is measured with every piece, so it never stands alone in a message."""
        from content_pages.rendering.channels.text import text_run

        runs = text_run(normalize(text, language))
        prefix = normalize(prefix, language)
        chunks = split_runs(runs, lambda r: _fits(prefix + _format(r)), path=path, channel="SMS")
        texts = [_format(chunk) for chunk in chunks]
        return [prefix + texts[0], *texts[1:]]

    def _summary(self, parts: list[Part], language: str, context: RenderContext) -> list[str]:
        title = next((plain(part.runs) for part in parts if part.kind == "title"), "")
        standfirst = next((plain(part.runs) for part in parts if part.kind == "standfirst"), "")
        link = context.short_link(page_url_of(parts)) if page_url_of(parts) else ""
        text = normalize("\n".join(line for line in (title, standfirst, link) if line), language)
        if _fits(text):
            return [text]
        return pack([*self._split(f"{title}\n{standfirst}", language, "standfirst"), link], _fits, separator="\n")

    def _full(self, parts: list[Part], language: str, context: RenderContext, *, ask: str) -> list[str]:
        # Blocks pack into as few messages as fit, but a warning starts a new message, so
        # its label is the first thing on the screen.
        messages: list[str] = []
        blocks: list[str] = []
        for part in parts:
            if part.kind == WARNING:
                messages += pack(blocks, _fits, separator="\n\n")
                blocks = []
            if part.kind == "image" and not part.runs:
                continue  # an image without caption or alt text says nothing in a text message
            if part.kind in ("title", "heading", "standfirst", "paragraph", "quote", "review", "image"):
                blocks += self._split(
                    plain(part.runs) if part.kind != "paragraph" else _format(part.runs), language, part.path
                )
            elif part.kind in (WARNING, NOTE):
                blocks += callout_pieces(part, language)
            elif part.kind in ("bullets", "references"):
                for number, item in enumerate(part.items, start=1):
                    marker = "- " if part.kind == "bullets" else f"{number}. "
                    blocks += self._split(marker + _format(item), language, part.path)
            elif part.kind == "cta" and part.cta is not None:
                cta = part.cta
                target = context.short_link(cta.url) if cta.url.startswith("http") else cta.url.removeprefix("tel:")
                text = " ".join(str(piece) for piece in (cta.heading, cta.body) if piece.value)
                blocks += self._split(f"{text}\n{cta.button_label}: {target}".strip(), language, part.path)
            elif part.kind == "form" and part.form:
                blocks += self._split(
                    f"{part.form['heading']}\n{context.short_link(part.form['url'])}", language, part.path
                )
            elif part.kind == "meta":
                blocks += self._split(
                    f"{_('Read it on our website:')} {context.short_link(page_url_of(parts))}", language, "url"
                )
        # Last, the question and the replies that answer it.
        blocks += self._split(ask, language, "feedback")
        return messages + pack(blocks, _fits, separator="\n\n")


def callout_pieces(part: Part, language: str) -> list[str]:
    """The texts a note, a warning (label first) or a plain paragraph of text becomes in
    full mode, before packing: what ``callout_fit`` compares."""
    prefix = sms_prefix(part.kind, part.label, language) if part.kind in (WARNING, NOTE) else ""
    return SmsChannel()._split(plain(part.runs), language, part.path, prefix=prefix)

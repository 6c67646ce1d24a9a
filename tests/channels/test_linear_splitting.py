"""Splitting is linear in the text's length, and gives what it always gave.

Without timing anything (the seconds are in the bench: ``bench/split_timing.py``): the
Unicode segmenter is asked once per text and rule, for exactly the text's characters, and
the characters the splitter measures grow in proportion to the text; doubling the text
no more than about doubles the work. The one-pass span and abbreviation finders are
checked against the regular expressions they replace, and the splitter's pieces rejoin to
any text up to ``TEXT_MAX`` and fit their channel.
"""

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from content_pages.foundations.limits import TEXT_MAX
from content_pages.rendering.channels import segmentation
from content_pages.rendering.channels.segmentation import ABBREVIATIONS, email_spans
from content_pages.rendering.channels.text import Run, plain, split_runs

from .test_splitting import FITS, check_invariant, paragraphs, split_points

# What the one-pass finders replaced, kept here as the definition they must agree with.
OLD_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
OLD_NUMBER = re.compile(r"\d+(?:[.,:/]\d+)+")
OLD_ABBREVIATION_BEFORE = re.compile(r"(?:^|[\s(\[“\"'‘])([A-Za-z](?:[A-Za-z.]*[A-Za-z])?)\.\s*$")


def old_sentence_breaks(text, spans):
    def after_abbreviation(offset):
        match = OLD_ABBREVIATION_BEFORE.search(text[:offset])
        return bool(match and match.group(1).lower() in ABBREVIATIONS)

    return [
        offset
        for offset in segmentation._sentence_points(text)
        if 0 < offset < len(text)
        and not any(start < offset < end for start, end in spans)
        and not after_abbreviation(offset)
    ]


def old_line_breaks(text, spans):
    return [
        offset
        for offset in segmentation._line_points(text)
        if 0 < offset < len(text) and not any(start < offset < end for start, end in spans)
    ]


TRICKY = st.text(alphabet="aZ9 .@+-_(“'\n,:/!?éx", max_size=120)
PIECES = [
    "Dr.", "e.g.", "Mr. Tan", "no.", "St.", "x.", "A.B.", "1.5", "12,000", "a@b.co", "+60 12-345 6789", "(Prof.",
    "“Dr.", " ", "  ", "\n", ". ", "Yes! ", "word", "Word", "www.x.org", "1111", "a.b.c.d", "x@y", "...",
]  # fmt: skip
TEXTY = st.lists(st.sampled_from(PIECES), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(TRICKY, TEXTY))
def test_the_one_pass_finders_agree_with_the_expressions_they_replace(text):
    assert email_spans(text) == [(m.start(), m.end()) for m in OLD_EMAIL.finditer(text)]
    assert [(m.start(), m.end()) for m in segmentation._NUMBER.finditer(text)] == [
        (m.start(), m.end()) for m in OLD_NUMBER.finditer(text)
    ]
    spans = segmentation.protected_spans(text)
    assert segmentation.sentence_breaks(text, spans) == old_sentence_breaks(text, spans)
    assert segmentation.line_breaks(text, spans) == old_line_breaks(text, spans)
    assert segmentation.line_breaks(text, []) == old_line_breaks(text, [])


@st.composite
def up_to_the_limit(draw):
    """A paragraph of any length up to ``TEXT_MAX``, cut wherever the length falls."""
    text = draw(paragraphs(1))
    length = draw(st.integers(min_value=1, max_value=TEXT_MAX))
    while len(text) < length:
        text = f"{text} {text}"
    return text[:length].strip() or "x"


@pytest.mark.parametrize("channel", sorted(FITS))
def test_pieces_of_any_text_up_to_the_limit_rejoin_and_fit(channel):
    """No piece of these texts is longer than a message (``test_splitting``), so each is
    split, or kept whole when it fits: never refused."""
    fits = FITS[channel]
    checked = []

    @settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(text=up_to_the_limit())
    def check(text):
        chunks = split_runs([Run(text)], fits, channel=channel)
        check_invariant(text, chunks)
        for chunk in chunks:
            assert fits(chunk)
        # Never inside a URL, an address, a number or a phone number.
        cuts = split_points(chunks, text)
        for start, end in segmentation.protected_spans(text):
            assert not any(start < cut < end for cut in cuts), text[start:end]
        checked.append(len(chunks))

    check()
    assert len(checked) >= 8


class Work:
    """What one split costs, counted: characters given to the segmenter, and characters
    of the pieces measured against the channel's limit."""

    def __init__(self, monkeypatch):
        self.segmented = 0
        self.segmenter_calls = 0
        self.measured = 0
        original = segmentation._boundaries

        def counted(segmenter, text):
            self.segmenter_calls += 1
            self.segmented += len(text)
            return original(segmenter, text)

        monkeypatch.setattr(segmentation, "_boundaries", counted)

    def split(self, text, fits):
        segmentation._sentence_points.cache_clear()
        segmentation._line_points.cache_clear()
        self.segmented = self.segmenter_calls = self.measured = 0

        def measuring(runs):
            self.measured += len(plain(runs))
            return fits(runs)

        chunks = split_runs([Run(text)], measuring)
        check_invariant(text, chunks)
        return {"segmented": self.segmented, "calls": self.segmenter_calls, "measured": self.measured}


ARTICLE = " ".join(open("tests/data/immunotherapy-article.txt", encoding="utf-8").read().split())
TEXTS = {
    "article": lambda n: (ARTICLE * (n // len(ARTICLE) + 1))[:n].strip(),
    # Short sentences with numbers, addresses and abbreviations: many breaks and spans.
    "dense": lambda n: ("Dr. Tan saw 12.5 mg. Call +60 12-345 6789 or a@b.co now! " * (n // 50 + 1))[:n].strip(),
    # Few break opportunities: long words between spaces.
    "sparse": lambda n: (("x" * 60 + " ") * (n // 61 + 1))[:n].strip(),
}


@pytest.mark.parametrize("shape", sorted(TEXTS))
@pytest.mark.parametrize("channel", sorted(FITS))
def test_doubling_the_text_no_more_than_doubles_the_work(monkeypatch, shape, channel):
    work = Work(monkeypatch)
    fits = FITS[channel]
    costs = {n: work.split(TEXTS[shape](n), fits) for n in (10_000, 20_000, 40_000)}
    for n in (10_000, 20_000):
        small, large = costs[n], costs[2 * n]
        # The segmenter: twice per text (sentences, words), for its characters exactly.
        assert small["calls"] == large["calls"] == 2
        assert large["segmented"] == 2 * len(TEXTS[shape](2 * n))
        assert small["segmented"] == 2 * len(TEXTS[shape](n))
        # The splitter's measuring: in proportion to the text, with a little slack for where
        # the last chunk falls (a search over the rest of the text made it about 4 times).
        assert large["measured"] <= 2.3 * small["measured"], (n, costs)
    # And in absolute terms, a bounded number of passes over the text (a few per chunk,
    # each over about the chunk), not one pass per chunk over the rest of the text.
    assert costs[40_000]["measured"] <= 16 * 40_000, costs

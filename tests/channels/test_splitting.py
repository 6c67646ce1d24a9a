"""Splitting a paragraph into messages never changes the text patients read.

For WhatsApp, Telegram and SMS, with each channel's own measure: the chunks, joined with
the whitespace that stood at each split point, are exactly the paragraph; each chunk
fits; no URL, e-mail address, number or phone number is cut; a sentence is not broken
after "Dr." and an opening quote stays with the sentence it opens.
"""

import pytest
from django.conf import settings as django_settings
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from content_pages.foundations.limits import TEXT_MESSAGE_MAX
from content_pages.rendering.channels import telegram, whatsapp
from content_pages.rendering.channels.segmentation import protected_spans
from content_pages.rendering.channels.sms import measure
from content_pages.rendering.channels.text import ChannelLimitError, Run, plain, split_runs, utf16_length

# Every piece these strategies can make that no break may fall inside (a word, a URL, an
# e-mail address, a number; a phone number or a run of numbers within one sentence) is
# shorter than the smallest limit a property test below splits to, so refusing a text
# is always wrong there; the refusal has its own test at the end.
LATIN = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéüö", min_size=1, max_size=12)
CJK = st.text(alphabet="免疫疗法癌症细胞患者治疗医学精准有效的是在了和", min_size=1, max_size=30)
EMOJI = st.text(alphabet="😀🎗💊🧬❤👩🏽‍⚕", min_size=1, max_size=4)
URL = st.builds(
    lambda host, path, query, fragment: f"https://{host}.example.org/{path}?{query}#{fragment}",
    st.text(alphabet="abcdefgh", min_size=1, max_size=8),
    st.text(alphabet="abcdefghij0123456789-/", min_size=0, max_size=60),
    st.text(alphabet="abcxyz=&0123456789.", min_size=1, max_size=30),
    st.text(alphabet="abc-", min_size=0, max_size=10),
)  # at most 131 characters
EMAIL = st.builds(lambda name, host: f"{name}@{host}.com.my", LATIN, LATIN)
NUMBER = st.builds(lambda a, b: f"{a}.{b}", st.integers(0, 999), st.integers(0, 99))
PHONE = st.sampled_from(["+60 12-345 6789", "012-345 6789", "(03) 2345 6789"])
ABBREVIATION = st.sampled_from(["Dr.", "Prof.", "e.g.", "Mr.", "Hj."])
WORD = st.one_of(LATIN, LATIN, LATIN, CJK, EMOJI, URL, EMAIL, NUMBER, PHONE, ABBREVIATION)
# Words of at most 32 characters, for the small limits (60 and up).
SHORT_WORD = st.one_of(LATIN, LATIN, LATIN, CJK, EMOJI, EMAIL, NUMBER, PHONE, ABBREVIATION)
END = st.sampled_from([".", "!", "?", "?!", "!”", ".”", "。", "！", "？", "」", "", "…"])
SPACE = st.sampled_from([" ", " ", " ", "\n"])


def sentences(words, max_words):
    """A sentence starting with a Latin word, so that no run of numbers or phone numbers
    (a protected span) reaches from one sentence into the next."""
    return st.builds(
        lambda opening, first, rest, end: opening + " ".join([first, *rest]) + end,
        st.sampled_from(["", "", "“", "(", "「"]),
        LATIN,
        st.lists(words, min_size=0, max_size=max_words - 1),
        END,
    )


@st.composite
def paragraphs(draw, minimum, words=WORD, max_words=12):
    """Sentences joined with a space or a line break, repeated until longer than ``minimum``."""
    parts = draw(st.lists(st.tuples(sentences(words, max_words), SPACE), min_size=1, max_size=12))
    text = "".join(sentence + space for sentence, space in parts).strip()
    while len(text) < minimum:
        text = f"{text} {text}"
    return text


def check_invariant(text, chunks):
    """Joined with the whitespace at each split point, the chunks are the text."""
    position = 0
    for index, chunk in enumerate(chunks):
        piece = plain(chunk)
        assert piece, "an empty chunk"
        assert piece == piece.strip(), "a chunk starts or ends with whitespace"
        assert text.startswith(piece, position), (index, piece[:60], text[position : position + 60])
        position += len(piece)
        while position < len(text) and text[position].isspace():
            position += 1
    assert position == len(text)


def split_points(chunks, text):
    offsets, position = [], 0
    for chunk in chunks[:-1]:
        position = text.index(plain(chunk), position) + len(plain(chunk))
        offsets.append(position)
    return offsets


def sms_fits(runs):
    # The runs carry no links, so the SMS text is their plain text.
    return measure(plain(runs)).segments <= django_settings.CMS_SMS_MAX_SEGMENTS


# Each channel's measure, as its renderer applies it to a paragraph with no prefix.
FITS = {
    "whatsapp": lambda runs: len(whatsapp.format_runs(runs)) <= TEXT_MESSAGE_MAX,
    "telegram": lambda runs: utf16_length(telegram.visible(runs)) <= TEXT_MESSAGE_MAX,
    "sms": sms_fits,
}
# Longer than any message of the channel can be (SMS: 6 segments of at most 153 septets).
MINIMUM = {"whatsapp": TEXT_MESSAGE_MAX + 200, "telegram": TEXT_MESSAGE_MAX + 200, "sms": 1200}
EXAMPLES = 25


@pytest.mark.parametrize("channel", sorted(FITS))
def test_splitting_keeps_the_text_exactly(channel):
    fits = FITS[channel]
    split = []

    @settings(
        max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
    )
    @given(text=paragraphs(MINIMUM[channel]))
    def check(text):
        runs = [Run(text)]
        assert not fits(runs), "the example is too short to need splitting"
        chunks = split_runs(runs, fits, channel=channel)
        assert len(chunks) > 1
        check_invariant(text, chunks)
        for chunk in chunks:
            assert fits(chunk)
        cuts = split_points(chunks, text)
        for start, end in protected_spans(text):
            assert not any(start < cut < end for cut in cuts), text[start:end]
        event(f"split into {len(chunks)} chunks")
        split.append(len(chunks))

    check()
    # Every example ran to its end: each was split, none refused or skipped.
    assert len(split) >= EXAMPLES
    assert min(split) > 1


def test_small_limits_keep_the_text_exactly():
    split = []

    @settings(max_examples=60, deadline=None)
    @given(text=paragraphs(300, words=SHORT_WORD, max_words=4), limit=st.integers(min_value=60, max_value=200))
    def check(text, limit):
        runs = [Run(text[:100], bold=True), Run(text[100:])]
        chunks = split_runs(runs, lambda r: utf16_length(plain(r)) <= limit)
        assert len(chunks) > 1
        check_invariant(text, chunks)
        for chunk in chunks:
            assert utf16_length(plain(chunk)) <= limit
        # Styles survive the split: every character is exactly as bold as it was.
        position = 0
        for chunk in chunks:
            position = text.index(plain(chunk), position)
            for run in chunk:
                assert text[position : position + len(run.text)] == run.text
                assert run.bold == (position < 100), (position, run)
                position += len(run.text)
        event(f"split into {len(chunks)} chunks")
        split.append(len(chunks))

    check()
    assert len(split) >= 60
    assert min(split) > 1


def fitting(limit):
    return lambda runs: len(plain(runs)) <= limit


@pytest.mark.parametrize(
    ("text", "limit", "expected"),
    [
        # A URL with a query string stays whole, with no space added inside it.
        (
            "Read the guide first. Then see https://example.org/long-path?x=1&y=2#part for the details.",
            60,
            ["Read the guide first.", "Then see https://example.org/long-path?x=1&y=2#part for the", "details."],
        ),
        # "Dr." does not end a sentence.
        ("Dr. Tan explains the results. Ask her anything.", 35, ["Dr. Tan explains the results.", "Ask her anything."]),
        # A closing quote stays with its sentence; an opening quote with the next.
        ('She said "Stop!" Then she left the room.', 20, ['She said "Stop!"', "Then she left the", "room."]),
        # The space after a full stop before Chinese text is kept (it is at the split point).
        ("It works. 免疫疗法有效。它有效！", 9, ["It works.", "免疫疗法有效。", "它有效！"]),
        # A number is not cut at its decimal point.
        (
            "The dose was 12.5 mg daily for three weeks in total.",
            15,
            ["The dose was", "12.5 mg daily", "for three weeks", "in total."],
        ),
    ],
)
def test_known_traps(text, limit, expected):
    chunks = split_runs([Run(text)], fitting(limit))
    assert [plain(chunk) for chunk in chunks] == expected
    check_invariant(text, chunks)


def test_a_link_is_never_cut():
    runs = [Run("See "), Run("the national cancer registry report", href="https://example.org/r"), Run(" now.")]
    chunks = split_runs(runs, fitting(40))
    assert any(run.href and run.text == "the national cancer registry report" for chunk in chunks for run in chunk)


def test_a_long_enquiry_invitation_is_split_not_cut():
    from content_pages.rendering.channels.outline import Part

    heading = " ".join(f"Tanya kami tentang biopsi cecair {n}." for n in range(60))  # about 2,000 characters
    url = "https://example.org/ms/pertanyaan-biopsi-cecair/?utm=whatsapp"
    messages = whatsapp.form_messages(Part("form", form={"page_id": 4, "heading": heading, "url": url}, path="aside.x"))
    # The renderer's contract objects, read as the JSON they are stored as.
    payloads = [message.model_dump(mode="json") for message in messages]
    assert len(payloads) > 1
    assert payloads[-1]["type"] == "interactive"
    texts = [m["text"]["body"] for m in payloads[:-1]] + [payloads[-1]["interactive"]["body"]["text"]]
    assert all(len(text) <= 1024 for text in texts)
    check_invariant(f"{heading}\n{url}", [[Run(text)] for text in texts])
    assert url in texts[-1]


def test_a_piece_longer_than_a_message_is_refused_not_cut():
    url = "https://example.org/" + "a" * 80
    with pytest.raises(ChannelLimitError, match=r"example\.org/aaa") as refused:
        split_runs([Run(f"See the report. It is at {url} today.")], fitting(60), path="body.2", channel="SMS")
    assert refused.value.path == "body.2"
    assert refused.value.channel == "SMS"

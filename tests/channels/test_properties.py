"""Random articles never break a channel limit and never lose text.

Paragraphs far longer than any message, emoji, Chinese without spaces, long URLs and
many CTAs: every rendering must validate against its channel's limits (the renderers
check their payloads against the published schemas), Telegram's UTF-16 count and the
SMS segment cap must hold, and every text of the source must be found in the output.
"""

import uuid
from html import escape

import pytest
from django.conf import settings as django_settings
from hypothesis import HealthCheck, given, settings, target
from hypothesis import strategies as st

from content_pages.foundations.languages import content_languages
from content_pages.foundations.limits import TEXT_MESSAGE_MAX
from content_pages.models import ArticlePage, CallToAction
from content_pages.rendering.channels import CHANNELS
from content_pages.rendering.channels.sms import measure
from content_pages.rendering.channels.telegram import visible_length

from .helpers import READERS, squash

LATIN = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéüö0123456789’“”–—…", min_size=1, max_size=24
)
CJK = st.text(alphabet="免疫疗法癌症细胞患者治疗医学精准有效的是在了和", min_size=1, max_size=60)
EMOJI = st.text(alphabet="😀🎗️💊🧬❤️👩🏽‍⚕️", min_size=1, max_size=6)
URL = st.builds(
    lambda path: f"https://example.org/{path}", st.text(alphabet="abcdefghij0123456789-/", min_size=0, max_size=150)
)
WORD = st.one_of(LATIN, LATIN, LATIN, CJK, EMOJI, URL)
SENTENCE = st.builds(
    lambda words, end: " ".join(words) + end,
    st.lists(WORD, min_size=1, max_size=30),
    st.sampled_from([".", "!", "?", "。", ""]),
)
PARAGRAPH = st.builds(" ".join, st.lists(SENTENCE, min_size=1, max_size=25))
SHORT = st.builds(" ".join, st.lists(st.one_of(LATIN, CJK), min_size=1, max_size=8))


def block(kind, draw):
    if kind == "heading":
        return {"level": draw(st.sampled_from(["h2", "h3"])), "text": draw(SHORT)[:200], "anchor": ""}
    if kind == "paragraph":
        return f"<p>{escape(draw(PARAGRAPH))}</p>"
    if kind == "bullet_list":
        items = draw(st.lists(PARAGRAPH, min_size=1, max_size=4))
        return {"items": [{"type": "item", "id": str(uuid.uuid4()), "value": item[:500]} for item in items]}
    if kind == "callout":
        # Every style: a note's or warning's label is measured with its text.
        style = draw(st.sampled_from(["quote", "note", "warning"]))
        return {"style": style, "text": draw(PARAGRAPH)[:600], "attribution": ""}
    cta_ids = list(CallToAction.objects.values_list("pk", flat=True))
    return {
        "cta": draw(st.sampled_from(cta_ids)),
        "heading_override": draw(st.one_of(st.just(""), SHORT))[:200],
        "body_override": draw(st.one_of(st.just(""), PARAGRAPH))[:1000],
        "button_label_override": "",
    }


@st.composite
def articles(draw):
    kinds = draw(
        st.lists(st.sampled_from(["heading", "paragraph", "bullet_list", "callout", "cta"]), min_size=1, max_size=12)
    )
    body = [{"type": kind, "id": str(uuid.uuid4()), "value": block(kind, draw)} for kind in kinds]
    return ArticlePage(title_en=draw(SHORT)[:200], slug_en="random", standfirst_en=draw(SHORT)[:600], body_en=body)


def source_texts(page, language):
    from django.utils.html import strip_tags

    texts = [page.title_en, page.standfirst_en]
    for child in page.body_en:
        value = child.value
        if child.block_type == "heading":
            texts.append(value["text"])
        elif child.block_type == "paragraph":
            texts.append(strip_tags(value.source).replace("&amp;", "&"))
        elif child.block_type == "bullet_list":
            texts.extend(value["items"])
        elif child.block_type == "callout":
            texts.append(value["text"])
        elif child.block_type == "cta" and language == "en":
            # In other languages the CTA's own translation wins over an English-only
            # override (reads.cta._prefer), so the override is rightly not sent.
            texts.extend(text for text in (value["heading_override"], value["body_override"]) if text)
    return [text for text in texts if text and text.strip()]


def check_limits(channel, payload):
    for message in payload["messages"]:
        if channel == "telegram":
            assert visible_length(message) <= TEXT_MESSAGE_MAX
        if channel == "whatsapp" and message["type"] == "text":
            assert len(message["text"]["body"]) <= TEXT_MESSAGE_MAX
        if channel == "sms":
            assert measure(message["text"]).segments == message["segments"] <= django_settings.CMS_SMS_MAX_SEGMENTS


@pytest.mark.django_db
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large],
)
@given(page=articles(), language=st.sampled_from(content_languages()))
def test_random_articles_stay_within_limits_and_lose_no_text(seeded, page, language):
    # Steer the search towards paragraphs longer than a message, where splitting happens.
    target(float(max(len(text) for text in source_texts(page, "en"))))
    for channel, mode in (("whatsapp", ""), ("telegram", ""), ("sms", "full")):
        payload = CHANNELS[channel].render(page, language, mode).payload
        check_limits(channel, payload)
        sent = squash(READERS[channel](payload), channel, language)
        for text in source_texts(page, language):
            assert squash(text, channel, language) in sent, (channel, text[:80])

"""The seed article comes out of every channel with all of its text, in every language."""

import pytest

from content_pages.foundations.languages import content_languages
from content_pages.reads.cta import cta_view
from content_pages.reads.streams import localize_stream
from content_pages.rendering.channels import CHANNELS

from .helpers import READERS, squash

pytestmark = pytest.mark.django_db


def expected_texts(article, language):
    """Every text of the article in ``language`` (with English fallbacks), from the models."""
    from django.utils.html import strip_tags

    texts = [getattr(article, f"title_{language.replace('-', '_')}") or article.title_en]
    for field in ("body", "aside"):
        for item in localize_stream(article, field, language).blocks:
            value = item.value
            if item.block_type == "heading":
                texts.append(value["text"])
            elif item.block_type == "paragraph":
                texts.append(strip_tags(value.source))
            elif item.block_type == "bullet_list":
                texts.extend(value["items"])
            elif item.block_type == "callout":
                texts.append(value["text"])
            elif item.block_type == "cta":
                view = cta_view(value["cta"], language)
                texts.extend(str(part) for part in (view.heading, view.body, view.button_label) if part.value)
            elif item.block_type == "enquiry_form":
                texts.append(value["heading_override"])
    texts.extend(link.reference.citation_apa_text for link in article.references.all())
    return [text for text in texts if text]


@pytest.mark.parametrize("language", content_languages())
@pytest.mark.parametrize(("channel", "mode"), [("whatsapp", ""), ("telegram", ""), ("sms", "full")])
def test_every_text_of_the_article_is_sent(seeded, channel, mode, language):
    payload = CHANNELS[channel].render(seeded, language, mode).payload
    sent = squash(READERS[channel](payload), channel, language)
    missing = [text for text in expected_texts(seeded, language) if squash(text, channel, language) not in sent]
    assert missing == []


@pytest.mark.parametrize("language", content_languages())
def test_ctas_become_buttons(seeded, language):
    whatsapp = CHANNELS["whatsapp"].render(seeded, language).payload["messages"]
    cta_urls = [
        m["interactive"] for m in whatsapp if m["type"] == "interactive" and m["interactive"]["type"] == "cta_url"
    ]
    assert len(cta_urls) == 7
    chat = next(i for i in cta_urls if i["action"]["parameters"]["url"].startswith("https://wa.me/60123456789?text="))
    assert len(chat["action"]["parameters"]["display_text"]) <= 20
    telegram = CHANNELS["telegram"].render(seeded, language).payload["messages"]
    buttons = [row[0] for m in telegram for row in m.get("reply_markup", {}).get("inline_keyboard", [])]
    # Seven CTAs and the enquiry form open a page; the last message asks "Was this helpful?".
    links, asked = buttons[:-1], buttons[-1]
    assert len(links) == 8
    assert all(button["url"].startswith("http") for button in links)
    assert asked["callback_data"] == f"feedback:{seeded.pk}:yes"


def test_whatsapp_formatting_and_references(seeded):
    messages = CHANNELS["whatsapp"].render(seeded, "en").payload["messages"]
    texts = [m["text"]["body"] for m in messages if m["type"] == "text"]
    assert texts[0].startswith("*How Immunotherapy Targets Cancer Cells — And Why It Doesn’t Work for Everyone*")
    assert any("\n- the tumor’s mutational burden\n" in text for text in texts)
    assert any("> A more meaningful question is," in text for text in texts)
    references = next(text for text in texts if text.startswith("*References*"))
    assert "\n1. Hanahan, D. (2022)." in references
    assert "\n5. Sharma, P." in references
    assert next(m for m in messages if m["type"] == "text" and m["text"]["body"] == references)["text"]["preview_url"]
    assert "<" not in "".join(texts)


def test_telegram_uses_only_accepted_tags_and_escapes(seeded):
    import re

    messages = CHANNELS["telegram"].render(seeded, "en").payload["messages"]
    tags = {tag for m in messages for tag in re.findall(r"</?([a-z-]+)", m["text"])}
    assert tags <= {"b", "i", "a", "blockquote"}
    assert all(m["parse_mode"] == "HTML" for m in messages)


def test_chinese_sms_is_ucs2_and_english_sms_is_normalised_to_gsm7(seeded):
    english = CHANNELS["sms"].render(seeded, "en", "summary").payload["messages"][0]
    assert english["encoding"] == "GSM-7"
    assert "Doesn't" in english["text"]
    assert "Cells - And" in english["text"]
    assert english["units"] == len(english["text"])
    assert english["segments"] == -(-english["units"] // 153)
    chinese = CHANNELS["sms"].render(seeded, "zh-hans", "summary").payload["messages"][0]
    assert chinese["encoding"] == "UCS-2"
    assert chinese["text"].startswith("免疫疗法如何靶向癌细胞——")
    assert chinese["units"] == len(chinese["text"].encode("utf-16-le")) // 2
    assert chinese["segments"] == -(-chinese["units"] // 67)


def test_every_block_of_the_body_and_aside_has_a_renderer():
    from content_pages.blocks import ArticleAsideBlock, ArticleBodyBlock
    from content_pages.rendering.blocks import renderer_for

    for stream in (ArticleBodyBlock(), ArticleAsideBlock()):
        for name, block in stream.child_blocks.items():
            assert renderer_for(block) is not None, name

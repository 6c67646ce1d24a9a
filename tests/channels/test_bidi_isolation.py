"""Right-to-left chat and SMS texts isolate their left-to-right runs (URLs, numbers,
Latin names) with FSI…PDI; left-to-right languages get their texts unchanged."""

import pytest
from django.utils import translation

from content_pages.models import ArticlePage
from content_pages.rendering.channels import CHANNELS, sms, telegram, whatsapp
from content_pages.rendering.channels.bidi import FSI, PDI, isolate
from content_pages.rendering.channels.outline import Part
from content_pages.rendering.channels.text import Run

URL = "https://example.org/a?b=1"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (f"اقرأ المزيد: {URL}. الآن", f"اقرأ المزيد: {FSI}{URL}{PDI}. الآن"),
        ("نسبة 10-20% من المرضى", f"نسبة {FSI}10-20%{PDI} من المرضى"),
        ("مثبطات (PD-1) و CTLA-4", f"مثبطات ({FSI}PD-1{PDI}) و {FSI}CTLA-4{PDI}"),
        # Words in a row stay one run, in their order; the Arabic comma stays outside.
        ("في Cancer Discovery، 2022.", f"في {FSI}Cancer Discovery{PDI}، {FSI}2022{PDI}."),
        ("סרטן 10%\nhttps://x.org", f"סרטן {FSI}10%{PDI}\n{FSI}https://x.org{PDI}"),
        ("لا شيء هنا", "لا شيء هنا"),
    ],
)
def test_left_to_right_runs_in_right_to_left_text_are_isolated(text, expected):
    assert isolate(text, "ar") == expected
    assert isolate(expected, "ar") == expected, "isolating twice changes nothing"


@pytest.mark.parametrize("language", ["en", "ms", "zh-hans"])
def test_a_left_to_right_language_is_left_as_it_is(language):
    text = f"نسبة 10-20% {URL}"
    assert isolate(text, language) is text


def test_whatsapp_isolates_a_link_and_counts_the_marks():
    part = Part("paragraph", runs=[Run("اقرأ المزيد "), Run("هنا", href=URL), Run(" 10%")])
    with translation.override("ar"):
        [block] = whatsapp.part_blocks(part)
    assert block == f"اقرأ المزيد هنا ({FSI}{URL}{PDI}) {FSI}10%{PDI}"
    with translation.override("en"):
        assert whatsapp.part_blocks(part) == [f"اقرأ المزيد هنا ({URL}) 10%"]


def test_telegram_isolates_the_visible_text_and_leaves_the_link_target_alone():
    runs = [Run("اتصل "), Run("CAR-T", bold=True, href=URL)]
    with translation.override("ar"):
        html = telegram.format_runs(runs)
        visible = telegram.visible(runs)
    assert html == f'اتصل <a href="{URL}"><b>{FSI}CAR-T{PDI}</b></a>'
    assert visible == f"اتصل {FSI}CAR-T{PDI}"


def test_sms_isolates_and_bills_the_marks():
    text = "نسبة 10-20% من المرضى"
    [piece] = sms.SmsChannel()._split(text, "ar", "body.x")
    assert piece == f"نسبة {FSI}10-20%{PDI} من المرضى"
    assert sms.measure(piece).units == len(text) + 2
    assert sms.SmsChannel()._split(text, "en", "body.x") == [text]


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["en", "ms", "zh-hans"])
def test_no_seed_message_in_a_left_to_right_language_has_an_isolation_mark(seeded, language):
    page = ArticlePage.objects.get()
    for name, channel in CHANNELS.items():
        if name == "web":
            continue
        for mode in channel.modes or ("",):
            body = str(channel.render(page, language, mode).payload)
            assert FSI not in body, (name, mode)
            assert PDI not in body, (name, mode)
